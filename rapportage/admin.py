from django import forms
from django.contrib import admin, messages
from django.db import DatabaseError, IntegrityError, transaction
from django.shortcuts import redirect
from simple_history.admin import SimpleHistoryAdmin

from agenda.admin import IndicatorAdmin, MetingInline
from agenda.models import Indicator, Meting
from regio.beheer import TabelFormSet, TabelInline

from .constants import PeriodeStatus
from .metingen import is_vergrendeld, vastgestelde_kwartalen, vergrendelde_metingen
from .models import (
    GearchiveerdRapport,
    Herinnering,
    Heropening,
    Melding,
    Namenswijziging,
    Rapportageperiode,
    ThemaRapportage,
)
from .services import REGELVELDEN, kan_verwijderd_worden, rapportageperiode_verwijderen


class VergrendeldAlleenLezen:
    """What an adopted quarter holds is read-only in the admin, without delete, as it is in the
    database (the lock triggers). The reason is said in Dutch; a save that meets the database's
    refusal anyway (locked while the form was open) is a message, not a server error."""

    vergrendeld_melding = "Dit is vastgesteld en kan niet gewijzigd of verwijderd worden."

    def is_vergrendeld(self, obj) -> bool:
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.is_vergrendeld(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.is_vergrendeld(obj):
            return False
        return super().has_delete_permission(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, object_id) if object_id else None
        if obj is not None and self.is_vergrendeld(obj):
            if request.method == "POST":
                messages.error(request, f"Niet opgeslagen. {self.vergrendeld_melding}")
                return redirect(request.path)
            messages.info(request, self.vergrendeld_melding)
        return self._weigering_als_melding(
            request,
            lambda: super(VergrendeldAlleenLezen, self).changeform_view(
                request, object_id, form_url, extra_context
            ),
        )

    def delete_view(self, request, object_id, extra_context=None):
        return self._weigering_als_melding(
            request,
            lambda: super(VergrendeldAlleenLezen, self).delete_view(
                request, object_id, extra_context
            ),
        )

    def _weigering_als_melding(self, request, view):
        try:
            with transaction.atomic():
                return view()
        except (IntegrityError, DatabaseError):
            messages.error(request, f"Niet opgeslagen. {self.vergrendeld_melding}")
            return redirect(request.path)


class ThemaRapportageInline(TabelInline):
    model = ThemaRapportage
    fk_name = "periode"
    extra = 0
    fields = ["onderdeel", "status", "tijd_smiley", "kosten_smiley", "bijzonderheden_smiley"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("onderdeel__niveau")


@admin.register(Rapportageperiode)
class RapportageperiodeAdmin(VergrendeldAlleenLezen, SimpleHistoryAdmin):
    vergrendeld_melding = (
        "Deze periode is vastgesteld: ze is alleen-lezen en kan niet verwijderd worden. "
        "De transformatiemanager kan haar heropenen (met een reden) als er iets moet veranderen."
    )
    # Opening, adopting and reopening are steps of the cycle with their own rules and records
    # (rapportage.services); the admin does not take them.
    readonly_fields = ["status", "vastgesteld_op"]
    list_display = ["code", "titel", "plan", "status", "deadline", "vastgesteld_op"]
    list_filter = ["plan", "status", "jaar", "kwartaal"]
    search_fields = ["titel", "plan__titel"]
    list_select_related = ["plan"]
    inlines = [ThemaRapportageInline]

    @admin.display(description="periode", ordering="jaar")
    def code(self, periode):
        return periode.code

    def is_vergrendeld(self, periode) -> bool:
        return periode.status == PeriodeStatus.VASTGESTELD

    def has_add_permission(self, request):
        return False  # a period is opened on the site: its reports are made with it

    def get_deleted_objects(self, objs, request):
        verwijderd, aantallen, rechten, beschermd = super().get_deleted_objects(objs, request)
        beschermd += [
            f"{obj}: er is al aan gewerkt; alleen een per vergissing geopende periode kan weg"
            for obj in objs
            if not self.is_vergrendeld(obj) and not kan_verwijderd_worden(obj)
        ]
        return verwijderd, aantallen, rechten, beschermd

    def delete_model(self, request, obj):
        rapportageperiode_verwijderen(periode=obj, door=request.user)

    def delete_queryset(self, request, queryset):
        for periode in queryset:
            rapportageperiode_verwijderen(periode=periode, door=request.user)


class ThemaRapportageAdminForm(forms.ModelForm):
    """The version the beheerder saw travels with the form: a save by someone else since is
    refused, and a save here counts as a new version, so an open form elsewhere cannot
    silently overwrite this correction either."""

    versie_bij_openen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["versie_bij_openen"] = self.instance.versie

    def clean(self):
        gegevens = super().clean()
        if self.instance.pk:
            # Inside the admin's transaction: hold the row until the save.
            huidig = (
                ThemaRapportage.objects.select_for_update(no_key=True)
                .filter(pk=self.instance.pk)
                .values_list("versie", "vergrendeld")
                .first()
            )
            if huidig is None or huidig[1]:
                raise forms.ValidationError(
                    "Niet opgeslagen. Deze rapportage is intussen vastgesteld en kan niet meer "
                    "gewijzigd worden."
                )
            if gegevens.get("versie_bij_openen") != huidig[0]:
                raise forms.ValidationError(
                    "Niet opgeslagen. Iemand heeft deze rapportage gewijzigd sinds u hem opende. "
                    "Open hem "
                    "opnieuw om de nieuwe versie te zien en breng dan uw wijziging aan."
                )
        return gegevens

    class Meta:
        model = ThemaRapportage
        fields = [
            "periode",
            "onderdeel",
            "status",
            *REGELVELDEN,
            "weergave",
        ]


@admin.register(ThemaRapportage)
class ThemaRapportageAdmin(VergrendeldAlleenLezen, SimpleHistoryAdmin):
    form = ThemaRapportageAdminForm
    vergrendeld_melding = (
        "Deze rapportage is vastgesteld: ze is alleen-lezen en kan niet verwijderd worden. "
        "De transformatiemanager kan de periode heropenen (met een reden) als er iets moet "
        "veranderen."
    )
    # The cycle's own fields: who filled it in, its version (the guard against overwriting),
    # its lock and what the adoption decided.
    readonly_fields = [
        "status",
        "versie",
        "vergrendeld",
        "overgenomen_uit",
        "gekopieerd",
        "ingevuld_door",
        "ingevuld_op",
    ]
    list_display = [
        "onderdeel",
        "periode",
        "status",
        "tijd_smiley",
        "kosten_smiley",
        "bijzonderheden_smiley",
        "ingevuld_door",
    ]
    list_filter = [
        "periode__plan",
        "periode",
        "status",
        "tijd_smiley",
        "kosten_smiley",
        "bijzonderheden_smiley",
    ]
    search_fields = ["onderdeel__titel", "tijd_tekst", "kosten_tekst", "bijzonderheden_tekst"]
    list_select_related = ["onderdeel__niveau", "periode__plan__regio", "ingevuld_door"]
    autocomplete_fields = ["onderdeel"]
    fieldsets = [
        (None, {"fields": ["periode", "onderdeel", "status"]}),
        ("Tijd", {"fields": ["tijd_smiley", "tijd_tekst"]}),
        ("Kosten", {"fields": ["kosten_smiley", "kosten_tekst"]}),
        ("Bijzonderheden", {"fields": ["bijzonderheden_smiley", "bijzonderheden_tekst"]}),
        ("Onderdeel zoals gerapporteerd", {"fields": ["weergave"], "classes": ["collapse"]}),
        (
            "Invulling",
            {
                "fields": [
                    "ingevuld_door",
                    "ingevuld_op",
                    "versie",
                    "gekopieerd",
                    "vergrendeld",
                    "overgenomen_uit",
                    "versie_bij_openen",
                ]
            },
        ),
    ]

    def is_vergrendeld(self, rapport) -> bool:
        return rapport.vergrendeld or rapport.periode.status == PeriodeStatus.VASTGESTELD

    def has_add_permission(self, request):
        return False  # every reported item gets its report when a period opens

    def has_delete_permission(self, request, obj=None):
        return False  # reports go with their period (the cycle's "verwijderen")

    def save_model(self, request, obj, form, change):
        # A change here is a save like any other: the version moves on, so a form opened
        # before it in the app is refused instead of overwriting it.
        if change:
            obj.versie = form.cleaned_data["versie_bij_openen"] + 1
            obj._change_reason = "gewijzigd in beheer"
        super().save_model(request, obj, form, change)


class AlleenLezenAdmin(SimpleHistoryAdmin):
    """Records that are written by the reporting cycle and never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Heropening)
class HeropeningAdmin(AlleenLezenAdmin):
    list_display = ["periode", "op", "door", "reden"]
    list_filter = ["periode__plan"]
    list_select_related = ["periode__plan__regio", "door"]


@admin.register(GearchiveerdRapport)
class GearchiveerdRapportAdmin(AlleenLezenAdmin):
    list_display = ["periode", "versie", "sha256", "grootte", "aangemaakt_op", "vastgesteld_door"]
    list_filter = ["periode__plan"]
    list_select_related = ["periode__plan__regio", "vastgesteld_door"]


@admin.register(Namenswijziging)
class NamenswijzigingAdmin(AlleenLezenAdmin):
    list_display = ["rapport", "op", "door", "reden"]
    list_filter = ["rapport__periode__plan"]
    list_select_related = ["rapport__onderdeel__niveau", "rapport__periode__plan__regio", "door"]


@admin.register(Melding)
class MeldingAdmin(admin.ModelAdmin):
    list_display = ["aangemaakt_op", "ontvanger", "soort", "onderwerp", "status"]
    list_filter = ["soort", "status", "periode__plan"]
    search_fields = ["onderwerp", "ontvanger__username", "ontvanger__email"]
    list_select_related = ["ontvanger"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Measurements of an adopted quarter are locked like its reports (migration 0011); the agenda's
# admin knows no quarters, so its indicator page is extended here, above it.
class MetingenFormSet(TabelFormSet):
    def clean(self):
        super().clean()
        indicator = self.instance
        kwartalen = vastgestelde_kwartalen(indicator.onderdeel.plan_id) if indicator.pk else set()
        for form in self.forms:
            meting = form.instance
            if not form.has_changed() and not self._should_delete_form(form):
                continue
            if meting.pk and is_vergrendeld(indicator, *self._opgeslagen(meting), kwartalen):
                form.add_error(
                    None,
                    "Deze meting hoort bij een vastgesteld kwartaal en kan niet gewijzigd of "
                    "verwijderd worden; heropen eerst de periode.",
                )
            elif is_vergrendeld(
                indicator,
                form.cleaned_data.get("jaar"),
                form.cleaned_data.get("periode"),
                kwartalen,
            ):
                form.add_error(
                    None, "Dit kwartaal is vastgesteld: er kan geen meting meer bij komen."
                )

    @staticmethod
    def _opgeslagen(meting):
        opgeslagen = Meting.objects.filter(pk=meting.pk).values_list("jaar", "periode").first()
        return opgeslagen or (meting.jaar, meting.periode)


class VergrendeldeMetingInline(MetingInline):
    formset = MetingenFormSet


admin.site.unregister(Indicator)


@admin.register(Indicator)
class IndicatorMetVergrendelingAdmin(VergrendeldAlleenLezen, IndicatorAdmin):
    inlines = [VergrendeldeMetingInline]
    vergrendeld_melding = (
        "Deze indicator heeft metingen van een vastgesteld kwartaal en kan niet verwijderd "
        "worden; heropen eerst de periode."
    )

    def is_vergrendeld(self, indicator) -> bool:
        # The indicator itself stays editable (its locked measurements are refused one by one
        # in the inline); it cannot be deleted while it has any.
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and vergrendelde_metingen(obj.metingen.select_related("indicator")):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Herinnering)
class HerinneringAdmin(admin.ModelAdmin):
    list_display = ["datum", "gebruiker", "soort", "periode"]
    list_filter = ["soort", "datum"]
    list_select_related = ["periode__plan__regio", "gebruiker"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
