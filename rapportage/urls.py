from django.urls import path, register_converter

import agenda.urls  # noqa: F401  (registers the path converter for item numbers)

from . import views, views_cyclus, views_plan
from .converters import PeriodeCodeConverter

register_converter(PeriodeCodeConverter, "periode")

app_name = "rapportage"

urlpatterns = [
    path("", views_cyclus.start, name="start"),
    path("mijn-themas/", views_cyclus.mijn_themas, name="mijn_themas"),
    path("berichten/", views_cyclus.berichten, name="berichten"),
    path("themarapportages/<int:pk>/", views_cyclus.bewerken, name="bewerken"),
    path("themarapportages/<int:pk>/namens/", views_cyclus.wijzigen_namens, name="namens"),
    path("themarapportages/<int:pk>/goedkeuren/", views_cyclus.goedkeuren, name="goedkeuren"),
    path("themarapportages/<int:pk>/terugsturen/", views_cyclus.terugsturen, name="terugsturen"),
    path("plannen/<slug:slug>/rapportages/", views.overzicht, name="overzicht"),
    path(
        "plannen/<slug:slug>/rapportages/nieuw/", views_cyclus.periode_openen, name="periode_openen"
    ),
    path("plannen/<slug:slug>/rapportages/<periode:code>/", views.rapport, name="rapport"),
    path(
        "plannen/<slug:slug>/rapportages/<periode:code>/voortgang/",
        views_cyclus.voortgang,
        name="voortgang",
    ),
    path(
        "plannen/<slug:slug>/rapportages/<periode:code>/voortgang/goedkeuren/",
        views_cyclus.alles_goedkeuren,
        name="alles_goedkeuren",
    ),
    path(
        "plannen/<slug:slug>/rapportages/<periode:code>/vaststellen/",
        views_cyclus.vaststellen,
        name="vaststellen",
    ),
    path(
        "plannen/<slug:slug>/rapportages/<periode:code>/verwijderen/",
        views_cyclus.periode_verwijderen,
        name="periode_verwijderen",
    ),
    path(
        "plannen/<slug:slug>/rapportages/<periode:code>/heropenen/",
        views_cyclus.heropenen,
        name="heropenen",
    ),
    # The plan and its items, at the levels the plan names ("themas/7", "taken/2").
    path("plannen/<slug:slug>/", views_plan.plan, name="plan"),
    path("plannen/<slug:slug>/<slug:niveau>/<code:code>/", views_plan.onderdeel, name="onderdeel"),
    path(
        "plannen/<slug:slug>/<slug:niveau>/<code:code>/geschiedenis/",
        views_plan.geschiedenis,
        name="geschiedenis",
    ),
    path(
        "plannen/<slug:slug>/<slug:niveau>/<code:code>/invullers/",
        views_cyclus.invullers,
        name="invullers",
    ),
    path(
        "plannen/<slug:slug>/<slug:niveau>/<code:code>/invuller-kiezen/",
        views_cyclus.invuller_kiezen,
        name="invuller_kiezen",
    ),
]
