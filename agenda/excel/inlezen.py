"""Reading a workbook into records: every sheet, every row, every error at once.

Nothing here writes. Each row becomes a `Record` of its kind (agenda.excel.soorten) whose references
point at other records of the same workbook (an item's parent, a role's person), or at rows that
exist already when the workbook leaves their sheet out. Every problem is collected with its sheet,
row and column, in Dutch, and reading goes on, so that one import shows every error.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.text import slugify

from regio.constants import DeelnameRol, OrganisatieSoort, PartijSoort
from regio.models import Gemeente, Inwonertal, Partij, Persoon, Regio, Subregio

from .. import models as m
from ..constants import (
    Frequentie,
    KeuzelijstSoort,
    Lidwoord,
    PlanStatus,
    SectieSoort,
    Sturingsvorm,
    VaststellingOrgaan,
    Verdeling,
)
from ..deadlines import DeadlineFout, deadline_lezen
from ..models.planvorm import GERESERVEERDE_SLUGS
from . import bladen as b
from . import cellen
from . import soorten as s
from .meldingen import Melding
from .synchronisatie import Record, Soort
from .vorm import VLijst, VNiveau, Vorm, VSectie, VWaarde, vorm_uit_database
from .werkboek import Blad, Werkboek

FOUT = object()  # a cell that could not be read (its error is reported)


class Soorten:
    """One instance of every kind, in the order they are compared and written."""

    def __init__(self, uitbreidingen=()):
        self.planvorm = s.Planvorm()
        self.niveau = s.Niveau()
        self.sectie = s.Sectie()
        self.keuzelijst = s.Keuzelijst()
        self.lijstwaarde = s.Lijstwaarde()
        self.regio = s.RegioSoort()
        self.subregio = s.SubregioSoort()
        self.gemeente = s.GemeenteSoort()
        self.deelname = s.DeelnameSoort()
        self.inwonertal = s.InwonertalSoort()
        self.partij = s.PartijSoort()
        self.persoon = s.PersoonSoort()
        self.kader = s.Toetsingskader()
        self.eis = s.Toetsingseis()
        self.plan = s.Plan()
        self.hoofdstuk = s.Hoofdstuk()
        self.vaststelling = s.Vaststelling()
        self.onderdeel = s.Onderdeel()
        self.beleidsdoel = s.Beleidsdoel()
        self.effect = s.MaatschappelijkEffect()
        self.rol = s.Rol()
        self.indicator = s.Indicator()
        self.meting = s.Meting()
        self.reserve = s.Reserve()
        self.post = s.Begrotingspost()
        self.bijdrage = s.Bijdrage()
        self.overlegsectie = s.Overlegsectie()
        self.overleg = s.Overleg()
        self.agendalijst = s.Agendalijst()
        self.agendapunt = s.Agendapunt()
        self.toetsing = s.Toetsing()
        self.extra = [soort for uitbreiding in uitbreidingen for soort in uitbreiding.soorten]

    def alle(self) -> list[Soort]:
        vast = [w for w in vars(self).values() if isinstance(w, Soort)]
        return vast + self.extra


@dataclass
class Gelezen:
    """What the workbook says, as records per kind, and what it refers to in the database."""

    vorm: Vorm | None = None
    records: dict = field(default_factory=dict)
    fouten: list[Melding] = field(default_factory=list)
    waarschuwingen: list[Melding] = field(default_factory=list)
    context: s.Context = field(default_factory=s.Context)
    plan: Record | None = None
    regio_vast: Regio | None = None  # --regio: the existing region to import into
    gelezen_bladen: set = field(default_factory=set)


class Tabel:
    """A sheet read against its definition: which header is which column."""

    def __init__(self, lezer: "Lezer", definitie: b.Bladdef, blad: Blad, model=None):
        self.lezer, self.definitie, self.blad, self.model = lezer, definitie, blad, model
        self.koppen: dict[str, str] = {}  # column id -> header as in the sheet
        per_kop = {k.kop.lower(): k for k in definitie.kolommen}
        if definitie.kenmerken:
            self.kenmerken = blad.kenmerken()
            for label in self.kenmerken:
                kolom = per_kop.get(label)
                if kolom is None:
                    lezer.waarschuwing(
                        blad.naam,
                        self.kenmerken[label][0],
                        "",
                        f"het gegeven “{label}” is onbekend en wordt niet ingelezen; bekend "
                        f"zijn {_opsomming(k.kop for k in definitie.kolommen)}.",
                    )
                else:
                    self.koppen[kolom.id] = kolom.kop
            for kolom in definitie.kolommen:
                if kolom.verplicht and kolom.id not in self.koppen:
                    lezer.fout(
                        blad.naam,
                        0,
                        "",
                        f"het gegeven {kolom.kop} ontbreekt: voeg een rij toe met in kolom "
                        f"{b.GEGEVEN} “{kolom.kop}” en in kolom {b.WAARDE} de waarde.",
                    )
            return
        for kop in blad.koppen:
            if not kop:
                continue
            kolom = per_kop.get(kop.lower())
            if kolom is None:
                lezer.onbekende_kolom(self, kop)
            else:
                self.koppen[kolom.id] = kop
        for kolom in definitie.kolommen:
            if kolom.verplicht and kolom.id not in self.koppen:
                lezer.fout(
                    blad.naam,
                    1,
                    kolom.kop,
                    "deze kolom ontbreekt. Voeg haar toe met precies deze kop in rij 1 "
                    f"({kolom.uitleg})",
                )

    def heeft(self, id_: str) -> bool:
        return id_ in self.koppen

    def veld(self, naam: str):
        if not hasattr(self, "_velden"):
            self._velden = {}
        if naam not in self._velden:
            self._velden[naam] = self.model._meta.get_field(naam)
        return self._velden[naam]

    def rijen(self):
        if self.definitie.kenmerken:
            yield Kenmerkrij(self)
            return
        for nummer, waarden in self.blad.rijen:
            yield Rij(self, nummer, waarden)


class Rij:
    def __init__(self, tabel: Tabel, nummer: int, waarden: dict):
        self.tabel, self.nummer, self.waarden = tabel, nummer, waarden
        self.fouten = 0

    @property
    def blad(self) -> str:
        return self.tabel.blad.naam

    def heeft(self, id_: str) -> bool:
        return self.tabel.heeft(id_)

    def ruw(self, id_: str):
        kop = self.tabel.koppen.get(id_)
        return self.waarden.get(kop) if kop else None

    def plaats(self, id_: str) -> dict:
        kolom = self.tabel.definitie.kolom(id_)
        return {
            "rij": self.nummer,
            "kolom": self.tabel.koppen.get(id_) or (kolom.kop if kolom else ""),
        }

    def fout(self, id_: str, tekst: str):
        self.fouten += 1
        self.foute_kolommen.add(id_)
        self.tabel.lezer.meld(self.blad, tekst, **self.plaats(id_))

    @property
    def foute_kolommen(self) -> set:
        """Columns of this row already reported: rules that depend on them say nothing more."""
        if not hasattr(self, "_foute_kolommen"):
            self._foute_kolommen = set()
        return self._foute_kolommen

    def lees(self, id_: str, lezer=cellen.tekst, *, veld: str | None = None, **opties):
        """The cell's value (None when the column is absent), or FOUT when it is wrong."""
        if not self.heeft(id_):
            return None
        ruw = self.ruw(id_)
        kolom = self.tabel.definitie.kolom(id_)
        if kolom is not None and kolom.verplicht and cellen.leeg(ruw):
            self.fout(id_, "vul dit in.")
            return FOUT
        try:
            waarde = lezer(ruw, **opties)
        except cellen.CelFout as fout:
            self.fout(id_, str(fout))
            return FOUT
        if veld and self.tabel.model is not None:
            waarde = self._model_controle(id_, veld, waarde)
        return waarde

    def _model_controle(self, id_, veld, waarde):
        """The model's own rules for the field: length, slug format, limits."""
        if waarde is None or waarde == "":
            return waarde
        f = self.tabel.veld(veld)
        if f.is_relation or not f.validators:
            return waarde
        try:
            f.run_validators(waarde)
        except ValidationError as fout:
            self.fout(id_, " ".join(fout.messages))
            return FOUT
        return waarde

    def zet(self, velden: dict, veld: str, id_: str | None = None, lezer=cellen.tekst, **opties):
        """Set a field from its column when the workbook has that column."""
        id_ = id_ or veld
        if not self.heeft(id_):
            return
        waarde = self.lees(id_, lezer, veld=veld, **opties)
        if waarde is not FOUT:
            velden[veld] = waarde
            self.koppen[veld] = self.tabel.koppen.get(id_, "")

    @property
    def koppen(self) -> dict:
        if not hasattr(self, "_koppen"):
            self._koppen = {}
        return self._koppen


class Kenmerkrij(Rij):
    """A sheet of (Gegeven, Waarde) rows read as one row."""

    def __init__(self, tabel: Tabel):
        super().__init__(tabel, 0, {})

    def ruw(self, id_):
        kolom = self.tabel.definitie.kolom(id_)
        return self.tabel.kenmerken.get(kolom.kop.lower(), (0, None))[1]

    def plaats(self, id_):
        kolom = self.tabel.definitie.kolom(id_)
        rij = self.tabel.kenmerken.get(kolom.kop.lower(), (0, None))[0]
        return {"rij": rij, "gegeven": kolom.kop}


def _opsomming(namen) -> str:
    namen = [f"“{n}”" for n in namen]
    if len(namen) <= 1:
        return "".join(namen)
    return ", ".join(namen[:-1]) + " en " + namen[-1]


def _lijstniveau(waarde):
    if cellen.leeg(waarde):
        return 1
    return cellen.keuze(waarde, [*b.LIJSTNIVEAUS, *((n, str(n)) for n, _ in b.LIJSTNIVEAUS)])


def _keuze_of(standaard):
    def lezen(waarde, keuzes, wat="waarde"):
        gekozen = cellen.keuze(waarde, keuzes, wat=wat)
        return gekozen if gekozen != "" else standaard

    return lezen


class Lezer:
    def __init__(self, werkboek: Werkboek, *, regio: Regio | None = None, uitbreidingen=()):
        self.werkboek = werkboek
        self.uitbreidingen = list(uitbreidingen)
        self.soorten = Soorten(self.uitbreidingen)
        self.gelezen = Gelezen(regio_vast=regio)
        self.gelezen.waarschuwingen += werkboek.waarschuwingen
        # Indexes of what the workbook (or, where it leaves a sheet out, the database) holds.
        self.subregios: dict[str, object] = {}
        self.gemeenten: dict[str, object] = {}  # by name, lower case
        self.partijen: dict[str, object] = {}
        self.personen: dict[str, object] = {}
        self.kaders: dict[str, object] = {}
        self.eisen: dict[tuple[str, str], object] = {}
        self.onderdelen: dict[tuple[int, str], Record] = {}
        self.hoofdstukken: dict[str, object] = {}
        self.reserves: dict[str, object] = {}
        self.indicatoren: dict[tuple[int, str], object] = {}
        self.overlegsecties: dict[str, object] = {}
        self.agendalijsten: dict[int, object] = {}

    # --- Messages ---------------------------------------------------------------------------

    def meld(self, blad, tekst, *, rij=0, kolom="", gegeven=""):
        self.gelezen.fouten.append(Melding(blad, rij, kolom, tekst, gegeven))

    def fout(self, blad, rij, kolom, tekst):
        self.meld(blad, tekst, rij=rij, kolom=kolom)

    def waarschuwing(self, blad, rij, kolom, tekst):
        self.gelezen.waarschuwingen.append(Melding(blad, rij, kolom, tekst))

    def onbekende_kolom(self, tabel: Tabel, kop: str):
        if kop.lower().startswith("bijdrage ") and tabel.definitie.naam == b.BEGROTING:
            self.fout(
                tabel.blad.naam,
                1,
                kop,
                f"“{kop[9:]}” staat niet op blad {b.GEMEENTEN}; een kolom Bijdrage hoort bij "
                "een gemeente van de regio.",
            )
            return
        bekend = [k.kop for k in tabel.definitie.kolommen]
        lijkt = difflib.get_close_matches(kop, bekend, n=1, cutoff=0.75)
        self.waarschuwing(
            tabel.blad.naam,
            1,
            kop,
            "deze kolom is onbekend en wordt niet ingelezen"
            + (f"; bedoelt u “{lijkt[0]}”?" if lijkt else "."),
        )

    # --- Helpers ----------------------------------------------------------------------------

    def tabel(self, definitie: b.Bladdef, model=None, *, verplicht=False) -> Tabel | None:
        blad = self.werkboek.blad(definitie.naam)
        if blad is None:
            if verplicht:
                self.fout(
                    definitie.naam,
                    0,
                    "",
                    "dit blad ontbreekt. Download het sjabloon of een export voor een werkboek "
                    "met alle bladen.",
                )
            return None
        self.gelezen.gelezen_bladen.add(blad.naam.lower())
        self._laatste_blad = blad.naam
        return Tabel(self, definitie, blad, model)

    def record(self, soort: Soort, velden: dict, rij: Rij, **extra) -> Record:
        nummer = rij.nummer or min((r for r, _ in rij.tabel.kenmerken.values()), default=0)
        rec = Record(soort, velden, blad=rij.blad, rij=nummer)
        rec.extra["koppen"] = dict(rij.koppen)
        rec.extra.update(extra)
        self.gelezen.records.setdefault(soort, []).append(rec)
        return rec

    def begin(self, soort: Soort):
        """The workbook describes this kind completely (its sheet, just read, is there)."""
        self.gelezen.records.setdefault(soort, [])
        self.gelezen.context.bladen.setdefault(soort, getattr(self, "_laatste_blad", ""))

    def uniek(self, gezien: dict, sleutel, rij: Rij, kolom: str, wat: str) -> bool:
        if sleutel in gezien:
            rij.fout(kolom, f"{wat} staat al in rij {gezien[sleutel]}; elk hoort er één keer in.")
            return False
        gezien[sleutel] = rij.nummer
        return True

    def opzoeken(self, rij: Rij, id_: str, index: dict, waar: str, *, sleutel=None):
        """A name in one of the workbook's lists (or the database's), with a suggestion."""
        naam = cellen.naam(rij.ruw(id_))
        if not naam:
            return None
        gevonden = index.get((sleutel or str.lower)(naam))
        if gevonden is None:
            namen = [str(k) for k in index]
            lijkt = difflib.get_close_matches(naam.lower(), namen, n=1, cutoff=0.7)
            rij.fout(
                id_,
                f"“{naam}” staat niet op blad {waar}"
                + (f"; bedoelt u “{_origineel(index, lijkt[0])}”?" if lijkt else "."),
            )
            return FOUT
        return gevonden

    def lijstwaarde(self, rij: Rij, id_: str, soort: str, waarde=None):
        """A value of one of the shape's lists, by its label, code or short form."""
        ruw = rij.ruw(id_) if waarde is None else waarde
        if cellen.leeg(ruw):
            return None
        lijst = self.gelezen.vorm.lijst(soort) if self.gelezen.vorm else None
        if lijst is None:
            rij.fout(id_, "de planvorm heeft geen lijst voor deze kolom.")
            return FOUT
        gezocht = cellen.naam(ruw).lower()
        for attr in ("label", "code", "kort"):
            treffers = [w for w in lijst.waarden if getattr(w, attr).lower() == gezocht]
            if len(treffers) == 1:
                return treffers[0].record
        namen = _opsomming(w.label for w in lijst.waarden)
        rij.fout(
            id_,
            f"“{cellen.naam(ruw)}” staat niet in de lijst {lijst.naam}; kies uit {namen} "
            f"(blad {b.LIJSTWAARDEN}).",
        )
        return FOUT

    def verwijzing(self, rij: Rij, id_: str, tekst: str):
        """An item named as its level and number: “Thema 7”, “Actiepunt 3.2.1”."""
        niveaus = sorted(self.gelezen.vorm.niveaus, key=lambda n: -len(n.naam))
        for niveau in niveaus:
            voorvoegsel = niveau.naam.lower() + " "
            if tekst.lower().startswith(voorvoegsel):
                code = tekst[len(voorvoegsel) :].strip().rstrip(".")
                gevonden = self.onderdelen.get((niveau.diepte, code))
                if gevonden is None:
                    rij.fout(
                        id_,
                        f"“{tekst}”: {niveau.lidwoord_klein} {code} staat niet op blad "
                        f"{b.niveaubladen(self.gelezen.vorm)[niveau.diepte]}.",
                    )
                    return FOUT
                return gevonden
        voorbeeld = b.voorbeeld_verwijzing(self.gelezen.vorm)
        rij.fout(
            id_,
            f"“{tekst}”: noem het niveau en het nummer, bijvoorbeeld {voorbeeld} (niveaus: "
            f"{_opsomming(n.naam for n in self.gelezen.vorm.niveaus)}).",
        )
        return FOUT

    def verwijzingen(self, rij: Rij, id_: str) -> list | None:
        if not rij.heeft(id_):
            return None
        resultaat = []
        for deel in cellen.meerdere(rij.ruw(id_)):
            gevonden = self.verwijzing(rij, id_, deel)
            if gevonden is FOUT:
                return FOUT
            if gevonden not in resultaat:
                resultaat.append(gevonden)
        return resultaat

    # --- The whole workbook ------------------------------------------------------------------

    def lezen(self) -> Gelezen:
        self._vorm()
        if self.gelezen.vorm is None:
            return self._einde()
        self._regio()
        self._kaders()
        self._plan()
        if self.gelezen.plan is None:
            return self._einde()
        self._hoofdstukken()
        self._vaststellingen()
        self._niveaus_lezen()
        self._lijstitems(
            b.BELEIDSDOELEN, self.soorten.beleidsdoel, "een beleidsdoel", m.Beleidsdoel
        )
        self._lijstitems(b.EFFECTEN, self.soorten.effect, "een effect", m.MaatschappelijkEffect)
        self._rollen()
        self._indicatoren()
        self._metingen()
        self._reserves()
        self._begroting()
        self._overleg()
        self._agendalijsten()
        self._toetsing()
        for uitbreiding in self.uitbreidingen:
            uitbreiding.lezen(self)
        self._onbekende_bladen()
        return self._einde()

    def _einde(self) -> Gelezen:
        return self.gelezen

    def _onbekende_bladen(self):
        bekend = {b.TOELICHTING.lower()} | self.gelezen.gelezen_bladen
        for naam in self.werkboek.volgorde:
            if naam.lower() not in bekend:
                self.waarschuwing(
                    naam,
                    0,
                    "",
                    "dit blad hoort niet bij een plan en wordt niet ingelezen.",
                )

    # --- The shape --------------------------------------------------------------------------

    def _vorm(self):
        tabel = self.tabel(b.planvorm_blad(), m.Planvorm, verplicht=True)
        if tabel is None:
            return
        rij = next(tabel.rijen())
        velden: dict = {}
        rij.zet(velden, "naam", lezer=cellen.naam)
        rij.zet(velden, "slug", lezer=cellen.naam)
        rij.zet(velden, "omschrijving")
        rapportage = cellen.naam(rij.ruw("rapportageniveau"))
        slug = velden.get("slug")
        if not slug:
            return
        bestaand = m.Planvorm.objects.filter(slug=slug).first()
        self.gelezen.context.planvorm = bestaand
        if self.werkboek.blad(b.NIVEAUS) is None:
            if bestaand is None:
                self.fout(
                    b.NIVEAUS,
                    0,
                    "",
                    f"dit blad ontbreekt en planvorm “{slug}” bestaat nog niet: beschrijf de "
                    f"niveaus (en de bladen {b.SECTIES}, {b.KEUZELIJSTEN} en {b.LIJSTWAARDEN}).",
                )
                return
            self.gelezen.vorm = vorm_uit_database(bestaand)
            return
        vorm_rec = self.record(self.soorten.planvorm, velden, rij)
        vorm = Vorm(slug=slug, naam=velden.get("naam", ""), record=vorm_rec)
        self._niveaus(vorm, vorm_rec)
        in_rapportage = self._secties(vorm)
        self._keuzelijsten(vorm, vorm_rec)
        niveau = next((n for n in vorm.niveaus if n.naam.lower() == rapportage.lower()), None)
        if not rapportage and vorm.niveaus:
            # The same rule as the admin's (Plan.clean): a plan must know what it reports on.
            rij.fout(
                "rapportageniveau",
                "zeg over welk niveau elk kwartaal gerapporteerd wordt; kies uit "
                f"{_opsomming(n.naam for n in vorm.niveaus)}.",
            )
        elif rapportage and niveau is None:
            rij.fout(
                "rapportageniveau",
                f"“{rapportage}” is geen niveau van blad {b.NIVEAUS}; kies uit "
                f"{_opsomming(n.naam for n in vorm.niveaus)}.",
            )
        elif niveau is not None:
            vorm_rec.velden["rapportageniveau"] = niveau.record
            vorm.rapportagediepte = niveau.diepte
            for sectie_niveau, sectierij in in_rapportage:
                if sectie_niveau.diepte != niveau.diepte:
                    # As Sectie.clean in the admin: the report repeats rows of its own level only.
                    sectierij.fout(
                        "in_rapportage",
                        f"de kwartaalrapportage gaat per {niveau.naam.lower()}, niet per "
                        f"{sectie_niveau.naam.lower()}: alleen rijen van dat niveau kunnen erin "
                        "staan.",
                    )
        self.gelezen.vorm = vorm

    def _niveaus(self, vorm: Vorm, vorm_rec: Record):
        tabel = self.tabel(b.niveaus_blad(), m.Niveau, verplicht=True)
        self.begin(self.soorten.niveau)
        dieptes, namen, slugs = {}, {}, {}
        for rij in tabel.rijen():
            velden = {"planvorm": vorm_rec}
            rij.zet(velden, "diepte", lezer=cellen.geheel_getal, voorbeeld="1")
            rij.zet(velden, "naam", lezer=cellen.naam)
            rij.zet(velden, "meervoud", lezer=cellen.naam)
            rij.zet(velden, "lidwoord", lezer=_keuze_of(Lidwoord.HET), keuzes=b.LIDWOORDEN)
            rij.zet(velden, "slug", lezer=cellen.naam)
            rij.zet(velden, "code_tonen", lezer=cellen.ja_nee, leeg_is=True)
            rij.zet(velden, "schaal_met_domeinen", lezer=cellen.ja_nee, leeg_is=False)
            if not velden.get("slug") and velden.get("meervoud"):
                velden["slug"] = slugify(velden["meervoud"].replace("'", "")) or slugify(
                    velden.get("naam", "")
                )
            if velden.get("slug") in GERESERVEERDE_SLUGS:
                rij.fout("slug", f"“{velden['slug']}” is al het adres van een andere pagina.")
            diepte = velden.get("diepte")
            if diepte is not None and diepte < 1:
                rij.fout("diepte", "de diepte begint bij 1.")
                continue
            if rij.fouten or diepte is None:
                continue
            self.uniek(dieptes, diepte, rij, "diepte", f"Diepte {diepte}")
            self.uniek(namen, velden["naam"].lower(), rij, "naam", f"Niveau {velden['naam']}")
            self.uniek(slugs, velden["slug"], rij, "slug", f"Webadres {velden['slug']}")
            rec = self.record(self.soorten.niveau, velden, rij)
            vorm.niveaus.append(
                VNiveau(
                    diepte=diepte,
                    naam=velden["naam"],
                    meervoud=velden["meervoud"],
                    slug=velden["slug"],
                    lidwoord=velden.get("lidwoord", Lidwoord.HET),
                    code_tonen=velden.get("code_tonen", True),
                    schaal_met_domeinen=velden.get("schaal_met_domeinen", False),
                    record=rec,
                )
            )
        vorm.niveaus.sort(key=lambda n: n.diepte)
        if [n.diepte for n in vorm.niveaus] != list(range(1, len(vorm.niveaus) + 1)):
            self.fout(
                b.NIVEAUS,
                0,
                "Diepte",
                "de niveaus horen diepte 1, 2, 3, … te hebben, zonder gat.",
            )
        if not vorm.niveaus and not self.gelezen.fouten:
            self.fout(b.NIVEAUS, 0, "", "beschrijf ten minste één niveau.")

    def _secties(self, vorm: Vorm) -> list:
        """Read the sections; returns (level, row) of those the report repeats, to be checked
        once the reporting level is known."""
        tabel = self.tabel(b.secties_blad(), m.Sectie)
        if tabel is None:
            self.fout(b.SECTIES, 0, "", "dit blad ontbreekt; het hoort bij blad Niveaus.")
            return []
        self.begin(self.soorten.sectie)
        gezien = {}
        in_rapportage = []
        per_naam = {n.naam.lower(): n for n in vorm.niveaus}
        for rij in tabel.rijen():
            niveau = self.opzoeken(rij, "niveau", per_naam, b.NIVEAUS)
            velden = {"niveau": niveau.record if isinstance(niveau, VNiveau) else None}
            rij.zet(velden, "sleutel", lezer=cellen.naam)
            rij.zet(velden, "letter", lezer=cellen.naam)
            rij.zet(velden, "label", lezer=cellen.naam)
            rij.zet(velden, "soort", lezer=cellen.keuze, keuzes=_sectiesoorten(), wat="soort")
            rij.zet(velden, "in_rapportage", lezer=cellen.ja_nee)
            rij.zet(velden, "als_kolom", lezer=cellen.ja_nee)
            if rij.fouten or not isinstance(niveau, VNiveau):
                continue
            if velden["soort"] == SectieSoort.ONDERDELEN and vorm.niveau(niveau.diepte + 1) is None:
                rij.fout(
                    "soort",
                    f"deze sectie toont het niveau onder {niveau.naam}, maar dat is er niet.",
                )
                continue
            if self.uniek(
                gezien, (niveau.diepte, velden["sleutel"]), rij, "sleutel", "Deze sleutel"
            ):
                self.record(self.soorten.sectie, velden, rij)
                niveau.secties.append(
                    VSectie(
                        velden["sleutel"],
                        velden["label"],
                        velden["soort"],
                        velden.get("letter", ""),
                        velden.get("in_rapportage", False),
                        velden.get("als_kolom", False),
                    )
                )
                if velden.get("in_rapportage"):
                    in_rapportage.append((niveau, rij))
        return in_rapportage

    def _keuzelijsten(self, vorm: Vorm, vorm_rec: Record):
        tabel = self.tabel(b.keuzelijsten_blad(), m.Keuzelijst)
        if tabel is None:
            self.fout(b.KEUZELIJSTEN, 0, "", "dit blad ontbreekt; het hoort bij blad Niveaus.")
            return
        self.begin(self.soorten.keuzelijst)
        soorten = [(s.value, s.value) for s in KeuzelijstSoort] + list(KeuzelijstSoort.choices)
        gezien = {}
        for rij in tabel.rijen():
            velden = {"planvorm": vorm_rec}
            rij.zet(velden, "soort", lezer=cellen.keuze, keuzes=soorten, wat="soort lijst")
            rij.zet(velden, "naam", lezer=cellen.naam)
            rij.zet(velden, "meervoud", lezer=cellen.naam)
            if rij.fouten or not self.uniek(gezien, velden["soort"], rij, "soort", "Deze soort"):
                continue
            rec = self.record(self.soorten.keuzelijst, velden, rij)
            vorm.lijsten[velden["soort"]] = VLijst(
                velden["soort"], velden["naam"], velden.get("meervoud", ""), record=rec
            )
        tabel = self.tabel(b.lijstwaarden_blad(), m.Lijstwaarde)
        if tabel is None:
            self.fout(b.LIJSTWAARDEN, 0, "", "dit blad ontbreekt; het hoort bij blad Niveaus.")
            return
        self.begin(self.soorten.lijstwaarde)
        gezien = {}
        for rij in tabel.rijen():
            lijst = None
            ruw = cellen.naam(rij.ruw("lijst"))
            if ruw:
                try:
                    soort = cellen.keuze(ruw, soorten, wat="soort lijst")
                    lijst = vorm.lijsten.get(soort)
                except cellen.CelFout as fout:
                    rij.fout("lijst", str(fout))
                if lijst is None and not rij.fouten:
                    rij.fout("lijst", f"“{ruw}” staat niet op blad {b.KEUZELIJSTEN}.")
            else:
                rij.fout("lijst", "vul dit in.")
            velden = {"keuzelijst": lijst.record if lijst else None}
            rij.zet(velden, "code", lezer=cellen.naam)
            rij.zet(velden, "label", lezer=cellen.naam)
            rij.zet(velden, "kort", lezer=cellen.naam)
            rij.zet(velden, "meervoud", lezer=cellen.naam)
            rij.zet(velden, "betekenis")
            rij.zet(velden, "rapporteert", lezer=cellen.ja_nee)
            rij.zet(velden, "leidend", lezer=cellen.ja_nee)
            if rij.fouten or lijst is None:
                continue
            if not self.uniek(gezien, (lijst.soort, velden["code"]), rij, "code", "Deze code"):
                continue
            rec = self.record(self.soorten.lijstwaarde, velden, rij)
            lijst.waarden.append(
                VWaarde(
                    velden["code"],
                    velden["label"],
                    velden.get("kort", ""),
                    velden.get("meervoud", ""),
                    velden.get("betekenis", ""),
                    velden.get("rapporteert", False),
                    velden.get("leidend", False),
                    rec,
                )
            )

    # --- The region -------------------------------------------------------------------------

    def _regio(self):
        vast = self.gelezen.regio_vast
        if vast is not None:
            self.regio = vast
            self.gelezen.context.regio = vast
            if self.werkboek.blad(b.REGIO) is not None:
                self.gelezen.gelezen_bladen.add(b.REGIO.lower())
        else:
            tabel = self.tabel(b.regio_blad(), Regio, verplicht=True)
            self.regio = None
            if tabel is not None:
                rij = next(tabel.rijen())
                velden: dict = {}
                rij.zet(velden, "naam", lezer=cellen.naam)
                rij.zet(velden, "slug", lezer=cellen.naam)
                rij.zet(velden, "soort", lezer=cellen.naam)
                if velden.get("slug"):
                    bestaand = Regio.objects.filter(slug=velden["slug"]).first()
                    self.gelezen.context.regio = bestaand
                    andere = Regio.objects.filter(naam=velden.get("naam")).exclude(
                        slug=velden["slug"]
                    )
                    if andere.exists():
                        rij.fout(
                            "naam",
                            f"er is al een regio “{velden['naam']}” met een ander webadres "
                            f"({andere.first().slug}).",
                        )
                    self.regio = self.record(self.soorten.regio, velden, rij)
        regio_db = self.gelezen.context.regio
        self._subregios(regio_db)
        self._gemeenten(regio_db)
        self._inwonertallen()
        self._partijen(regio_db)
        self._personen(regio_db)

    def _subregios(self, regio_db):
        tabel = self.tabel(b.subregios_blad(), Subregio)
        if tabel is None:
            if regio_db:
                self.subregios = {x.afkorting.lower(): x for x in regio_db.subregios.all()}
            return
        self.begin(self.soorten.subregio)
        gezien = {}
        for rij in tabel.rijen():
            velden = {"regio": self.regio}
            rij.zet(velden, "afkorting", lezer=cellen.naam)
            rij.zet(velden, "naam", lezer=cellen.naam)
            # A row with an error elsewhere still names what others refer to: no chain of
            # errors about the same row (nothing is written while there are errors at all).
            if not velden.get("afkorting"):
                continue
            if self.uniek(gezien, velden["afkorting"].lower(), rij, "afkorting", "Deze afkorting"):
                self.subregios[velden["afkorting"].lower()] = self.record(
                    self.soorten.subregio, velden, rij
                )

    def _gemeenten(self, regio_db):
        tabel = self.tabel(b.gemeenten_blad(), Gemeente)
        if tabel is None:
            if regio_db:
                self.gemeenten = {g.naam.lower(): g for g in regio_db.gemeenten.all()}
            return
        self.begin(self.soorten.gemeente)
        self.begin(self.soorten.deelname)
        codes, namen, centrum = {}, {}, None
        for rij in tabel.rijen():
            velden: dict = {}
            rij.zet(velden, "naam", lezer=cellen.naam)
            rij.zet(velden, "cbs_code", lezer=lambda w: cellen.naam(w).upper())
            code = velden.get("cbs_code")
            if code and not re.fullmatch(r"GM\d{4}", code):
                rij.fout(
                    "cbs_code",
                    f"“{code}” is geen CBS-code; die is GM en vier cijfers, bijv. GM0957.",
                )
            subregio = self.opzoeken(rij, "subregio", self.subregios, b.SUBREGIOS)
            is_centrum = rij.lees("centrumgemeente", cellen.ja_nee)
            if not code or not velden.get("naam"):
                continue
            if not self.uniek(codes, code, rij, "cbs_code", f"CBS-code {code}"):
                continue
            if not self.uniek(
                namen, velden["naam"].lower(), rij, "naam", f"Gemeente {velden['naam']}"
            ):
                continue
            if is_centrum:
                if centrum is not None:
                    rij.fout(
                        "centrumgemeente",
                        f"een regio heeft één centrumgemeente, en rij {centrum} is er al één.",
                    )
                    continue
                centrum = rij.nummer
            gemeente = self.record(self.soorten.gemeente, velden, rij)
            self.gelezen.context.cbs_codes.add(code)
            self.gemeenten[velden["naam"].lower()] = gemeente
            self.record(
                self.soorten.deelname,
                {
                    "regio": self.regio,
                    "gemeente": gemeente,
                    "subregio": subregio,
                    "rol": DeelnameRol.CENTRUMGEMEENTE if is_centrum else DeelnameRol.DEELNEMER,
                },
                rij,
            )

    def _inwonertallen(self):
        tabel = self.tabel(b.inwonertallen_blad(), Inwonertal)
        if tabel is None:
            return
        self.begin(self.soorten.inwonertal)
        gezien = {}
        for rij in tabel.rijen():
            gemeente = self.opzoeken(rij, "gemeente", self.gemeenten, b.GEMEENTEN)
            velden = {"gemeente": gemeente}
            rij.zet(velden, "peildatum", lezer=cellen.datum)
            rij.zet(velden, "aantal", lezer=cellen.geheel_getal, voorbeeld="57000")
            rij.zet(velden, "bron")
            if rij.fouten or gemeente is None:
                continue
            if isinstance(gemeente, Gemeente):
                self.gelezen.context.cbs_codes.add(gemeente.cbs_code)
            sleutel = (id(gemeente), velden["peildatum"])
            if self.uniek(gezien, sleutel, rij, "peildatum", "Dit inwonertal"):
                self.record(self.soorten.inwonertal, velden, rij)

    def _partijen(self, regio_db):
        tabel = self.tabel(b.partijen_blad(), Partij)
        if tabel is None:
            if regio_db:
                self.partijen = {p.naam.lower(): p for p in regio_db.partijen.all()}
            return
        self.begin(self.soorten.partij)
        gezien = {}
        for rij in tabel.rijen():
            velden = {"regio": self.regio}
            rij.zet(velden, "naam", lezer=cellen.naam)
            rij.zet(
                velden,
                "soort",
                lezer=_keuze_of(PartijSoort.ORGANISATIE),
                keuzes=PartijSoort.choices,
            )
            rij.zet(
                velden,
                "organisatietype",
                lezer=cellen.keuze,
                keuzes=OrganisatieSoort.choices,
                wat="type organisatie",
            )
            gemeente = self.opzoeken(rij, "gemeente", self.gemeenten, b.GEMEENTEN)
            if rij.heeft("gemeente") and gemeente is not FOUT:
                velden["gemeente"] = gemeente
            if not velden.get("naam"):
                continue
            soort = velden.get("soort", PartijSoort.ORGANISATIE)
            gemeentelijk = soort in (PartijSoort.GEMEENTE, PartijSoort.CENTRUMGEMEENTE)
            if gemeentelijk and velden.get("gemeente") is None:
                rij.fout("gemeente", "kies de gemeente die deze partij is.")
            elif velden.get("gemeente") is not None and not gemeentelijk:
                rij.fout(
                    "gemeente", "alleen een gemeente of centrumgemeente verwijst naar een gemeente."
                )
            if velden.get("organisatietype") and soort != PartijSoort.ORGANISATIE:
                rij.fout("organisatietype", "alleen een organisatie heeft een type.")
            if self.uniek(gezien, velden["naam"].lower(), rij, "naam", f"Partij {velden['naam']}"):
                self.partijen[velden["naam"].lower()] = self.record(
                    self.soorten.partij, velden, rij
                )

    def _personen(self, regio_db):
        tabel = self.tabel(b.personen_blad(), Persoon)
        if tabel is None:
            if regio_db:
                self.personen = {p.naam.lower(): p for p in regio_db.personen.all()}
            return
        self.begin(self.soorten.persoon)
        gezien = {}
        for rij in tabel.rijen():
            velden = {"regio": self.regio}
            rij.zet(velden, "naam", lezer=cellen.naam)
            rij.zet(velden, "functie", lezer=cellen.naam)
            for veld, index, waar in (
                ("gemeente", self.gemeenten, b.GEMEENTEN),
                ("organisatie", self.partijen, b.PARTIJEN),
            ):
                gevonden = self.opzoeken(rij, veld, index, waar)
                if rij.heeft(veld) and gevonden is not FOUT:
                    velden[veld] = gevonden
            if not velden.get("naam"):
                continue
            if self.uniek(gezien, velden["naam"].lower(), rij, "naam", f"Persoon {velden['naam']}"):
                self.personen[velden["naam"].lower()] = self.record(
                    self.soorten.persoon, velden, rij
                )

    # --- Checklists --------------------------------------------------------------------------

    def _kaders(self):
        tabel = self.tabel(b.toetsingskaders_blad(), m.Toetsingskader)
        self.kaders_in_werkboek = tabel is not None
        if tabel is None:
            return
        self.begin(self.soorten.kader)
        for rij in tabel.rijen():
            velden: dict = {}
            rij.zet(velden, "slug", lezer=cellen.naam)
            rij.zet(velden, "naam", lezer=cellen.naam)
            rij.zet(velden, "bron", lezer=cellen.naam)
            rij.zet(velden, "omschrijving")
            if not velden.get("slug"):
                continue
            if velden["slug"] in self.kaders:
                rij.fout("slug", "dit kader staat al op een eerdere rij.")
                continue
            self.kaders[velden["slug"]] = self.record(self.soorten.kader, velden, rij)
            self.gelezen.context.kaders.add(velden["slug"])
        tabel = self.tabel(b.toetsingseisen_blad(), m.Toetsingseis)
        if tabel is None:
            for kader in m.Toetsingskader.objects.filter(slug__in=self.kaders).prefetch_related(
                "eisen"
            ):
                for eis in kader.eisen.all():
                    self.eisen[(kader.slug, eis.code.lower())] = eis
            return
        self.begin(self.soorten.eis)
        gezien = {}
        for rij in tabel.rijen():
            kader = self.opzoeken(rij, "kader", self.kaders, b.TOETSINGSKADERS, sleutel=str)
            velden = {"kader": kader}
            rij.zet(velden, "code", lezer=cellen.naam)
            rij.zet(velden, "groep", lezer=cellen.naam)
            rij.zet(velden, "titel")
            rij.zet(velden, "verplicht", lezer=cellen.ja_nee, leeg_is=True)
            if rij.fouten or kader is None:
                continue
            slug = kader.velden["slug"]
            if self.uniek(gezien, (slug, velden["code"].lower()), rij, "code", "Deze code"):
                self.eisen[(slug, velden["code"].lower())] = self.record(
                    self.soorten.eis, velden, rij
                )

    # --- The plan ---------------------------------------------------------------------------

    def _plan(self):
        tabel = self.tabel(b.plan_blad(), m.Plan, verplicht=True)
        if tabel is None:
            return
        rij = next(tabel.rijen())
        velden = {
            "regio": self.regio,
            "planvorm": self.gelezen.vorm.record,
        }
        rij.zet(velden, "titel", lezer=cellen.naam)
        rij.zet(velden, "ondertitel", lezer=cellen.naam)
        rij.zet(velden, "slug", lezer=cellen.naam)
        rij.zet(velden, "jaar_van", lezer=cellen.geheel_getal)
        rij.zet(velden, "jaar_tot_en_met", lezer=cellen.geheel_getal)
        rij.zet(velden, "versiedatum", lezer=cellen.datum)
        rij.zet(velden, "status", lezer=_keuze_of(PlanStatus.CONCEPT), keuzes=PlanStatus.choices)
        rij.zet(velden, "vastgesteld_op", lezer=cellen.datum)
        ouder = cellen.naam(rij.ruw("ouder"))
        if rij.heeft("ouder"):
            velden["ouder"] = None
            if ouder:
                velden["ouder"] = m.Plan.objects.filter(slug=ouder).first()
                if velden["ouder"] is None or ouder == velden.get("slug"):
                    rij.fout("ouder", f"“{ouder}” is geen ander plan (webadres) in de applicatie.")
        van, tot = velden.get("jaar_van"), velden.get("jaar_tot_en_met")
        for id_, jaar in (("jaar_van", van), ("jaar_tot_en_met", tot)):
            if jaar is not None and not 1900 <= jaar <= 2200:
                rij.fout(id_, f"{jaar} is geen plausibel jaar.")
        if van and tot and tot < van:
            rij.fout("jaar_tot_en_met", "het eindjaar ligt vóór het beginjaar.")
        if (
            velden.get("status") == PlanStatus.VASTGESTELD
            and not velden.get("vastgesteld_op")
            and "vastgesteld_op" not in rij.foute_kolommen
        ):
            rij.fout("vastgesteld_op", "vul de datum van vaststelling in bij een vastgesteld plan.")
        # Without the sheet of checklists, which ones the plan is held against stays as it is.
        kaders = list(self.kaders.values()) if self.kaders_in_werkboek else None
        if not velden.get("slug"):
            return
        bestaand = m.Plan.objects.filter(slug=velden["slug"]).select_related("regio").first()
        regio = self.gelezen.context.regio
        if bestaand is not None and (regio is None or bestaand.regio_id != regio.pk):
            rij.fout(
                "slug",
                f"het plan “{velden['slug']}” hoort bij regio {bestaand.regio}; geef dit plan een "
                "eigen webadres, of importeer het in die regio.",
            )
            return
        self.gelezen.context.plan = bestaand
        self.plan = self.record(self.soorten.plan, velden, rij)
        if kaders is not None:
            self.plan.m2m["toetsingskaders"] = kaders
        self.gelezen.plan = self.plan
        if bestaand is not None:
            self._bestaande_indexen(bestaand)

    def _bestaande_indexen(self, plan):
        """What sheets left out refer to: the plan's own rows in the database."""
        self.hoofdstukken = {h.titel.lower(): h for h in plan.hoofdstukken.all() if h.titel}
        self.reserves = {r.naam.lower(): r for r in plan.reserves.all()}
        self.overlegsecties = {o.titel.lower(): o for o in plan.overlegsecties.all()}
        self.agendalijsten = {a.nummer: a for a in plan.agendalijsten.all()}
        self.bestaande_indicatoren = list(
            m.Indicator.objects.filter(onderdeel__plan=plan).select_related("onderdeel__niveau")
        )

    def _hoofdstukken(self):
        tabel = self.tabel(b.hoofdstukken_blad(self.gelezen.vorm), m.Hoofdstuk)
        if tabel is None:
            return
        self.begin(self.soorten.hoofdstuk)
        self.hoofdstukken = {}
        for rij in tabel.rijen():
            velden = {"plan": self.plan}
            rij.zet(velden, "nummer", lezer=cellen.naam)
            rij.zet(velden, "titel", lezer=cellen.naam)
            rij.zet(
                velden,
                "soort",
                lezer=_keuze_of("tekst"),
                keuzes=b.hoofdstuksoorten(self.gelezen.vorm)
                + [(x, x) for x, _ in b.hoofdstuksoorten(self.gelezen.vorm)],
                wat="soort hoofdstuk",
            )
            rij.zet(velden, "tekst")
            rec = self.record(self.soorten.hoofdstuk, velden, rij)
            if velden.get("titel"):
                self.hoofdstukken.setdefault(velden["titel"].lower(), rec)

    def _vaststellingen(self):
        tabel = self.tabel(b.vaststellingen_blad(), m.Vaststelling)
        if tabel is None:
            return
        self.begin(self.soorten.vaststelling)
        gezien = {}
        for rij in tabel.rijen():
            gemeente = self.opzoeken(rij, "gemeente", self.gemeenten, b.GEMEENTEN)
            velden = {"plan": self.plan, "gemeente": gemeente}
            rij.zet(
                velden,
                "orgaan",
                lezer=_keuze_of(VaststellingOrgaan.RAAD),
                keuzes=VaststellingOrgaan.choices,
            )
            rij.zet(velden, "datum", lezer=cellen.datum)
            rij.zet(velden, "kenmerk", lezer=cellen.naam)
            if rij.fouten or gemeente is None:
                continue
            sleutel = (id(gemeente), velden.get("orgaan", VaststellingOrgaan.RAAD))
            if self.uniek(gezien, sleutel, rij, "gemeente", "Deze vaststelling"):
                velden.setdefault("orgaan", VaststellingOrgaan.RAAD)
                self.record(self.soorten.vaststelling, velden, rij)

    # --- The outline ------------------------------------------------------------------------

    def _niveaus_lezen(self):
        vorm = self.gelezen.vorm
        self.begin(self.soorten.onderdeel)
        for niveau in vorm.niveaus:
            definitie = b.niveau_blad(vorm, niveau)
            tabel = self.tabel(definitie, m.Onderdeel, verplicht=True)
            if tabel is None:
                continue
            self._niveau(vorm, niveau, tabel)

    def _niveau(self, vorm: Vorm, niveau: VNiveau, tabel: Tabel):
        ouderniveau = vorm.niveau(niveau.diepte - 1)
        tekstkolommen = {
            sectie.sleutel for sectie in niveau.secties if tabel.heeft(f"tekst:{sectie.sleutel}")
        }
        sleutels = {s.sleutel for s in niveau.secties}
        gezien, tellers = {}, {}
        for rij in tabel.rijen():
            velden: dict = {"plan": self.plan, "niveau": niveau.record}
            code = cellen.naam(rij.ruw("code")).rstrip(".")
            if isinstance(rij.ruw("code"), float) and not rij.ruw("code").is_integer():
                self.waarschuwing(
                    rij.blad,
                    rij.nummer,
                    tabel.koppen["code"],
                    f"{rij.ruw('code')} stond als getal in de cel en is gelezen als “{code}”; typ "
                    "een nummer als 1.10 als tekst (met een ' ervoor), anders maakt Excel er "
                    "1.1 van.",
                )
            ouder = None
            if ouderniveau is not None:
                oudercode = cellen.naam(rij.ruw("ouder")).rstrip(".")
                if not oudercode:
                    rij.fout("ouder", f"vul het nummer van {ouderniveau.lidwoord_klein} in.")
                else:
                    ouder = self.onderdelen.get((ouderniveau.diepte, oudercode))
                    if ouder is None:
                        rij.fout(
                            "ouder",
                            f"{ouderniveau.klein} {oudercode} staat niet op blad "
                            f"{b.niveaubladen(vorm)[ouderniveau.diepte]}.",
                        )
            groep = id(ouder)
            tellers[groep] = tellers.get(groep, 0) + 1
            if not code:
                code = f"{ouder.velden['code']}.{tellers[groep]}" if ouder else str(tellers[groep])
            velden["code"] = code
            velden["ouder"] = ouder
            rij.zet(velden, "titel", lezer=cellen.naam)
            rij.zet(velden, "inhoudstitel", lezer=cellen.naam)
            rij.zet(velden, "tekst")
            teksten = {}
            for sleutel in tekstkolommen:
                waarde = rij.lees(f"tekst:{sleutel}")
                if waarde is not FOUT:
                    teksten[sleutel] = waarde
            velden["teksten"] = teksten
            if rij.heeft("schaal"):
                velden["schaal"] = self.lijstwaarde(rij, "schaal", KeuzelijstSoort.SCHAAL)
            domeinen = None
            if rij.heeft("domeinen"):
                domeinen = []
                for deel in cellen.meerdere(rij.ruw("domeinen")):
                    waarde = self.lijstwaarde(rij, "domeinen", KeuzelijstSoort.DOMEIN, deel)
                    if waarde is not FOUT and waarde not in domeinen:
                        domeinen.append(waarde)
            if rij.heeft("subregio"):
                velden["subregio"] = self.opzoeken(rij, "subregio", self.subregios, b.SUBREGIOS)
            if rij.heeft("prioriteit"):
                velden["prioriteit"] = self.lijstwaarde(
                    rij, "prioriteit", KeuzelijstSoort.PRIORITEIT
                )
            rij.zet(velden, "prioriteit_tekst", lezer=cellen.naam)
            rij.zet(velden, "prioriteit_toelichting")
            self._deadline(rij, velden)
            rij.zet(velden, "lijstniveau", lezer=_lijstniveau)
            if rij.heeft("rijlabels"):
                velden["rijlabels"] = self._rijlabels(rij, sleutels)
            if (
                not velden.get("titel")
                and not velden.get("tekst")
                and (rij.heeft("titel") or rij.heeft("tekst"))
                and not rij.fouten
            ):
                rij.fout(
                    "titel" if rij.heeft("titel") else "tekst",
                    f"vul de titel of de tekst van {niveau.lidwoord_klein} in.",
                )
            if not self.uniek(gezien, code, rij, "code", f"{niveau.naam} {code}"):
                continue
            rec = self.record(
                self.soorten.onderdeel, velden, rij, niveau=niveau, teksten=tekstkolommen
            )
            if domeinen is not None:
                rec.m2m["domeinen"] = domeinen
            self.onderdelen[(niveau.diepte, code)] = rec

    def _deadline(self, rij: Rij, velden: dict):
        if not rij.heeft("deadline_tekst"):
            return
        ruw = rij.ruw("deadline_tekst")
        if cellen.leeg(ruw):
            velden["deadline_tekst"] = ""
            return
        # Excel turns a typed 31-12-2015 into a date: read it back as the plan prints it.
        tekst = f"{ruw:%d-%m-%Y}" if hasattr(ruw, "strftime") else cellen.naam(ruw)
        try:
            deadline_lezen(tekst)
        except DeadlineFout as fout:
            rij.fout("deadline_tekst", str(fout))
            return
        if len(tekst) > 100:
            rij.fout("deadline_tekst", "te lang: hoogstens 100 tekens.")
            return
        velden["deadline_tekst"] = tekst
        rij.koppen["deadline_tekst"] = rij.tabel.koppen["deadline_tekst"]

    def _rijlabels(self, rij: Rij, sleutels: set) -> dict:
        labels = {}
        for regel in cellen.tekst(rij.ruw("rijlabels")).splitlines():
            if not regel.strip():
                continue
            sleutel, _, label = regel.partition(":")
            sleutel, label = sleutel.strip(), label.strip()
            if not label or sleutel not in sleutels:
                rij.fout(
                    "rijlabels",
                    f"“{regel.strip()}”: schrijf per regel een sleutel van blad {b.SECTIES} "
                    f"({_opsomming(sorted(sleutels))}), een dubbele punt en het label.",
                )
                return {}
            labels[sleutel] = label
        return labels

    # --- What hangs on the items ------------------------------------------------------------

    def _lijstitems(self, naam, soort, enkelvoud, model):
        tabel = self.tabel(b.lijst_blad(self.gelezen.vorm, naam, enkelvoud), model)
        if tabel is None:
            return
        self.begin(soort)
        for rij in tabel.rijen():
            onderdeel = self._hoort_bij(rij)
            velden = {"onderdeel": onderdeel}
            rij.zet(velden, "niveau", lezer=_lijstniveau)
            rij.zet(velden, "tekst")
            if not rij.fouten:
                velden.setdefault("niveau", 1)
                self.record(soort, velden, rij)

    def _hoort_bij(self, rij: Rij):
        tekst = cellen.naam(rij.ruw("hoort_bij"))
        if not tekst:
            rij.fout("hoort_bij", "vul in waar dit bij hoort.")
            return None
        gevonden = self.verwijzing(rij, "hoort_bij", tekst)
        return None if gevonden is FOUT else gevonden

    def _rollen(self):
        definitie = b.rollen_blad(self.gelezen.vorm)
        if definitie is None:
            return
        tabel = self.tabel(definitie, m.Rol)
        if tabel is None:
            return
        self.begin(self.soorten.rol)
        gezien, per_persoon, per_partij = {}, {}, {}
        for rij in tabel.rijen():
            onderdeel = self._hoort_bij(rij)
            soort = self.lijstwaarde(rij, "soort", KeuzelijstSoort.ROL)
            if soort is None:
                rij.fout("soort", "vul dit in.")
            velden = {"onderdeel": onderdeel, "soort": soort}
            velden["persoon"] = self.opzoeken(rij, "persoon", self.personen, b.PERSONEN)
            velden["partij"] = self.opzoeken(rij, "partij", self.partijen, b.PARTIJEN)
            velden["tekst"] = cellen.naam(rij.ruw("tekst"))
            rij.zet(velden, "toelichting", lezer=cellen.naam)
            rij.zet(
                velden,
                "sturingsvorm",
                lezer=cellen.keuze,
                keuzes=Sturingsvorm.choices,
                wat="sturingsvorm",
            )
            for veld in ("schaal_organisatie", "schaal_uitvoering"):
                if rij.heeft(veld):
                    velden[veld] = self.lijstwaarde(rij, veld, KeuzelijstSoort.SCHAAL)
            if len(velden["tekst"]) > 500:
                rij.fout("tekst", "te lang: hoogstens 500 tekens.")
            if rij.fouten or onderdeel is None:
                continue
            if not (velden["persoon"] or velden["partij"] or velden["tekst"]):
                rij.fout("persoon", "vul een persoon, een partij of “In woorden” in.")
                continue
            sleutel = tuple(
                id(v) if isinstance(v, Record) else v
                for v in (onderdeel, soort, velden["persoon"], velden["partij"], velden["tekst"])
            )
            if not self.uniek(gezien, sleutel, rij, "soort", "Deze rol"):
                continue
            if velden["persoon"] is not None and not self.uniek(
                per_persoon,
                (id(onderdeel), id(soort), id(velden["persoon"])),
                rij,
                "persoon",
                "Deze persoon met deze rol",
            ):
                continue
            if velden["partij"] is not None and not self.uniek(
                per_partij,
                (id(onderdeel), id(soort), id(velden["partij"])),
                rij,
                "partij",
                "Deze partij met deze rol",
            ):
                continue
            label = next(
                (
                    w.label
                    for w in self.gelezen.vorm.lijst(KeuzelijstSoort.ROL).waarden
                    if w.record is soort
                ),
                "",
            )
            self.record(self.soorten.rol, velden, rij, rol=label)

    def _indicatoren(self):
        tabel = self.tabel(b.indicatoren_blad(self.gelezen.vorm), m.Indicator)
        if tabel is None:
            for indicator in getattr(self, "bestaande_indicatoren", []):
                rec = self.onderdelen.get(
                    (indicator.onderdeel.niveau.diepte, indicator.onderdeel.code)
                )
                if rec is not None:
                    self.indicatoren[(id(rec), indicator.naam.lower())] = indicator
            return
        self.begin(self.soorten.indicator)
        for rij in tabel.rijen():
            onderdeel = self._hoort_bij(rij)
            velden = {"onderdeel": onderdeel}
            rij.zet(velden, "naam", lezer=cellen.naam)
            rij.zet(velden, "eenheid", lezer=cellen.naam)
            rij.zet(velden, "bron", lezer=cellen.naam)
            rij.zet(
                velden,
                "frequentie",
                lezer=_keuze_of(Frequentie.KWARTAAL),
                keuzes=Frequentie.choices,
            )
            rij.zet(velden, "streefwaarde", lezer=cellen.decimaal, cijfers=16)
            rij.zet(velden, "streefjaar", lezer=cellen.geheel_getal)
            if (
                velden.get("streefjaar")
                and velden.get("streefwaarde") is None
                and "streefwaarde" not in rij.foute_kolommen
            ):
                rij.fout("streefwaarde", "bij een streefjaar hoort een streefwaarde.")
            if onderdeel is None or not velden.get("naam"):
                continue
            sleutel = (id(onderdeel), velden["naam"].lower())
            if sleutel in self.indicatoren:
                rij.fout(
                    "naam", "deze indicator staat er al bij; geef elke indicator een eigen naam."
                )
                continue
            self.indicatoren[sleutel] = self.record(self.soorten.indicator, velden, rij)

    def _metingen(self):
        tabel = self.tabel(b.metingen_blad(self.gelezen.vorm), m.Meting)
        if tabel is None:
            return
        self.begin(self.soorten.meting)
        gezien = {}
        for rij in tabel.rijen():
            onderdeel = self._hoort_bij(rij)
            naam = cellen.naam(rij.ruw("indicator"))
            indicator = self.indicatoren.get((id(onderdeel), naam.lower())) if onderdeel else None
            if onderdeel is not None and naam and indicator is None:
                rij.fout(
                    "indicator",
                    f"“{naam}” staat niet op blad {b.INDICATOREN} bij deze regel van Hoort bij.",
                )
            velden = {"indicator": indicator}
            rij.zet(velden, "jaar", lezer=cellen.geheel_getal)
            rij.zet(velden, "periode", lezer=cellen.geheel_getal, voorbeeld="2")
            velden["periode"] = velden.get("periode") or 0
            velden["gemeente"] = self.opzoeken(rij, "gemeente", self.gemeenten, b.GEMEENTEN)
            velden["aanbieder"] = self.opzoeken(rij, "aanbieder", self.partijen, b.PARTIJEN)
            rij.zet(velden, "waarde", lezer=cellen.decimaal, cijfers=16)
            rij.zet(velden, "toelichting", lezer=cellen.naam)
            if rij.fouten or indicator is None:
                continue
            frequentie = (
                indicator.velden.get("frequentie", Frequentie.KWARTAAL)
                if isinstance(indicator, Record)
                else indicator.frequentie
            )
            hoogste = {Frequentie.MAAND: 12, Frequentie.KWARTAAL: 4, Frequentie.JAAR: 0}[frequentie]
            if hoogste and not 1 <= velden["periode"] <= hoogste:
                rij.fout(
                    "periode", f"kies een {'maand (1–12)' if hoogste == 12 else 'kwartaal (1–4)'}."
                )
                continue
            if not hoogste and velden["periode"]:
                rij.fout("periode", "deze indicator wordt per jaar gemeten; laat dit leeg.")
                continue
            sleutel = (
                id(indicator),
                velden["jaar"],
                velden["periode"],
                id(velden["gemeente"]),
                id(velden["aanbieder"]),
            )
            if self.uniek(gezien, sleutel, rij, "waarde", "Een waarde voor deze periode"):
                self.record(self.soorten.meting, velden, rij)

    def _reserves(self):
        tabel = self.tabel(b.reserves_blad(), m.Reserve)
        if tabel is None:
            return
        self.begin(self.soorten.reserve)
        self.reserves = {}
        for rij in tabel.rijen():
            velden = {"plan": self.plan}
            rij.zet(velden, "naam", lezer=cellen.naam)
            rij.zet(velden, "peildatum", lezer=cellen.datum)
            rij.zet(velden, "saldo", lezer=cellen.decimaal)
            rij.zet(velden, "toelichting")
            if not velden.get("naam"):
                continue
            if velden["naam"].lower() in self.reserves:
                rij.fout("naam", "deze reserve staat al op een eerdere rij.")
                continue
            self.reserves[velden["naam"].lower()] = self.record(self.soorten.reserve, velden, rij)

    def _begroting(self):
        gemeenten = [
            (
                g.velden["cbs_code"] if isinstance(g, Record) else g.cbs_code,
                g.velden["naam"] if isinstance(g, Record) else g.naam,
            )
            for g in self.gemeenten.values()
        ]
        tabel = self.tabel(b.begroting_blad(self.gelezen.vorm, gemeenten), m.Begrotingspost)
        if tabel is None:
            return
        self.begin(self.soorten.post)
        self.begin(self.soorten.bijdrage)
        for rij in tabel.rijen():
            velden = {"plan": self.plan}
            rij.zet(velden, "omschrijving", lezer=cellen.naam)
            if rij.heeft("bron"):
                velden["bron"] = self.lijstwaarde(rij, "bron", KeuzelijstSoort.BRON)
            rij.zet(velden, "jaar_van", lezer=cellen.geheel_getal)
            rij.zet(velden, "jaar_tot_en_met", lezer=cellen.geheel_getal)
            rij.zet(velden, "bedrag", lezer=cellen.bedrag)
            rij.zet(velden, "structureel", lezer=cellen.ja_nee, leeg_is=None)
            rij.zet(velden, "verdeling", lezer=_keuze_of(Verdeling.GEEN), keuzes=Verdeling.choices)
            rij.zet(velden, "peildatum", lezer=cellen.datum)
            if rij.heeft("reserve"):
                velden["reserve"] = self.opzoeken(rij, "reserve", self.reserves, b.RESERVES)
            rij.zet(velden, "toelichting")
            onderdelen = self.verwijzingen(rij, "onderdelen")
            bijdragen = []
            for code, naam in gemeenten:
                id_ = f"bijdrage:{code}"
                if not rij.heeft(id_):
                    continue
                bedrag = rij.lees(id_, cellen.bedrag)
                if bedrag is not None and bedrag is not FOUT:
                    bijdragen.append((self.gemeenten[naam.lower()], bedrag))
            verdeling = velden.get("verdeling", Verdeling.GEEN)
            if (
                verdeling == Verdeling.NAAR_RATO
                and not velden.get("peildatum")
                and "peildatum" not in rij.foute_kolommen
            ):
                rij.fout(
                    "peildatum",
                    "naar rato verdelen gaat naar het inwonertal op een peildatum; vul die in.",
                )
            if (
                verdeling != Verdeling.GEEN
                and velden.get("bedrag") is None
                and "bedrag" not in rij.foute_kolommen
            ):
                rij.fout("bedrag", "een verdeling heeft een bedrag nodig.")
            van, tot = velden.get("jaar_van"), velden.get("jaar_tot_en_met")
            if van and tot and tot < van:
                rij.fout("jaar_tot_en_met", "het eindjaar ligt vóór het beginjaar.")
            if rij.fouten or onderdelen is FOUT:
                continue
            post = self.record(self.soorten.post, velden, rij)
            if onderdelen is not None:
                post.m2m["onderdelen"] = onderdelen
            for gemeente, bedrag in bijdragen:
                self.record(
                    self.soorten.bijdrage,
                    {"post": post, "gemeente": gemeente, "bedrag": bedrag},
                    rij,
                )

    def _overleg(self):
        tabel = self.tabel(b.overlegsecties_blad(), m.Overlegsectie)
        if tabel is not None:
            self.begin(self.soorten.overlegsectie)
            self.overlegsecties = {}
            for rij in tabel.rijen():
                velden = {"plan": self.plan}
                rij.zet(velden, "titel", lezer=cellen.naam)
                rij.zet(velden, "hoofdstuk", lezer=cellen.geheel_getal, voorbeeld="3")
                if not velden.get("titel"):
                    continue
                if velden["titel"].lower() in self.overlegsecties:
                    rij.fout("titel", "deze sectie staat al op een eerdere rij.")
                    continue
                self.overlegsecties[velden["titel"].lower()] = self.record(
                    self.soorten.overlegsectie, velden, rij
                )
        tabel = self.tabel(b.overleggen_blad(self.gelezen.vorm), m.Overlegstructuur)
        if tabel is None:
            return
        self.begin(self.soorten.overleg)
        for rij in tabel.rijen():
            sectie = self.opzoeken(rij, "sectie", self.overlegsecties, b.OVERLEGSECTIES)
            velden = {"sectie": sectie}
            for veld in ("nummer", "naam"):
                rij.zet(velden, veld, lezer=cellen.naam)
            for veld in (
                "trekker",
                "deelnemers",
                "frequentie",
                "doelstelling",
                "agenda",
                "voetnoot",
            ):
                rij.zet(velden, veld)
            onderdelen = self.verwijzingen(rij, "onderdelen")
            if rij.fouten or sectie is None or onderdelen is FOUT:
                continue
            rec = self.record(self.soorten.overleg, velden, rij)
            if onderdelen is not None:
                rec.m2m["onderdelen"] = onderdelen

    def _agendalijsten(self):
        tabel = self.tabel(b.agendalijsten_blad(), m.Agendalijst)
        if tabel is not None:
            self.begin(self.soorten.agendalijst)
            self.agendalijsten = {}
            for rij in tabel.rijen():
                velden = {"plan": self.plan}
                rij.zet(velden, "nummer", lezer=cellen.geheel_getal, voorbeeld="35")
                rij.zet(velden, "titel", lezer=cellen.naam)
                rij.zet(velden, "inhoudstitel", lezer=cellen.naam)
                if velden.get("nummer") is None:
                    continue
                if velden["nummer"] in self.agendalijsten:
                    rij.fout("nummer", "deze lijst staat al op een eerdere rij.")
                    continue
                self.agendalijsten[velden["nummer"]] = self.record(
                    self.soorten.agendalijst, velden, rij
                )
        tabel = self.tabel(b.agendapunten_blad(), m.Agendapunt)
        if tabel is None:
            return
        self.begin(self.soorten.agendapunt)
        gezien = {}
        for rij in tabel.rijen():
            nummer = rij.lees("lijst", cellen.geheel_getal, voorbeeld="35")
            lijst = self.agendalijsten.get(nummer) if nummer not in (None, FOUT) else None
            if nummer not in (None, FOUT) and lijst is None:
                rij.fout("lijst", f"lijst {nummer} staat niet op blad {b.AGENDALIJSTEN}.")
            velden = {"lijst": lijst}
            rij.zet(velden, "nummer", lezer=cellen.geheel_getal, voorbeeld="1")
            velden["subregio"] = self.opzoeken(rij, "subregio", self.subregios, b.SUBREGIOS)
            rij.zet(velden, "omschrijving")
            if rij.fouten or lijst is None:
                continue
            if self.uniek(gezien, (nummer, velden["nummer"]), rij, "nummer", "Dit punt"):
                self.record(self.soorten.agendapunt, velden, rij)

    def _toetsing(self):
        tabel = self.tabel(b.toetsing_blad(self.gelezen.vorm), m.Toetsing)
        if tabel is None:
            return
        self.begin(self.soorten.toetsing)
        gezien = {}
        for rij in tabel.rijen():
            kader = cellen.naam(rij.ruw("kader"))
            code = cellen.naam(rij.ruw("eis"))
            eis = self.eisen.get((kader, code.lower()))
            if kader and code and eis is None:
                rij.fout(
                    "eis",
                    f"eis “{code}” van kader “{kader}” staat niet op blad {b.TOETSINGSEISEN}.",
                )
            velden = {"plan": self.plan, "eis": eis}
            rij.zet(velden, "toelichting")
            onderdelen = self.verwijzingen(rij, "onderdelen")
            hoofdstukken = None
            if rij.heeft("hoofdstukken"):
                hoofdstukken = []
                for titel in cellen.meerdere(rij.ruw("hoofdstukken")):
                    gevonden = self.hoofdstukken.get(titel.lower())
                    if gevonden is None:
                        rij.fout(
                            "hoofdstukken", f"“{titel}” is geen titel op blad {b.HOOFDSTUKKEN}."
                        )
                    else:
                        hoofdstukken.append(gevonden)
            if rij.fouten or eis is None or onderdelen is FOUT:
                continue
            if not self.uniek(gezien, id(eis), rij, "eis", "Deze eis"):
                continue
            rec = self.record(self.soorten.toetsing, velden, rij)
            if onderdelen is not None:
                rec.m2m["onderdelen"] = onderdelen
            if hoofdstukken is not None:
                rec.m2m["hoofdstukken"] = hoofdstukken


def _origineel(index: dict, sleutel: str) -> str:
    gevonden = index.get(sleutel)
    for veld in ("naam", "titel", "afkorting", "slug"):
        if isinstance(gevonden, Record) and gevonden.velden.get(veld):
            return gevonden.velden[veld]
        if gevonden is not None and getattr(gevonden, veld, None):
            return getattr(gevonden, veld)
    return sleutel


def _sectiesoorten():
    return [(x.value, x.value) for x in SectieSoort] + list(SectieSoort.choices)


def slug_geldig(tekst: str) -> bool:
    try:
        validate_slug(tekst)
    except ValidationError:
        return False
    return True
