"""A plan as one Excel workbook, and the blank template of a plan shape.

Every sheet and column comes from agenda.excel.bladen; the rows are read in a fixed number of
queries, whatever the size of the plan. The moment of export is kept in the workbook's document
properties (not in a cell), so that an import can tell what others changed since.
"""

import io
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from regio.constants import DeelnameRol
from regio.models import Deelname, Inwonertal

from .. import models as m
from ..constants import HoofdstukSoort, KeuzelijstSoort, SectieSoort
from . import bladen as b
from . import uitbreidingen
from .cellen import (
    BEDRAGNOTATIE,
    DATUMNOTATIE,
    GETALNOTATIE,
    SCHEIDING,
    cel_vullen,
    ja_nee_tekst,
)
from .vorm import Vorm, lijstvolgorde, vorm_uit_database

EIGENSCHAP_MOMENT = "Transformatie-agenda export"
EIGENSCHAP_PLAN = "Transformatie-agenda plan"
MOMENTNOTATIE = "%Y-%m-%dT%H:%M:%S.%f%z"
BREEDTES = {b.TEKST: 24, b.LANG: 60, b.GETAL: 12, b.BEDRAG: 16, b.DATUM: 13, b.JANEE: 11}
KOPSTIJL = Font(bold=True)
KOPVULLING = PatternFill("solid", fgColor="DDE7F0")


def verwijzing(onderdeel) -> str:
    return f"{onderdeel.niveau.naam} {onderdeel.code}"


def plan_exporteren(plan, *, alleen_vastgesteld: bool = False) -> bytes:
    """The whole plan. `alleen_vastgesteld`: only adopted quarterly reports (an example for
    other regions shows no drafts)."""
    moment = timezone.now()
    plan = m.Plan.objects.select_related("regio", "planvorm", "ouder").get(pk=plan.pk)
    vorm = vorm_uit_database(plan.planvorm)
    gegevens = _Gegevens(vorm, plan)
    bladen = gegevens.bladen(alleen_vastgesteld=alleen_vastgesteld)
    return _werkboek(
        bladen,
        vorm,
        {EIGENSCHAP_MOMENT: moment.strftime(MOMENTNOTATIE), EIGENSCHAP_PLAN: plan.slug},
    )


def sjabloon(planvorm, *, regio=None) -> bytes:
    """A blank workbook in a shape's words; with `regio`, its gemeenten, parties and people
    filled in already."""
    vorm = vorm_uit_database(planvorm)
    gegevens = _Gegevens(vorm, None, regio=regio)
    return _werkboek(gegevens.bladen(alleen_vastgesteld=False), vorm, {})


class _Gegevens:
    def __init__(self, vorm: Vorm, plan, regio=None):
        self.vorm, self.plan = vorm, plan
        self.regio = plan.regio if plan is not None else regio

    def bladen(self, *, alleen_vastgesteld: bool) -> list[tuple[b.Bladdef, list[dict]]]:
        vorm, plan = self.vorm, self.plan
        onderdelen = self._onderdelen()
        resultaat = [(b.plan_blad(), [self._plan()])]
        resultaat.append((b.hoofdstukken_blad(vorm), self._hoofdstukken()))
        for niveau in vorm.niveaus:
            eigen = [o for o in onderdelen if o.niveau.diepte == niveau.diepte]
            resultaat.append((b.niveau_blad(vorm, niveau), [self._onderdeel(o) for o in eigen]))
        if vorm.heeft(SectieSoort.BELEIDSDOELEN) or self._heeft(m.Beleidsdoel):
            resultaat.append(
                (b.lijst_blad(vorm, b.BELEIDSDOELEN, "een beleidsdoel"), self._lijst(m.Beleidsdoel))
            )
        if vorm.heeft(SectieSoort.EFFECTEN) or self._heeft(m.MaatschappelijkEffect):
            resultaat.append(
                (
                    b.lijst_blad(vorm, b.EFFECTEN, "een effect"),
                    self._lijst(m.MaatschappelijkEffect),
                )
            )
        rollen = b.rollen_blad(vorm)
        if rollen is not None:
            resultaat.append((rollen, self._rollen()))
        if vorm.heeft(SectieSoort.INDICATOREN) or self._heeft(m.Indicator):
            indicatoren, metingen = self._indicatoren()
            resultaat.append((b.indicatoren_blad(vorm), indicatoren))
            resultaat.append((b.metingen_blad(vorm), metingen))
        if (
            vorm.heeft(SectieSoort.BEGROTING)
            or self._heeft(m.Begrotingspost)
            or self._heeft(m.Reserve)
        ):
            posten, gemeenten = self._begroting()
            resultaat.append((b.begroting_blad(vorm, gemeenten), posten))
            resultaat.append((b.reserves_blad(), self._reserves()))
        resultaat.append((b.vaststellingen_blad(), self._vaststellingen()))
        if self._heeft(m.Overlegsectie):
            secties, overleggen = self._overleg()
            resultaat.append((b.overlegsecties_blad(), secties))
            resultaat.append((b.overleggen_blad(vorm), overleggen))
        if self._heeft(m.Agendalijst):
            lijsten, punten = self._agendalijsten()
            resultaat.append((b.agendalijsten_blad(), lijsten))
            resultaat.append((b.agendapunten_blad(), punten))
        if plan is not None and plan.toetsingskaders.exists():
            kaders, eisen, toetsingen = self._toetsing()
            resultaat.append((b.toetsingskaders_blad(), kaders))
            resultaat.append((b.toetsingseisen_blad(), eisen))
            resultaat.append((b.toetsing_blad(vorm), toetsingen))
        for uitbreiding in uitbreidingen.alle():
            rijen = uitbreiding.rijen(vorm, plan, alleen_vastgesteld=alleen_vastgesteld)
            for definitie in uitbreiding.bladdefinities(vorm):
                resultaat.append((definitie, rijen.get(definitie.naam, [])))
        resultaat += self._regio()
        resultaat += self._vorm()
        return resultaat

    def _heeft(self, model) -> bool:
        if self.plan is None:
            return False
        veld = {
            m.Beleidsdoel: "onderdeel__plan",
            m.MaatschappelijkEffect: "onderdeel__plan",
            m.Indicator: "onderdeel__plan",
        }.get(model, "plan")
        return model.objects.filter(**{veld: self.plan}).exists()

    # --- The plan ---------------------------------------------------------------------------

    def _plan(self) -> dict:
        plan = self.plan
        if plan is None:
            return {}
        return {
            "titel": plan.titel,
            "ondertitel": plan.ondertitel,
            "slug": plan.slug,
            "jaar_van": plan.jaar_van,
            "jaar_tot_en_met": plan.jaar_tot_en_met,
            "versiedatum": plan.versiedatum,
            "status": plan.get_status_display(),
            "vastgesteld_op": plan.vastgesteld_op,
            "ouder": plan.ouder.slug if plan.ouder else "",
        }

    def _hoofdstukken(self) -> list[dict]:
        soorten = dict(b.hoofdstuksoorten(self.vorm))
        if self.plan is None:
            # A start a plan document needs: without a chapter for the outline the plan's PDF
            # would show its title page only.
            rijen = [
                {"nummer": "1", "titel": "Inleiding", "soort": soorten[HoofdstukSoort.TEKST]},
                {
                    "nummer": "2",
                    "titel": soorten[HoofdstukSoort.ONDERDELEN],
                    "soort": soorten[HoofdstukSoort.ONDERDELEN],
                },
            ]
            if self.vorm.heeft(SectieSoort.BEGROTING):
                rijen.append(
                    {
                        "nummer": "3",
                        "titel": "Begroting",
                        "soort": soorten[HoofdstukSoort.BEGROTING],
                    }
                )
            return rijen
        return [
            {
                "nummer": h.nummer,
                "titel": h.titel,
                "soort": soorten.get(h.soort, h.soort),
                "tekst": h.tekst,
            }
            for h in self.plan.hoofdstukken.order_by("volgorde", "pk")
        ]

    def _onderdelen(self) -> list:
        if self.plan is None:
            return []
        niveaus = {n.pk: n for n in self.plan.planvorm.niveaus.all()}
        onderdelen = list(
            self.plan.onderdelen.select_related("schaal", "prioriteit", "subregio", "ouder")
            .prefetch_related("domeinen")
            .order_by("pad", "pk")
        )
        for onderdeel in onderdelen:
            onderdeel.niveau = niveaus[onderdeel.niveau_id]
        return onderdelen

    def _onderdeel(self, o) -> dict:
        vniveau = self.vorm.niveau(o.niveau.diepte)
        domeinen = sorted(o.domeinen.all(), key=lambda d: (d.volgorde, d.code))
        volgorde = [s.sleutel for s in vniveau.secties]
        rijlabels = sorted(
            (o.rijlabels or {}).items(),
            key=lambda kv: (volgorde.index(kv[0]) if kv[0] in volgorde else len(volgorde), kv[0]),
        )
        rij = {
            "code": o.code,
            "ouder": o.ouder.code if o.ouder_id else "",
            "titel": o.titel,
            "inhoudstitel": o.inhoudstitel,
            "tekst": o.tekst,
            "schaal": o.schaal.label if o.schaal else "",
            "domeinen": SCHEIDING.join(d.label for d in domeinen),
            "subregio": o.subregio.afkorting if o.subregio else "",
            "prioriteit": o.prioriteit.label if o.prioriteit else "",
            "prioriteit_tekst": o.prioriteit_tekst,
            "prioriteit_toelichting": o.prioriteit_toelichting,
            "deadline_tekst": o.deadline_tekst,
            "lijstniveau": "" if o.lijstniveau == 1 else dict(b.LIJSTNIVEAUS)[o.lijstniveau],
            "rijlabels": "\n".join(f"{k}: {v}" for k, v in rijlabels),
        }
        for sectie in vniveau.secties:
            if sectie.soort == SectieSoort.TEKST:
                rij[f"tekst:{sectie.sleutel}"] = (o.teksten or {}).get(sectie.sleutel, "")
        return rij

    def _lijst(self, model) -> list[dict]:
        if self.plan is None:
            return []
        items = model.objects.filter(onderdeel__plan=self.plan).select_related("onderdeel__niveau")
        return [
            {
                "hoort_bij": verwijzing(i.onderdeel),
                "niveau": "" if i.niveau == 1 else dict(b.LIJSTNIVEAUS)[i.niveau],
                "tekst": i.tekst,
            }
            for i in items.order_by("onderdeel__pad", "volgorde", "pk")
        ]

    def _rollen(self) -> list[dict]:
        if self.plan is None:
            return []
        rollen = m.Rol.objects.filter(onderdeel__plan=self.plan).select_related(
            "onderdeel__niveau",
            "soort",
            "persoon",
            "partij",
            "schaal_organisatie",
            "schaal_uitvoering",
        )
        return [
            {
                "hoort_bij": verwijzing(r.onderdeel),
                "soort": r.soort.label,
                "persoon": r.persoon.naam if r.persoon else "",
                "partij": r.partij.naam if r.partij else "",
                "tekst": r.tekst,
                "toelichting": r.toelichting,
                "sturingsvorm": r.get_sturingsvorm_display() if r.sturingsvorm else "",
                "schaal_organisatie": r.schaal_organisatie.label if r.schaal_organisatie else "",
                "schaal_uitvoering": r.schaal_uitvoering.label if r.schaal_uitvoering else "",
            }
            for r in rollen.order_by("onderdeel__pad", "volgorde", "pk")
        ]

    def _indicatoren(self):
        if self.plan is None:
            return [], []
        indicatoren = list(
            m.Indicator.objects.filter(onderdeel__plan=self.plan)
            .select_related("onderdeel__niveau")
            .prefetch_related(
                Prefetch(
                    "metingen",
                    queryset=m.Meting.objects.select_related("gemeente", "aanbieder").order_by(
                        "jaar", "periode", "gemeente__naam", "aanbieder__naam", "pk"
                    ),
                )
            )
            .order_by("onderdeel__pad", "volgorde", "pk")
        )
        rijen, metingen = [], []
        for i in indicatoren:
            rijen.append(
                {
                    "hoort_bij": verwijzing(i.onderdeel),
                    "naam": i.naam,
                    "eenheid": i.eenheid,
                    "bron": i.bron,
                    "frequentie": i.get_frequentie_display(),
                    "streefwaarde": i.streefwaarde,
                    "streefjaar": i.streefjaar,
                }
            )
            for meting in i.metingen.all():
                metingen.append(
                    {
                        "hoort_bij": verwijzing(i.onderdeel),
                        "indicator": i.naam,
                        "jaar": meting.jaar,
                        "periode": meting.periode or None,
                        "gemeente": meting.gemeente.naam if meting.gemeente else "",
                        "aanbieder": meting.aanbieder.naam if meting.aanbieder else "",
                        "waarde": meting.waarde,
                        "toelichting": meting.toelichting,
                    }
                )
        return rijen, metingen

    def _begroting(self):
        if self.plan is None:
            return [], []
        posten = list(
            self.plan.begrotingsposten.select_related("bron", "reserve")
            .prefetch_related(
                Prefetch("onderdelen", queryset=m.Onderdeel.objects.select_related("niveau")),
                Prefetch("bijdragen", queryset=m.Bijdrage.objects.select_related("gemeente")),
            )
            .order_by("volgorde", "pk")
        )
        met_bijdrage = {bijdrage.gemeente for post in posten for bijdrage in post.bijdragen.all()}
        gemeenten = [
            (g.cbs_code, g.naam) for g in sorted(met_bijdrage, key=lambda g: (g.naam, g.cbs_code))
        ]
        rijen = []
        for post in posten:
            rij = {
                "omschrijving": post.omschrijving,
                "bron": post.bron.label if post.bron else "",
                "jaar_van": post.jaar_van,
                "jaar_tot_en_met": post.jaar_tot_en_met,
                "bedrag": post.bedrag,
                "structureel": ja_nee_tekst(post.structureel),
                "verdeling": post.get_verdeling_display(),
                "peildatum": post.peildatum,
                "reserve": post.reserve.naam if post.reserve else "",
                "onderdelen": SCHEIDING.join(
                    verwijzing(o) for o in sorted(post.onderdelen.all(), key=lambda o: o.pad)
                ),
                "toelichting": post.toelichting,
            }
            for bijdrage in post.bijdragen.all():
                rij[f"bijdrage:{bijdrage.gemeente.cbs_code}"] = bijdrage.bedrag
            rijen.append(rij)
        return rijen, gemeenten

    def _reserves(self) -> list[dict]:
        if self.plan is None:
            return []
        return [
            {
                "naam": r.naam,
                "peildatum": r.peildatum,
                "saldo": r.saldo,
                "toelichting": r.toelichting,
            }
            for r in self.plan.reserves.order_by("naam", "pk")
        ]

    def _vaststellingen(self) -> list[dict]:
        if self.plan is None:
            return []
        return [
            {
                "gemeente": v.gemeente.naam,
                "orgaan": v.get_orgaan_display(),
                "datum": v.datum,
                "kenmerk": v.kenmerk,
            }
            for v in self.plan.vaststellingen.select_related("gemeente").order_by(
                "gemeente__naam", "orgaan", "pk"
            )
        ]

    def _overleg(self):
        secties = list(
            self.plan.overlegsecties.prefetch_related(
                Prefetch(
                    "overleggen",
                    queryset=m.Overlegstructuur.objects.prefetch_related(
                        Prefetch(
                            "onderdelen", queryset=m.Onderdeel.objects.select_related("niveau")
                        )
                    ).order_by("volgorde", "pk"),
                )
            ).order_by("volgorde", "pk")
        )
        rijen, overleggen = [], []
        for sectie in secties:
            rijen.append({"titel": sectie.titel, "hoofdstuk": sectie.hoofdstuk})
            for o in sectie.overleggen.all():
                overleggen.append(
                    {
                        "sectie": sectie.titel,
                        "nummer": o.nummer,
                        "naam": o.naam,
                        "trekker": o.trekker,
                        "deelnemers": o.deelnemers,
                        "frequentie": o.frequentie,
                        "doelstelling": o.doelstelling,
                        "agenda": o.agenda,
                        "voetnoot": o.voetnoot,
                        "onderdelen": SCHEIDING.join(
                            verwijzing(x) for x in sorted(o.onderdelen.all(), key=lambda x: x.pad)
                        ),
                    }
                )
        return rijen, overleggen

    def _agendalijsten(self):
        lijsten = list(
            self.plan.agendalijsten.prefetch_related("punten__subregio").order_by("nummer")
        )
        punten = [
            {
                "lijst": lijst.nummer,
                "nummer": p.nummer,
                "subregio": p.subregio.afkorting if p.subregio else "",
                "omschrijving": p.omschrijving,
            }
            for lijst in lijsten
            for p in sorted(lijst.punten.all(), key=lambda p: p.nummer)
        ]
        rijen = [
            {"nummer": lijst.nummer, "titel": lijst.titel, "inhoudstitel": lijst.inhoudstitel}
            for lijst in lijsten
        ]
        return rijen, punten

    def _toetsing(self):
        kaders = list(self.plan.toetsingskaders.prefetch_related("eisen").order_by("naam", "slug"))
        toetsingen = {
            t.eis_id: t
            for t in self.plan.toetsingen.prefetch_related(
                Prefetch("onderdelen", queryset=m.Onderdeel.objects.select_related("niveau")),
                "hoofdstukken",
            )
        }
        kaderrijen, eisrijen, toetsrijen = [], [], []
        for kader in kaders:
            kaderrijen.append(
                {
                    "slug": kader.slug,
                    "naam": kader.naam,
                    "bron": kader.bron,
                    "omschrijving": kader.omschrijving,
                }
            )
            for eis in sorted(kader.eisen.all(), key=lambda e: (e.volgorde, e.pk)):
                eisrijen.append(
                    {
                        "kader": kader.slug,
                        "code": eis.code,
                        "groep": eis.groep,
                        "titel": eis.titel,
                        "verplicht": ja_nee_tekst(eis.verplicht),
                    }
                )
                toetsing = toetsingen.get(eis.pk)
                if toetsing is None:
                    continue
                toetsrijen.append(
                    {
                        "kader": kader.slug,
                        "eis": eis.code,
                        "onderdelen": SCHEIDING.join(
                            verwijzing(o)
                            for o in sorted(toetsing.onderdelen.all(), key=lambda o: o.pad)
                        ),
                        "hoofdstukken": SCHEIDING.join(
                            h.titel
                            for h in sorted(
                                toetsing.hoofdstukken.all(), key=lambda h: (h.volgorde, h.pk)
                            )
                        ),
                        "toelichting": toetsing.toelichting,
                    }
                )
        return kaderrijen, eisrijen, toetsrijen

    # --- The region -------------------------------------------------------------------------

    def _regio(self) -> list[tuple[b.Bladdef, list[dict]]]:
        regio = self.regio
        if regio is None:
            return [
                (definitie, [{}] if definitie.kenmerken else [])
                for definitie in (
                    b.regio_blad(),
                    b.subregios_blad(),
                    b.gemeenten_blad(),
                    b.inwonertallen_blad(),
                    b.partijen_blad(),
                    b.personen_blad(),
                )
            ]
        deelnames = list(
            Deelname.objects.filter(regio=regio)
            .select_related("gemeente", "subregio")
            .order_by("gemeente__naam", "gemeente__cbs_code")
        )
        gemeenten = [d.gemeente for d in deelnames]
        tallen = Inwonertal.objects.filter(gemeente__in=gemeenten).select_related("gemeente")
        return [
            (b.regio_blad(), [{"naam": regio.naam, "slug": regio.slug, "soort": regio.soort}]),
            (
                b.subregios_blad(),
                [
                    {"afkorting": x.afkorting, "naam": x.naam}
                    for x in regio.subregios.order_by("naam", "afkorting")
                ],
            ),
            (
                b.gemeenten_blad(),
                [
                    {
                        "naam": d.gemeente.naam,
                        "cbs_code": d.gemeente.cbs_code,
                        "subregio": d.subregio.afkorting if d.subregio else "",
                        "centrumgemeente": "Ja" if d.rol == DeelnameRol.CENTRUMGEMEENTE else "",
                    }
                    for d in deelnames
                ],
            ),
            (
                b.inwonertallen_blad(),
                [
                    {
                        "gemeente": t.gemeente.naam,
                        "peildatum": t.peildatum,
                        "aantal": t.aantal,
                        "bron": t.bron,
                    }
                    for t in tallen.order_by("gemeente__naam", "gemeente__cbs_code", "peildatum")
                ],
            ),
            (
                b.partijen_blad(),
                [
                    {
                        "naam": p.naam,
                        "soort": p.get_soort_display(),
                        "organisatietype": p.get_organisatietype_display()
                        if p.organisatietype
                        else "",
                        "gemeente": p.gemeente.naam if p.gemeente else "",
                    }
                    for p in regio.partijen.select_related("gemeente").order_by("naam")
                ],
            ),
            (
                b.personen_blad(),
                [
                    {
                        "naam": p.naam,
                        "functie": p.functie,
                        "gemeente": p.gemeente.naam if p.gemeente else "",
                        "organisatie": p.organisatie.naam if p.organisatie else "",
                    }
                    for p in regio.personen.select_related("gemeente", "organisatie").order_by(
                        "naam"
                    )
                ],
            ),
        ]

    # --- The shape --------------------------------------------------------------------------

    def _vorm(self) -> list[tuple[b.Bladdef, list[dict]]]:
        vorm = self.vorm
        rapportage = vorm.rapportageniveau
        return [
            (
                b.planvorm_blad(),
                [
                    {
                        "naam": vorm.naam,
                        "slug": vorm.slug,
                        "omschrijving": vorm.omschrijving,
                        "rapportageniveau": rapportage.naam if rapportage else "",
                    }
                ],
            ),
            (
                b.niveaus_blad(),
                [
                    {
                        "diepte": n.diepte,
                        "naam": n.naam,
                        "meervoud": n.meervoud,
                        "lidwoord": n.lidwoord,
                        "slug": n.slug,
                        "code_tonen": ja_nee_tekst(n.code_tonen),
                        "schaal_met_domeinen": ja_nee_tekst(n.schaal_met_domeinen),
                    }
                    for n in vorm.niveaus
                ],
            ),
            (
                b.secties_blad(),
                [
                    {
                        "niveau": n.naam,
                        "sleutel": x.sleutel,
                        "letter": x.letter,
                        "label": x.label,
                        "soort": x.soort,
                        "in_rapportage": ja_nee_tekst(x.in_rapportage),
                        "als_kolom": ja_nee_tekst(x.als_kolom),
                    }
                    for n in vorm.niveaus
                    for x in n.secties
                ],
            ),
            (
                b.keuzelijsten_blad(),
                [
                    {"soort": x.soort, "naam": x.naam, "meervoud": x.meervoud}
                    for x in lijstvolgorde(vorm)
                ],
            ),
            (
                b.lijstwaarden_blad(),
                [
                    {
                        "lijst": lijst.soort,
                        "code": w.code,
                        "label": w.label,
                        "kort": w.kort,
                        "meervoud": w.meervoud,
                        "betekenis": w.betekenis,
                        "rapporteert": _alleen_bij_rollen(lijst, w.rapporteert),
                        "leidend": _alleen_bij_rollen(lijst, w.leidend),
                    }
                    for lijst in lijstvolgorde(vorm)
                    for w in lijst.waarden
                ],
            ),
        ]


def _alleen_bij_rollen(lijst, waarde: bool) -> str:
    """Only roles say who reports and who leads: other lists leave the column empty."""
    return ja_nee_tekst(waarde) if lijst.soort == KeuzelijstSoort.ROL or waarde else ""


# --- Writing the workbook -----------------------------------------------------------------------


def _leeg(waarde) -> bool:
    return waarde is None or waarde == ""


def _werkboek(bladen, vorm: Vorm, eigenschappen: dict) -> bytes:
    boek = Workbook()
    boek.remove(boek.active)
    toelichting = boek.create_sheet(b.TOELICHTING)
    getoond = []
    for definitie, rijen in bladen:
        blad = boek.create_sheet(definitie.naam)
        if definitie.kenmerken:
            _kenmerken_schrijven(blad, definitie, rijen[0] if rijen else {})
            getoond.append((definitie, definitie.kolommen))
        else:
            kolommen = [
                k
                for k in definitie.kolommen
                if k.altijd or any(not _leeg(r.get(k.id)) for r in rijen)
            ]
            _tabel_schrijven(blad, kolommen, rijen)
            getoond.append((definitie, kolommen))
    _toelichting_schrijven(toelichting, getoond, vorm)
    boek.properties.creator = "Transformatie-agenda"
    for naam, waarde in eigenschappen.items():
        boek.custom_doc_props.append(StringProperty(name=naam, value=waarde))
    uitvoer = io.BytesIO()
    boek.save(uitvoer)
    return uitvoer.getvalue()


def _kop_schrijven(blad, koppen: list[str], breedtes: list[int]):
    for kolom, (kop, breedte) in enumerate(zip(koppen, breedtes, strict=True), start=1):
        cel = blad.cell(row=1, column=kolom)
        cel_vullen(cel, kop)
        cel.font = KOPSTIJL
        cel.fill = KOPVULLING
        blad.column_dimensions[get_column_letter(kolom)].width = breedte
    blad.freeze_panes = "A2"


def _cel(blad, rij: int, kolom: int, waarde, notatie: str):
    cel = blad.cell(row=rij, column=kolom)
    if isinstance(waarde, datetime):
        waarde = waarde.date()
    if isinstance(waarde, Decimal):
        waarde = (
            int(waarde) if waarde == waarde.to_integral() and notatie != b.BEDRAG else float(waarde)
        )
    formaat = None
    if notatie == b.BEDRAG and isinstance(waarde, int | float):
        formaat = BEDRAGNOTATIE
    elif notatie == b.GETAL and isinstance(waarde, float):
        formaat = GETALNOTATIE
    elif isinstance(waarde, date):
        formaat = DATUMNOTATIE
    elif notatie in (b.TEKST, b.LANG) and isinstance(waarde, str):
        formaat = "@"  # what is typed here later stays text (Excel would make 1.10 the number 1.1)
    cel_vullen(cel, waarde, notatie=formaat)
    if notatie == b.LANG:
        cel.alignment = Alignment(wrap_text=True, vertical="top")


def _tabel_schrijven(blad, kolommen: list[b.Kolom], rijen: list[dict]):
    _kop_schrijven(blad, [k.kop for k in kolommen], [BREEDTES[k.notatie] for k in kolommen])
    for rijnummer, rij in enumerate(rijen, start=2):
        for kolomnummer, kolom in enumerate(kolommen, start=1):
            waarde = rij.get(kolom.id)
            if not _leeg(waarde):
                _cel(blad, rijnummer, kolomnummer, waarde, kolom.notatie)
    if kolommen:
        blad.auto_filter.ref = f"A1:{get_column_letter(len(kolommen))}{max(len(rijen) + 1, 2)}"


def _kenmerken_schrijven(blad, definitie: b.Bladdef, rij: dict):
    _kop_schrijven(blad, [b.GEGEVEN, b.WAARDE], [26, 60])
    for rijnummer, kolom in enumerate(definitie.kolommen, start=2):
        cel_vullen(blad.cell(row=rijnummer, column=1), kolom.kop)
        blad.cell(row=rijnummer, column=1).font = KOPSTIJL
        waarde = rij.get(kolom.id)
        if not _leeg(waarde):
            _cel(blad, rijnummer, 2, waarde, kolom.notatie)


INLEIDING = [
    "Dit werkboek bevat een heel plan: elk blad één soort gegevens, elke rij één gegeven. "
    "Het kan ingelezen worden met “Plan uit Excel importeren” (beheer) of met "
    "python manage.py importeer_plan BESTAND.",
    "Eerst wordt alles gecontroleerd; fouten worden allemaal tegelijk gemeld, met blad, rij en "
    "kolom. Daarna ziet u wat er wordt aangemaakt, gewijzigd en verwijderd, en pas na uw "
    "bevestiging wordt alles in één keer opgeslagen (of niets).",
    "Rijen worden herkend aan hun nummer of naam: wat ongewijzigd is, blijft onaangeroerd. Een "
    "rij die u weghaalt, wordt alleen verwijderd als u dat bij het importeren bevestigt. Een blad "
    "dat u weghaalt, blijft in de applicatie zoals het is (behalve de bladen Plan, Planvorm, Regio "
    "en die van de niveaus, die nodig zijn). Een kolom die u weghaalt, ook.",
    "Datums typt u als datum (31-12-2015), bedragen als getal zonder € en zonder punten voor "
    "duizendtallen (2500 of 2500,50). Formules worden niet uitgerekend: de waarde die Excel "
    "opsloeg, wordt gebruikt. Voeg geen cellen samen en verberg geen bladen.",
    "Een vastgestelde kwartaalrapportage verandert een import niet; heropen daarvoor eerst de "
    "periode in de rapportagecyclus.",
    "Accounts staan niet in het werkboek (wie een rapportage ook mag invullen, wie iets invulde): "
    "die zijn persoonlijk en worden in het beheer bijgehouden; een import laat ze zoals ze zijn.",
]


def _toelichting_schrijven(blad, getoond, vorm: Vorm):
    blad.column_dimensions["A"].width = 26
    blad.column_dimensions["B"].width = 30
    blad.column_dimensions["C"].width = 11
    blad.column_dimensions["D"].width = 100
    rij = 1
    cel_vullen(blad.cell(row=rij, column=1), f"Werkboek van een plan in de vorm “{vorm.naam}”")
    blad.cell(row=rij, column=1).font = Font(bold=True, size=14)
    rij += 2
    for alinea in INLEIDING:
        cel = blad.cell(row=rij, column=1)
        cel_vullen(cel, alinea)
        rij += 1
    rij += 1
    for kolom, kop in enumerate(("Blad", "Kolom", "Verplicht", "Uitleg"), start=1):
        cel = blad.cell(row=rij, column=kolom)
        cel_vullen(cel, kop)
        cel.font = KOPSTIJL
        cel.fill = KOPVULLING
    for definitie, kolommen in getoond:
        rij += 1
        cel_vullen(blad.cell(row=rij, column=1), definitie.naam)
        blad.cell(row=rij, column=1).font = KOPSTIJL
        cel_vullen(blad.cell(row=rij, column=4), definitie.uitleg)
        blad.cell(row=rij, column=4).alignment = Alignment(wrap_text=True, vertical="top")
        zichtbaar = {k.id for k in kolommen}
        for kolom in definitie.kolommen:
            rij += 1
            cel_vullen(blad.cell(row=rij, column=1), definitie.naam)
            cel_vullen(blad.cell(row=rij, column=2), kolom.kop)
            cel_vullen(blad.cell(row=rij, column=3), "Ja" if kolom.verplicht else "")
            uitleg = kolom.uitleg
            if kolom.id not in zichtbaar:
                uitleg += " (Deze kolom staat niet op het blad omdat hij leeg is; voeg hem toe als u hem nodig hebt.)"
            cel_vullen(blad.cell(row=rij, column=4), uitleg)
            blad.cell(row=rij, column=4).alignment = Alignment(wrap_text=True, vertical="top")
