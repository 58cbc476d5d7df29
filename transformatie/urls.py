from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.urls import include, path, reverse_lazy
from mozilla_django_oidc import views as oidc_views

from regio import tweestaps
from regio.views import UitloggenView

from . import views

admin.site.site_header = "Transformatie-agenda"
admin.site.site_title = "Transformatie-agenda beheer"
admin.site.index_title = "Beheer van regio's, plannen en rapportages"


def _met_oidc(view):
    """The OIDC endpoints exist only where an identity provider is configured."""

    @wraps(view)
    def alleen_met_oidc(request, *args, **kwargs):
        if not settings.OIDC_AAN:
            raise Http404("Inloggen via een identity provider is hier niet ingesteld.")
        return view(request, *args, **kwargs)

    return alleen_met_oidc


wachtwoord_vergeten = auth_views.PasswordResetView.as_view(
    template_name="registration/wachtwoord_vergeten.html",
    email_template_name="registration/wachtwoord_mail.txt",
    subject_template_name="registration/wachtwoord_mail_onderwerp.txt",
    success_url=reverse_lazy("password_reset_done"),
    # Links point at the configured address, never at the Host a request claims.
    extra_email_context={"basis_url": settings.BASIS_URL},
)

urlpatterns = [
    path("inloggen/", views.Inloggen.as_view(), name="login"),
    path("inloggen/tweede-stap/", tweestaps.tweede_stap, name="tweede_stap"),
    path(
        "inloggen/tweede-stap/instellen/",
        tweestaps.tweede_stap_instellen,
        name="tweede_stap_instellen",
    ),
    path(
        "oidc/authenticate/",
        _met_oidc(oidc_views.OIDCAuthenticationRequestView.as_view()),
        name="oidc_authentication_init",
    ),
    path(
        "oidc/callback/",
        _met_oidc(oidc_views.OIDCAuthenticationCallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
    path("uitloggen/", UitloggenView.as_view(), name="logout"),
    path("gezondheid/", views.gezondheid, name="gezondheid"),
    path("toegankelijkheid/", views.toegankelijkheid, name="toegankelijkheid"),
    path("wachtwoord-vergeten/", wachtwoord_vergeten, name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/wachtwoord_verstuurd.html"
        ),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/wachtwoord_herstellen.html",
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/wachtwoord_hersteld.html"
        ),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    # "/" is each role's own start page (rapportage.views_cyclus.start); the list of plans is
    # agenda's /plannen/.
    path("", include("agenda.urls")),
    # After agenda's fixed pages: an item's address (/plannen/<plan>/<level>/<number>/) would
    # otherwise also match them.
    path("", include("documenten.urls")),
    path("", include("rapportage.urls")),
    path("dashboard/", include("dashboard.urls")),
]
