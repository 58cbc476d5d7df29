"""The PDF documents: whole plan, quarterly report, single theme and a selection of themes.

Each document is described by a `Document` (what its title page, contents and parts show), turned
into HTML by templates/pdf/document.html and into PDF by documenten.pdf. `inhoudsversie` hashes
everything a document shows, so an unchanged document can be served from storage.
"""

import functools
import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import connections, router
from django.db.models import Count, DateTimeField, Max, Prefetch, Q, Value
from django.template.loader import render_to_string
from django.utils.text import slugify

from agenda import opmaak
from agenda.constants import HoofdstukSoort, PlanStatus
from agenda.models import (
    Agendalijst,
    Agendapunt,
    Begrotingspost,
    Beleidsdoel,
    Bijdrage,
    Hoofdstuk,
    Indicator,
    Keuzelijst,
    Lijstwaarde,
    MaatschappelijkEffect,
    Meting,
    Niveau,
    Onderdeel,
    Overlegsectie,
    Overlegstructuur,
    Plan,
    Planvorm,
    Reserve,
    Rol,
    Sectie,
    Toetsing,
    Vaststelling,
)
from agenda.selectors import (
    begrotingsposten_van_plan,
    groepen_met_onderdelen,
    onderdelen_met_inhoud,
)
from agenda.toetsing import toetsing_van_plan
from rapportage.constants import PeriodeStatus, RapportageStatus
from rapportage.models import Rapportageperiode, ThemaRapportage
from rapportage.selectors import rapport_inhoud, rapporten_per_onderdeel, stand_van_rapport
from regio.models import Deelname, Gemeente, Inwonertal, Partij, Persoon, Regio, Subregio

from . import pdf

AUTEUR_SUFFIX = "samenwerkende gemeenten"


@dataclass
class Inhoudsitem:
    anker: str
    titel: str
    kinderen: list["Inhoudsitem"] = field(default_factory=list)


KOP_LENGTE = 110  # characters of the running header: about the width of its margin box


@dataclass
class Document:
    """Everything templates/pdf/document.html shows, and how the file is named."""

    soort: str  # "plan", "rapport", "thema" or "selectie"
    titel: str
    regio: str
    periode: str
    status: str
    vastgesteld_op: date | None
    bestandsnaam: str
    ondertitel: str = ""
    selectie: str = ""
    titelpagina: bool = True
    # The running header, when it should say more than the title. The document carries it
    # (templates/pdf/document.html, print.css string-set): no stylesheet is built from user text.
    kop: str = ""
    # The last change to what the document shows: its creation date (inhoudsdatum).
    aangemaakt: datetime | None = None
    inhoud: list[Inhoudsitem] = field(default_factory=list)
    delen: list[dict] = field(default_factory=list)

    @property
    def koptekst(self) -> str:
        """The running header on one line: the title page has the whole title."""
        tekst = " ".join((self.kop or self.titel).split())
        if len(tekst) > KOP_LENGTE:
            tekst = tekst[: KOP_LENGTE - 1].rstrip() + "…"
        return tekst

    @property
    def auteur(self):
        return f"Regio {self.regio}, {AUTEUR_SUFFIX}"

    @property
    def onderwerp(self):
        return self.ondertitel or self.titel

    def metagegevens(self) -> pdf.Metagegevens:
        return pdf.Metagegevens(
            titel=self.titel,
            auteur=self.auteur,
            onderwerp=self.onderwerp,
            aangemaakt=self.aangemaakt,
            vastgesteld=self.vastgesteld_op,
        )

    @property
    def aantal_themas(self) -> int:
        return sum(len(deel.get("themas", ())) for deel in self.delen)

    def html(self) -> str:
        # The parallel renderer asks the document for its HTML, so it never imports this module.
        return html(self)


def _onderdelen(plan, queryset=None, niveau=None):
    """The items with everything their table shows, in a fixed number of queries."""
    onderdelen = onderdelen_met_inhoud(plan, queryset, niveau=niveau)
    for onderdeel in onderdelen:
        # Row "a" is kept with row b (print.css) only where b is short enough to follow it
        # onto the next page; a longer b may break, or the heading would be left alone.
        doelen = onderdeel._prefetched_objects_cache.get("beleidsdoelen", [])
        onderdeel.kop_bij_doelen = sum(len(doel.tekst) for doel in doelen) < KORTE_DOELEN
        # A row longer than that may break over pages (print.css, .ta-rij-breekbaar): kept whole
        # it moves to the next page and leaves the page before it, or the heading, alone.
        for rij in getattr(onderdeel, "rijen", ()):
            rij.lang = _tekstlengte(rij) >= KORTE_DOELEN
    return onderdelen


def _tekstlengte(rij) -> int:
    return len(rij.tekst or "") + sum(len(str(getattr(i, "tekst", i) or "")) for i in rij.items)


KORTE_DOELEN = 1200  # characters: about a third of a page in the theme table


# A speerpunt of more themes than this is laid out in blocks of at most this many, each block
# on a new page: in one process too, so that a plan's pages never depend on how it was rendered.
# The parallel renderer lays the blocks out side by side; a block of 25 themes (about 25 pages)
# keeps a worker's memory small (bench/pdf.py). The reference plan's largest speerpunt has 22.
THEMAS_PER_BLOK = 25


def _blokstarts(leden: list) -> set[int]:
    """The ids of the items that start a new block: blocks of near-equal size."""
    blokken = -(-len(leden) // THEMAS_PER_BLOK)
    return {leden[len(leden) * k // blokken].pk for k in range(1, blokken)}


def _groep_delen(plan, onderdelen) -> tuple[list[dict], list[Inhoudsitem]]:
    """The reported items as parts of the document: one per top-level item (a speerpunt), or
    one for all where the plan reports on its top level."""
    delen, inhoud = [], []
    for groep, leden in groepen_met_onderdelen(plan, onderdelen):
        if groep is not None:
            anker = groep.anker
            titel = groepstitel(groep)
        else:
            anker = plan.rapportageniveau.slug
            titel = plan.rapportageniveau.meervoud
        delen.append(
            {
                "template": "pdf/onderdelen.html",
                "anker": anker,
                "titel": titel,
                "themas": leden,
                "blokstarts": _blokstarts(leden),
            }
        )
        regel = groepstitel(groep, inhoud=True) if groep is not None else titel
        inhoud.append(
            Inhoudsitem(anker, regel, [Inhoudsitem(t.anker, t.inhoudsregel) for t in leden])
        )
    return delen, inhoud


def groepstitel(groep, *, inhoud: bool = False) -> str:
    """ "Speerpunt 1: Versterken burgerkracht" for a plain number, "3.2 Algemene voorzieningen"
    for a section number, or the name where the plan prints no numbers. With `inhoud` as the
    contents lists it (its contents title, when it has one)."""
    naam = groep.inhoudsnaam if inhoud else groep.naam
    if groep.niveau.code_tonen and groep.code:
        if "." in groep.code:
            return groep.inhoudsregel if inhoud else str(groep)
        return f"{groep.niveau.naam} {groep.code}: {naam}"
    return naam


def _plan_kop(plan: Plan, *, met_rapportages: bool = False, **velden) -> dict:
    return {
        "aangemaakt": inhoudsdatum(plan, met_rapportages=met_rapportages),
        "regio": plan.regio.naam,
        "periode": plan.periode,
        "status": plan.get_status_display(),
        "vastgesteld_op": plan.vastgesteld_op if plan.status == PlanStatus.VASTGESTELD else None,
        **velden,
    }


def plan_bestandsnaam(plan: Plan) -> str:
    """The plan's PDF file name, which also names its parts' folders (documenten.pdf_delencache)."""
    return f"{plan.slug}.pdf"


def plan_document(plan: Plan) -> Document:
    """The whole plan, chapter by chapter as the plan orders them (agenda.Hoofdstuk)."""
    doc = Document(
        soort="plan",
        titel=plan.titel,
        ondertitel=plan.ondertitel,
        bestandsnaam=plan_bestandsnaam(plan),
        **_plan_kop(plan),
    )
    for hoofdstuk in plan.hoofdstukken.order_by("volgorde"):
        toevoegen = HOOFDSTUKKEN.get(hoofdstuk.soort)
        if toevoegen is not None:
            toevoegen(doc, plan, hoofdstuk)
    return doc


def hoofdstuktitel(hoofdstuk) -> str:
    return f"{hoofdstuk.nummer} {hoofdstuk.titel}".strip() if hoofdstuk.nummer else hoofdstuk.titel


def _tekst_hoofdstuk(doc, plan, hoofdstuk):
    if not hoofdstuk.tekst:
        return
    titel = hoofdstuktitel(hoofdstuk)
    doc.delen.append(
        {
            "template": "pdf/tekst.html",
            "anker": hoofdstuk.anker,
            "titel": titel,
            "blokken": [(None, hoofdstuk.tekst)],
        }
    )
    doc.inhoud.append(Inhoudsitem(hoofdstuk.anker, titel))


def _onderdelen_hoofdstuk(doc, plan, hoofdstuk):
    delen, inhoud = _groep_delen(
        plan, _onderdelen(plan, gerapporteerd(plan), niveau=plan.rapportageniveau)
    )
    if hoofdstuk.tekst:
        # A chapter of its own before the groups: its heading and introduction ("3 Bouwtekening
        # per onderdeel", "3.1 Inleiding").
        _tekst_hoofdstuk(doc, plan, hoofdstuk)
        if delen:
            delen[0]["doorlopend"] = True
    elif hoofdstuk.titel and delen:
        # Only a heading above the groups.
        delen[0]["hoofdstuk"] = hoofdstuktitel(hoofdstuk)
        doc.inhoud.append(Inhoudsitem(delen[0]["anker"] + "-hoofdstuk", hoofdstuktitel(hoofdstuk)))
    doc.delen += delen
    doc.inhoud += inhoud


def _agendalijsten_hoofdstuk(doc, plan, hoofdstuk):
    _agendalijsten_toevoegen(doc, plan, titel=hoofdstuktitel(hoofdstuk))


def _overleg_hoofdstuk(doc, plan, hoofdstuk):
    secties = list(
        Overlegsectie.objects.filter(plan=plan).prefetch_related(
            Prefetch(
                "overleggen",
                queryset=Overlegstructuur.objects.prefetch_related(
                    Prefetch(
                        "onderdelen",
                        queryset=Onderdeel.objects.order_by("pad").only("code", "plan_id"),
                    )
                ),
            )
        )
    )
    if plan.hoofdstukken.filter(soort=HoofdstukSoort.OVERLEGSTRUCTUUR).count() > 1:
        # The meeting structure over several chapters (Midden-Limburg's 3 and 4): each shows
        # the sections the plan files under its number.
        nummer = re.match(r"\d+", hoofdstuk.nummer)
        secties = [s for s in secties if nummer and s.hoofdstuk == int(nummer[0])]
    if not secties:
        return
    titel = hoofdstuktitel(hoofdstuk) or "Overlegstructuur"
    doc.delen.append(
        {
            "template": "pdf/overlegstructuur.html",
            "anker": hoofdstuk.anker,
            "titel": titel,
            "secties": secties,
            "niveau": plan.rapportageniveau,
        }
    )
    # The contents names the chapter only, as the plan's own contents does.
    doc.inhoud.append(Inhoudsitem(hoofdstuk.anker, titel))


def _begroting_hoofdstuk(doc, plan, hoofdstuk):
    from agenda.begroting import reservestanden

    posten = begrotingsposten_van_plan(plan)
    titel = hoofdstuktitel(hoofdstuk) or "Begroting"
    doc.delen.append(
        {
            "template": "pdf/begroting.html",
            "anker": hoofdstuk.anker,
            "titel": titel,
            "tekst": hoofdstuk.tekst,
            "posten": posten,
            "reserves": reservestanden(plan),
        }
    )
    doc.inhoud.append(Inhoudsitem(hoofdstuk.anker, titel))


def _toetsing_hoofdstuk(doc, plan, hoofdstuk):
    for kader in plan.toetsingskaders.order_by("naam"):
        resultaat = toetsing_van_plan(plan, kader.slug)
        anker = f"{hoofdstuk.anker}-{kader.slug}"
        titel = hoofdstuktitel(hoofdstuk) or f"Toetsing aan {kader.naam}"
        doc.delen.append(
            {
                "template": "pdf/toetsing.html",
                "anker": anker,
                "titel": titel,
                "tekst": hoofdstuk.tekst,
                "toetsing": resultaat,
            }
        )
        doc.inhoud.append(Inhoudsitem(anker, titel))


HOOFDSTUKKEN = {
    HoofdstukSoort.TEKST: _tekst_hoofdstuk,
    HoofdstukSoort.ONDERDELEN: _onderdelen_hoofdstuk,
    HoofdstukSoort.AGENDALIJSTEN: _agendalijsten_hoofdstuk,
    HoofdstukSoort.OVERLEGSTRUCTUUR: _overleg_hoofdstuk,
    HoofdstukSoort.BEGROTING: _begroting_hoofdstuk,
    HoofdstukSoort.TOETSING: _toetsing_hoofdstuk,
}


def gerapporteerd(plan):
    from agenda.selectors import gerapporteerde_onderdelen

    return gerapporteerde_onderdelen(plan)


def toetsing_document(plan: Plan, kader_slug: str) -> Document:
    """A plan held against a checklist, on its own (a chapter where the plan has one)."""
    resultaat = toetsing_van_plan(plan, kader_slug)
    doc = Document(
        soort="toetsing",
        titel=f"Toetsing aan {resultaat.kader.naam}",
        ondertitel=plan.titel,
        bestandsnaam=f"{plan.slug}-toetsing-{kader_slug}.pdf",
        **_plan_kop(plan),
    )
    doc.delen.append(
        {
            "template": "pdf/toetsing.html",
            "anker": "toetsing",
            "titel": resultaat.kader.naam,
            "toetsing": resultaat,
            "doorlopend": True,
        }
    )
    return doc


def onderdeel_document(plan: Plan, onderdeel: Onderdeel) -> Document:
    """One item's table, on its own: no contents, a short title block, and its status in
    every adopted report."""
    onderdelen = _onderdelen(plan, plan.onderdelen.filter(pk=onderdeel.pk), niveau=onderdeel.niveau)
    onderdeel = onderdelen[0]
    naam = f" {onderdeel.code}" if onderdeel.niveau.code_tonen and onderdeel.code else ""
    doc = Document(
        soort="thema",
        titel=f"{onderdeel.niveau.naam}{naam}: {onderdeel.naam}",
        ondertitel=plan.titel,
        bestandsnaam=f"{plan.slug}-{onderdeel.niveau.slug}-{onderdeel.code}.pdf",
        **_plan_kop(plan, met_rapportages=True),
    )
    groep = None
    if plan.groepniveau is not None and onderdeel.niveau == plan.rapportageniveau:
        groep = plan.onderdelen.filter(
            niveau=plan.groepniveau, pad=onderdeel.pad.split(".")[0]
        ).first()
    doc.delen = [
        {
            "template": "pdf/onderdelen.html",
            "anker": groep.anker if groep else onderdeel.niveau.slug,
            "titel": groepstitel(groep) if groep else onderdeel.niveau.meervoud,
            "themas": onderdelen,
            "blokstarts": set(),
            "doorlopend": True,
        }
    ]
    if onderdeel.niveau == plan.rapportageniveau:
        vastgesteld = plan.rapportageperiodes.filter(status=PeriodeStatus.VASTGESTELD)
        doc.delen.append(
            {
                "template": "pdf/themaverloop.html",
                "anker": "voortgang",
                "titel": "Voortgang per kwartaal",
                "thema": onderdeel,
                # What the raad received: adopted reports only, the same for every reader.
                "verloop": rapporten_per_onderdeel(
                    onderdeel, list(vastgesteld.order_by("jaar", "kwartaal"))
                ),
            }
        )
    return doc


def _agendalijsten_toevoegen(doc: Document, plan: Plan, subregio=None, titel=""):
    """The plan's numbered agenda lists (Midden-Limburg's 35 and 36) as a part: every point,
    or for one subregion (a selection by gemeente or subregio) the points of that subregion and
    those for all."""
    lijsten = list(
        Agendalijst.objects.filter(plan=plan).prefetch_related(
            Prefetch("punten", queryset=Agendapunt.objects.select_related("subregio"))
        )
    )
    for lijst in lijsten:
        lijst.getoond = [
            punt
            for punt in lijst.punten.all()
            if subregio is None or punt.subregio_id in (None, subregio.pk)
        ]
    lijsten = [lijst for lijst in lijsten if lijst.getoond]
    if not lijsten:
        return
    titel = (
        titel
        or plan.hoofdstukken.filter(soort=HoofdstukSoort.AGENDALIJSTEN)
        .values_list("titel", flat=True)
        .first()
        or "Agendalijsten"
    )
    doc.delen.append(
        {
            "template": "pdf/agendalijsten.html",
            "anker": "agendalijsten",
            "titel": titel,
            "lijsten": lijsten,
        }
    )
    doc.inhoud.append(
        Inhoudsitem(
            "agendalijsten",
            titel,
            [Inhoudsitem(f"lijst-{lijst.nummer}", lijst.inhoudsregel) for lijst in lijsten],
        )
    )


def selectie_document(plan: Plan, selectie) -> Document:
    """The items an `agenda.filters.OnderdeelSelectie` selects, with title page and contents."""
    omschrijving = selectie.omschrijving()
    doc = Document(
        soort="selectie",
        titel=f"{plan.titel} – selectie",
        ondertitel=plan.titel,
        selectie=omschrijving or f"alle {plan.rapportageniveau.klein_meervoud}",
        bestandsnaam=f"{plan.slug}-selectie-{slugify(omschrijving)[:80] or 'alle'}.pdf",
        **_plan_kop(plan),
    )
    doc.delen, doc.inhoud = _groep_delen(
        plan, _onderdelen(plan, selectie.qs, niveau=plan.rapportageniveau)
    )
    subregio = selectie.gekozen_subregio()
    if subregio is not None:  # a place was chosen: its subregional and local agendas too
        _agendalijsten_toevoegen(doc, plan, subregio)
    return doc


def rapport_document(periode: Rapportageperiode) -> Document:
    """A quarterly report: introduction with the smiley legend, summary, per top-level item its
    reported items."""
    plan = periode.plan
    doc = Document(
        soort="rapport",
        titel=f"{periode.naam}",
        ondertitel=f"Kwartaalrapportage {periode.kwartaal}e kwartaal {periode.jaar} – {plan.titel}",
        regio=plan.regio.naam,
        periode=f"{periode.kwartaal}e kwartaal {periode.jaar}",
        status=periode.get_status_display(),
        vastgesteld_op=periode.vastgesteld_op
        if periode.status == PeriodeStatus.VASTGESTELD
        else None,
        bestandsnaam=f"{plan.slug}-rapportage-{periode.code}.pdf",
        kop=f"{periode.naam} · Regio {plan.regio.naam}",
        aangemaakt=rapportdatum(periode),
    )
    inleiding = periode.inleiding or "[smileylegenda]"
    groepen = rapport_inhoud(periode)
    doc.delen.append(
        {
            "template": "pdf/tekst.html",
            "anker": "inleiding",
            "titel": "Inleiding",
            "blokken": [(None, inleiding)],
            # The default legend, unless the introduction places it itself.
            "legenda": not any(b.soort == "smileylegenda" for b in opmaak.blokken(inleiding)),
            # Which items were not reported or copied, said before any of them is read.
            "stand": stand_van_rapport(groepen),
            "periode": periode,
        }
    )
    doc.inhoud.append(Inhoudsitem("inleiding", "Inleiding"))
    if periode.samenvatting:
        doc.delen.append(
            {
                "template": "pdf/tekst.html",
                "anker": "samenvatting",
                "titel": "Samenvatting",
                "blokken": [(None, periode.samenvatting)],
                # Under the introduction on the same page, as the region's report prints them.
                "doorlopend": True,
            }
        )
        doc.inhoud.append(Inhoudsitem("samenvatting", "Samenvatting"))
    for nummer, groep in enumerate(groepen, start=1):
        anker = f"groep-{nummer}"
        titel = groep.titel or plan.rapportageniveau.meervoud
        doc.delen.append(
            {
                "template": "pdf/rapportthemas.html",
                "anker": anker,
                "titel": titel,
                "themas": groep.onderdelen,
            }
        )
        doc.inhoud.append(
            Inhoudsitem(
                anker,
                titel,
                [
                    Inhoudsitem(
                        item.onderdeel.anker,
                        (f"{item.gedrukte_code} " if item.code else "")
                        + pdf_platte_tekst(item.weergave.get("titel", ""))
                        + _label_in_inhoud(item.rapport),
                    )
                    for item in groep.onderdelen
                ],
            )
        )
    return doc


def _label_in_inhoud(rapport) -> str:
    """The contents say it too: an item not reported, or copied from an earlier quarter."""
    if rapport is None:
        return ""
    if rapport.status == RapportageStatus.NIET_GERAPPORTEERD:
        return " (niet gerapporteerd)"
    if rapport.status == RapportageStatus.OVERGENOMEN:
        return f" (overgenomen uit {rapport.overgenomen_uit.kwartaalnaam})"
    return ""


def pdf_platte_tekst(tekst: str) -> str:
    from agenda.opmaak import platte_tekst

    return platte_tekst(tekst)


# WeasyPrint's SVG renderer knows no CSS custom properties: keep the fallback colour of
# fill="var(--token, #hex)" so the smileys print in colour.
CSS_VARIABELE = re.compile(r"var\(--[\w-]+,\s*(#[0-9a-fA-F]{3,8})\)")


def html(doc: Document) -> str:
    return CSS_VARIABELE.sub(r"\1", render_to_string("pdf/document.html", {"doc": doc}))


# From this many themes a plan renders in parallel parts (documenten.pdf_parallel). Measured:
# 34 themes (reference plan) 4.3 s -> 2.9 s on 2 free cores; smaller plans are not measured.
PARALLEL_VANAF_THEMAS = 20


def parallel_renderen(doc: Document) -> bool:
    """Whether the document renders in parallel parts: a plan of many themes, 2+ CPUs."""
    return (
        getattr(settings, "PDF_PARALLEL", True)
        and doc.soort == "plan"
        and doc.aantal_themas >= PARALLEL_VANAF_THEMAS
        and len(os.sched_getaffinity(0)) >= 2
    )


def renderen(
    doc: Document, variant: str = "ua", *, parallel: bool | None = None, cache: bool = False
) -> tuple[bytes, int]:
    """The document as PDF bytes, and its number of pages.

    `parallel`: None decides by `parallel_renderen`; False forces one process.
    `cache`: a document rendered in parts takes the parts that did not change from storage
    (documenten.pdf_delencache).
    """
    if parallel or (parallel is None and parallel_renderen(doc)):
        from . import pdf_parallel

        return pdf_parallel.renderen(doc, variant, cache=cache)
    opgemaakt = pdf.html_naar_document(html(doc))
    inhoud = pdf.document_naar_pdf(opgemaakt, metagegevens=doc.metagegevens(), variant=variant)
    return inhoud, len(opgemaakt.pages)


def pdf_bytes(doc: Document, variant: str = "ua") -> bytes:
    return renderen(doc, variant)[0]


def rapport_pdf_bytes(periode: Rapportageperiode) -> bytes:
    """The archive-grade (tagged PDF/A-3a, also PDF/UA-1) PDF of a quarterly report, as adopted."""
    return pdf_bytes(rapport_document(periode), variant="archief")


# --- Content version ----------------------------------------------------------------------


@functools.cache
def _bronnen(plan: Plan, *, met_rapportages: bool) -> list[tuple]:
    """The tables, and the rows in them, that a plan's documents may show."""
    onderdelen = Onderdeel.objects.filter(plan_id=plan.pk).values("pk")
    secties = Overlegsectie.objects.filter(plan_id=plan.pk).values("pk")
    posten = Begrotingspost.objects.filter(plan_id=plan.pk).values("pk")
    regio = Q(regio_id=plan.regio_id)
    gemeenten = Deelname.objects.filter(regio).values("gemeente_id")
    bronnen = [
        (Plan, Q(id=plan.pk)),
        (Planvorm, Q(id=plan.planvorm_id)),
        (Niveau, Q(planvorm_id=plan.planvorm_id)),
        (Sectie, Q(niveau__planvorm_id=plan.planvorm_id)),
        (Keuzelijst, Q(planvorm_id=plan.planvorm_id)),
        (Lijstwaarde, Q(keuzelijst__planvorm_id=plan.planvorm_id)),
        (Hoofdstuk, Q(plan_id=plan.pk)),
        (Vaststelling, Q(plan_id=plan.pk)),
        (Regio, Q(id=plan.regio_id)),
        (Subregio, regio),
        (Deelname, regio),
        (Gemeente, Q(id__in=gemeenten)),
        (Inwonertal, Q(gemeente_id__in=gemeenten)),
        (Partij, regio),
        (Persoon, regio),
        (Onderdeel, Q(plan_id=plan.pk)),
        (Beleidsdoel, Q(onderdeel_id__in=onderdelen)),
        (MaatschappelijkEffect, Q(onderdeel_id__in=onderdelen)),
        (Rol, Q(onderdeel_id__in=onderdelen)),
        (Begrotingspost, Q(plan_id=plan.pk)),
        (Bijdrage, Q(post_id__in=posten)),
        (Reserve, Q(plan_id=plan.pk)),
        (Indicator, Q(onderdeel_id__in=onderdelen)),
        (Meting, Q(indicator__onderdeel_id__in=onderdelen)),
        (Toetsing, Q(plan_id=plan.pk)),
        (Overlegsectie, Q(plan_id=plan.pk)),
        (Overlegstructuur, Q(sectie_id__in=secties)),
        (Agendalijst, Q(plan_id=plan.pk)),
        (Agendapunt, Q(lijst_id__in=Agendalijst.objects.filter(plan_id=plan.pk).values("pk"))),
    ]
    if met_rapportages:
        bronnen += [
            (Rapportageperiode, Q(plan_id=plan.pk)),
            (
                ThemaRapportage,
                Q(periode_id__in=Rapportageperiode.objects.filter(plan_id=plan.pk).values("pk")),
            ),
        ]
    return bronnen


@functools.cache
def getoonde_modellen() -> frozenset:
    """The models whose rows a plan's or report's document may show (those of `_bronnen`)."""
    # An unsaved plan: the filters are only built, never run.
    leeg = Plan(pk=0, regio_id=0, planvorm_id=0)
    return frozenset(model for model, _filter in _bronnen(leeg, met_rapportages=True))


def _standen_query(bronnen):
    """Per table one aggregate row (its index, newest history date, number of history rows) for
    the given rows, all in one UNION ALL."""
    delen = [
        model.history.filter(filter_q)
        .order_by()
        .annotate(stand_index=Value(index))
        .values("stand_index")
        .annotate(m=Max("history_date"), n=Count("history_id"))
        .values_list("stand_index", "m", "n")
        for index, (model, filter_q) in enumerate(bronnen)
    ]
    return delen[0].union(*delen[1:], all=True).order_by()


# The database's own datetime conversion (SQLite answers text, PostgreSQL a datetime), as the
# ORM applies it to Max("history_date").
_DATUM = Value(None, output_field=DateTimeField())


@functools.lru_cache(maxsize=256)
def _standen_sql(alias: str, plan_pk, planvorm_id, regio_id, met_rapportages: bool):
    """The content-version query of one plan, compiled once per process: building the UNION of
    some thirty aggregates with the ORM costs several times what the database needs to run it
    (bench/middleware.py). Its text depends on nothing but these ids."""
    stub = Plan(pk=plan_pk, planvorm_id=planvorm_id, regio_id=regio_id)
    # Not through _bronnen's cache, which knows a plan by its id only.
    bronnen = _bronnen.__wrapped__(stub, met_rapportages=met_rapportages)
    return _standen_query(bronnen).query.get_compiler(using=alias).as_sql()


def _standen(bronnen, plan: Plan | None = None, met_rapportages: bool = False):
    """Per table: its newest history date and its number of history rows, for the given rows.

    Every change through the app or the admin writes a history row (django-simple-history), also
    a deletion, so these change whenever anything the document shows changes. One query for all
    tables (UNION ALL of one aggregate row each): a cached download asks for this every time.
    With `plan` (whose `_bronnen` are given), the query text is compiled once per process.
    """
    if plan is None:
        rijen = list(_standen_query(bronnen))
    else:
        alias = router.db_for_read(Plan)
        verbinding = connections[alias]
        sql, params = _standen_sql(alias, plan.pk, plan.planvorm_id, plan.regio_id, met_rapportages)
        with verbinding.cursor() as cursor:
            cursor.execute(sql, params)
            rijen = cursor.fetchall()
        omzetten = verbinding.ops.get_db_converters(_DATUM)
        for index, (bron, m, n) in enumerate(rijen):
            for omzetter in omzetten:
                m = omzetter(m, _DATUM, verbinding)
            rijen[index] = (bron, m, n)
    per_bron = {bron: (m, n) for bron, m, n in rijen}
    return [
        (model.__name__, *per_bron.get(index, (None, 0)))
        for index, (model, _filter) in enumerate(bronnen)
    ]


def inhoudsversie(
    plan: Plan,
    *,
    periode: Rapportageperiode | None = None,
    met_rapportages: bool = False,
    extra: str = "",
) -> str:
    """A hash of everything a plan's or report's PDF may show, in a fixed number of queries."""
    met = periode is not None or met_rapportages
    bronnen = _bronnen(plan, met_rapportages=met)
    h = hashlib.sha256(
        f"{pdf.opmaakversie()}|{plan.pk}|{periode.pk if periode else ''}|{extra}".encode()
    )
    for naam, laatst, aantal in _standen(bronnen, plan, met):
        h.update(f"{naam}:{laatst.isoformat() if laatst else '-'}/{aantal};".encode())
    return h.hexdigest()


def _laatst_gewijzigd(bronnen) -> datetime | None:
    """The newest history date of the given rows, in one query; None when they have none."""
    data = [laatst for _naam, laatst, _aantal in _standen(bronnen) if laatst is not None]
    return max(data, default=None)


def inhoudsdatum(plan: Plan, *, met_rapportages: bool = False) -> datetime | None:
    """When anything a plan's document shows last changed: the document's creation date."""
    return _laatst_gewijzigd(_bronnen(plan, met_rapportages=met_rapportages))


def rapportdatum(periode: Rapportageperiode) -> datetime | None:
    """When a quarterly report last changed: for an adopted report, the moment of adoption
    (its rows are locked from then on and show the plan as it was reported)."""
    return _laatst_gewijzigd(
        [(Rapportageperiode, Q(id=periode.pk)), (ThemaRapportage, Q(periode_id=periode.pk))]
    )
