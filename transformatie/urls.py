from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from regio.views import UitloggenView

admin.site.site_header = "Transformatie-agenda"
admin.site.site_title = "Transformatie-agenda beheer"
admin.site.index_title = "Beheer van regio's, plannen en rapportages"

wachtwoord_vergeten = auth_views.PasswordResetView.as_view(
    template_name="registration/wachtwoord_vergeten.html",
    email_template_name="registration/wachtwoord_mail.txt",
    subject_template_name="registration/wachtwoord_mail_onderwerp.txt",
    success_url=reverse_lazy("password_reset_done"),
    # Links point at the configured address, never at the Host a request claims.
    extra_email_context={"basis_url": settings.BASIS_URL},
)

urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", UitloggenView.as_view(), name="logout"),
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
    path("", include("agenda.urls")),
    # After agenda's fixed pages: an item's address (/plannen/<plan>/<level>/<number>/) would
    # otherwise also match them.
    path("", include("rapportage.urls")),
    path("dashboard/", include("dashboard.urls")),
]
