"""A plan and its outline: a tree of items (onderdelen) at the levels its shape names."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Concat, Substr
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from regio.models import Gemeente, Partij, Persoon, Regio, Subregio

from ..constants import (
    DeadlineSoort,
    HoofdstukSoort,
    KeuzelijstSoort,
    Lijstniveau,
    PlanStatus,
    Sturingsvorm,
    VaststellingOrgaan,
)
from .planvorm import Lijstwaarde, Niveau, Planvorm

CURSIEF = re.compile(r"(?<!\*)\*([^*]+)\*(?!\*)")


class Plan(models.Model):
    """A region's plan (meerjarenplan, actieplan, regioplan, dienstverleningsmodel)."""

    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="plannen")
    planvorm = models.ForeignKey(
        Planvorm,
        on_delete=models.PROTECT,
        related_name="plannen",
        help_text="De niveaus, rijen en lijsten van het plan.",
    )
    slug = models.SlugField("slug", max_length=100, unique=True)
    titel = models.CharField("titel", max_length=300)
    ondertitel = models.CharField("ondertitel", max_length=300, blank=True)
    jaar_van = models.PositiveSmallIntegerField("van jaar")
    jaar_tot_en_met = models.PositiveSmallIntegerField("tot en met jaar")
    versiedatum = models.DateField("versiedatum", null=True, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=PlanStatus.choices, default=PlanStatus.CONCEPT
    )
    vastgesteld_op = models.DateField("vastgesteld op", null=True, blank=True)
    ouder = models.ForeignKey(
        "self",
        verbose_name="onderdeel van",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deelplannen",
        help_text="Het plan waar dit plan bij hoort, bijv. als bijlage.",
    )
    toetsingskaders = models.ManyToManyField(
        "Toetsingskader",
        verbose_name="getoetst aan",
        blank=True,
        related_name="plannen",
    )
    history = HistoricalRecords(m2m_fields=[toetsingskaders])

    class Meta:
        verbose_name = "plan"
        verbose_name_plural = "plannen"
        ordering = ["regio", "-jaar_van"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jaar_tot_en_met__gte=models.F("jaar_van")),
                name="plan_periode_oplopend",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=PlanStatus.VASTGESTELD, vastgesteld_op__isnull=True),
                name="plan_vastgesteld_met_datum",
            ),
        ]

    def __str__(self):
        return self.titel

    @property
    def periode(self):
        if self.jaar_van == self.jaar_tot_en_met:
            return str(self.jaar_van)
        return f"{self.jaar_van}-{self.jaar_tot_en_met}"

    def clean(self):
        if self.status == PlanStatus.VASTGESTELD and not self.vastgesteld_op:
            raise ValidationError({"vastgesteld_op": "Vul de datum van vaststelling in."})
        if self.jaar_van and self.jaar_tot_en_met and self.jaar_tot_en_met < self.jaar_van:
            raise ValidationError({"jaar_tot_en_met": "Het eindjaar ligt vóór het beginjaar."})
        if self.ouder_id and self.pk and self.ouder_id == self.pk:
            raise ValidationError({"ouder": "Een plan kan geen onderdeel van zichzelf zijn."})
        if self.planvorm_id and not self.planvorm.rapportageniveau_id:
            raise ValidationError(
                {
                    "planvorm": "Deze planvorm zegt nog niet over welk niveau per kwartaal "
                    "gerapporteerd wordt; kies dat eerst bij de planvorm."
                }
            )

    # The shape, kept per process under its stamp (agenda.vormcache) and held by the plan object,
    # so that one request reads one state of it: pages ask for level names many times.

    def _vorm(self):
        if not hasattr(self, "_vorm_gelezen"):
            from ..vormcache import vorm_van

            self._vorm_gelezen = vorm_van(self.planvorm)
        return self._vorm_gelezen

    @property
    def niveaus(self) -> list[Niveau]:
        return list(self._vorm().niveaus)

    def niveau(self, diepte: int) -> Niveau | None:
        return next((n for n in self._vorm().niveaus if n.diepte == diepte), None)

    @property
    def rapportageniveau(self) -> Niveau | None:
        gekozen = self.planvorm.rapportageniveau_id
        return next((n for n in self._vorm().niveaus if n.pk == gekozen), None)

    @property
    def groepniveau(self) -> Niveau | None:
        """The level that groups the reported items (Speerpunt above Thema), if any."""
        rapport = self.rapportageniveau
        if rapport is None or rapport.diepte == 1:
            return None
        return self.niveau(1)

    @cached_property
    def heeft_overlegstructuur(self) -> bool:
        # get_plan_for_user annotates it, so the menu costs no query of its own
        if hasattr(self, "met_overleg"):
            return self.met_overleg
        return self.overlegsecties.exists()

    def secties(self, niveau) -> list:
        """The sections of a level of this plan's shape, in order."""
        niveau_id = niveau if isinstance(niveau, int) else niveau.pk
        return list(self._vorm().secties.get(niveau_id, ()))

    def lijst(self, soort: KeuzelijstSoort):
        """A list of the shape (Keuzelijst) with its values read."""
        return self._vorm().lijsten.get(soort)

    def lijstwaarden(self, soort: KeuzelijstSoort) -> list[Lijstwaarde]:
        return list(self._vorm().lijstwaarden.get(soort, ()))


class Hoofdstuk(models.Model):
    """A chapter of the plan document, in order: running text, or where the outline, the meeting
    structure, the budget or the checklist comes. Numbered as the plan numbers its chapters."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="hoofdstukken")
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)
    nummer = models.CharField(
        "nummer", max_length=20, blank=True, help_text="Zoals gedrukt, bijv. “1” of “3.2”."
    )
    titel = models.CharField(
        "titel",
        max_length=300,
        blank=True,
        help_text="Leeg bij een hoofdstuk dat alleen de onderdelen toont, zonder eigen kop.",
    )
    soort = models.CharField(
        "soort", max_length=20, choices=HoofdstukSoort.choices, default=HoofdstukSoort.TEKST
    )
    tekst = models.TextField(
        "tekst",
        blank=True,
        help_text="Alinea's gescheiden door een witregel; “- ” begint een opsommingspunt, "
        "“### ” een tussenkop.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "hoofdstuk"
        verbose_name_plural = "hoofdstukken"
        ordering = ["plan", "volgorde"]

    def __str__(self):
        return f"{self.nummer} {self.titel}".strip()

    @property
    def anker(self) -> str:
        return f"hoofdstuk-{self.volgorde}"


class Vaststelling(models.Model):
    """A gemeente's council or college adopting the plan: a plan may be adopted by 3 of 8."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="vaststellingen")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    orgaan = models.CharField(
        "door", max_length=20, choices=VaststellingOrgaan.choices, default=VaststellingOrgaan.RAAD
    )
    datum = models.DateField("datum", null=True, blank=True)
    kenmerk = models.CharField("kenmerk van het besluit", max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "vaststelling door een gemeente"
        verbose_name_plural = "vaststellingen door gemeenten"
        ordering = ["plan", "gemeente__naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "gemeente", "orgaan"], name="vaststelling_uniek"
            ),
        ]

    def __str__(self):
        return f"{self.plan} – {self.get_orgaan_display()} {self.gemeente}"


PAD_BREEDTE = 5  # digits per level in Onderdeel.pad

# Plans print a shorter title in their contents than above the item itself (Midden-Limburg's
# "36. Lokale Wmo-agenda"). Onderdeel and Agendalijst share the field and its explanation.
INHOUDSTITEL_UITLEG = (
    "Alleen als de inhoudsopgave van de pdf een andere, meestal kortere titel drukt dan de kop, "
    "bijv. “Lokale Wmo-agenda”. Leeg: de inhoudsopgave drukt de titel."
)


class Onderdeel(models.Model):
    """An item of a plan's outline, at one of the levels of the plan's shape: a speerpunt, a
    thema, an activiteit, a taak, a cluster, an actiepunt. Its sections (rows) are those of its
    level; free-text sections are kept in `teksten` under the section's key."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="onderdelen")
    ouder = models.ForeignKey(
        "self",
        verbose_name="valt onder",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="kinderen",
    )
    niveau = models.ForeignKey(Niveau, on_delete=models.PROTECT, related_name="onderdelen")
    code = models.CharField(
        "nummer",
        max_length=30,
        help_text="Zoals het plan het nummert, bijv. “7”, “3.5.10” of “4.a”; uniek per niveau.",
    )
    volgorde = models.PositiveIntegerField("volgorde", default=0)
    pad = models.CharField(max_length=200, editable=False, db_index=True, default="")
    titel = models.CharField("titel", max_length=300, blank=True)
    inhoudstitel = models.CharField(
        "titel in de inhoudsopgave",
        max_length=300,
        blank=True,
        help_text=INHOUDSTITEL_UITLEG,
    )
    tekst = models.TextField(
        "tekst",
        blank=True,
        help_text="De omschrijving; zet een concreet resultaat tussen sterretjes: *verslag*.",
    )
    teksten = models.JSONField("teksten per rij", default=dict, blank=True)
    schaal = models.ForeignKey(
        Lijstwaarde,
        verbose_name="schaal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subregio = models.ForeignKey(
        Subregio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="onderdelen",
        help_text="Alleen bij een onderdeel voor één subregio.",
    )
    domeinen = models.ManyToManyField(
        Lijstwaarde, verbose_name="domeinen", blank=True, related_name="+"
    )
    prioriteit = models.ForeignKey(
        Lijstwaarde,
        verbose_name="prioriteit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    prioriteit_tekst = models.CharField(
        "prioriteit zoals gedrukt", max_length=100, blank=True, help_text="Bijv. “1 (Wmo) 3 (J)”."
    )
    prioriteit_toelichting = models.TextField("reden van de prioriteit", blank=True)
    deadline_tekst = models.CharField(
        "deadline",
        max_length=100,
        blank=True,
        help_text="Zoals gedrukt: “31-12-2015”, “derde kwartaal 2014”, “2015”, “Doorlopend”, "
        "“Gereed” of “n.n.t.b.”.",
    )
    deadline_soort = models.CharField(
        "soort deadline", max_length=20, choices=DeadlineSoort.choices, blank=True, editable=False
    )
    deadline_datum = models.DateField(
        "deadline om op te sorteren", null=True, blank=True, editable=False
    )
    lijstniveau = models.PositiveSmallIntegerField(
        "opmaak in een lijst", choices=Lijstniveau.choices, default=Lijstniveau.PUNT
    )
    invullers = models.ManyToManyField(
        "regio.Gebruiker",
        verbose_name="ook in te vullen door",
        blank=True,
        related_name="toegewezen_onderdelen",
        help_text="Accounts die de kwartaalrapportage van dit onderdeel mogen invullen, naast "
        "wie een rol heeft die rapporteert (zoals trekker).",
    )
    rijlabels = models.JSONField(
        "afwijkende rijlabels",
        default=dict,
        blank=True,
        help_text="Alleen de rijen die dit onderdeel anders noemt dan de planvorm.",
    )
    history = HistoricalRecords(m2m_fields=[domeinen, invullers])

    class Meta:
        verbose_name = "onderdeel van een plan"
        verbose_name_plural = "onderdelen van plannen"
        ordering = ["plan", "pad"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "niveau", "code"],
                name="onderdeel_code_uniek",
                violation_error_message="Dit nummer bestaat al op dit niveau van het plan.",
            ),
        ]

    def __str__(self):
        return self._met_code(self.titel or self.tekst)

    def save(self, *args, **kwargs):
        """Keep `pad` (the position in the whole outline, for ordering in one query) right,
        also for every item below when this one moved."""
        from ..deadlines import deadline_of_leeg

        deadline = deadline_of_leeg(self.deadline_tekst)
        self.deadline_soort, self.deadline_datum = deadline.soort, deadline.datum
        oud = self.pad
        self.pad = self.bereken_pad()
        if kwargs.get("update_fields") is not None:
            velden = set(kwargs["update_fields"])
            if "deadline_tekst" in velden:
                velden |= {"deadline_soort", "deadline_datum"}
            if self.pad != oud:
                velden.add("pad")
            kwargs["update_fields"] = velden
        super().save(*args, **kwargs)
        if oud and oud != self.pad:
            Onderdeel.objects.filter(plan_id=self.plan_id, pad__startswith=f"{oud}.").update(
                pad=Concat(models.Value(self.pad), Substr("pad", len(oud) + 1))
            )

    @property
    def gedrukte_code(self) -> str:
        """The number as plans print it before a title: “7.” for a plain number, but “3.5.1”
        and “4.a” as they stand (a point after those reads as a typing error)."""
        return self.code if "." in self.code else f"{self.code}."

    def bereken_pad(self) -> str:
        eigen = f"{self.volgorde:0{PAD_BREEDTE}d}"
        if self.ouder_id is None:
            return eigen
        return f"{self.ouder.pad}.{eigen}"

    def clean(self):
        fouten = {}
        if self.niveau_id and self.plan_id and self.niveau.planvorm_id != self.plan.planvorm_id:
            fouten["niveau"] = "Dit niveau hoort bij een andere planvorm dan het plan."
        elif self.niveau_id:
            if self.ouder_id is None and self.niveau.diepte != 1:
                fouten["ouder"] = (
                    f"Een {self.niveau.naam.lower()} valt onder een onderdeel van het niveau "
                    "erboven; kies dat."
                )
            elif self.ouder_id is not None:
                if self.ouder.plan_id != self.plan_id:
                    fouten["ouder"] = "Dit onderdeel hoort bij een ander plan."
                elif self.ouder.niveau.diepte != self.niveau.diepte - 1:
                    fouten["ouder"] = (
                        f"Een {self.niveau.naam.lower()} valt onder het niveau direct erboven, "
                        f"niet onder een {self.ouder.niveau.naam.lower()}."
                    )
        for veld, soort in [
            ("schaal", KeuzelijstSoort.SCHAAL),
            ("prioriteit", KeuzelijstSoort.PRIORITEIT),
        ]:
            waarde = getattr(self, veld)
            if waarde is not None and self.plan_id and not _van_planvorm(waarde, self.plan, soort):
                fouten[veld] = "Kies een waarde uit de lijst van de planvorm van dit plan."
        if self.subregio_id and self.plan_id and self.subregio.regio_id != self.plan.regio_id:
            fouten["subregio"] = "Deze subregio hoort bij een andere regio."
        if self.deadline_tekst:
            from ..deadlines import DeadlineFout, deadline_lezen

            try:
                deadline_lezen(self.deadline_tekst)
            except DeadlineFout as fout:
                fouten["deadline_tekst"] = str(fout)
        if fouten:
            raise ValidationError(fouten)

    # What pages and documents show.

    @property
    def naam(self) -> str:
        return self.titel or self.tekst

    def _met_code(self, naam: str) -> str:
        if self.niveau_id and self.niveau.code_tonen and self.code:
            return f"{self.gedrukte_code} {naam}"
        return naam

    @property
    def inhoudsnaam(self) -> str:
        """The name the plan's contents prints: its own contents title, else its name."""
        return self.inhoudstitel or self.naam

    @property
    def inhoudsregel(self) -> str:
        """The item as the plan's contents lists it: “36. Lokale Wmo-agenda”."""
        return self._met_code(self.inhoudsnaam)

    @property
    def anker(self) -> str:
        """A fragment identifier unique within a plan's pages and documents."""
        return f"{self.niveau.slug}-{self.code}"

    @property
    def aanduiding(self) -> str:
        """How a sentence names this item: “thema 7”, or “taak Preventie” where the plan
        prints no numbers."""
        if self.niveau.code_tonen and self.code:
            return f"{self.niveau.klein} {self.code}"
        return f"{self.niveau.klein} {self.naam}"

    @cached_property
    def rijen(self):
        """The rows of this item's table (agenda.weergave), for the shared partial."""
        from ..weergave import rijen

        return rijen(self)

    @property
    def prioriteit_gedrukt(self) -> str:
        """The priority as the plan prints it (“1 (Wmo) 3 (J)”), else its short value."""
        if self.prioriteit_tekst:
            return self.prioriteit_tekst
        return self.prioriteit.kort if self.prioriteit is not None else ""

    @property
    def heeft_pagina(self) -> bool:
        """Worth a link from its parent's table: its level shows more than its own text."""
        return bool(self.plan.secties(self.niveau_id))

    def tekst_van(self, sleutel: str) -> str:
        return (self.teksten or {}).get(sleutel, "")

    @property
    def domeinnamen(self) -> list[str]:
        """The domains this item touches, in the list's order (uses the domains attached by
        agenda.selectors.lijstwaarden_koppelen, else prefetched ones)."""
        domeinen = getattr(self, "gekoppelde_domeinen", None)
        if domeinen is None:
            domeinen = self.domeinen.all()
        return [d.label for d in sorted(domeinen, key=lambda d: (d.volgorde, d.code))]

    @property
    def schaal_label(self) -> str:
        """As the plan prints it: “R3D”, “R1D (Wmo)”, “R2D (Jeugdhulp en Wmo)”, or the scale."""
        if self.schaal is None:
            return ""
        if not self.niveau.schaal_met_domeinen:
            return self.schaal.afkorting
        domeinen = self.domeinnamen
        totaal = len(self.plan.lijstwaarden(KeuzelijstSoort.DOMEIN)) or 3
        code = f"{self.schaal.afkorting}{len(domeinen)}D"
        if not domeinen or len(domeinen) == totaal:
            return code
        return f"{code} ({' en '.join(domeinen)})"

    def rijlabel(self, sectie) -> str:
        return (self.rijlabels or {}).get(sectie.sleutel) or sectie.label

    @property
    def trekkers(self):
        """The people who lead this item (uses prefetched roles, or only the leading ones)."""
        rollen = getattr(self, "leidende_rollen", None)
        if rollen is None:
            rollen = self.rollen.all()
        return [rol.persoon for rol in rollen if rol.soort.leidend and rol.persoon_id]

    @property
    def resultaat(self):
        """The concrete result: the parts of the text the plan sets in italics."""
        return "; ".join(deel.strip() for deel in CURSIEF.findall(self.tekst))


def _van_planvorm(waarde: Lijstwaarde, plan: Plan, soort) -> bool:
    return any(w.pk == waarde.pk for w in plan.lijstwaarden(soort))


class Lijstitem(models.Model):
    """An item of one of an item's ordered lists."""

    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)
    niveau = models.PositiveSmallIntegerField(
        "opmaak", choices=Lijstniveau.choices, default=Lijstniveau.PUNT
    )

    class Meta:
        abstract = True
        ordering = ["onderdeel", "volgorde"]

    def __str__(self):
        return self.tekst


class Beleidsdoel(Lijstitem):
    onderdeel = models.ForeignKey(Onderdeel, on_delete=models.CASCADE, related_name="beleidsdoelen")
    tekst = models.TextField("beleidsdoel")
    history = HistoricalRecords()

    class Meta(Lijstitem.Meta):
        verbose_name = "beleidsdoel"
        verbose_name_plural = "beleidsdoelen"


class MaatschappelijkEffect(Lijstitem):
    onderdeel = models.ForeignKey(
        Onderdeel, on_delete=models.CASCADE, related_name="maatschappelijke_effecten"
    )
    tekst = models.TextField("maatschappelijk effect")
    history = HistoricalRecords()

    class Meta(Lijstitem.Meta):
        verbose_name = "maatschappelijk effect"
        verbose_name_plural = "maatschappelijke effecten"


class Rol(models.Model):
    """Who does what for an item: a person or a party in a role from the plan's own list
    (trekker, 1e aanspreekpersoon, Wie, verantwoordelijk, beleidsregie, ...), or words only
    (“initiatief ligt bij de centrumgemeente”)."""

    onderdeel = models.ForeignKey(Onderdeel, on_delete=models.CASCADE, related_name="rollen")
    soort = models.ForeignKey(
        Lijstwaarde, verbose_name="rol", on_delete=models.PROTECT, related_name="+"
    )
    persoon = models.ForeignKey(
        Persoon, on_delete=models.PROTECT, null=True, blank=True, related_name="rollen"
    )
    partij = models.ForeignKey(
        Partij, on_delete=models.PROTECT, null=True, blank=True, related_name="rollen"
    )
    tekst = models.CharField(
        "in woorden",
        max_length=500,
        blank=True,
        help_text="Zoals het plan het zegt, bijv. “initiatief ligt bij de centrumgemeente”.",
    )
    toelichting = models.CharField("toelichting", max_length=200, blank=True)
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)
    sturingsvorm = models.CharField(
        "sturingsvorm", max_length=20, choices=Sturingsvorm.choices, blank=True
    )
    schaal_organisatie = models.ForeignKey(
        Lijstwaarde,
        verbose_name="schaal van organisatie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    schaal_uitvoering = models.ForeignKey(
        Lijstwaarde,
        verbose_name="schaal van uitvoering",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "rol"
        verbose_name_plural = "rollen"
        ordering = ["onderdeel", "volgorde", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(persoon__isnull=False)
                | models.Q(partij__isnull=False)
                | ~models.Q(tekst=""),
                name="rol_noemt_iemand",
                violation_error_message="Kies een persoon of partij, of beschrijf wie.",
            ),
            models.UniqueConstraint(
                fields=["onderdeel", "persoon", "soort"],
                condition=models.Q(persoon__isnull=False),
                name="rol_persoon_uniek",
                violation_error_message="Deze persoon heeft deze rol al bij dit onderdeel.",
            ),
            models.UniqueConstraint(
                fields=["onderdeel", "partij", "soort"],
                condition=models.Q(partij__isnull=False),
                name="rol_partij_uniek",
                violation_error_message="Deze partij heeft deze rol al bij dit onderdeel.",
            ),
        ]

    def __str__(self):
        return f"{self.wie} – {self.soort}"

    @property
    def wie(self) -> str:
        delen = [str(x) for x in (self.persoon, self.partij) if x is not None]
        if self.tekst:
            delen.append(self.tekst)
        return ", ".join(delen)

    def clean(self):
        fouten = {}
        plan = self.onderdeel.plan if self.onderdeel_id else None
        if plan is not None:
            if self.soort_id and not _van_planvorm(self.soort, plan, KeuzelijstSoort.ROL):
                fouten["soort"] = "Kies een rol uit de lijst van de planvorm van dit plan."
            for veld in ("schaal_organisatie", "schaal_uitvoering"):
                waarde = getattr(self, veld)
                if waarde is not None and not _van_planvorm(waarde, plan, KeuzelijstSoort.SCHAAL):
                    fouten[veld] = "Kies een schaal uit de lijst van de planvorm van dit plan."
            for veld in ("persoon", "partij"):
                waarde = getattr(self, veld)
                if waarde is not None and waarde.regio_id != plan.regio_id:
                    fouten[veld] = "Deze hoort bij een andere regio."
        if not (self.persoon_id or self.partij_id or self.tekst.strip()):
            fouten["tekst"] = "Kies een persoon of partij, of beschrijf wie."
        if fouten:
            raise ValidationError(fouten)
