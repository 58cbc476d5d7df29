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
    settings.OIDC_STORE_ID_TOKEN = bool(settings.OIDC_OP_LOGOUT_ENDPOINT)
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


def uitloggen(sessie, app_url: str):
    """Click "Uitloggen" (a form posting to /uitloggen/) and follow every redirect."""
    pagina = sessie.get(f"{app_url}{PLAN}")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', pagina.text).group(1)
    return sessie.post(
        f"{app_url}/uitloggen/",
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": pagina.url},
    )


@pytest.mark.django_db(transaction=True)
def test_logging_out_also_ends_the_session_at_the_provider(
    live_server, met_oidc, provider, referentiedata_live, caplog
):
    """On a shared workplace the next person clicking "Inloggen met ..." must meet the
    provider's password page, not be signed in as the previous person."""
    caplog.set_level(logging.INFO, logger="transformatie.logboek")
    Gebruiker.objects.create_user("voorlopig")
    sessie, _pagina, _ = inloggen_bij_provider(live_server.url, "ambtenaar")
    account = Gebruiker.objects.get(oidc_subject__isnull=False)
    account.regio = Regio.objects.get(slug="midden-limburg")
    rol_toekennen(account, Gebruikersrol.BELEIDSMEDEWERKER)
    # Signed in at the provider: a second "Inloggen met ..." goes straight through.
    inlogpagina = sessie.get(f"{live_server.url}/inloggen/?next={PLAN}")
    knop = re.search(r'href="(/oidc/authenticate/[^"]*)"', inlogpagina.text).group(1)
    meteen = sessie.get(live_server.url + knop.replace("&amp;", "&"))
    assert meteen.url == f"{live_server.url}{PLAN}"

    uit = uitloggen(sessie, live_server.url)

    bij_provider = [r for r in uit.history if r.url.startswith(f"{provider}/openid/end-session")]
    assert bij_provider, [r.url for r in uit.history]
    assert uit.url.startswith(f"{live_server.url}/")
    assert sessie.get(f"{live_server.url}{PLAN}", allow_redirects=False).status_code == 302
    # The provider asks for the password again.
    opnieuw = sessie.get(live_server.url + knop.replace("&amp;", "&"))
    assert opnieuw.url.startswith(f"{provider}/")
    assert 'name="password"' in opnieuw.text
    # The ID token went to the provider in the redirect, never into the log.
    hint = parse_qs(urlsplit(bij_provider[0].url).query)["id_token_hint"][0]
    assert hint and hint not in caplog.text


def test_a_local_account_logs_out_of_the_app_only(client, settings, django_user_model):
    settings.OIDC_OP_LOGOUT_ENDPOINT = "https://idp.gemeente.example/end-session"
    client.force_login(django_user_model.objects.create_user("lokaal"))
    antwoord = client.post("/uitloggen/")
    assert antwoord.status_code == 302 and antwoord["Location"] == "/"
