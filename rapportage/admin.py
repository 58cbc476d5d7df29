from django import forms
from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from .constants import PeriodeStatus
from .models import GearchiveerdRapport, Herinnering, Heropening, Rapportageperiode, ThemaRapportage
from .services import REGELVELDEN, kan_verwijderd_worden, rapportageperiode_verwijderen

ALLEEN_BEKIJKEN = (
    "{wat} is vastgesteld en kan alleen bekeken worden. Wijzigen kan pas na heropenen van de "
    "periode, met een reden, door de transformatiemanager (Rapportages › Voortgang)."
)


def _vastgesteld(periode) -> bool:
    return periode is not None and periode.status == PeriodeStatus.VASTGESTELD


def _vergrendeld(rapport) -> bool:
    return rapport is not None and (rapport.vergrendeld or _vastgesteld(rapport.periode))


class VergrendeldAlleenLezen:
    """Locked rows are shown read-only, with the reason in Dutch, so that no form ever
    reaches the database's lock triggers (which would refuse it with an error page)."""

    def is_vergrendeld(self, obj) -> bool:
        raise NotImplementedError

    melding_wat = "Dit record"

    def has_change_permission(self, request, obj=None):
        return not self.is_vergrendeld(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self.is_vergrendeld(obj) and super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if request.method == "GET" and self.is_vergrendeld(obj):
            messages.info(request, ALLEEN_BEKIJKEN.format(wat=self.melding_wat))
        return super().change_view(request, object_id, form_url, extra_context)

    def get_deleted_objects(self, objs, request):
        verwijderd, aantallen, rechten, beschermd = super().get_deleted_objects(objs, request)
        beschermd = list(beschermd) + [
            f"{obj}: vastgesteld, kan niet verwijderd worden"
            for obj in objs
            if self.is_vergrendeld(obj)
        ]
        return verwijderd, aantallen, rechten, beschermd


class ThemaRapportageInline(admin.TabularInline):
    model = ThemaRapportage
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
    """Periods. Status and adoption date move only through the cycle (opening, adopting with
    its archive, reopening with a reason); an adopted period is read-only."""

    list_display = ["code", "titel", "plan", "status", "deadline", "vastgesteld_op"]
    list_filter = ["plan", "status", "jaar", "kwartaal"]
    search_fields = ["titel", "plan__titel"]
    list_select_related = ["plan"]
    readonly_fields = ["status", "vastgesteld_op"]
    inlines = [ThemaRapportageInline]
    melding_wat = "Deze periode"

    def is_vergrendeld(self, obj) -> bool:
        return _vastgesteld(obj)

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

    @admin.display(description="periode", ordering="jaar")
    def code(self, periode):
        return periode.code


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
                    "Deze rapportage is intussen vastgesteld en kan niet meer gewijzigd worden."
                )
            if gegevens.get("versie_bij_openen") != huidig[0]:
                raise forms.ValidationError(
                    "Iemand heeft deze rapportage gewijzigd sinds u hem opende. Open hem "
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
            "ingevuld_door",
            "ingevuld_op",
        ]


@admin.register(ThemaRapportage)
class ThemaRapportageAdmin(VergrendeldAlleenLezen, SimpleHistoryAdmin):
    form = ThemaRapportageAdminForm
    melding_wat = "Deze rapportage"
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
        ("Invulling", {"fields": ["ingevuld_door", "ingevuld_op", "versie_bij_openen"]}),
    ]

    def is_vergrendeld(self, obj) -> bool:
        return _vergrendeld(obj)

    def has_add_permission(self, request):
        return False  # every reported item gets its report when a period opens

    def has_delete_permission(self, request, obj=None):
        return False  # reports go with their period (the cycle's "verwijderen")

    def save_model(self, request, obj, form, change):
        if change:
            obj.versie = form.cleaned_data["versie_bij_openen"] + 1
            obj._change_reason = "gecorrigeerd in beheer"
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


@admin.register(Herinnering)
class HerinneringAdmin(admin.ModelAdmin):
    list_display = ["datum", "gebruiker", "soort", "periode"]
    list_filter = ["soort", "datum"]
    list_select_related = ["periode__plan__regio", "gebruiker"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
