"""The link from a filtered dashboard to the PDF selection of the same items (rapportage).

The PDF selection (agenda.filters.OnderdeelSelectie) understands groep, domein, gemeente and
subregio with the same names, values and meaning as the dashboard; the other dashboard filters
have no counterpart there, so the page says which ones the PDF leaves out.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

GEDEELDE_FILTERS = ("groep", "domein", "subregio", "gemeente")
PDF_SELECTIE_URL = "documenten:selectie_pdf"
GEEN_THEMAFILTER = ("kwartaal", "kwartalen")


@dataclass
class PdfSelectie:
    url: str | None
    niet_meegenomen: list[str]


def pdf_selectie(plan, filters) -> PdfSelectie:
    waarden = filters.form.cleaned_data if filters.is_bound and filters.form.is_valid() else {}
    meegenomen = {naam: waarden[naam] for naam in GEDEELDE_FILTERS if waarden.get(naam)}
    niet = [
        str(filters.form.fields[naam].label)
        for naam, waarde in waarden.items()
        if waarde and naam not in GEDEELDE_FILTERS and naam not in GEEN_THEMAFILTER
    ]
    try:
        basis = reverse(PDF_SELECTIE_URL, args=[plan.slug])
    except NoReverseMatch:
        return PdfSelectie(url=None, niet_meegenomen=niet)
    return PdfSelectie(
        url=f"{basis}?{urlencode(meegenomen)}" if meegenomen else basis, niet_meegenomen=niet
    )
