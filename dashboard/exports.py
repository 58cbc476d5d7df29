"""The filtered dashboard as CSV and XLSX: the same rows and the same counts as on the screen."""

import csv
import io
import re

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from rapportage.constants import PeriodeStatus

from .selectors import DIMENSIENAAM, DIMENSIES, KLEUREN, KLEURNAAM, Dashboard

# Light fills so the black word stays readable (contrast > 7:1); the word carries the meaning.
VULLING = {
    "groen": "C8E6C9",
    "oranje": "FFD8A8",
    "rood": "F4B6B6",
}
SMILEYWOORD = {"groen": "Groen", "oranje": "Oranje", "rood": "Rood", "": "–"}

# A cell that starts with one of these is a formula to Excel and LibreOffice (OWASP "CSV
# injection"): titles and names come from users, so they are kept as text behind a quote.
FORMULETEKENS = ("=", "+", "-", "@", "\t", "\r", "\n")


def als_tekst(waarde):
    """A cell value that a spreadsheet shows and never evaluates."""
    if isinstance(waarde, str) and waarde.startswith(FORMULETEKENS):
        return "'" + waarde
    return waarde


def _xlsx_waarde(waarde):
    """As `als_tekst`, without the control characters an XLSX file cannot hold."""
    if isinstance(waarde, str):
        waarde = ILLEGAL_CHARACTERS_RE.sub("", waarde)
    return als_tekst(waarde)


def _woorden(dashboard: Dashboard) -> dict:
    """The plan's own words for the columns: its levels, lists and leading roles."""
    from agenda.constants import KeuzelijstSoort

    from .filters import leidende_rollen

    plan = dashboard.plan
    niveau, groep = plan.rapportageniveau, plan.groepniveau
    schaal, prioriteit = plan.lijst(KeuzelijstSoort.SCHAAL), plan.lijst(KeuzelijstSoort.PRIORITEIT)
    rollen = leidende_rollen(plan)
    return {
        "onderdeel": niveau.naam,
        "onderdelen": niveau.meervoud,
        "groep": groep.naam if groep else "",
        "schaal": schaal.naam if schaal else "",
        "prioriteit": prioriteit.naam if prioriteit else "",
        "leiders": " / ".join(r.label for r in rollen),
    }


def onderdeelkop(dashboard: Dashboard) -> list[str]:
    w = _woorden(dashboard)
    kop = ["Nr.", w["onderdeel"]]
    kop += [naam for naam in (w["groep"], w["schaal"], w["prioriteit"], w["leiders"]) if naam]
    for periode in dashboard.perioden:
        kop += [f"{periode.code} {DIMENSIENAAM[d]}" for d in DIMENSIES]
    kop.append("Verandering t.o.v. vorig kwartaal")
    return kop


def onderdeelregels(dashboard: Dashboard) -> list[list]:
    w = _woorden(dashboard)
    groepen = {rij.onderdeel.pk: groep for groep, rijen in dashboard.groepen for rij in rijen}
    regels = []
    for rij in dashboard.rijen:
        onderdeel = rij.onderdeel
        regel = [onderdeel.code, onderdeel.naam]
        if w["groep"]:
            groep = groepen.get(onderdeel.pk)
            regel.append(str(groep) if groep else "")
        if w["schaal"]:
            regel.append(onderdeel.schaal_label)
        if w["prioriteit"]:
            regel.append(
                onderdeel.prioriteit_tekst
                or (onderdeel.prioriteit.kort if onderdeel.prioriteit else "")
            )
        if w["leiders"]:
            regel.append(", ".join(rij.leiders))
        for cel in rij.cellen:
            regel += [SMILEYWOORD[s] for s in cel.smileys]
        wijziging = rij.peil.verandering if rij.peil else None
        regel.append(wijziging.code if wijziging else "")
        regels.append(regel)
    return regels


def tellingkop() -> list[str]:
    kop = ["Kwartaal"]
    for d in DIMENSIES:
        kop += [f"{DIMENSIENAAM[d]} {KLEURNAAM[k]}" for k in KLEUREN]
    return kop + [f"Totaal {KLEURNAAM[k]}" for k in KLEUREN]


def tellingregels(dashboard: Dashboard) -> list[list]:
    return [[t.periode.code, *t.rij()] for t in dashboard.tellingen]


def aandachtregels(dashboard: Dashboard) -> list[list]:
    a = dashboard.aandacht
    regels = []
    for soort, punten in [
        ("Slechter dan vorig kwartaal", a.slechter),
        ("Twee kwartalen oranje of rood", a.twee_keer),
        ("Rapportage ontbreekt of te laat", a.ontbreekt),
    ]:
        regels += [[soort, p.rij.onderdeel.code, p.rij.onderdeel.naam, p.reden] for p in punten]
    regels += [
        [
            "Over de deadline",
            (
                item.ouder
                if item.ouder_id and item.ouder.niveau == item.plan.rapportageniveau
                else item
            ).code,
            (
                item.ouder
                if item.ouder_id and item.ouder.niveau == item.plan.rapportageniveau
                else item
            ).naam,
            f"{item.niveau.naam}: deadline {item.deadline_tekst}: {item.naam.replace('*', '')}",
        ]
        for item in a.deadlines
    ]
    return regels


def filterregels(dashboard: Dashboard, filters) -> list[list]:
    regels = [
        ["Plan", dashboard.plan.titel],
        ["Peilkwartaal", dashboard.peilperiode.naam if dashboard.peilperiode else "–"],
        [f"Aantal {dashboard.plan.rapportageniveau.klein_meervoud}", dashboard.aantal],
    ]
    return regels + [[label, waarde] for label, waarde in filters]


def als_csv(dashboard: Dashboard) -> bytes:
    """Item rows as on the screen; UTF-8 with BOM and semicolons so Excel (nl-NL) opens it."""
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";")
    schrijver.writerow([als_tekst(cel) for cel in onderdeelkop(dashboard)])
    schrijver.writerows([als_tekst(cel) for cel in regel] for regel in onderdeelregels(dashboard))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _bladnaam(titel: str) -> str:
    """A sheet name Excel accepts: the level's plural is the beheerder's text, and a sheet
    name may not hold \\ / ? * [ ] : or exceed 31 characters (openpyxl refuses it)."""
    return (
        re.sub(r"[\\/?*\[\]:]", " ", ILLEGAL_CHARACTERS_RE.sub("", titel)).strip(" '")[:31]
        or "Blad"
    )


def _blad(werkmap, titel, kop, regels, *, eerste=False):
    blad = werkmap.active if eerste else werkmap.create_sheet()
    blad.title = _bladnaam(titel)
    regels = [[_xlsx_waarde(cel) for cel in regel] for regel in regels]
    blad.append([_xlsx_waarde(cel) for cel in kop])
    for cel in blad[1]:
        cel.font = Font(bold=True)
        cel.alignment = Alignment(wrap_text=True, vertical="top")
    for regel in regels:
        blad.append(regel)
    blad.freeze_panes = "A2"
    for index, naam in enumerate(kop, start=1):
        langste = max([len(str(naam))] + [len(str(r[index - 1])) for r in regels[:200]])
        blad.column_dimensions[get_column_letter(index)].width = min(max(8, langste + 2), 60)
    return blad


def als_xlsx(dashboard: Dashboard, filters) -> bytes:
    werkmap = Workbook()
    kop = onderdeelkop(dashboard)
    blad = _blad(
        werkmap,
        dashboard.plan.rapportageniveau.meervoud,
        kop,
        onderdeelregels(dashboard),
        eerste=True,
    )
    woord_naar_kleur = {v: k for k, v in SMILEYWOORD.items()}
    eerste_smileykolom = len(kop) - 3 * len(dashboard.perioden)
    laatste = eerste_smileykolom + 3 * len(dashboard.perioden) - 1
    for rij in blad.iter_rows(min_row=2, min_col=eerste_smileykolom, max_col=laatste):
        for cel in rij:
            kleur = woord_naar_kleur.get(cel.value, "")
            if kleur in VULLING:
                cel.fill = PatternFill("solid", fgColor=VULLING[kleur])
    _blad(werkmap, "Tellingen", tellingkop(), tellingregels(dashboard))
    _blad(
        werkmap,
        "Aandacht",
        ["Soort", "Nr.", dashboard.plan.rapportageniveau.naam, "Waarom"],
        aandachtregels(dashboard),
    )
    _blad(werkmap, "Selectie", ["Filter", "Waarde"], filterregels(dashboard, filters))
    buffer = io.BytesIO()
    werkmap.save(buffer)
    return buffer.getvalue()


def _peilstatus(periode) -> str:
    if periode is None:
        return "–"
    if periode.status == PeriodeStatus.OPEN:
        return "Open: concept, nog niet vastgesteld"
    return periode.get_status_display()


def als_pdf(dashboard: Dashboard, filters) -> bytes:
    """The filtered dashboard as a tagged PDF (landscape): the same counts, attention list and
    smileys as the screen and the XLSX. Small enough to render in the request."""
    from documenten import documenten

    plan, peil = dashboard.plan, dashboard.peilperiode
    selectie = "; ".join(f"{label}: {waarde}" for label, waarde in filters) or (
        f"alle {plan.rapportageniveau.klein_meervoud}"
    )
    doc = documenten.Document(
        soort="dashboard",
        titel=f"Dashboard {plan.titel}",
        ondertitel=plan.titel,
        regio=plan.regio.naam,
        # The quarter shown, with its own status: an open quarter is a draft, whatever the plan.
        periode=peil.naam if peil else "geen rapportage",
        status=_peilstatus(peil),
        vastgesteld_op=peil.vastgesteld_op if peil else None,
        selectie=selectie,
        bestandsnaam=f"dashboard-{plan.slug}.pdf",
        delen=[
            {
                "template": "dashboard/pdf_dashboard.html",
                "anker": "dashboard",
                "titel": "Stand van de transformatie-agenda",
                "dashboard": dashboard,
                "tellinggroepen": [*(DIMENSIENAAM[d] for d in DIMENSIES), "Totaal"],
                "kleurnamen": [KLEURNAAM[k] for k in KLEUREN],
                "tellingregels": tellingregels(dashboard),
                "aandachtregels": aandachtregels(dashboard),
                "niveau": plan.rapportageniveau,
                "leiders": _woorden(dashboard)["leiders"],
            }
        ],
    )
    return documenten.pdf_bytes(doc)
