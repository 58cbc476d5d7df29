from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .beheer import TabelInline
from .models import Deelname, Gebruiker, Gemeente, Inwonertal, Partij, Persoon, Regio, Subregio
from .rollen import rol_toekennen


def in_geschiedenis(gebruiker) -> bool:
    """Whether any history row (of any app) names this account as who made the change."""
    from django.apps import apps

    return any(
        model.objects.filter(history_user_id=gebruiker.pk).exists()
        for model in apps.get_models()
        if hasattr(model, "history_user_id")
        or "history_user" in {f.name for f in model._meta.fields}
    )


class SubregioInline(TabelInline):
    model = Subregio
    extra = 0


class DeelnameInline(TabelInline):
    model = Deelname
    extra = 0
    autocomplete_fields = ["gemeente"]
    fields = ["gemeente", "subregio", "rol"]


@admin.register(Regio)
class RegioAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "soort"]
    search_fields = ["naam"]
    prepopulated_fields = {"slug": ["naam"]}
    inlines = [SubregioInline, DeelnameInline]


@admin.register(Subregio)
class SubregioAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "afkorting", "regio"]
    list_filter = ["regio"]
    search_fields = ["naam", "afkorting"]
    list_select_related = ["regio"]


class InwonertalInline(TabelInline):
    model = Inwonertal
    extra = 0


class GemeenteDeelnameInline(TabelInline):
    model = Deelname
    extra = 0
    fields = ["regio", "subregio", "rol"]


@admin.register(Gemeente)
class GemeenteAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "cbs_code"]
    list_filter = ["deelnames__regio"]
    search_fields = ["naam", "cbs_code"]
    inlines = [GemeenteDeelnameInline, InwonertalInline]


@admin.register(Partij)
class PartijAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "soort", "organisatietype", "regio"]
    list_filter = ["regio", "soort", "organisatietype"]
    search_fields = ["naam"]
    autocomplete_fields = ["gemeente"]
    list_select_related = ["regio"]


@admin.register(Persoon)
class PersoonAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "functie", "gemeente", "organisatie", "gebruiker"]
    list_filter = ["regio", "gemeente"]
    search_fields = ["naam", "functie"]
    autocomplete_fields = ["gemeente", "organisatie", "gebruiker"]
    list_select_related = ["gemeente", "organisatie", "gebruiker"]


@admin.register(Gebruiker)
class GebruikerAdmin(UserAdmin, SimpleHistoryAdmin):
    """Accounts. Rights follow from the role (regio.rollen): staff status, groups and
    permissions are shown, never edited here, and superuser status cannot be given at all."""

    list_display = ["username", "first_name", "last_name", "rol", "regio", "is_active"]
    list_filter = ["rol", "regio", "is_active", "is_staff"]
    list_select_related = ["regio"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Persoonlijke gegevens", {"fields": ["first_name", "last_name", "email"]}),
        ("Rol in de transformatie-agenda", {"fields": ["rol", "regio"]}),
        (
            "Rechten (volgen uit de rol)",
            {"fields": ["is_active", "is_staff", "is_superuser", "groepen"]},
        ),
        ("Belangrijke datums", {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = ["is_staff", "is_superuser", "groepen", "last_login", "date_joined"]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        ("Rol in de transformatie-agenda", {"fields": ["rol", "regio"]}),
    ]

    @admin.display(description="groepen")
    def groepen(self, gebruiker):
        return ", ".join(groep.name for groep in gebruiker.groups.all()) or "–"

    def _is_hoger(self, request, gebruiker) -> bool:
        """A superuser's account is out of reach for anyone who is not one: changing its
        password would hand over every region."""
        return gebruiker is not None and gebruiker.is_superuser and not request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return not self._is_hoger(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._is_hoger(request, obj) and super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        """An account that changed anything is named in the history of that change, which
        is kept for good (for reports, the database refuses to change it): such an account
        is made inactive, never deleted."""
        verwijderd, aantallen, rechten, beschermd = super().get_deleted_objects(objs, request)
        beschermd = list(beschermd) + [
            f"{gebruiker}: staat in de geschiedenis als wie iets wijzigde; zet het account op "
            "inactief in plaats van het te verwijderen"
            for gebruiker in objs
            if in_geschiedenis(gebruiker)
        ]
        return verwijderd, aantallen, rechten, beschermd

    def save_related(self, request, form, formsets, change):
        """The role decides admin access and permissions (regio.rollen), after the form's
        own groups are saved, so a checkbox cannot open the admin to another role."""
        super().save_related(request, form, formsets, change)
        if form.instance.rol:
            rol_toekennen(form.instance, form.instance.rol)
