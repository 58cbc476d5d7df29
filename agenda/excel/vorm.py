"""A plan shape as a workbook speaks of it: level names, sections, lists.

The sheets and their columns are named in the plan's own words, which come from its shape. On
export the shape comes from the database; on import from the workbook itself (a region may bring
its own shape in the same file), or from the database when the file leaves the shape out.
"""

import re
from dataclasses import dataclass, field

from ..constants import KeuzelijstSoort, Lidwoord, SectieSoort

ONGELDIG_IN_BLADNAAM = re.compile(r"[\[\]:*?/\\]")


@dataclass
class VSectie:
    sleutel: str
    label: str
    soort: str
    letter: str = ""
    in_rapportage: bool = False
    als_kolom: bool = False


@dataclass
class VNiveau:
    diepte: int
    naam: str
    meervoud: str
    slug: str = ""
    lidwoord: str = Lidwoord.HET
    code_tonen: bool = True
    schaal_met_domeinen: bool = False
    secties: list[VSectie] = field(default_factory=list)
    record: object = None  # the workbook's record (import) or the Niveau itself

    @property
    def klein(self) -> str:
        return self.naam[:1].lower() + self.naam[1:]

    @property
    def lidwoord_klein(self) -> str:
        return f"{self.lidwoord} {self.klein}"

    def heeft(self, soort) -> bool:
        return any(s.soort == soort for s in self.secties)

    def sectie(self, soort) -> VSectie | None:
        return next((s for s in self.secties if s.soort == soort), None)


@dataclass
class VWaarde:
    code: str
    label: str
    kort: str = ""
    meervoud: str = ""
    betekenis: str = ""
    rapporteert: bool = False
    leidend: bool = False
    record: object = None


@dataclass
class VLijst:
    soort: str
    naam: str
    meervoud: str = ""
    waarden: list[VWaarde] = field(default_factory=list)
    record: object = None

    @property
    def klein(self) -> str:
        return self.naam[:1].lower() + self.naam[1:]


@dataclass
class Vorm:
    slug: str
    naam: str
    omschrijving: str = ""
    rapportagediepte: int | None = None
    niveaus: list[VNiveau] = field(default_factory=list)
    lijsten: dict[str, VLijst] = field(default_factory=dict)
    record: object = None

    def niveau(self, diepte) -> VNiveau | None:
        return next((n for n in self.niveaus if n.diepte == diepte), None)

    @property
    def rapportageniveau(self) -> VNiveau | None:
        return self.niveau(self.rapportagediepte) if self.rapportagediepte else None

    def lijst(self, soort) -> VLijst | None:
        return self.lijsten.get(soort)

    def heeft(self, soort) -> bool:
        return any(n.heeft(soort) for n in self.niveaus)


def vorm_uit_database(planvorm) -> Vorm:
    niveaus = list(planvorm.niveaus.order_by("diepte").prefetch_related("secties"))
    vorm = Vorm(
        slug=planvorm.slug,
        naam=planvorm.naam,
        omschrijving=planvorm.omschrijving,
        rapportagediepte=next(
            (n.diepte for n in niveaus if n.pk == planvorm.rapportageniveau_id), None
        ),
        record=planvorm,
    )
    for niveau in niveaus:
        vorm.niveaus.append(
            VNiveau(
                diepte=niveau.diepte,
                naam=niveau.naam,
                meervoud=niveau.meervoud,
                slug=niveau.slug,
                lidwoord=niveau.lidwoord,
                code_tonen=niveau.code_tonen,
                schaal_met_domeinen=niveau.schaal_met_domeinen,
                secties=[
                    VSectie(s.sleutel, s.label, s.soort, s.letter, s.in_rapportage, s.als_kolom)
                    for s in sorted(niveau.secties.all(), key=lambda s: (s.volgorde, s.pk))
                ],
                record=niveau,
            )
        )
    for lijst in planvorm.keuzelijsten.prefetch_related("waarden").order_by("soort"):
        vorm.lijsten[lijst.soort] = VLijst(
            soort=lijst.soort,
            naam=lijst.naam,
            meervoud=lijst.meervoud,
            waarden=[
                VWaarde(
                    w.code, w.label, w.kort, w.meervoud, w.betekenis, w.rapporteert, w.leidend, w
                )
                for w in sorted(lijst.waarden.all(), key=lambda w: (w.volgorde, w.code))
            ],
            record=lijst,
        )
    return vorm


def lijstvolgorde(vorm: Vorm) -> list[VLijst]:
    orde = [s.value for s in KeuzelijstSoort]
    return sorted(vorm.lijsten.values(), key=lambda lijst: orde.index(lijst.soort))


def bladnaam(tekst: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return ONGELDIG_IN_BLADNAAM.sub("", tekst).strip().strip("'")[:31] or "Blad"


TEKSTSOORTEN = (SectieSoort.TEKST,)
