"""Signing in with the gemeente's identity provider, end to end: a real OpenID Connect provider
(tests/oidc_testprovider, django-oidc-provider) runs on loopback, the app's client code
(mozilla-django-oidc and regio.oidc) is the real one, and a requests session plays the browser
through the provider's login page and every redirect."""

import logging
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from regio.constants import Gebruikersrol
from regio.models import Gebruiker, Regio
from regio.rollen import rol_toekennen

from .oidc_testprovider.__main__ import ACCOUNTS, WACHTWOORD, instellingen
from .processen import PYTHON, omgeving, proces, vrije_poort, wacht_op

PLAN = "/plannen/midden-limburg-2015-2016/"


@pytest.fixture(scope="session")
def provider(live_server, tmp_path_factory):
    """The test provider, with the live server's callback as its client's redirect URI."""
    poort = vrije_poort()
    map_ = tmp_path_factory.mktemp("oidc")
    log = map_ / "provider.log"
    with proces(
        [
            PYTHON,
            "-m",
            "tests.oidc_testprovider",
            "--poort",
            str(poort),
            "--redirect-uri",
            f"{live_server.url}/oidc/callback/",
            "--database",
            str(map_ / "provider.sqlite3"),
        ],
        env=omgeving(),
        log=log,
    ) as server:
        basis = f"http://127.0.0.1:{poort}"
        wacht_op(f"{basis}/openid/.well-known/openid-configuration", proces=server, log=log)
        yield basis


@pytest.fixture
def met_oidc(settings, provider):
    """The app configured for the provider as README's production section does, over plain http
    on loopback (no TLS proxy in front, so no Secure cookies)."""
    for naam, waarde in instellingen(provider).items():
        setattr(settings, naam, waarde)
    settings.OIDC_AAN = True
    settings.AUTHENTICATION_BACKENDS = [
        "regio.oidc.OidcBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    settings.OIDC_MFA_ACR = []
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return provider


def inloggen_bij_provider(app_url: str, gebruikersnaam: str, *, volgende: str = "/"):
    """Click "Inloggen met ..." on the app's login page, sign in at the provider, follow every
    redirect back. Returns the session, the last response and the callback URL that was used."""
    import requests

    sessie = requests.Session()
    inlogpagina = sessie.get(f"{app_url}/inloggen/?next={volgende}")
    knop = re.search(r'href="(/oidc/authenticate/[^"]*)"', inlogpagina.text)
    assert knop, "the login page offers the identity provider"
    bij_provider = sessie.get(app_url + knop.group(1).replace("&amp;", "&"))
    assert "Testprovider van de gemeente" in bij_provider.text
    formulier = {
        "username": gebruikersnaam,
        "password": WACHTWOORD,
        "csrfmiddlewaretoken": sessie.cookies.get("csrftoken", domain="127.0.0.1"),
        "next": parse_qs(urlsplit(bij_provider.url).query)["next"][0],
    }
    terug = sessie.post(bij_provider.url, data=formulier, headers={"Referer": bij_provider.url})
    callback = next(
        (
            r.headers["Location"]
            for r in terug.history
            if "/oidc/callback/" in r.headers.get("Location", "")
        ),
        "",
    )
    return sessie, terug, callback


@pytest.mark.django_db(transaction=True)
def test_a_new_account_from_the_provider_has_no_rights_until_a_role_is_granted(
    live_server, met_oidc, referentiedata_live, caplog
):
    caplog.set_level(logging.INFO, logger="transformatie.logboek")
    sessie, pagina, callback = inloggen_bij_provider(live_server.url, "ambtenaar")

    assert pagina.url == f"{live_server.url}/plannen/"
    assert "Uw account heeft nog geen rol" in pagina.text
    account = Gebruiker.objects.get(oidc_subject__isnull=False)
    assert (account.username, account.email, account.get_full_name()) == (
        "ambtenaar",
        "ambtenaar@gemeente.example",
        "Anna Ambtenaar",
    )
    assert (account.rol, account.regio, account.is_staff, account.has_usable_password()) == (
        "",
        None,
        False,
        False,
    )
    assert sessie.get(f"{live_server.url}{PLAN}").status_code == 404
    assert sessie.get(f"{live_server.url}/dashboard/landelijk/").status_code == 403

    account.regio = Regio.objects.get(slug="midden-limburg")
    rol_toekennen(account, Gebruikersrol.BELEIDSMEDEWERKER)
    sessie, pagina, _ = inloggen_bij_provider(live_server.url, "ambtenaar", volgende=PLAN)
    assert pagina.status_code == 200 and pagina.url == f"{live_server.url}{PLAN}"
    assert Gebruiker.objects.filter(oidc_subject__isnull=False).count() == 1  # same account

    # The authorisation code and state travel in the callback's query string: never logged.
    code = parse_qs(urlsplit(callback).query)["code"][0]
    assert code and code not in caplog.text
    assert parse_qs(urlsplit(callback).query)["state"][0] not in caplog.text
    assert WACHTWOORD not in caplog.text
    assert "GET /oidc/callback/" in caplog.text  # the request itself is in the log


@pytest.mark.django_db(transaction=True)
def test_a_local_account_with_the_same_name_is_not_taken_over(
    live_server, met_oidc, referentiedata_live
):
    lokaal = Gebruiker.objects.create_user("ambtenaar", email="ambtenaar@gemeente.example")
    rol_toekennen(lokaal, Gebruikersrol.TRANSFORMATIEMANAGER)
    _sessie, pagina, _ = inloggen_bij_provider(live_server.url, "ambtenaar")
    nieuw = Gebruiker.objects.get(oidc_subject__isnull=False)
    assert nieuw.pk != lokaal.pk and nieuw.username == "ambtenaar-2" and nieuw.rol == ""
    assert "Uw account heeft nog geen rol" in pagina.text


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("account", "tweede_stap"), [("manager-mfa", False), ("ambtenaar", True)])
def test_a_manager_skips_the_second_step_only_when_the_provider_asserted_one(
    live_server, met_oidc, referentiedata_live, settings, account, tweede_stap
):
    settings.TWEE_FACTOR_VERPLICHT = True
    voornaam, achternaam, _mfa = ACCOUNTS[account]
    Gebruiker.objects.create_user("voorlopig")  # an earlier account must not be matched
    sessie, _pagina, _ = inloggen_bij_provider(live_server.url, account)
    gebruiker = Gebruiker.objects.get(oidc_subject__isnull=False)
    gebruiker.regio = Regio.objects.get(slug="midden-limburg")
    rol_toekennen(gebruiker, Gebruikersrol.TRANSFORMATIEMANAGER)

    sessie, pagina, _ = inloggen_bij_provider(live_server.url, account, volgende=PLAN)
    if tweede_stap:
        assert urlsplit(pagina.url).path == "/inloggen/tweede-stap/instellen/"
        assert sessie.get(f"{live_server.url}{PLAN}", allow_redirects=False).status_code == 302
    else:
        assert pagina.url == f"{live_server.url}{PLAN}"
        assert f"{voornaam} {achternaam}" == gebruiker.get_full_name()


@pytest.mark.django_db(transaction=True)
def test_a_forged_callback_signs_nobody_in(live_server, met_oidc, referentiedata_live):
    import requests

    sessie = requests.Session()
    antwoord = sessie.get(f"{live_server.url}/oidc/callback/?code=verzonnen&state=verzonnen")
    assert antwoord.status_code in (400, 200)
    assert "Uitloggen" not in antwoord.text
    assert not Gebruiker.objects.filter(oidc_subject__isnull=False).exists()
