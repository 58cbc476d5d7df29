from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from simple_history.admin import SimpleHistoryAdmin

from regio.beheer import TabelInline

from .constants import SectieSoort
from .models import (
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
    Toetsingseis,
    Toetsingskader,
    Vaststelling,
)
from .signalen import vaststelling_melden

# --- The shape of a plan: levels, sections, lists -------------------------------------------


class NiveauInline(TabelInline):
    model = Niveau
    extra = 0
    show_change_link = True
    fields = ["diepte", "naam", "meervoud", "lidwoord", "slug", "code_tonen"]


class KeuzelijstInline(TabelInline):
    model = Keuzelijst
    extra = 0
    show_change_link = True


@admin.register(Planvorm)
class PlanvormAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "rapportageniveau"]
    search_fields = ["naam"]
    prepopulated_fields = {"slug": ["naam"]}
    inlines = [NiveauInline, KeuzelijstInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "rapportageniveau":
            planvorm_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Niveau.objects.filter(planvorm_id=planvorm_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SectieInline(TabelInline):
    model = Sectie
    extra = 0
    fields = ["volgorde", "letter", "label", "sleutel", "soort", "in_rapportage", "als_kolom"]


@admin.register(Niveau)
class NiveauAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "diepte", "planvorm"]
    list_filter = ["planvorm"]
    search_fields = ["naam"]
    list_select_related = ["planvorm"]
    inlines = [SectieInline]


class LijstwaardeInline(TabelInline):
    model = Lijstwaarde
    extra = 0
    fields = [
        "volgorde",
        "code",
        "label",
        "kort",
        "meervoud",
        "betekenis",
        "rapporteert",
        "leidend",
    ]


@admin.register(Keuzelijst)
class KeuzelijstAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "soort", "planvorm"]
    list_filter = ["planvorm", "soort"]
    list_select_related = ["planvorm"]
    inlines = [LijstwaardeInline]


@admin.register(Lijstwaarde)
class LijstwaardeAdmin(SimpleHistoryAdmin):
    """For the lookups of roles and scales; the values are kept on their list's page."""

    list_display = ["label", "code", "keuzelijst"]
    list_filter = ["keuzelijst__planvorm", "keuzelijst__soort"]
    search_fields = ["label", "code"]
    list_select_related = ["keuzelijst__planvorm"]


# --- The plan and its outline ---------------------------------------------------------------


class HoofdstukInline(admin.StackedInline):
    model = Hoofdstuk
    extra = 0
    fields = [("volgorde", "nummer", "titel", "soort"), "tekst"]


class VaststellingInline(TabelInline):
    model = Vaststelling
    extra = 0
    autocomplete_fields = ["gemeente"]


class OverlegsectieInline(TabelInline):
    model = Overlegsectie
    extra = 0
    show_change_link = True


class AgendalijstInline(TabelInline):
    model = Agendalijst
    extra = 0
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["titel", "regio", "planvorm", "periode", "status", "vastgesteld_op"]
    list_filter = ["regio", "planvorm", "status"]
    search_fields = ["titel", "slug"]
    prepopulated_fields = {"slug": ["titel"]}
    list_select_related = ["regio", "planvorm"]
    filter_horizontal = ["toetsingskaders"]
    inlines = [HoofdstukInline, VaststellingInline, OverlegsectieInline, AgendalijstInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "regio",
                    "planvorm",
                    "titel",
                    "ondertitel",
                    "slug",
                    ("jaar_van", "jaar_tot_en_met"),
                    "versiedatum",
                    "ouder",
                ]
            },
        ),
        ("Vaststelling", {"fields": ["status", "vastgesteld_op"]}),
        ("Toetsing", {"fields": ["toetsingskaders"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "status" in form.changed_data:
            vaststelling_melden(obj)


class BeleidsdoelInline(TabelInline):
    model = Beleidsdoel
    extra = 0


class MaatschappelijkEffectInline(TabelInline):
    model = MaatschappelijkEffect
    extra = 0


class RolInline(TabelInline):
    model = Rol
    extra = 0
    autocomplete_fields = ["soort", "persoon", "partij", "schaal_organisatie", "schaal_uitvoering"]
    fields = [
        "volgorde",
        "soort",
        "persoon",
        "partij",
        "tekst",
        "toelichting",
        "sturingsvorm",
        "schaal_organisatie",
        "schaal_uitvoering",
    ]


class IndicatorInline(TabelInline):
    model = Indicator
    extra = 0
    show_change_link = True


class OnderdeelForm(forms.ModelForm):
    """The free-text rows of the item's level as fields of their own, labelled as the plan
    labels them; stored together in `teksten`."""

    class Meta:
        model = Onderdeel
        fields = [
            "plan",
            "niveau",
            "ouder",
            "code",
            "volgorde",
            "titel",
            "inhoudstitel",
            "tekst",
            "schaal",
            "subregio",
            "domeinen",
            "lijstniveau",
            "prioriteit",
            "prioriteit_tekst",
            "prioriteit_toelichting",
            "deadline_tekst",
            "invullers",
            "rijlabels",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tekstsecties = []
        if self.instance.pk and self.instance.niveau_id:
            plan = self.instance.plan
            self.tekstsecties = [
                s for s in plan.secties(self.instance.niveau_id) if s.soort == SectieSoort.TEKST
            ]
        for sectie in self.tekstsecties:
            self.fields[f"tekst__{sectie.sleutel}"] = forms.CharField(
                label=f"{sectie.letter} {sectie.label}".strip(),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=self.instance.tekst_van(sectie.sleutel),
            )

    def save(self, commit=True):
        teksten = dict(self.instance.teksten or {})
        for sectie in self.tekstsecties:
            waarde = self.cleaned_data.get(f"tekst__{sectie.sleutel}", "")
            if waarde:
                teksten[sectie.sleutel] = waarde
            else:
                teksten.pop(sectie.sleutel, None)
        self.instance.teksten = teksten
        return super().save(commit)


@admin.register(Onderdeel)
class OnderdeelAdmin(SimpleHistoryAdmin):
    form = OnderdeelForm
    list_display = ["code", "__str__", "niveau", "plan"]
    list_display_links = ["code", "__str__"]
    list_filter = ["plan", "niveau", "schaal", "prioriteit"]
    search_fields = ["titel", "tekst", "=code", "rollen__persoon__naam", "rollen__partij__naam"]
    list_select_related = ["plan", "niveau__planvorm"]
    autocomplete_fields = ["ouder", "schaal", "prioriteit"]
    filter_horizontal = ["domeinen", "invullers"]
    inlines = [BeleidsdoelInline, MaatschappelijkEffectInline, RolInline, IndicatorInline]

    def get_fieldsets(self, request, obj=None):
        algemeen = [
            "plan",
            "niveau",
            "ouder",
            ("code", "volgorde"),
            "titel",
            "inhoudstitel",
            "tekst",
            ("schaal", "subregio"),
            "domeinen",
            "lijstniveau",
        ]
        fieldsets = [
            (None, {"fields": algemeen}),
            (
                "Prioriteit en deadline",
                {
                    "fields": [
                        "prioriteit",
                        "prioriteit_tekst",
                        "prioriteit_toelichting",
                        "deadline_tekst",
                    ]
                },
            ),
        ]
        teksten = []
        if obj is not None:
            teksten = [
                f"tekst__{s.sleutel}"
                for s in obj.plan.secties(obj.niveau_id)
                if s.soort == SectieSoort.TEKST
            ]
        if teksten:
            fieldsets.append(("Rijen met tekst", {"fields": teksten}))
        fieldsets += [
            ("Kwartaalrapportage", {"fields": ["invullers"]}),
            ("Afwijkende rijlabels", {"fields": ["rijlabels"], "classes": ["collapse"]}),
        ]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The text rows are fields the form adds itself (OnderdeelForm), not model fields.
        kwargs["fields"] = [
            veld
            for veld in flatten_fieldsets(self.get_fieldsets(request, obj))
            if not veld.startswith("tekst__")
        ]
        return super().get_form(request, obj, change, **kwargs)


class MetingInline(TabelInline):
    model = Meting
    extra = 0
    autocomplete_fields = ["gemeente", "aanbieder"]
    fields = ["jaar", "periode", "gemeente", "aanbieder", "waarde", "toelichting"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "eenheid", "frequentie", "onderdeel"]
    list_filter = ["onderdeel__plan", "frequentie"]
    search_fields = ["naam", "bron"]
    autocomplete_fields = ["onderdeel"]
    inlines = [MetingInline]


class BijdrageInline(TabelInline):
    model = Bijdrage
    extra = 0
    autocomplete_fields = ["gemeente"]


@admin.register(Begrotingspost)
class BegrotingspostAdmin(SimpleHistoryAdmin):
    list_display = ["omschrijving", "bedrag", "verdeling", "plan"]
    list_filter = ["plan", "verdeling", "structureel"]
    search_fields = ["omschrijving"]
    list_select_related = ["plan"]
    autocomplete_fields = ["onderdelen", "bron"]
    inlines = [BijdrageInline]


@admin.register(Reserve)
class ReserveAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "saldo", "peildatum", "plan"]
    list_filter = ["plan"]
    search_fields = ["naam"]


class ToetsingseisInline(TabelInline):
    model = Toetsingseis
    extra = 0


@admin.register(Toetsingskader)
class ToetsingskaderAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "bron"]
    search_fields = ["naam"]
    prepopulated_fields = {"slug": ["naam"]}
    inlines = [ToetsingseisInline]


@admin.register(Toetsing)
class ToetsingAdmin(SimpleHistoryAdmin):
    list_display = ["eis", "plan"]
    list_filter = ["plan", "eis__kader"]
    autocomplete_fields = ["onderdelen"]
    filter_horizontal = ["hoofdstukken"]


# --- Meeting structure and agenda lists ---------------------------------------------------


class OverlegInline(admin.StackedInline):
    model = Overlegstructuur
    extra = 0
    show_change_link = True
    fields = ["volgorde", ("nummer", "naam"), "trekker", "frequentie"]


@admin.register(Overlegsectie)
class OverlegsectieAdmin(SimpleHistoryAdmin):
    list_display = ["titel", "hoofdstuk", "plan"]
    list_filter = ["plan", "hoofdstuk"]
    search_fields = ["titel"]
    list_select_related = ["plan"]
    inlines = [OverlegInline]


@admin.register(Overlegstructuur)
class OverlegstructuurAdmin(SimpleHistoryAdmin):
    list_display = ["nummer", "naam", "trekker", "frequentie", "sectie"]
    list_display_links = ["nummer", "naam"]
    list_filter = ["sectie__plan", "sectie"]
    search_fields = ["naam", "trekker", "deelnemers", "agenda"]
    list_select_related = ["sectie"]
    autocomplete_fields = ["onderdelen"]


class AgendapuntInline(TabelInline):
    model = Agendapunt
    extra = 0


@admin.register(Agendalijst)
class AgendalijstAdmin(SimpleHistoryAdmin):
    list_display = ["nummer", "titel", "plan"]
    list_filter = ["plan"]
    search_fields = ["titel"]
    list_select_related = ["plan"]
    inlines = [AgendapuntInline]


@admin.register(Agendapunt)
class AgendapuntAdmin(SimpleHistoryAdmin):
    list_display = ["nummer", "omschrijving", "subregio", "lijst"]
    list_filter = ["lijst__plan", "lijst", "subregio"]
    search_fields = ["omschrijving"]
    list_select_related = ["lijst", "subregio"]
