from django.urls import path

from . import views

app_name = "agenda"

urlpatterns = [
    path("", views.start, name="start"),
    path("plannen/<slug:slug>/", views.plan, name="plan"),
    path("plannen/<slug:slug>/themas/<int:nummer>/", views.thema, name="thema"),
    path(
        "plannen/<slug:slug>/themas/<int:nummer>/geschiedenis/",
        views.thema_geschiedenis,
        name="thema_geschiedenis",
    ),
    path("plannen/<slug:slug>/overlegstructuur/", views.overlegstructuur, name="overlegstructuur"),
]
