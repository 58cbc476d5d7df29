"""Structured logs: who did what to which object, with what result, from where; never a secret
or the text of a report (BIO2)."""

import json
import logging

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from pythonjsonlogger.json import JsonFormatter

from transformatie.logboek import ZonderGeheimen, gebeurtenis

pytestmark = pytest.mark.django_db

GEHEIME_TEKST = "Vertrouwelijk: de wethouder weet nog van niets"
WACHTWOORD = "geheim-wachtwoord"


@pytest.fixture
def regels(caplog):
    """The log lines as the production handler writes them: filtered, then JSON."""
    caplog.set_level(logging.INFO)
    opmaak = django_settings.LOGGING["formatters"]["json"]
    formatter = JsonFormatter(opmaak["fmt"], rename_fields=opmaak["rename_fields"])
    filter_ = ZonderGeheimen()

    def lezen():
        uit = []
        for record in caplog.records:
            filter_.filter(record)
            uit.append(json.loads(formatter.format(record)))
        return uit

    return lezen


def test_saving_a_report_names_actor_action_object_result_and_origin_not_its_text(
    client, rollen, open_periode, regels
):
    rapport = open_periode.rapportages.get(onderdeel__code="1")
    client.force_login(rollen["trekker"])
    gegevens = {
        "tijd_smiley": "oranje",
        "tijd_tekst": GEHEIME_TEKST,
        "kosten_smiley": "groen",
        "kosten_tekst": "Binnen budget.",
        "bijzonderheden_smiley": "groen",
        "bijzonderheden_tekst": "Geen",
        "versie": 1,
        "indienen": "",
    }
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]), gegevens, REMOTE_ADDR="192.0.2.7"
    )
    assert antwoord.status_code == 302

    wijziging = [
        r for r in regels() if r.get("object") == f"rapportage.themarapportage:{rapport.pk}"
    ]
    assert wijziging and wijziging[-1]["action"] == "themarapportage gewijzigd"
    assert wijziging[-1] | {"tijd": None, "request_id": None} == {
        "tijd": None,
        "niveau": "INFO",
        "logger": "transformatie.logboek",
        "message": f"themarapportage gewijzigd rapportage.themarapportage:{rapport.pk}: gelukt",
        "actor": "trekker",
        "action": "themarapportage gewijzigd",
        "object": f"rapportage.themarapportage:{rapport.pk}",
        "result": "gelukt",
        "origin": "192.0.2.7",
        "request_id": None,
        "status": "ingediend",
    }
    alles = json.dumps(regels())
    assert GEHEIME_TEKST not in alles
    assert "Binnen budget" not in alles


def test_a_failed_login_names_the_account_never_the_password(client, rollen, regels):
    client.post("/inloggen/", {"username": "trekker", "password": "fout-" + WACHTWOORD})
    client.post("/inloggen/", {"username": "trekker", "password": WACHTWOORD})
    inloggen = [r for r in regels() if r.get("action") == "inloggen"]
    assert [(r["actor"], r["result"]) for r in inloggen] == [
        ("trekker", "mislukt"),
        ("trekker", "gelukt"),
    ]
    assert WACHTWOORD not in json.dumps(regels())


def test_query_strings_never_reach_the_log(client, rollen, regels):
    client.force_login(rollen["manager"])
    client.get("/oidc/callback/?code=geheime-code&state=geheime-staat")
    alles = json.dumps(regels())
    assert "/oidc/callback/" in alles
    assert "geheime-code" not in alles and "geheime-staat" not in alles


def test_secret_looking_fields_are_blanked_whoever_logs_them(regels):
    gebeurtenis("proef", object="x", wachtwoord="hunter2", api_token="abc", toelichting_tekst="t")
    logging.getLogger("elders").info("bericht", extra={"client_secret": "s3cr3t", "aantal": 3})
    laatste = regels()[-2:]
    assert laatste[0]["wachtwoord"] == laatste[0]["api_token"] == "[verborgen]"
    assert laatste[0]["toelichting_tekst"] == "[verborgen]"
    assert laatste[1]["client_secret"] == "[verborgen]" and laatste[1]["aantal"] == 3


@pytest.mark.parametrize(
    ("vertrouwd", "doorgestuurd", "herkomst"),
    [
        (0, "203.0.113.9", "127.0.0.1"),  # no proxy: a client cannot claim another address
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the client prepended a false one
    ],
)
def test_origin_behind_trusted_proxies(client, settings, regels, vertrouwd, doorgestuurd, herkomst):
    settings.TRUSTED_PROXIES = vertrouwd
    client.get("/inloggen/", HTTP_X_FORWARDED_FOR=doorgestuurd)
    assert [r["origin"] for r in regels() if r.get("action") == "http"] == [herkomst]
