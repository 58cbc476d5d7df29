from django.urls import path

import rapportage.urls  # noqa: F401  (registers the path converters for periods and item numbers)

from . import views

app_name = "documenten"

# Included before rapportage's pages: "/plannen/<plan>/selectie/pdf/" would otherwise be read as
# an item's address (level "selectie", number "pdf").
urlpatterns = [
    path("plannen/<slug:slug>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("plannen/<slug:slug>/selectie/pdf/", views.selectie_pdf, name="selectie_pdf"),
    path(
        "plannen/<slug:slug>/toetsing/<slug:kader>/pdf/",
        views.toetsing_pdf,
        name="toetsing_pdf",
    ),
    path(
        "plannen/<slug:slug>/rapportages/<periode:code>/pdf/",
        views.rapport_pdf,
        name="rapport_pdf",
    ),
    path("pdf/<int:pk>/", views.pdf_voortgang, name="pdf_voortgang"),
    path("pdf/<int:pk>/download/", views.pdf_download, name="pdf_download"),
    path(
        "plannen/<slug:slug>/<slug:niveau>/<code:code>/pdf/",
        views.onderdeel_pdf,
        name="onderdeel_pdf",
    ),
]
