"""A whole plan in and out of Excel (openpyxl).

`plan_exporteren` and `sjabloon` write a workbook; `importplan_maken` checks one and says what an
import would change; `importeren` writes it, all or nothing. The sheets are defined once in
`bladen`, read in `inlezen`, compared and written in `synchronisatie`.

openpyxl: the well-kept library for .xlsx in Python (reads and writes, streams large sheets,
cell formats, document properties); with defusedxml installed it refuses XML entity tricks.
"""

from .exporteren import plan_exporteren, sjabloon
from .importeren import ImportFout, Importplan, importeren, importplan_maken

__all__ = [
    "ImportFout",
    "Importplan",
    "importeren",
    "importplan_maken",
    "plan_exporteren",
    "sjabloon",
]
