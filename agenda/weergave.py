"""What an item's table shows: its rows (sections) in the plan's order, labels and words.

Pages and PDFs render the rows with one shared partial (templates/partials/onderdeeltabel.html),
so the document and the page cannot drift apart. Everything here reads prefetched data only
(agenda.selectors): no query per item.
"""

from dataclasses import dataclass, field

from .constants import SectieSoort


@dataclass
class Rij:
    sectie: object
    letter: str
    label: str
    soort: str
    tekst: str = ""
    items: list = field(default_factory=list)
    niveau: object = None  # the level of child items (soort "onderdelen")
    kolommen: list = field(default_factory=list)  # their sections, when shown as a table

    @property
    def leeg(self) -> bool:
        return not (self.tekst or self.items)

    @property
    def breekbaar(self) -> bool:
        """May run over a page in print: a table of items, budget lines or indicators can be
        longer than a page, and kept whole it would leave the page before it half empty."""
        return bool(self.kolommen) or self.soort in (SectieSoort.BEGROTING, SectieSoort.INDICATOREN)

    @property
    def zonder_soort(self) -> bool:
        """Roles of one kind only: the row's label already says what they are."""
        return self.soort == SectieSoort.ROLLEN and len({r.soort_id for r in self.items}) <= 1


# Rows filled from data rather than printed text: when an item has none (a cluster without
# steering roles, a task without budget lines) the row is left out instead of printed empty. A
# lettered row (a fixed form a–o, as Midden-Limburg's) and an empty text row stay, as the region's
# own document prints their label.
WEGLATEN_ALS_LEEG = {
    SectieSoort.ROLLEN,
    SectieSoort.BEGROTING,
    SectieSoort.INDICATOREN,
    SectieSoort.ONDERDELEN,
}


def rijen(onderdeel, *, alleen_rapportage=False) -> list[Rij]:
    """The rows of an item's table. `alleen_rapportage`: only those the quarterly report shows."""
    plan = onderdeel.plan
    resultaat = []
    for sectie in plan.secties(onderdeel.niveau_id):
        if alleen_rapportage and not sectie.in_rapportage:
            continue
        rij = Rij(
            sectie=sectie,
            letter=sectie.letter,
            label=onderdeel.rijlabel(sectie),
            soort=sectie.soort,
        )
        _vullen(rij, onderdeel, plan)
        if rij.leeg and rij.soort in WEGLATEN_ALS_LEEG and not rij.letter:
            continue
        resultaat.append(rij)
    return resultaat


def _vullen(rij: Rij, onderdeel, plan):
    soort = rij.soort
    if soort == SectieSoort.TEKST:
        rij.tekst = onderdeel.tekst_van(rij.sectie.sleutel)
    elif soort == SectieSoort.BELEIDSDOELEN:
        rij.items = list(onderdeel.beleidsdoelen.all())
    elif soort == SectieSoort.EFFECTEN:
        rij.items = list(onderdeel.maatschappelijke_effecten.all())
    elif soort == SectieSoort.ONDERDELEN:
        rij.items = list(onderdeel.kinderen.all())
        rij.niveau = plan.niveau(onderdeel.niveau.diepte + 1)
        if rij.niveau is not None:
            rij.kolommen = kolommen(plan, rij.niveau)
    elif soort == SectieSoort.ROLLEN:
        rij.items = list(onderdeel.rollen.all())
    elif soort == SectieSoort.PRIORITEIT:
        rij.tekst = onderdeel.prioriteit_toelichting
    elif soort == SectieSoort.DEADLINE:
        rij.tekst = onderdeel.deadline_tekst
    elif soort == SectieSoort.SCHAAL:
        rij.tekst = onderdeel.schaal_label
    elif soort == SectieSoort.DOMEINEN:
        rij.items = onderdeel.domeinnamen
    elif soort == SectieSoort.BEGROTING:
        rij.items = list(onderdeel.begrotingsposten.all())
    elif soort == SectieSoort.INDICATOREN:
        rij.items = list(onderdeel.indicatoren.all())
    elif soort == SectieSoort.KOP:
        rij.tekst = kop(onderdeel)


def kolommen(plan, niveau) -> list:
    """The sections of a level shown as columns when its items are listed in their parent's
    table (Wie, Wanneer of an actiepunt). A level without any is listed as a plain list."""
    return [s for s in plan.secties(niveau) if s.als_kolom and s.soort != SectieSoort.ONDERDELEN]


def kop(onderdeel) -> str:
    """Row a as the plan prints it: “7. Sociale kaart / R3D”. Where the plan printed it otherwise
    (theme 24: “… R2D / (Jeugdhulp en Wmo)”), the item keeps that text under its heading
    section's key in `teksten`, and it is printed as is."""
    for sectie in onderdeel.plan.secties(onderdeel.niveau_id):
        if sectie.soort == SectieSoort.KOP and onderdeel.tekst_van(sectie.sleutel):
            return onderdeel.tekst_van(sectie.sleutel)
    naam = onderdeel.naam
    if onderdeel.niveau.code_tonen and onderdeel.code:
        naam = f"{onderdeel.gedrukte_code} {naam}"
    schaal = onderdeel.schaal_label
    return f"{naam} / {schaal}" if schaal else naam


def celwaarde(onderdeel, sectie):
    """One section of an item as a cell of its parent's table of children."""
    rij = Rij(sectie=sectie, letter="", label=sectie.label, soort=sectie.soort)
    _vullen(rij, onderdeel, onderdeel.plan)
    return rij
