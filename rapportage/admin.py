from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import GearchiveerdRapport, Herinnering, Heropening, Rapportageperiode, ThemaRapportage


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
class RapportageperiodeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "titel", "plan", "status", "deadline", "vastgesteld_op"]
    list_filter = ["plan", "status", "jaar", "kwartaal"]
    search_fields = ["titel", "plan__titel"]
    list_select_related = ["plan"]
    inlines = [ThemaRapportageInline]

    @admin.display(description="periode", ordering="jaar")
    def code(self, periode):
        return periode.code


@admin.register(ThemaRapportage)
class ThemaRapportageAdmin(SimpleHistoryAdmin):
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
        ("Invulling", {"fields": ["ingevuld_door", "ingevuld_op"]}),
    ]


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
