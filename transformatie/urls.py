from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

admin.site.site_header = "Transformatie-agenda"
admin.site.site_title = "Transformatie-agenda beheer"
admin.site.index_title = "Beheer van regio's, plannen en rapportages"

urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    # "/" is each role's own start page (rapportage.views_cyclus.start); the list of plans is
    # agenda's /plannen/.
    path("", include("agenda.urls")),
    # After agenda's fixed pages: an item's address (/plannen/<plan>/<level>/<number>/) would
    # otherwise also match them.
    path("", include("rapportage.urls")),
    path("dashboard/", include("dashboard.urls")),
]
