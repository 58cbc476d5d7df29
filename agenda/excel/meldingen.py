"""Messages about a workbook, by sheet, row and column, in plain Dutch."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Melding:
    blad: str = ""
    rij: int = 0
    kolom: str = ""
    tekst: str = ""
    gegeven: str = ""  # on a sheet of (Gegeven, Waarde) rows: which

    def __str__(self):
        plaats = []
        if self.blad:
            plaats.append(f"Blad {self.blad}")
        if self.rij:
            plaats.append(f"rij {self.rij}" + (f" ({self.gegeven})" if self.gegeven else ""))
        elif self.gegeven:
            plaats.append(f"gegeven {self.gegeven}")
        if self.kolom:
            plaats.append(f"kolom {self.kolom}")
        if not plaats:
            return self.tekst
        return f"{', '.join(plaats)}: {self.tekst}"


class WerkboekFout(Exception):
    """The workbook cannot be imported; `meldingen` says every reason at once."""

    def __init__(self, meldingen: list[Melding]):
        self.meldingen = list(meldingen)
        super().__init__("\n".join(str(m) for m in self.meldingen))


def gesorteerd(meldingen, bladvolgorde: list[str]) -> list[Melding]:
    """In the order of the workbook: sheet by sheet, row by row."""
    positie = {naam.lower(): i for i, naam in enumerate(bladvolgorde)}
    return sorted(
        meldingen,
        key=lambda m: (positie.get(m.blad.lower(), len(positie)) if m.blad else -1, m.rij),
    )
