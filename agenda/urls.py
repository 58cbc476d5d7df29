from django.urls import path, register_converter

from . import views, views_excel


class CodeConverter:
    """An item's number as the plan prints it: “7”, “3.5.10”, “4.a”."""

    regex = r"[A-Za-z0-9][A-Za-z0-9._\-]*"

    def to_python(self, waarde):
        return waarde

    def to_url(self, waarde):
        return str(waarde)


register_converter(CodeConverter, "code")

app_name = "agenda"

urlpatterns = [
    path("plannen/", views.start, name="start"),
    path("plannen/<slug:slug>/overlegstructuur/", views.overlegstructuur, name="overlegstructuur"),
    path("plannen/<slug:slug>/begroting/", views.begroting, name="begroting"),
    path("plannen/<slug:slug>/toetsing/<slug:kader>/", views.toetsing, name="toetsing"),
    path("plannen/<slug:slug>/excel/", views_excel.plan_downloaden, name="plan_excel"),
    path("excel/", views_excel.start, name="excel"),
    path("excel/sjabloon/", views_excel.sjabloon_downloaden, name="excel_sjabloon"),
    path("excel/voorbeeld/", views_excel.voorbeeld_downloaden, name="excel_voorbeeld"),
    path("excel/importeren/", views_excel.importeren_controleren, name="excel_importeren"),
    path("excel/bevestigen/", views_excel.importeren_bevestigen, name="excel_bevestigen"),
]
