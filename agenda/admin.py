from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
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


class SpeerpuntInline(admin.TabularInline):
    model = Speerpunt
    extra = 0


class OverlegsectieInline(admin.TabularInline):
    model = Overlegsectie
    extra = 0
    show_change_link = True


class AgendalijstInline(admin.TabularInline):
    model = Agendalijst
    extra = 0
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["titel", "regio", "periode", "status", "vastgesteld_op"]
    list_filter = ["regio", "status"]
    search_fields = ["titel", "slug"]
    prepopulated_fields = {"slug": ["titel"]}
    list_select_related = ["regio"]
    inlines = [SpeerpuntInline, OverlegsectieInline, AgendalijstInline]
    fieldsets = [
        (None, {"fields": ["regio", "titel", "slug", ("jaar_van", "jaar_tot_en_met")]}),
        ("Vaststelling", {"fields": ["status", "vastgesteld_op"]}),
        ("Inleiding", {"fields": ["inleiding"]}),
        (
            "Uitgangspunten, kernwaarden en organisatie van hulp",
            {
                "fields": [
                    "uitgangspunten_inleiding",
                    "uitgangspunten",
                    "kernwaarden",
                    "organisatie_van_hulp",
                ]
            },
        ),
        ("Opmaak van de thematabellen", {"fields": ["rijlabels"], "classes": ["collapse"]}),
    ]


@admin.register(Speerpunt)
class SpeerpuntAdmin(SimpleHistoryAdmin):
    list_display = ["titel", "nummer", "plan"]
    list_filter = ["plan"]
    search_fields = ["titel"]
    list_select_related = ["plan"]


class BeleidsdoelInline(admin.TabularInline):
    model = Beleidsdoel
    extra = 0


class MaatschappelijkEffectInline(admin.TabularInline):
    model = MaatschappelijkEffect
    extra = 0


class ActiviteitInline(admin.StackedInline):
    model = Activiteit
    extra = 0
    fields = [("volgorde", "niveau"), "omschrijving", ("planning", "datum")]


class ThemaRolInline(admin.TabularInline):
    model = ThemaRol
    extra = 0
    autocomplete_fields = ["persoon"]


class FinancieringInline(admin.TabularInline):
    model = Financiering
    extra = 0


@admin.register(Thema)
class ThemaAdmin(SimpleHistoryAdmin):
    list_display = ["nummer", "titel", "schaal_label", "speerpunt", "prioriteit", "plan"]
    list_display_links = ["nummer", "titel"]
    list_filter = ["plan", "speerpunt", "schaal", "jeugdhulp", "wmo", "participatie", "prioriteit"]
    search_fields = ["titel", "=nummer", "wie", "partners"]
    list_select_related = ["plan", "speerpunt"]
    filter_horizontal = ["partner_organisaties"]
    inlines = [
        BeleidsdoelInline,
        MaatschappelijkEffectInline,
        ActiviteitInline,
        ThemaRolInline,
        FinancieringInline,
    ]
    fieldsets = [
        (
            "a. Thema",
            {
                "fields": [
                    "plan",
                    "speerpunt",
                    ("nummer", "titel"),
                    ("schaal", "subregio"),
                    ("jeugdhulp", "wmo", "participatie"),
                ]
            },
        ),
        (
            "e–f. Verantwoordelijk en partners",
            {"fields": ["verantwoordelijk", "partners", "partner_organisaties"]},
        ),
        ("g–h. Planning en meten", {"fields": ["planning", "meten"]}),
        ("i–j. Financiën en besluiten", {"fields": ["financien", "besluiten"]}),
        ("k–m. Rollen en overleg", {"fields": ["rol_bedrijfsvoering", "rol_lokaal", "overleg"]}),
        ("n. Wie", {"fields": ["wie"]}),
        (
            "o. Prioritering",
            {"fields": ["prioriteit", "prioriteit_tekst", "prioriteit_toelichting"]},
        ),
        ("Afwijkende rijlabels", {"fields": ["rijlabels"], "classes": ["collapse"]}),
    ]

    @admin.display(description="schaal")
    def schaal_label(self, thema):
        return thema.schaal_label


class ThemaItemAdmin(SimpleHistoryAdmin):
    list_filter = ["thema__plan"]
    list_select_related = ["thema"]
    autocomplete_fields = ["thema"]


@admin.register(Beleidsdoel)
class BeleidsdoelAdmin(ThemaItemAdmin):
    list_display = ["tekst", "thema", "volgorde"]
    search_fields = ["tekst", "thema__titel"]


@admin.register(MaatschappelijkEffect)
class MaatschappelijkEffectAdmin(ThemaItemAdmin):
    list_display = ["tekst", "thema", "volgorde"]
    search_fields = ["tekst", "thema__titel"]


@admin.register(Activiteit)
class ActiviteitAdmin(ThemaItemAdmin):
    list_display = ["omschrijving", "thema", "datum"]
    list_filter = ["thema__plan", "datum"]
    search_fields = ["omschrijving", "planning", "thema__titel"]


@admin.register(ThemaRol)
class ThemaRolAdmin(SimpleHistoryAdmin):
    list_display = ["persoon", "rol", "toelichting", "thema"]
    list_filter = ["rol", "thema__plan"]
    search_fields = ["persoon__naam", "thema__titel", "toelichting"]
    list_select_related = ["persoon", "thema"]
    autocomplete_fields = ["thema", "persoon"]


@admin.register(Financiering)
class FinancieringAdmin(SimpleHistoryAdmin):
    list_display = ["thema", "soort", "bedrag", "naar_rato", "omschrijving"]
    list_filter = ["soort", "naar_rato", "thema__plan"]
    search_fields = ["omschrijving", "thema__titel"]
    list_select_related = ["thema"]
    autocomplete_fields = ["thema"]


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
    filter_horizontal = ["themas"]


class AgendapuntInline(admin.TabularInline):
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
