"""Role × URL × object: every URL of the site (the admin aside, see test_admin), read and
written, for every standing account. A URL added without a row here fails
test_every_url_is_in_the_matrix.

Objects: Midden-Limburg's open Q3 2015 ("open") and adopted Q2 2015 ("vastgesteld"), and the
other region's plan and open period ("andere regio"). A URL of an item names its level: those
are tried at every level of the plan, and at the levels of plans of other shapes ("andere
vorm": Holland Rijnland's taken and acties, Gooi en Vechtstreek's bouwstenen), which no
standing account may read. Refused writes change nothing.
"""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agenda.models import Onderdeel, Plan
from documenten.models import PdfDocument
from rapportage.models import Rapportageperiode, ThemaRapportage
from regio.models import Persoon

from .factories import koppel_aan_persoon, onderdeel

pytestmark = pytest.mark.django_db

ROLLEN = ["trekker", "collega", "manager", "griffie", "buitenstaander", "anoniem"]
SLUG = "midden-limburg-2015-2016"
GROEN = {
    "tijd_smiley": "groen",
    "tijd_tekst": "Op koers.",
    "kosten_smiley": "groen",
    "kosten_tekst": "Binnen budget.",
    "bijzonderheden_smiley": "groen",
    "bijzonderheden_tekst": "Geen",
}


@pytest.fixture
def wereld(open_periode, periode, rollen, settings, tmp_path, monkeypatch):
    """Everything a URL can point at, in both regions; PDFs are ordered, not rendered."""
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr("documenten.documenten.rapport_pdf_bytes", lambda p: b"%PDF-1.7 test")
    monkeypatch.setattr("dashboard.exports.als_pdf", lambda *a: b"%PDF-1.7 test")
    ander_plan = rollen["buitenstaander"].regio.plannen.get()
    ander_periode = Rapportageperiode.objects.create(
        plan=ander_plan, jaar=2015, kwartaal=3, deadline=date(2015, 10, 1)
    )
    ander_thema = ander_plan.onderdelen.get(niveau=ander_plan.rapportageniveau)
    ander_rapport = ThemaRapportage.objects.create(periode=ander_periode, onderdeel=ander_thema)
    ander_plan.toetsingskaders.add(*open_periode.plan.toetsingskaders.all())
    ander_activiteit = Onderdeel.objects.create(
        plan=ander_plan, niveau=ander_plan.niveau(3), ouder=ander_thema, code="1.1", tekst="Doen"
    )
    plannen = {p.regio.slug: p for p in Plan.objects.select_related("regio")}
    ingediend = open_periode.rapportages.get(onderdeel__code="2")
    ingediend.status = "ingediend"
    ingediend.save()
    return {
        "plan": open_periode.plan,
        "ander_plan": ander_plan,
        "open": open_periode,
        "vastgesteld": periode,
        "andere_periode": ander_periode,
        "eigen": open_periode.rapportages.get(onderdeel__code="1"),
        "ingediend": ingediend,
        "collega_pk": rollen["collega"].pk,
        "vastgesteld_rapport": periode.rapportages.get(onderdeel__code="1"),
        "ander_rapport": ander_rapport,
        "pdf": PdfDocument.objects.create(plan=open_periode.plan, soort="plan"),
        "ander_pdf": PdfDocument.objects.create(plan=ander_plan, soort="plan", sleutel="x"),
        "kader": open_periode.plan.toetsingskaders.get().slug,
        # Per object, an item of level 1, 2 and 3.
        "onderdelen": {
            "eigen regio": {
                1: onderdeel(open_periode.plan, "1", "speerpunten"),
                2: onderdeel(open_periode.plan, "1", "themas"),
                3: onderdeel(open_periode.plan, "1.1", "activiteiten"),
            },
            "andere regio": {1: ander_thema.ouder, 2: ander_thema, 3: ander_activiteit},
            "andere vorm": {
                1: onderdeel(plannen["holland-rijnland"], "1", "taken"),
                2: onderdeel(plannen["holland-rijnland"], "1.1", "acties"),
                3: plannen["gooi-en-vechtstreek"].onderdelen.filter(niveau__diepte=3).first(),
            },
        },
    }


def _plan(w, obj):
    return w["ander_plan"] if obj == "andere regio" else w["plan"]


def _periode(w, obj):
    return {"open": w["open"], "vastgesteld": w["vastgesteld"]}.get(obj) or w["andere_periode"]


def _periode_args(w, obj):
    periode = _periode(w, obj)
    return [periode.plan.slug, periode.code]


def _rapport(w, obj):
    return {
        "eigen": w["eigen"],
        "ingediend": w["ingediend"],
        "vastgesteld": w["vastgesteld_rapport"],
        "andere regio": w["ander_rapport"],
    }[obj]


def _onderdeel_args(diepte):
    def args(w, obj):
        gekozen = w["onderdelen"][obj][diepte]
        return [gekozen.plan.slug, gekozen.niveau.slug, gekozen.code]

    return args


PLAN = ["eigen regio", "andere regio"]
ONDERDEEL = ["eigen regio", "andere regio", "andere vorm"]
NIVEAUS = [1, 2, 3]
PERIODE = ["open", "vastgesteld", "andere regio"]
RAPPORT = ["eigen", "ingediend", "vastgesteld", "andere regio"]

# (url name, objects, how to build the URL's arguments, method, POST data)
URLS = [
    ("agenda:start", [None], lambda w, o: [], "get", None),
    ("rapportage:plan", PLAN, lambda w, o: [_plan(w, o).slug], "get", None),
    *[
        (f"{naam}@{diepte}", ONDERDEEL, _onderdeel_args(diepte), "get", None)
        for naam in [
            "rapportage:onderdeel",
            "rapportage:geschiedenis",
            "documenten:onderdeel_pdf",
            "rapportage:invullers",
        ]
        for diepte in NIVEAUS
    ],
    *[
        (
            f"rapportage:invullers@{diepte}",
            ONDERDEEL,
            _onderdeel_args(diepte),
            "post",
            lambda w, o: {"invullers": []},
        )
        for diepte in NIVEAUS
    ],
    *[
        (
            f"rapportage:invuller_kiezen@{diepte}",
            ONDERDEEL,
            _onderdeel_args(diepte),
            "post",
            lambda w, o: {"invuller": w["collega_pk"]},
        )
        for diepte in NIVEAUS
    ],
    ("agenda:overlegstructuur", PLAN, lambda w, o: [_plan(w, o).slug], "get", None),
    ("agenda:plan_excel", PLAN, lambda w, o: [_plan(w, o).slug], "get", None),
    ("agenda:excel", [None], lambda w, o: [], "get", None),
    ("agenda:excel_sjabloon", [None], lambda w, o: [], "get", None),
    ("agenda:excel_voorbeeld", [None], lambda w, o: [], "get", None),
    ("agenda:excel_importeren", [None], lambda w, o: [], "post", lambda w, o: {}),
    ("agenda:excel_bevestigen", [None], lambda w, o: [], "post", lambda w, o: {"token": "x"}),
    ("rapportage:start", [None], lambda w, o: [], "get", None),
    ("rapportage:berichten", [None], lambda w, o: [], "get", None),
    ("rapportage:namens", RAPPORT, lambda w, o: [_rapport(w, o).pk], "get", None),
    (
        "rapportage:namens",
        RAPPORT,
        lambda w, o: [_rapport(w, o).pk],
        "post",
        lambda w, o: {**GROEN, "versie": _rapport(w, o).versie, "reden": "Tikfout"},
    ),
    ("agenda:begroting", PLAN, lambda w, o: [_plan(w, o).slug], "get", None),
    ("agenda:toetsing", PLAN, lambda w, o: [_plan(w, o).slug, w["kader"]], "get", None),
    ("documenten:toetsing_pdf", PLAN, lambda w, o: [_plan(w, o).slug, w["kader"]], "get", None),
    ("rapportage:mijn_themas", [None], lambda w, o: [], "get", None),
    ("rapportage:bewerken", RAPPORT, lambda w, o: [_rapport(w, o).pk], "get", None),
    (
        "rapportage:bewerken",
        RAPPORT,
        lambda w, o: [_rapport(w, o).pk],
        "post",
        lambda w, o: {**GROEN, "versie": _rapport(w, o).versie},
    ),
    (
        "rapportage:goedkeuren",
        RAPPORT,
        lambda w, o: [_rapport(w, o).pk],
        "post",
        lambda w, o: {"versie": _rapport(w, o).versie},
    ),
    (
        "rapportage:terugsturen",
        RAPPORT,
        lambda w, o: [_rapport(w, o).pk],
        "post",
        lambda w, o: {"versie": _rapport(w, o).versie, "opmerking": "Graag aanvullen"},
    ),
    ("rapportage:overzicht", PLAN, lambda w, o: [_plan(w, o).slug], "get", None),
    ("rapportage:periode_openen", PLAN, lambda w, o: [_plan(w, o).slug], "get", None),
    (
        "rapportage:periode_openen",
        PLAN,
        lambda w, o: [_plan(w, o).slug],
        "post",
        lambda w, o: {"jaar": 2015, "kwartaal": 4, "deadline": "2016-01-15"},
    ),
    ("rapportage:rapport", PERIODE, _periode_args, "get", None),
    ("rapportage:voortgang", PERIODE, _periode_args, "get", None),
    (
        "rapportage:alles_goedkeuren",
        PERIODE,
        _periode_args,
        "post",
        lambda w, o: {f"versie-{w['ingediend'].pk}": w["ingediend"].versie},
    ),
    ("rapportage:vaststellen", PERIODE, _periode_args, "get", None),
    (
        "rapportage:vaststellen",
        PERIODE,
        _periode_args,
        "post",
        lambda w, o: {"inleiding": "In", "samenvatting": "Sam"},
    ),
    ("rapportage:periode_verwijderen", PERIODE, _periode_args, "get", None),
    ("rapportage:periode_verwijderen", PERIODE, _periode_args, "post", lambda w, o: {}),
    ("rapportage:heropenen", PERIODE, _periode_args, "get", None),
    (
        "rapportage:heropenen",
        PERIODE,
        _periode_args,
        "post",
        lambda w, o: {"reden": "Tikfout"},
    ),
    ("documenten:plan_pdf", PLAN, lambda w, o: [_plan(w, o).slug], "get", None),
    ("documenten:selectie_pdf", PLAN, lambda w, o: [_plan(w, o).slug], "get", None),
    ("documenten:rapport_pdf", PERIODE, _periode_args, "get", None),
    (
        "documenten:pdf_voortgang",
        PLAN,
        lambda w, o: [w["ander_pdf" if o == "andere regio" else "pdf"].pk],
        "get",
        None,
    ),
    (
        "documenten:pdf_download",
        PLAN,
        lambda w, o: [w["ander_pdf" if o == "andere regio" else "pdf"].pk],
        "get",
        None,
    ),
    ("dashboard:start", [None], lambda w, o: [], "get", None),
    ("dashboard:landelijk", [None], lambda w, o: [], "get", None),
    ("dashboard:regio", PLAN, lambda w, o: [_plan(w, o).slug], "get", None),
    ("dashboard:personen", PLAN, lambda w, o: [_plan(w, o).slug], "get", None),
    ("dashboard:overleggen", PLAN, lambda w, o: [_plan(w, o).slug], "get", None),
    ("dashboard:export_csv", PLAN, lambda w, o: [_plan(w, o).slug], "get", None),
    ("dashboard:export_xlsx", PLAN, lambda w, o: [_plan(w, o).slug], "get", None),
    ("dashboard:export_pdf", PLAN, lambda w, o: [_plan(w, o).slug], "get", None),
]

# Roles in the order of ROLLEN without "anoniem" (always sent to the login page):
# trekker, collega, manager, griffie, buitenstaander.
T = {
    # The plan pages: own region for everyone (the griffie: the plan is adopted), never another.
    ("agenda:start", None, "get"): (302, 302, 302, 302, 302),
    **{
        (naam, obj, "get"): (200, 200, 200, 200, 404)
        if obj == "eigen regio"
        else (404, 404, 404, 404, 200)
        for naam in [
            "rapportage:plan",
            "agenda:overlegstructuur",
            "agenda:begroting",
            "agenda:toetsing",
            "rapportage:overzicht",
            "documenten:selectie_pdf",
            "dashboard:regio",
            "dashboard:personen",
            "dashboard:overleggen",
            "dashboard:export_csv",
            "dashboard:export_xlsx",
            "dashboard:export_pdf",
        ]
        for obj in PLAN
    },
    # An item at any level, its history and its PDF: as its plan. A plan of another shape is
    # another region's: nobody here reads it.
    **{
        (f"{naam}@{diepte}", obj, "get"): {
            "eigen regio": (ok, ok, ok, ok, 404),
            "andere regio": (404, 404, 404, 404, ok),
            "andere vorm": (404, 404, 404, 404, 404),
        }[obj]
        for naam, ok in [
            ("rapportage:onderdeel", 200),
            ("rapportage:geschiedenis", 200),
            ("documenten:onderdeel_pdf", 302),
        ]
        for diepte in NIVEAUS
        for obj in ONDERDEEL
    },
    ("documenten:toetsing_pdf", "eigen regio", "get"): (302, 302, 302, 302, 404),
    ("documenten:toetsing_pdf", "andere regio", "get"): (404, 404, 404, 404, 302),
    ("rapportage:mijn_themas", None, "get"): (200, 200, 200, 200, 200),
    # Reports: the griffie reads adopted ones only; beleidsmedewerkers read their region's.
    ("rapportage:bewerken", "eigen", "get"): (200, 200, 200, 404, 404),
    ("rapportage:bewerken", "ingediend", "get"): (200, 200, 200, 404, 404),
    ("rapportage:bewerken", "vastgesteld", "get"): (200, 200, 200, 200, 404),
    ("rapportage:bewerken", "andere regio", "get"): (404, 404, 404, 404, 200),
    # Saving through the form: the trekker their own item. A manager who is no invuller fills
    # in by choosing to (invuller_kiezen) or changes on behalf (namens): the form's POST shows
    # the report unchanged, with the typed text given back (409).
    ("rapportage:bewerken", "eigen", "post"): (302, 403, 409, 404, 404),
    ("rapportage:bewerken", "ingediend", "post"): (403, 403, 409, 404, 404),
    ("rapportage:bewerken", "vastgesteld", "post"): (409, 403, 409, 403, 404),
    ("rapportage:bewerken", "andere regio", "post"): (404, 404, 404, 404, 302),
    # Approving and sending back: the region's manager, of a submitted report only.
    **{
        (naam, obj, "post"): {
            "eigen": (403, 403, 302, 404, 404),
            "ingediend": (403, 403, 302, 404, 404),
            "vastgesteld": (403, 403, 302, 403, 404),
            "andere regio": (404, 404, 404, 404, 302),
        }[obj]
        for naam in ["rapportage:goedkeuren", "rapportage:terugsturen"]
        for obj in RAPPORT
    },
    # Opening a period: the manager of the region.
    ("rapportage:periode_openen", "eigen regio", "get"): (403, 403, 200, 403, 404),
    ("rapportage:periode_openen", "andere regio", "get"): (404, 404, 404, 404, 200),
    # (Q3 2015 is open already: the form says so, and nothing is opened)
    ("rapportage:periode_openen", "eigen regio", "post"): (403, 403, 409, 403, 404),
    ("rapportage:periode_openen", "andere regio", "post"): (404, 404, 404, 404, 409),
    # A report page: an open one is not for the griffie.
    ("rapportage:rapport", "open", "get"): (200, 200, 200, 404, 404),
    ("rapportage:rapport", "vastgesteld", "get"): (200, 200, 200, 200, 404),
    ("rapportage:rapport", "andere regio", "get"): (404, 404, 404, 404, 200),
    ("documenten:rapport_pdf", "open", "get"): (302, 302, 302, 404, 404),
    ("documenten:rapport_pdf", "vastgesteld", "get"): (200, 200, 200, 200, 404),
    ("documenten:rapport_pdf", "andere regio", "get"): (404, 404, 404, 404, 302),
    # Managing a period: the region's manager; the griffie does not see an open one.
    **{
        (naam, obj, "get"): {
            "open": (403, 403, 200, 404, 404),
            "vastgesteld": (403, 403, 200, 403, 404),
            "andere regio": (404, 404, 404, 404, 200),
        }[obj]
        for naam in [
            "rapportage:voortgang",
            "rapportage:vaststellen",
            "rapportage:heropenen",
        ]
        for obj in PERIODE
    },
    # Adopting an adopted quarter again leads the manager to the adopted report.
    ("rapportage:vaststellen", "vastgesteld", "get"): (403, 403, 302, 403, 404),
    ("rapportage:periode_verwijderen", "open", "get"): (403, 403, 400, 404, 404),
    ("rapportage:periode_verwijderen", "vastgesteld", "get"): (403, 403, 400, 403, 404),
    ("rapportage:periode_verwijderen", "andere regio", "get"): (404, 404, 404, 404, 200),
    ("rapportage:periode_verwijderen", "open", "post"): (403, 403, 400, 404, 404),
    ("rapportage:periode_verwijderen", "vastgesteld", "post"): (403, 403, 400, 403, 404),
    ("rapportage:periode_verwijderen", "andere regio", "post"): (404, 404, 404, 404, 302),
    ("rapportage:alles_goedkeuren", "open", "post"): (403, 403, 302, 404, 404),
    ("rapportage:alles_goedkeuren", "vastgesteld", "post"): (403, 403, 302, 403, 404),
    ("rapportage:alles_goedkeuren", "andere regio", "post"): (404, 404, 404, 404, 302),
    ("rapportage:vaststellen", "open", "post"): (403, 403, 200, 404, 404),
    ("rapportage:vaststellen", "vastgesteld", "post"): (403, 403, 302, 403, 404),
    ("rapportage:vaststellen", "andere regio", "post"): (404, 404, 404, 404, 200),
    ("rapportage:heropenen", "open", "post"): (403, 403, 200, 404, 404),
    ("rapportage:heropenen", "vastgesteld", "post"): (403, 403, 200, 403, 404),
    ("rapportage:heropenen", "andere regio", "post"): (404, 404, 404, 404, 200),
    # Choosing invullers: the region's manager, for an item of the level reports go by (the
    # manager finds no such page for a speerpunt or an activiteit).
    **{
        (f"rapportage:invullers@{diepte}", obj, methode): {
            "eigen regio": (403, 403, ok if diepte == 2 else 404, 403, 404),
            "andere regio": (404, 404, 404, 404, ok if diepte == 2 else 404),
            "andere vorm": (404, 404, 404, 404, 404),
        }[obj]
        for methode, ok in [("get", 200), ("post", 302)]
        for diepte in NIVEAUS
        for obj in ONDERDEEL
    },
    # PDFs are ordered (and shown rendering) for whoever reads the plan.
    ("documenten:plan_pdf", "eigen regio", "get"): (302, 302, 302, 302, 404),
    ("documenten:plan_pdf", "andere regio", "get"): (404, 404, 404, 404, 302),
    ("documenten:pdf_voortgang", "eigen regio", "get"): (200, 200, 200, 200, 404),
    ("documenten:pdf_voortgang", "andere regio", "get"): (404, 404, 404, 404, 200),
    ("documenten:pdf_download", "eigen regio", "get"): (302, 302, 302, 302, 404),
    ("documenten:pdf_download", "andere regio", "get"): (404, 404, 404, 404, 302),
    # A colleague to fill in an item nobody reports: the region's manager, for an item of the
    # level reports go by (other levels are not found).
    **{
        (f"rapportage:invuller_kiezen@{diepte}", obj, "post"): {
            "eigen regio": (403, 403, 302 if diepte == 2 else 404, 403, 404),
            "andere regio": (404, 404, 404, 404, 302 if diepte == 2 else 404),
            "andere vorm": (404, 404, 404, 404, 404),
        }[obj]
        for diepte in NIVEAUS
        for obj in ONDERDEEL
    },
    # A plan's whole workbook: who steers the region; the Excel pages: the beheerder only.
    ("agenda:plan_excel", "eigen regio", "get"): (403, 403, 200, 403, 404),
    ("agenda:plan_excel", "andere regio", "get"): (404, 404, 404, 404, 200),
    **{
        (naam, None, methode): (403, 403, 403, 403, 403)
        for naam, methode in [
            ("agenda:excel", "get"),
            ("agenda:excel_sjabloon", "get"),
            ("agenda:excel_voorbeeld", "get"),
            ("agenda:excel_importeren", "post"),
            ("agenda:excel_bevestigen", "post"),
        ]
    },
    ("rapportage:start", None, "get"): (302, 302, 302, 302, 302),
    ("rapportage:berichten", None, "get"): (200, 200, 200, 200, 200),
    # Changing on behalf: the region's manager, of a submitted report of an open quarter; of
    # another report the page leads back to it with a message.
    **{
        ("rapportage:namens", obj, methode): {
            "eigen": (403, 403, 302, 404, 404),
            "ingediend": (403, 403, 200 if methode == "get" else 302, 404, 404),
            "vastgesteld": (403, 403, 302, 403, 404),
            "andere regio": (404, 404, 404, 404, 302),
        }[obj]
        for methode in ["get", "post"]
        for obj in RAPPORT
    },
    # Dashboards: the start page leads to the own region; the national overview is for steering.
    ("dashboard:start", None, "get"): (302, 302, 302, 302, 302),
    ("dashboard:landelijk", None, "get"): (403, 403, 200, 200, 200),
}


def _gevallen():
    for naam, objecten, args, methode, data in URLS:
        for obj in objecten:
            for index, rol in enumerate(ROLLEN):
                verwacht = 302 if rol == "anoniem" else T[(naam, obj, methode)][index]
                yield pytest.param(
                    naam.split("@")[0],
                    obj,
                    args,
                    methode,
                    data,
                    rol,
                    verwacht,
                    id=f"{naam}-{methode}-{obj}-{rol}",
                )


def _historie() -> int:
    from django.apps import apps

    return sum(
        model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    )


@pytest.mark.parametrize("naam,obj,args,methode,data,rol,verwacht", list(_gevallen()))
def test_every_url_for_every_role(
    client, rollen, wereld, naam, obj, args, methode, data, rol, verwacht
):
    if rol != "anoniem":
        client.force_login(rollen[rol])
    url = reverse(naam, args=args(wereld, obj))
    voor = _historie()
    antwoord = client.get(url) if methode == "get" else client.post(url, data(wereld, obj))
    assert antwoord.status_code == verwacht, url
    if rol == "anoniem":
        assert antwoord["Location"].startswith(reverse("login"))
    if methode == "post" and verwacht in (403, 404) or rol == "anoniem":
        assert _historie() == voor, "a refused request changed something"


def _namen(patronen, voorvoegsel=""):
    for patroon in patronen:
        if isinstance(patroon, URLResolver):
            if patroon.app_name == "admin":
                continue
            ns = f"{voorvoegsel}{patroon.namespace}:" if patroon.namespace else voorvoegsel
            yield from _namen(patroon.url_patterns, ns)
        elif isinstance(patroon, URLPattern) and patroon.name:
            yield f"{voorvoegsel}{patroon.name}"


# Pages that are the same for everyone (the login and password-reset pages) are tested in
# test_inloggen; they are listed here so that any other new URL must enter the matrix.
BUITEN_DE_MATRIX = {
    "login",
    "tweede_stap",  # the second step of a login in progress (test_tweestaps)
    "tweede_stap_instellen",
    "oidc_authentication_init",  # the identity provider's login, when configured (test_oidc)
    "oidc_authentication_callback",
    "gezondheid",  # open to the load balancer, without login (test_gezondheid)
    "toegankelijkheid",  # the accessibility statement, public (test_toegankelijkheid)
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def test_every_url_is_in_the_matrix():
    in_matrix = {naam.split("@")[0] for naam, *_ in URLS}
    ontbrekend = set(_namen(get_resolver().url_patterns)) - in_matrix - BUITEN_DE_MATRIX
    assert ontbrekend == set()


def test_griffie_sees_no_open_period_on_mijn_themas(client, rollen, open_periode):
    """Even linked to a person who leads themes, the griffie reads adopted data only."""
    griffie = rollen["griffie"]
    Persoon.objects.filter(gebruiker=rollen["trekker"]).update(gebruiker=None)
    koppel_aan_persoon(griffie, "G. Poell")
    eigen = open_periode.rapportages.get(onderdeel__code="1")
    eigen.status = "teruggestuurd"
    eigen.opmerking_manager = "Geheime opmerking van de manager"
    eigen.save()
    open_periode.titel = "Rapportage oktober 2015"
    open_periode.save()
    client.force_login(griffie)
    tekst = client.get(reverse("rapportage:mijn_themas")).text
    for geheim in [
        "Rapportage oktober 2015",
        "15 oktober 2015",
        "Geheime opmerking",
        "1Gezin1Plan",
    ]:
        assert geheim not in tekst
    assert "geen open rapportageperiode" in tekst
