from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .beheer import TabelInline
from .models import Deelname, Gebruiker, Gemeente, Inwonertal, Partij, Persoon, Regio, Subregio
from .rollen import rol_toekennen


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
    list_display = ["username", "first_name", "last_name", "rol", "regio", "is_active"]
    list_filter = ["rol", "regio", "is_active", "is_staff"]
    list_select_related = ["regio"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Rol in de transformatie-agenda", {"fields": ["rol", "regio"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        ("Rol in de transformatie-agenda", {"fields": ["rol", "regio"]}),
    ]

    def save_related(self, request, form, formsets, change):
        """The role decides admin access and permissions (regio.rollen), after the form's
        own groups are saved, so a checkbox cannot open the admin to another role."""
        super().save_related(request, form, formsets, change)
        if form.instance.rol:
            rol_toekennen(form.instance, form.instance.rol)
