"""The period code in URLs ("2015-Q2"): ASCII digits, a quarter 1-4, nothing else.

`str.isdigit` also accepts "²" and "٣", which the database then refuses with a server error; the
converter lets only what Rapportageperiode.objects.met_code understands reach a view.
"""

import re

PERIODECODE = re.compile(r"([0-9]{4})-Q([1-4])", re.ASCII | re.IGNORECASE)


def ontleed_periodecode(code: str) -> tuple[int, int] | None:
    """(year, quarter) of a code such as "2015-Q2" or "2015-q2"; None for anything else."""
    gevonden = PERIODECODE.fullmatch(code or "")
    return (int(gevonden.group(1)), int(gevonden.group(2))) if gevonden else None


class PeriodeCodeConverter:
    regex = "[0-9]{4}-[Qq][1-4]"

    def to_python(self, waarde: str) -> str:
        return waarde.upper()

    def to_url(self, waarde) -> str:
        return str(waarde)
