"""The admin answers malformed input with an error message, never a server error, and
read-only records stay read-only, for every model of every app.

Mended here once, at start-up, on the library classes themselves, so that every admin of the
project (and any added later) has it; each is a bug in the library at the version pinned:

- django-simple-history 3.13 passes the id in a history URL straight to the database (a
  letter gives a server error) and saves a "revert" posted to a version page for anyone who may
  view the record: its permission check only hides the button.
- Django 6.1's autocomplete widget, re-showing a form with an invalid choice (" " for a
  theme), looks the invalid value up in the database and fails.
- django-simple-history's history list carries an inline style, which the site's
  Content-Security-Policy refuses: its list template is replaced (templates/admin/).
"""

import functools

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


def _geldige_sleutel(veld, waarde) -> bool:
    if waarde in (None, ""):
        return False
    try:
        veld.to_python(unquote(str(waarde)))
    except (ValidationError, ValueError, TypeError, OverflowError):
        return False
    return True


def _history_view(origineel):
    @functools.wraps(origineel)
    def history_view(self, request, object_id, extra_context=None):
        if not _geldige_sleutel(self.model._meta.pk, object_id):
            raise Http404("Dit record bestaat niet.")
        return origineel(self, request, object_id, extra_context)

    return history_view


def _history_form_view(origineel):
    @functools.wraps(origineel)
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        historie = self.model.history.model._meta.pk
        if not (
            _geldige_sleutel(self.model._meta.pk, object_id)
            and _geldige_sleutel(historie, version_id)
        ):
            raise Http404("Deze versie bestaat niet.")
        if request.method == "POST":
            obj = self.model._default_manager.filter(pk=unquote(object_id)).first()
            if not self.has_change_permission(request, obj):
                raise PermissionDenied("U mag dit record niet terugzetten.")
        return origineel(self, request, object_id, version_id, extra_context)

    return history_form_view


def _optgroups(origineel):
    @functools.wraps(origineel)
    def optgroups(self, name, value, attr=None):
        veld = self.field.remote_field
        # A foreign key names the field it points at; a many-to-many points at the key.
        naar = getattr(veld, "field_name", None)
        doel = veld.model._meta.get_field(naar) if naar else veld.model._meta.pk
        geldig = [waarde for waarde in value if _geldige_sleutel(doel, waarde)]
        return origineel(self, name, geldig, attr)

    return optgroups


def admin_robuust_maken():
    from django.contrib.admin.widgets import AutocompleteMixin

    if getattr(SimpleHistoryAdmin, "_robuust", False):
        return
    SimpleHistoryAdmin.history_view = _history_view(SimpleHistoryAdmin.history_view)
    SimpleHistoryAdmin.history_form_view = _history_form_view(SimpleHistoryAdmin.history_form_view)
    AutocompleteMixin.optgroups = _optgroups(AutocompleteMixin.optgroups)
    SimpleHistoryAdmin.object_history_list_template = "admin/geschiedenis_lijst.html"
    SimpleHistoryAdmin._robuust = True
