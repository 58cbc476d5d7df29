from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.start, name="start"),
    path("landelijk/", views.landelijk, name="landelijk"),
    path("<slug:slug>/", views.regio, name="regio"),
    path("<slug:slug>/personen/", views.personen, name="personen"),
    path("<slug:slug>/overleggen/", views.overleggen, name="overleggen"),
    path("<slug:slug>/export.csv", views.export, {"formaat": "csv"}, name="export_csv"),
    path("<slug:slug>/export.xlsx", views.export, {"formaat": "xlsx"}, name="export_xlsx"),
    path("<slug:slug>/export.pdf", views.export, {"formaat": "pdf"}, name="export_pdf"),
]
