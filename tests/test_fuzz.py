"""Fuzzing every form, URL parameter and query parameter with hypothesis (issue 13, finding 8):
no input gives a server error, and a request that is refused writes nothing.

Each example runs in a savepoint that is rolled back, so examples do not see each other's
writes. Example counts are modest so that CI runs this on both databases in about a minute; in
CI (CI=true) the search is derandomised, so a red run can be repeated exactly.
"""

import os
import re
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agenda.filters import OnderdeelSelectie
from agenda.selectors import gerapporteerde_onderdelen
from dashboard.filters import DashboardFilter
from rapportage.constants import PeriodeStatus
from rapportage.models import Rapportageperiode, ThemaRapportage
from regio.constants import Gebruikersrol
from regio.models import Regio

from .factories import formulier_gegevens, maak_gebruiker

pytestmark = pytest.mark.django_db

SLUG = "midden-limburg-2015-2016"
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_VOORBEELDEN", "12")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

LASTIG = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "01",
    "²",
    "٣",
    "1.5",
    "1e309",
    "NaN",
    "9" * 20,
    "9" * 5000,
    "\x00",
    "a\x00b",
    "\r\n",
    "\x0c}}*{display:none}",
    "=1+1",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "rapportage:bewerken",
    "//aanvaller.example/",
    "javascript:alert(1)",
    "2015-Q2",
    "2015-Q3",
    "2015-Q²",
    "groen",
    "oranje",
    "rood",
    "geen",
    "on",
    "true",
    "alle",
    "jeugdhulp",
    "MLO",
    "Weert",
    "1970-01-01",
    "2015-13-45",
    "\u202e",
    "x" * 6000,
]
WAARDE = st.one_of(
    st.sampled_from(LASTIG),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def _in_savepoint(actie):
    """Run one example and undo its writes."""
    with transaction.atomic():
        actie()
        transaction.set_rollback(True)


def _historie() -> int:
    return sum(
        model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    )


def _samenhang():
    """What must hold after any request: one open period per plan at most; an adopted period
    has every report approved and locked; every period one report per reported item."""
    for plan_id in Rapportageperiode.objects.values_list("plan_id", flat=True).distinct():
        assert (
            Rapportageperiode.objects.filter(plan_id=plan_id, status=PeriodeStatus.OPEN).count()
            <= 1
        )
    for periode in Rapportageperiode.objects.filter(status=PeriodeStatus.VASTGESTELD):
        assert not periode.rapportages.filter(vergrendeld=False).exists(), periode
        assert not periode.rapportages.exclude(status="goedgekeurd").exists(), periode
    for periode in Rapportageperiode.objects.all():
        assert periode.rapportages.count() == gerapporteerde_onderdelen(periode.plan).count(), (
            periode
        )


def _vraag(client, methode, url, gegevens=None):
    voor = _historie()
    antwoord = getattr(client, methode)(url, gegevens or {})
    assert antwoord.status_code < 500, (methode, url, gegevens)
    if methode == "post" and antwoord.status_code != 302:
        assert _historie() == voor, ("a refused request wrote history", url, gegevens)
    if antwoord.status_code < 500:
        _samenhang()
    return antwoord


@pytest.fixture
def omgeving(open_periode, periode, rollen, settings, tmp_path, monkeypatch):
    """Managers, a beheerder and every kind of object; PDFs are described, never laid out."""
    from documenten import documenten

    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(
        documenten, "renderen", lambda doc, variant="ua", **k: (documenten.html(doc).encode(), 1)
    )
    ingediend = open_periode.rapportages.get(onderdeel__code="2")
    ThemaRapportage.objects.filter(pk=ingediend.pk).update(status="ingediend")
    rollen["manager"].email = "manager@gemeente.example"
    rollen["manager"].save()
    anoniem = Client(raise_request_exception=False)
    # The reset link from the e-mail, opened: the form to set a password is then at .../set-password/.
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(rollen["manager"].pk))
    token = default_token_generator.make_token(rollen["manager"])
    herstel = anoniem.get(f"/wachtwoord-herstellen/{uid}/{token}/")["Location"]
    manager = Client(raise_request_exception=False)
    manager.force_login(rollen["manager"])
    trekker = Client(raise_request_exception=False)
    trekker.force_login(rollen["trekker"])
    beheerder = Client(raise_request_exception=False)
    beheerder.force_login(maak_gebruiker(Gebruikersrol.BEHEERDER, None, "beheerder"))
    hr = Client(raise_request_exception=False)
    hr.force_login(
        maak_gebruiker(
            Gebruikersrol.TRANSFORMATIEMANAGER, Regio.objects.get(slug="holland-rijnland"), "hr"
        )
    )
    return {
        "manager": manager,
        "hr": hr,
        "trekker": trekker,
        "beheerder": beheerder,
        "anoniem": anoniem,
        "herstel": herstel,
        "open": open_periode,
        "vastgesteld": periode,
        "eigen": open_periode.rapportages.get(onderdeel__code="1"),
        "ingediend": ingediend,
    }


# --- URL parameters ---------------------------------------------------------------------------


def _routes(patronen, voor=""):
    for patroon in patronen:
        if isinstance(patroon, URLResolver):
            yield from _routes(patroon.url_patterns, voor + str(patroon.pattern))
        elif isinstance(patroon, URLPattern):
            yield voor + str(patroon.pattern)


ROUTES = sorted({r for r in _routes(get_resolver().url_patterns) if "<" in r and "^" not in r})
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


# Valid values per plan: Midden-Limburg (the manager's) and Holland Rijnland (another shape,
# read by its own manager): a level's address and an item's number differ per shape.
GELDIG = {
    "ml": {"slug": SLUG, "niveau": ["speerpunten", "themas", "activiteiten"], "code": ["1", "1.1"]},
    "hr": {
        "slug": "holland-rijnland-2014-2015",
        "niveau": ["taken", "acties"],
        "code": ["1", "1.1"],
    },
}


def _geldig(converter, naam, plan, w):
    """Valid values for a route's parameter, by the converter and name in the route."""
    if converter == "periode":
        return [w["open"].code, w["vastgesteld"].code]
    waarden = {
        "slug": [GELDIG[plan]["slug"]],
        "niveau": GELDIG[plan]["niveau"],
        "code": GELDIG[plan]["code"],
        "kader": ["regioplan-beschermd-wonen"],
        "pk": [str(w["eigen"].pk)],
        "app_label": ["rapportage", "agenda"],
        "object_id": [str(w["eigen"].pk)],
    }
    return waarden.get(naam, ["1"])


@FUZZ
@given(route=st.sampled_from(ROUTES), plan=st.sampled_from(sorted(GELDIG)), data=st.data())
def test_url_parameters(omgeving, route, plan, data):
    def invullen(gevonden):
        converter, naam = gevonden.group(1), gevonden.group(2)
        geldig = st.sampled_from(_geldig(converter, naam, plan, omgeving))
        return quote(data.draw(st.one_of(geldig, WAARDE), label=naam), safe="")

    pad = "/" + PARAMETER.sub(invullen, route)
    wie = "beheerder" if pad.startswith("/admin/") else {"ml": "manager", "hr": "hr"}[plan]
    _in_savepoint(lambda: _vraag(omgeving[wie], "get", pad))


# --- Query parameters -------------------------------------------------------------------------

HR = "holland-rijnland-2014-2015"
PAGINAS = [
    "/",
    f"/plannen/{SLUG}/",
    f"/plannen/{SLUG}/speerpunten/1/",
    f"/plannen/{SLUG}/themas/1/",
    f"/plannen/{SLUG}/activiteiten/1.1/",
    f"/plannen/{SLUG}/themas/1/geschiedenis/",
    f"/plannen/{SLUG}/themas/1/invullers/",
    f"/plannen/{SLUG}/overlegstructuur/",
    f"/plannen/{SLUG}/begroting/",
    f"/plannen/{SLUG}/toetsing/regioplan-beschermd-wonen/",
    f"/plannen/{SLUG}/toetsing/regioplan-beschermd-wonen/pdf/",
    f"/plannen/{SLUG}/rapportages/",
    f"/plannen/{SLUG}/rapportages/2015-Q2/",
    f"/plannen/{SLUG}/rapportages/2015-Q3/voortgang/",
    f"/plannen/{SLUG}/rapportages/2015-Q2/pdf/",
    f"/plannen/{SLUG}/pdf/",
    f"/plannen/{SLUG}/themas/1/pdf/",
    f"/plannen/{SLUG}/speerpunten/1/pdf/",
    f"/plannen/{SLUG}/selectie/pdf/",
    "/mijn-themas/",
    "/dashboard/",
    "/dashboard/landelijk/",
    f"/dashboard/{SLUG}/",
    f"/dashboard/{SLUG}/personen/",
    f"/dashboard/{SLUG}/overleggen/",
    f"/dashboard/{SLUG}/export.csv",
    f"/dashboard/{SLUG}/export.xlsx",
    f"/dashboard/{SLUG}/export.pdf",
    "/inloggen/",
    # Another shape, read by its own manager.
    f"/plannen/{HR}/",
    f"/plannen/{HR}/taken/1/",
    f"/plannen/{HR}/acties/1.1/",
    f"/plannen/{HR}/selectie/pdf/",
    f"/dashboard/{HR}/",
    f"/dashboard/{HR}/export.xlsx",
]
PARAMETERNAMEN = sorted(
    {
        *DashboardFilter.base_filters,
        *OnderdeelSelectie.base_filters,
        "maken",
        "variant",
        "terug",
        "next",
        "page",
    }
)


@FUZZ
@given(
    pad=st.sampled_from(PAGINAS),
    parameters=st.dictionaries(
        st.one_of(st.sampled_from(PARAMETERNAMEN), st.text(max_size=8)),
        st.one_of(WAARDE, st.lists(WAARDE, max_size=3)),
        max_size=5,
    ),
)
def test_query_parameters(omgeving, pad, parameters):
    wie = "hr" if HR in pad else "manager"
    _in_savepoint(lambda: _vraag(omgeving[wie], "get", pad, parameters))


ADMIN_PARAMETERS = [
    "q",
    "o",
    "p",
    "e",
    "all",
    "_popup",
    "_to_field",
    "_changelist_filters",
    "periode__id__exact",
    "periode__plan__id__exact",
    "status__exact",
    "jaar",
    "kwartaal__exact",
    "regio__id__exact",
    "rol__exact",
    "is_active__exact",
    "plan__id__exact",
    "datum__gte",
    "app_label",
    "model_name",
    "field_name",
    "term",
]
ADMIN_LIJSTEN = sorted(
    f"/admin/{m._meta.app_label}/{m._meta.model_name}/" for m in admin.site._registry
) + ["/admin/autocomplete/"]


@FUZZ
@given(
    pad=st.sampled_from(ADMIN_LIJSTEN),
    parameters=st.dictionaries(st.sampled_from(ADMIN_PARAMETERS), WAARDE, max_size=4),
)
def test_admin_query_parameters(omgeving, pad, parameters):
    _in_savepoint(lambda: _vraag(omgeving["beheerder"], "get", pad, parameters))


# --- Forms ------------------------------------------------------------------------------------

REGELS = [f"{d}_{s}" for d in ("tijd", "kosten", "bijzonderheden") for s in ("smiley", "tekst")]


def _formulieren(w):
    """(who, URL, fields with a valid value each) for every form of the site."""
    eigen, ingediend, open_, vast = w["eigen"], w["ingediend"], w["open"], w["vastgesteld"]
    herstel = w["herstel"]
    goed = {
        "tijd_smiley": "groen",
        "tijd_tekst": "Op koers.",
        "kosten_smiley": "oranje",
        "kosten_tekst": "Iets duurder.",
        "bijzonderheden_smiley": "rood",
        "bijzonderheden_tekst": "Vertraging.",
    }
    return {
        "opslaan": ("trekker", f"/themarapportages/{eigen.pk}/", {**goed, "versie": "1"}),
        "indienen": (
            "trekker",
            f"/themarapportages/{eigen.pk}/",
            {**goed, "versie": "1", "indienen": "1"},
        ),
        "manager corrigeert": (
            "manager",
            f"/themarapportages/{ingediend.pk}/",
            {**goed, "versie": str(ingediend.versie)},
        ),
        "goedkeuren": (
            "manager",
            f"/themarapportages/{ingediend.pk}/goedkeuren/",
            {"versie": str(ingediend.versie), "terug": f"/plannen/{SLUG}/"},
        ),
        "terugsturen": (
            "manager",
            f"/themarapportages/{ingediend.pk}/terugsturen/",
            {"versie": str(ingediend.versie), "opmerking": "Aanvullen", "terug": "/"},
        ),
        "alles goedkeuren": (
            "manager",
            f"/plannen/{SLUG}/rapportages/{open_.code}/voortgang/goedkeuren/",
            {f"versie-{ingediend.pk}": str(ingediend.versie)},
        ),
        "periode openen": (
            "manager",
            f"/plannen/{SLUG}/rapportages/nieuw/",
            {"jaar": "2016", "kwartaal": "1", "deadline": "2016-04-15", "titel": "Q1"},
        ),
        "vaststellen": (
            "manager",
            f"/plannen/{SLUG}/rapportages/{open_.code}/vaststellen/",
            {"inleiding": "In", "samenvatting": "Sam"},
        ),
        "heropenen": (
            "manager",
            f"/plannen/{SLUG}/rapportages/{vast.code}/heropenen/",
            {"reden": "Tikfout"},
        ),
        "verwijderen": (
            "manager",
            f"/plannen/{SLUG}/rapportages/{open_.code}/verwijderen/",
            {"bevestigen": "1"},
        ),
        "invullers": ("manager", f"/plannen/{SLUG}/themas/1/invullers/", {"invullers": "1"}),
        "inloggen": ("anoniem", "/inloggen/", {"username": "manager", "password": "fout"}),
        "wachtwoord vergeten": (
            "anoniem",
            "/wachtwoord-vergeten/",
            {"email": "manager@gemeente.example"},
        ),
        "wachtwoord herstellen": (
            "anoniem",
            herstel,
            {
                "new_password1": "Rivier-langs-de-Maas-2015",
                "new_password2": "Rivier-langs-de-Maas-2015",
            },
        ),
        "selectie": (
            "manager",
            f"/plannen/{SLUG}/selectie/pdf/",
            {
                "groep": "1",
                "domein": "wmo",
                "gemeente": "Weert",
                "subregio": "MLW",
                "persoon": "Poell",
                "maken": "1",
            },
        ),
        "selectie andere vorm": (
            "hr",
            f"/plannen/{HR}/selectie/pdf/",
            {"groep": "1", "gemeente": "Leiden", "maken": "1"},
        ),
    }


FORMULIEREN = [
    "opslaan",
    "indienen",
    "manager corrigeert",
    "goedkeuren",
    "terugsturen",
    "alles goedkeuren",
    "periode openen",
    "vaststellen",
    "heropenen",
    "verwijderen",
    "invullers",
    "inloggen",
    "wachtwoord vergeten",
    "wachtwoord herstellen",
    "selectie",
    "selectie andere vorm",
]


@FUZZ
@given(formulier=st.sampled_from(FORMULIEREN), data=st.data())
def test_forms(omgeving, formulier, data):
    wie, url, velden = _formulieren(omgeving)[formulier]
    gegevens = dict(velden)
    for naam in data.draw(st.lists(st.sampled_from(sorted(velden)), max_size=len(velden))):
        gegevens[naam] = data.draw(st.one_of(WAARDE, st.lists(WAARDE, max_size=3)), label=naam)
    gegevens.update(data.draw(st.dictionaries(st.text(max_size=8), WAARDE, max_size=2)))
    methode = "get" if formulier.startswith("selectie") else "post"
    _in_savepoint(lambda: _vraag(omgeving[wie], methode, url, gegevens))


ADMIN_FORMULIEREN = sorted(
    f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry
)


def _admin_url(sleutel):
    """The model's change page for its first record (or its add page)."""
    model = apps.get_model(sleutel)
    naam = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    obj = model.objects.order_by("pk").first()
    if obj is not None:
        return reverse(f"{naam}_change", args=[obj.pk])
    return reverse(f"{naam}_add")


@FUZZ
@given(model=st.sampled_from(ADMIN_FORMULIEREN), data=st.data())
def test_admin_forms(omgeving, model, data):
    beheerder = omgeving["beheerder"]
    url = _admin_url(model)
    pagina = beheerder.get(url)
    assert pagina.status_code < 500
    if pagina.status_code != 200 or "adminform" not in (pagina.context or {}):
        return
    gegevens = formulier_gegevens(pagina)
    namen = sorted(k for k in gegevens if not k.endswith(("TOTAL_FORMS", "INITIAL_FORMS")))
    for naam in data.draw(st.lists(st.sampled_from(namen), max_size=4)) if namen else []:
        gegevens[naam] = data.draw(WAARDE, label=naam)
    _in_savepoint(lambda: _vraag(beheerder, "post", url, gegevens))


def test_every_form_is_fuzzed(omgeving):
    assert sorted(_formulieren(omgeving)) == sorted(FORMULIEREN)


def test_fuzz_covers_every_route_with_parameters():
    """A new URL with a parameter is fuzzed without anyone adding it here."""
    assert any("<periode:code>" in r for r in ROUTES)
    assert any("<int:pk>" in r for r in ROUTES)
    assert any("<slug:niveau>/<code:code>" in r for r in ROUTES)
    assert any("<slug:kader>" in r for r in ROUTES)
