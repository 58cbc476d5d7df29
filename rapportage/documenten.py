"""The PDF documents: whole plan, quarterly report, single theme and a selection of themes.

Each document is described by a `Document` (what its title page, contents and parts show), turned
into HTML by templates/pdf/document.html and into PDF by rapportage.pdf. `inhoudsversie` hashes
everything a document shows, so an unchanged document can be served from storage.
"""

import functools
import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q
from django.template.loader import render_to_string
from django.utils.text import slugify

from agenda import opmaak
from agenda.constants import PlanStatus
from agenda.models import (
    Activiteit,
    Agendalijst,
    Agendapunt,
    Beleidsdoel,
    Financiering,
    MaatschappelijkEffect,
    Overlegsectie,
    Overlegstructuur,
    Plan,
    Speerpunt,
    Thema,
    ThemaRol,
)
from regio.models import Gemeente, Persoon, Regio, Subregio

from . import pdf
from .constants import PeriodeStatus
from .models import Rapportageperiode, ThemaRapportage
from .selectors import rapport_inhoud, rapporten_per_thema

AUTEUR_SUFFIX = "samenwerkende gemeenten"


@dataclass
class Inhoudsitem:
    anker: str
    titel: str
    kinderen: list["Inhoudsitem"] = field(default_factory=list)


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
    inhoud: list[Inhoudsitem] = field(default_factory=list)
    delen: list[dict] = field(default_factory=list)

    @property
    def auteur(self):
        return f"Regio {self.regio}, {AUTEUR_SUFFIX}"

    @property
    def onderwerp(self):
        return self.ondertitel or self.titel

    def metagegevens(self) -> pdf.Metagegevens:
        return pdf.Metagegevens(titel=self.titel, auteur=self.auteur, onderwerp=self.onderwerp)

    @property
    def aantal_themas(self) -> int:
        return sum(len(deel.get("themas", ())) for deel in self.delen)


def _themas(plan, queryset=None):
    """The plan's themes with everything their table shows, in a fixed number of queries."""
    queryset = plan.themas.all() if queryset is None else queryset
    themas = list(
        queryset.select_related("speerpunt", "subregio")
        .prefetch_related(
            "beleidsdoelen",
            "maatschappelijke_effecten",
            "activiteiten",
            Prefetch("rollen", queryset=ThemaRol.objects.select_related("persoon")),
        )
        .order_by("speerpunt__nummer", "nummer")
    )
    for thema in themas:
        thema.plan = plan  # the row labels ask the plan; saves a query per theme
        # Row "a. Thema" is kept with row b (print.css) only where b is short enough to follow
        # it onto the next page; a longer b may break, or the heading would be left alone.
        thema.kop_bij_doelen = (
            sum(len(doel.tekst) for doel in thema.beleidsdoelen.all()) < KORTE_DOELEN
        )
    return themas


KORTE_DOELEN = 1200  # characters: about a third of a page in the theme table


# A speerpunt of more themes than this is laid out in blocks of at most this many, each block
# on a new page: in one process too, so that a plan's pages never depend on how it was rendered.
# The parallel renderer lays the blocks out side by side; a block of 25 themes (about 25 pages)
# keeps a worker's memory small (bench/pdf.py). The reference plan's largest speerpunt has 22.
THEMAS_PER_BLOK = 25


def _blokstarts(leden: list) -> set[int]:
    """The numbers of the themes that start a new block: blocks of near-equal size."""
    blokken = -(-len(leden) // THEMAS_PER_BLOK)
    return {leden[len(leden) * k // blokken].nummer for k in range(1, blokken)}


def _speerpunt_delen(themas) -> tuple[list[dict], list[Inhoudsitem]]:
    delen, inhoud = [], []
    groepen: dict = {}
    for thema in themas:
        groepen.setdefault(thema.speerpunt, []).append(thema)
    for speerpunt, leden in groepen.items():
        anker = f"speerpunt-{speerpunt.nummer}"
        titel = f"Speerpunt {speerpunt.nummer}: {speerpunt.titel}"
        delen.append(
            {
                "template": "pdf/themas.html",
                "anker": anker,
                "titel": titel,
                "themas": leden,
                "blokstarts": _blokstarts(leden),
            }
        )
        inhoud.append(
            Inhoudsitem(
                anker,
                titel,
                [Inhoudsitem(f"thema-{t.nummer}", f"{t.nummer}. {t.titel}") for t in leden],
            )
        )
    return delen, inhoud


def _plan_kop(plan: Plan, **velden) -> dict:
    return {
        "regio": plan.regio.naam,
        "periode": plan.periode,
        "status": plan.get_status_display(),
        "vastgesteld_op": plan.vastgesteld_op if plan.status == PlanStatus.VASTGESTELD else None,
        **velden,
    }


def plan_document(plan: Plan) -> Document:
    """The whole plan: introduction, principles, every theme, lists 35/36, meeting structure."""
    doc = Document(
        soort="plan", titel=plan.titel, bestandsnaam=f"{plan.slug}.pdf", **_plan_kop(plan)
    )
    principes = [
        (None, plan.uitgangspunten_inleiding),
        ("Uitgangspunten", plan.uitgangspunten),
        ("Kernwaarden", plan.kernwaarden),
        ("Organisatie van hulp", plan.organisatie_van_hulp),
    ]
    for anker, titel, blokken in [
        ("inleiding", "Inleiding", [(None, plan.inleiding)]),
        ("uitgangspunten", "Uitgangspunten, kernwaarden en organisatie van hulp", principes),
    ]:
        if any(tekst for _kop, tekst in blokken):
            doc.delen.append(
                {"template": "pdf/tekst.html", "anker": anker, "titel": titel, "blokken": blokken}
            )
            doc.inhoud.append(Inhoudsitem(anker, titel))
    delen, inhoud = _speerpunt_delen(_themas(plan))
    doc.delen += delen
    doc.inhoud += inhoud
    _agendalijsten_toevoegen(doc, plan)
    secties = list(
        Overlegsectie.objects.filter(plan=plan).prefetch_related(
            Prefetch(
                "overleggen",
                queryset=Overlegstructuur.objects.prefetch_related(
                    Prefetch("themas", queryset=Thema.objects.order_by("nummer").only("nummer"))
                ),
            )
        )
    )
    if secties:
        doc.delen.append(
            {
                "template": "pdf/overlegstructuur.html",
                "anker": "overlegstructuur",
                "titel": "Overlegstructuur",
                "secties": secties,
            }
        )
        doc.inhoud.append(
            Inhoudsitem(
                "overlegstructuur",
                "Overlegstructuur",
                [Inhoudsitem(f"sectie-{s.pk}", s.titel) for s in secties],
            )
        )
    return doc


def thema_document(plan: Plan, thema: Thema) -> Document:
    """One theme's table, on its own: no contents, a short title block."""
    themas = _themas(plan, plan.themas.filter(pk=thema.pk))
    doc = Document(
        soort="thema",
        titel=f"Thema {thema.nummer}: {thema.titel}",
        ondertitel=plan.titel,
        bestandsnaam=f"{plan.slug}-thema-{thema.nummer}.pdf",
        **_plan_kop(plan),
    )
    doc.delen, _inhoud = _speerpunt_delen(themas)
    doc.delen[0]["doorlopend"] = True
    vastgesteld = plan.rapportageperiodes.filter(status=PeriodeStatus.VASTGESTELD)
    doc.delen.append(
        {
            "template": "pdf/themaverloop.html",
            "anker": "voortgang",
            "titel": "Voortgang per kwartaal",
            "thema": thema,
            # What the raad received: adopted reports only, the same for every reader.
            "verloop": rapporten_per_thema(thema, list(vastgesteld.order_by("jaar", "kwartaal"))),
        }
    )
    return doc


def _agendalijsten_toevoegen(doc: Document, plan: Plan, subregio=None):
    """Lists 35 and 36 as a part: every point, or for one subregion (a selection by gemeente or
    subregio) the points of that subregion and those for all."""
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
    doc.delen.append(
        {
            "template": "pdf/agendalijsten.html",
            "anker": "agendalijsten",
            "titel": "Subregionale en lokale agenda's",
            "lijsten": lijsten,
        }
    )
    doc.inhoud.append(
        Inhoudsitem(
            "agendalijsten",
            "Subregionale en lokale agenda's",
            [Inhoudsitem(f"lijst-{lijst.nummer}", str(lijst)) for lijst in lijsten],
        )
    )


def selectie_document(plan: Plan, selectie) -> Document:
    """The themes an `agenda.filters.ThemaSelectie` selects, with title page and contents."""
    omschrijving = selectie.omschrijving()
    doc = Document(
        soort="selectie",
        titel=f"{plan.titel} – selectie",
        ondertitel=plan.titel,
        selectie=omschrijving or "alle thema's",
        bestandsnaam=f"{plan.slug}-selectie-{slugify(omschrijving)[:80] or 'alle'}.pdf",
        **_plan_kop(plan),
    )
    doc.delen, doc.inhoud = _speerpunt_delen(_themas(plan, selectie.qs))
    subregio = selectie.gekozen_subregio()
    if subregio is not None:  # a place was chosen: its subregional and local agendas too
        _agendalijsten_toevoegen(doc, plan, subregio)
    return doc


def rapport_document(periode: Rapportageperiode) -> Document:
    """A quarterly report: introduction with the smiley legend, summary, per speerpunt its themes."""
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
    )
    inleiding = periode.inleiding or "[smileylegenda]"
    doc.delen.append(
        {
            "template": "pdf/tekst.html",
            "anker": "inleiding",
            "titel": "Inleiding",
            "blokken": [(None, inleiding)],
            # The default legend, unless the introduction places it itself.
            "legenda": not any(b.soort == "smileylegenda" for b in opmaak.blokken(inleiding)),
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
            }
        )
        doc.inhoud.append(Inhoudsitem("samenvatting", "Samenvatting"))
    for nummer, speerpunt in enumerate(rapport_inhoud(periode), start=1):
        anker = f"speerpunt-{nummer}"
        doc.delen.append(
            {
                "template": "pdf/rapportthemas.html",
                "anker": anker,
                "titel": speerpunt.titel,
                "themas": speerpunt.themas,
            }
        )
        doc.inhoud.append(
            Inhoudsitem(
                anker,
                speerpunt.titel,
                [
                    Inhoudsitem(
                        f"thema-{item.thema.nummer}",
                        f"{item.thema.nummer}. {pdf_platte_tekst(item.weergave.get('titel', ''))}",
                    )
                    for item in speerpunt.themas
                ],
            )
        )
    return doc


def pdf_platte_tekst(tekst: str) -> str:
    from agenda.opmaak import platte_tekst

    return platte_tekst(tekst)


# WeasyPrint's SVG renderer knows no CSS custom properties: keep the fallback colour of
# fill="var(--token, #hex)" so the smileys print in colour.
CSS_VARIABELE = re.compile(r"var\(--[\w-]+,\s*(#[0-9a-fA-F]{3,8})\)")


def html(doc: Document) -> str:
    return CSS_VARIABELE.sub(r"\1", render_to_string("pdf/document.html", {"doc": doc}))


# From this many themes a plan renders in parallel parts (rapportage.pdf_parallel). Measured:
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
    doc: Document, variant: str = "ua", *, parallel: bool | None = None
) -> tuple[bytes, int]:
    """The document as PDF bytes, and its number of pages.

    `parallel`: None decides by `parallel_renderen`; False forces one process.
    """
    if parallel or (parallel is None and parallel_renderen(doc)):
        from . import pdf_parallel

        return pdf_parallel.renderen(doc, variant)
    opgemaakt = pdf.html_naar_document(html(doc))
    inhoud = pdf.document_naar_pdf(opgemaakt, metagegevens=doc.metagegevens(), variant=variant)
    return inhoud, len(opgemaakt.pages)


def pdf_bytes(doc: Document, variant: str = "ua") -> bytes:
    return renderen(doc, variant)[0]


def rapport_pdf_bytes(periode: Rapportageperiode) -> bytes:
    """The archive-grade (PDF/A-3b, tagged) PDF of a quarterly report, as adopted."""
    return pdf_bytes(rapport_document(periode), variant="archief")


# --- Content version ----------------------------------------------------------------------


@functools.cache
def opmaakversie() -> str:
    """A hash of the templates and stylesheet that shape a PDF: a new release renders anew."""
    basis = Path(settings.BASE_DIR)
    bestanden = sorted((basis / "templates" / "pdf").glob("*.html"))
    bestanden += sorted((basis / "templates" / "partials").glob("*.html"))
    bestanden.append(basis / "static" / "pdf" / "print.css")
    bestanden.append(Path(__file__))
    bestanden.append(Path(pdf.__file__))
    bestanden.append(Path(pdf.__file__).with_name("pdf_parallel.py"))
    h = hashlib.sha256()
    for pad in bestanden:
        if pad.exists():
            h.update(pad.read_bytes())
    return h.hexdigest()[:16]


def _stempel(model, filter_q) -> str:
    waarden = model.history.filter(filter_q).aggregate(m=Max("history_date"), n=Count("history_id"))
    return f"{waarden['m'].isoformat() if waarden['m'] else '-'}/{waarden['n']}"


def inhoudsversie(
    plan: Plan,
    *,
    periode: Rapportageperiode | None = None,
    met_rapportages: bool = False,
    extra: str = "",
) -> str:
    """A hash of everything a plan's or report's PDF may show, in a fixed number of queries.

    Every change through the app or the admin writes a history row (django-simple-history), also
    a deletion, so the latest history date and the number of history rows per table change
    whenever anything the document shows changes.
    """
    themas = Thema.objects.filter(plan_id=plan.pk).values("pk")
    secties = Overlegsectie.objects.filter(plan_id=plan.pk).values("pk")
    bronnen = [
        (Plan, Q(id=plan.pk)),
        (Regio, Q(id=plan.regio_id)),
        (Subregio, Q(regio_id=plan.regio_id)),
        (Gemeente, Q(regio_id=plan.regio_id)),
        (Persoon, Q(regio_id=plan.regio_id)),
        (Speerpunt, Q(plan_id=plan.pk)),
        (Thema, Q(plan_id=plan.pk)),
        (Beleidsdoel, Q(thema_id__in=themas)),
        (MaatschappelijkEffect, Q(thema_id__in=themas)),
        (Activiteit, Q(thema_id__in=themas)),
        (ThemaRol, Q(thema_id__in=themas)),
        (Financiering, Q(thema_id__in=themas)),
        (Overlegsectie, Q(plan_id=plan.pk)),
        (Overlegstructuur, Q(sectie_id__in=secties)),
        (Agendalijst, Q(plan_id=plan.pk)),
        (Agendapunt, Q(lijst_id__in=Agendalijst.objects.filter(plan_id=plan.pk).values("pk"))),
    ]
    if periode is not None or met_rapportages:
        bronnen += [
            (Rapportageperiode, Q(plan_id=plan.pk)),
            (
                ThemaRapportage,
                Q(periode_id__in=Rapportageperiode.objects.filter(plan_id=plan.pk).values("pk")),
            ),
        ]
    h = hashlib.sha256(
        f"{opmaakversie()}|{plan.pk}|{periode.pk if periode else ''}|{extra}".encode()
    )
    for model, filter_q in bronnen:
        h.update(f"{model.__name__}:{_stempel(model, filter_q)};".encode())
    return h.hexdigest()
