from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "Transformatie-agenda"
admin.site.site_title = "Transformatie-agenda beheer"
admin.site.index_title = "Beheer van regio's, plannen en rapportages"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
]
