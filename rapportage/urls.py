from django.urls import path

from . import views

app_name = "rapportage"

urlpatterns = [
    path("plannen/<slug:slug>/rapportages/", views.overzicht, name="overzicht"),
    path("plannen/<slug:slug>/rapportages/<str:code>/", views.rapport, name="rapport"),
]
