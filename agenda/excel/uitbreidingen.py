"""Sheets that layers above the plan add to its workbook (the quarterly reports).

The plan (agenda) does not know its reports: rapportage registers its sheets here when the apps
are ready, so the workbook holds them without agenda importing rapportage.
"""

from typing import Protocol


class Uitbreiding(Protocol):
    soorten: list  # agenda.excel.synchronisatie.Soort, in the order they are written

    def bladdefinities(self, vorm) -> list:
        """The sheets (agenda.excel.bladen.Bladdef) this layer adds."""

    def rijen(self, vorm, plan, *, alleen_vastgesteld: bool) -> dict[str, list[dict]]:
        """Per sheet name, its rows of a plan (column id: value)."""

    def lezen(self, lezer) -> None:
        """Read its sheets into records, with the reader of agenda.excel.inlezen."""


_geregistreerd: list[Uitbreiding] = []


def registreren(uitbreiding: Uitbreiding):
    if not any(type(u) is type(uitbreiding) for u in _geregistreerd):
        _geregistreerd.append(uitbreiding)


def alle() -> list[Uitbreiding]:
    return list(_geregistreerd)
