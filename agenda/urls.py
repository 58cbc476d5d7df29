from django.urls import path, register_converter

from . import views


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
    path("", views.start, name="start"),
    path("plannen/<slug:slug>/overlegstructuur/", views.overlegstructuur, name="overlegstructuur"),
    path("plannen/<slug:slug>/begroting/", views.begroting, name="begroting"),
    path("plannen/<slug:slug>/toetsing/<slug:kader>/", views.toetsing, name="toetsing"),
]
