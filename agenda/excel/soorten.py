"""The kinds of rows a plan's workbook holds: how each is found in the database and compared.

Each kind names its natural key (how a row of the workbook finds its row in the database), the
fields the workbook sets, and its scope: the rows of this plan, region or shape that the workbook
describes completely, so that a row missing from the workbook is one to remove.
"""

from dataclasses import dataclass, field

from regio.models import Deelname, Gemeente, Inwonertal, Partij, Persoon, Regio, Subregio

from .. import models as m
from ..deadlines import deadline_of_leeg
from ..models.plan import PAD_BREEDTE
from ..signalen import vaststelling_melden
from .synchronisatie import Record, Soort, _kort


@dataclass
class Context:
    """What exists already: the scope of every kind."""

    regio: Regio | None = None
    plan: m.Plan | None = None
    planvorm: m.Planvorm | None = None
    cbs_codes: set = field(default_factory=set)
    kaders: set = field(default_factory=set)
    bladen: dict = field(default_factory=dict)  # kind: the sheet its rows come from


def _leeg(model):
    return model.objects.none()


class Planvorm(Soort):
    model = m.Planvorm
    naam = "planvorm"
    sleutel = ("slug",)
    velden = ("naam", "omschrijving")
    uitgesteld = ("rapportageniveau",)
    verwijderen = False

    def bestaande(self, ctx):
        return m.Planvorm.objects.filter(pk=ctx.planvorm.pk) if ctx.planvorm else _leeg(m.Planvorm)


class Niveau(Soort):
    model = m.Niveau
    naam = "niveau"
    sleutel = ("planvorm", "diepte")
    velden = ("naam", "meervoud", "lidwoord", "slug", "code_tonen", "schaal_met_domeinen")

    def bestaande(self, ctx):
        return m.Niveau.objects.filter(planvorm=ctx.planvorm) if ctx.planvorm else _leeg(m.Niveau)

    def omschrijving(self, obj):
        return f"niveau {obj.diepte} {obj.naam}"


class Sectie(Soort):
    model = m.Sectie
    naam = "sectie"
    sleutel = ("niveau", "sleutel")
    velden = ("letter", "label", "soort", "volgorde", "in_rapportage", "als_kolom")
    volgorde, groep = "volgorde", ("niveau",)

    def bestaande(self, ctx):
        if not ctx.planvorm:
            return _leeg(m.Sectie)
        return m.Sectie.objects.filter(niveau__planvorm=ctx.planvorm).select_related("niveau")

    def omschrijving(self, obj):
        return f"sectie {obj.label} van niveau {obj.niveau.naam}"


class Keuzelijst(Soort):
    model = m.Keuzelijst
    naam = "lijst"
    sleutel = ("planvorm", "soort")
    velden = ("naam", "meervoud")

    def bestaande(self, ctx):
        if not ctx.planvorm:
            return _leeg(m.Keuzelijst)
        return m.Keuzelijst.objects.filter(planvorm=ctx.planvorm)

    def omschrijving(self, obj):
        return f"lijst {obj.naam}"


class Lijstwaarde(Soort):
    model = m.Lijstwaarde
    naam = "lijstwaarde"
    sleutel = ("keuzelijst", "code")
    velden = ("label", "kort", "meervoud", "betekenis", "volgorde", "rapporteert", "leidend")
    volgorde, groep = "volgorde", ("keuzelijst",)

    def bestaande(self, ctx):
        if not ctx.planvorm:
            return _leeg(m.Lijstwaarde)
        return m.Lijstwaarde.objects.filter(keuzelijst__planvorm=ctx.planvorm).select_related(
            "keuzelijst"
        )

    def omschrijving(self, obj):
        return f"waarde {obj.label} van lijst {obj.keuzelijst.naam}"


class RegioSoort(Soort):
    model = Regio
    naam = "regio"
    sleutel = ("slug",)
    velden = ("naam", "soort")
    verwijderen = False

    def bestaande(self, ctx):
        return Regio.objects.filter(pk=ctx.regio.pk) if ctx.regio else _leeg(Regio)


class SubregioSoort(Soort):
    model = Subregio
    naam = "subregio"
    sleutel = ("regio", "afkorting")
    velden = ("naam",)

    def bestaande(self, ctx):
        return Subregio.objects.filter(regio=ctx.regio) if ctx.regio else _leeg(Subregio)


class GemeenteSoort(Soort):
    model = Gemeente
    naam = "gemeente"
    telt = False  # a row of Gemeenten is counted once, as its Deelname
    sleutel = ("cbs_code",)
    velden = ("naam",)
    verwijderen = False  # a gemeente may take part in other regions: only its Deelname goes

    def bestaande(self, ctx):
        return Gemeente.objects.filter(cbs_code__in=ctx.cbs_codes)


class DeelnameSoort(Soort):
    model = Deelname
    naam = "deelname"
    sleutel = ("regio", "gemeente")
    velden = ("subregio", "rol")

    def bestaande(self, ctx):
        if not ctx.regio:
            return _leeg(Deelname)
        return Deelname.objects.filter(regio=ctx.regio).select_related("gemeente")

    def omschrijving(self, obj):
        return f"gemeente {obj.gemeente} in de regio"

    def beschrijving(self, rec):
        return f"gemeente {_naam(rec.velden.get('gemeente'))}"


class InwonertalSoort(Soort):
    model = Inwonertal
    naam = "inwonertal"
    sleutel = ("gemeente", "peildatum")
    velden = ("aantal", "bron")
    verwijderen = False  # the counts of a gemeente are shared by every region it is in

    def bestaande(self, ctx):
        return Inwonertal.objects.filter(gemeente__cbs_code__in=ctx.cbs_codes)

    def omschrijving(self, obj):
        return f"inwonertal {obj}"

    def beschrijving(self, rec):
        datum = rec.velden.get("peildatum")
        op = f" op {datum:%d-%m-%Y}" if datum else ""
        return f"inwonertal van {_naam(rec.velden.get('gemeente'))}{op}"


class PartijSoort(Soort):
    model = Partij
    naam = "partij"
    sleutel = ("regio", "naam")
    velden = ("soort", "organisatietype", "gemeente")

    def bestaande(self, ctx):
        return Partij.objects.filter(regio=ctx.regio) if ctx.regio else _leeg(Partij)


class PersoonSoort(Soort):
    model = Persoon
    naam = "persoon"
    sleutel = ("regio", "naam")
    velden = ("functie", "gemeente", "organisatie")

    def bestaande(self, ctx):
        return Persoon.objects.filter(regio=ctx.regio) if ctx.regio else _leeg(Persoon)


class Toetsingskader(Soort):
    model = m.Toetsingskader
    naam = "toetsingskader"
    sleutel = ("slug",)
    velden = ("naam", "bron", "omschrijving")
    verwijderen = False  # a checklist is shared: a plan only stops being held against it

    def bestaande(self, ctx):
        return m.Toetsingskader.objects.filter(slug__in=ctx.kaders)


class Toetsingseis(Soort):
    model = m.Toetsingseis
    naam = "eis"
    sleutel = ("kader", "code")
    velden = ("groep", "titel", "volgorde", "verplicht")
    volgorde, groep = "volgorde", ("kader",)

    def bestaande(self, ctx):
        return m.Toetsingseis.objects.filter(kader__slug__in=ctx.kaders).select_related("kader")

    def omschrijving(self, obj):
        return f"eis {obj.code} van {obj.kader.naam}"


class Plan(Soort):
    model = m.Plan
    naam = "plan"
    sleutel = ("slug",)
    velden = (
        "regio",
        "planvorm",
        "titel",
        "ondertitel",
        "jaar_van",
        "jaar_tot_en_met",
        "versiedatum",
        "status",
        "vastgesteld_op",
        "ouder",
    )
    m2m = ("toetsingskaders",)
    verwijderen = False

    def bestaande(self, ctx):
        return m.Plan.objects.filter(pk=ctx.plan.pk) if ctx.plan else _leeg(m.Plan)

    def voor_schrijven(self, rec, obj):
        if rec.actie == "gewijzigd" and "status" in rec.gewijzigd:
            vaststelling_melden(obj)
        return ()

    def omschrijving(self, obj):
        return f"plan {obj.titel}"


class VanPlan(Soort):
    """Rows that belong to the plan (directly or through one of its items)."""

    pad = "plan"
    related: tuple[str, ...] = ()

    def bestaande(self, ctx):
        if ctx.plan is None:
            return _leeg(self.model)
        rijen = self.model.objects.filter(**{self.pad: ctx.plan})
        return rijen.select_related(*self.related) if self.related else rijen


class Hoofdstuk(VanPlan):
    model = m.Hoofdstuk
    naam = "hoofdstuk"
    sleutel = ("plan", "volgorde")
    velden = ("nummer", "titel", "soort", "tekst", "volgorde")
    volgorde, groep, positioneel = "volgorde", ("plan",), True

    def omschrijving(self, obj):
        return f"hoofdstuk {obj}".strip() if str(obj) else f"hoofdstuk {obj.volgorde + 1}"


class Vaststelling(VanPlan):
    model = m.Vaststelling
    naam = "vaststelling"
    sleutel = ("plan", "gemeente", "orgaan")
    velden = ("datum", "kenmerk")
    related = ("gemeente",)

    def omschrijving(self, obj):
        return f"vaststelling door {obj.get_orgaan_display().lower()} {obj.gemeente}"


class Onderdeel(VanPlan):
    model = m.Onderdeel
    sleutel = ("plan", "niveau", "code")
    velden = (
        "ouder",
        "volgorde",
        "titel",
        "inhoudstitel",
        "tekst",
        "teksten",
        "schaal",
        "subregio",
        "prioriteit",
        "prioriteit_tekst",
        "prioriteit_toelichting",
        "deadline_tekst",
        "lijstniveau",
        "rijlabels",
    )
    afgeleid = ("pad", "deadline_soort", "deadline_datum")
    m2m = ("domeinen",)
    volgorde, groep, volgorde_start = "volgorde", ("plan", "ouder"), 1
    related = ("niveau",)

    def omschrijving(self, obj):
        return f"{obj.niveau.naam} {obj.code} {_kort(obj.titel or obj.tekst)}".strip()

    def beschrijving(self, rec):
        if rec.obj is not None and rec.obj.pk is not None:
            return self.omschrijving(rec.obj)
        naam = rec.velden.get("titel") or rec.velden.get("tekst") or ""
        return f"{rec.extra['niveau'].naam} {rec.velden['code']} {_kort(naam)}".strip()

    def verwijdervolgorde(self, objecten):
        return sorted(objecten, key=lambda o: o.pad, reverse=True)  # children first

    def afleiden(self, records, ctx):
        """Texts per section merge with what the workbook leaves out; the position in the
        outline (pad) and the sortable deadline follow from the rest."""
        for rec in sorted(records, key=lambda r: r.extra["niveau"].diepte):
            obj = rec.obj
            if obj is not None:
                for veld in ("teksten", "rijlabels"):
                    if veld in rec.velden:
                        rec.velden[veld] = _samengevoegd(
                            getattr(obj, veld) or {},
                            rec.velden[veld],
                            rec.extra.get(veld),
                        )
            ouder = rec.velden.get("ouder")
            eigen = f"{rec.velden['volgorde']:0{PAD_BREEDTE}d}"
            rec.velden["pad"] = f"{ouder.velden['pad']}.{eigen}" if ouder is not None else eigen
            tekst = rec.velden.get("deadline_tekst", obj.deadline_tekst if obj else "")
            deadline = deadline_of_leeg(tekst)
            rec.velden["deadline_soort"] = deadline.soort
            rec.velden["deadline_datum"] = deadline.datum

    def schrijfgroepen(self, records):
        """Parents before children: a child points to its parent's new row."""
        dieptes = sorted({r.extra["niveau"].diepte for r in records})
        return [[r for r in records if r.extra["niveau"].diepte == d] for d in dieptes]


def _samengevoegd(opgeslagen: dict, gelezen: dict, kolommen: set | None) -> dict:
    """A JSON field of several columns: columns the workbook leaves out keep their stored text;
    an empty cell equals a missing key, so an unchanged workbook leaves the field as stored."""
    samen = {k: v for k, v in opgeslagen.items() if kolommen is not None and k not in kolommen}
    samen.update({k: v for k, v in gelezen.items() if v})
    schoon = {k: v for k, v in opgeslagen.items() if v}
    return opgeslagen if samen == schoon else samen


class Lijstitem(VanPlan):
    pad = "onderdeel__plan"
    sleutel = ("onderdeel", "volgorde")
    velden = ("niveau", "tekst", "volgorde")
    volgorde, groep, positioneel = "volgorde", ("onderdeel",), True
    related = ("onderdeel__niveau",)

    def omschrijving(self, obj):
        waar = f"{obj.onderdeel.niveau.klein} {obj.onderdeel.code}"
        return f"{self.naam} van {waar}: {_kort(obj.tekst)}"

    def beschrijving(self, rec):
        return f"{self.naam} van {_waar(rec)}: {_kort(rec.velden.get('tekst', ''))}"


class Beleidsdoel(Lijstitem):
    model = m.Beleidsdoel
    naam = "beleidsdoel"


class MaatschappelijkEffect(Lijstitem):
    model = m.MaatschappelijkEffect
    naam = "maatschappelijk effect"


class Rol(VanPlan):
    model = m.Rol
    pad = "onderdeel__plan"
    sleutel = ("onderdeel", "soort", "persoon", "partij", "tekst")
    velden = ("toelichting", "volgorde", "sturingsvorm", "schaal_organisatie", "schaal_uitvoering")
    volgorde, groep = "volgorde", ("onderdeel",)
    related = ("onderdeel__niveau", "soort", "persoon", "partij")

    def omschrijving(self, obj):
        waar = f"{obj.onderdeel.niveau.klein} {obj.onderdeel.code}"
        return f"{obj.soort.label.lower()} {obj.wie} bij {waar}"

    def beschrijving(self, rec):
        wie = [
            str(rec.velden.get(v).velden.get("naam"))
            for v in ("persoon", "partij")
            if isinstance(rec.velden.get(v), Record)
        ]
        wie += [
            str(rec.velden.get(v))
            for v in ("persoon", "partij")
            if rec.velden.get(v) is not None and not isinstance(rec.velden.get(v), Record)
        ]
        if rec.velden.get("tekst"):
            wie.append(rec.velden["tekst"])
        return f"{rec.extra.get('rol', 'rol')} {', '.join(wie)} bij {_waar(rec)}"


class Indicator(VanPlan):
    model = m.Indicator
    naam = "indicator"
    pad = "onderdeel__plan"
    sleutel = ("onderdeel", "naam")
    velden = ("volgorde", "eenheid", "bron", "frequentie", "streefwaarde", "streefjaar")
    volgorde, groep = "volgorde", ("onderdeel",)
    related = ("onderdeel__niveau",)


class Meting(VanPlan):
    model = m.Meting
    naam = "meting"
    pad = "indicator__onderdeel__plan"
    sleutel = ("indicator", "jaar", "periode", "gemeente", "aanbieder")
    velden = ("waarde", "toelichting")
    related = ("indicator",)

    def omschrijving(self, obj):
        return f"meting {obj.indicator.naam} {obj.periode_label}"

    def beschrijving(self, rec):
        if rec.obj is not None and rec.obj.pk:
            return self.omschrijving(rec.obj)
        return f"meting {_naam(rec.velden.get('indicator'))}, {rec.velden.get('jaar')}"


class Reserve(VanPlan):
    model = m.Reserve
    naam = "reserve"
    sleutel = ("plan", "naam")
    velden = ("peildatum", "saldo", "toelichting")


class Begrotingspost(VanPlan):
    model = m.Begrotingspost
    naam = "begrotingspost"
    sleutel = ("plan", "volgorde")
    velden = (
        "omschrijving",
        "bron",
        "jaar_van",
        "jaar_tot_en_met",
        "bedrag",
        "structureel",
        "verdeling",
        "peildatum",
        "reserve",
        "toelichting",
        "volgorde",
    )
    m2m = ("onderdelen",)
    volgorde, groep, positioneel = "volgorde", ("plan",), True


class Bijdrage(VanPlan):
    model = m.Bijdrage
    naam = "bijdrage"
    telt = False  # columns of a row of Begroting, counted as that row
    pad = "post__plan"
    sleutel = ("post", "gemeente")
    velden = ("bedrag",)
    related = ("post", "gemeente")

    def omschrijving(self, obj):
        return f"bijdrage van {obj.gemeente} aan {obj.post}"

    def beschrijving(self, rec):
        post = rec.velden.get("post")
        wat = post.velden.get("omschrijving") if isinstance(post, Record) else post
        return f"bijdrage van {_naam(rec.velden.get('gemeente'))} aan {wat}"


class Overlegsectie(VanPlan):
    model = m.Overlegsectie
    naam = "overlegsectie"
    sleutel = ("plan", "titel")
    velden = ("hoofdstuk", "volgorde")
    volgorde, groep = "volgorde", ("plan",)


class Overleg(VanPlan):
    model = m.Overlegstructuur
    naam = "overleg"
    pad = "sectie__plan"
    sleutel = ("sectie", "volgorde")
    velden = (
        "nummer",
        "naam",
        "trekker",
        "deelnemers",
        "frequentie",
        "doelstelling",
        "agenda",
        "voetnoot",
        "volgorde",
    )
    m2m = ("onderdelen",)
    volgorde, groep, positioneel = "volgorde", ("sectie",), True


class Agendalijst(VanPlan):
    model = m.Agendalijst
    naam = "agendalijst"
    sleutel = ("plan", "nummer")
    velden = ("titel", "inhoudstitel")


class Agendapunt(VanPlan):
    model = m.Agendapunt
    naam = "agendapunt"
    pad = "lijst__plan"
    sleutel = ("lijst", "nummer")
    velden = ("subregio", "omschrijving")
    related = ("lijst",)

    def omschrijving(self, obj):
        return f"agendapunt {obj.lijst.nummer}.{obj.nummer}"


class Toetsing(VanPlan):
    model = m.Toetsing
    naam = "toetsing"
    sleutel = ("plan", "eis")
    velden = ("toelichting",)
    m2m = ("onderdelen", "hoofdstukken")
    related = ("eis__kader",)

    def omschrijving(self, obj):
        return f"toetsing aan eis {obj.eis.code} van {obj.eis.kader.naam}"


def _naam(waarde) -> str:
    """What a reference is called: a record of the workbook, or a row of the database."""
    if isinstance(waarde, Record):
        return str(waarde.velden.get("naam") or waarde.velden.get("titel") or "")
    return str(waarde) if waarde is not None else ""


def _waar(rec: Record) -> str:
    """The item a row of the workbook belongs to, as the preview names it."""
    onderdeel = rec.velden.get("onderdeel")
    if isinstance(onderdeel, Record):
        return f"{onderdeel.extra['niveau'].klein} {onderdeel.velden['code']}"
    return str(onderdeel or "")
