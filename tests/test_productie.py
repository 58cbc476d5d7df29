"""The production set-up as README describes it: `bin/productie web` (gunicorn, whitenoise) and
`bin/productie worker` on a fresh database, with the PDF archive in S3-compatible storage (moto's
S3 server on loopback), signed in through the pages like a browser behind the TLS proxy."""

import re
import time

import pytest

from .processen import (
    BIN,
    PROJECT,
    beheeropdracht,
    json_regels,
    omgeving,
    proces,
    verse_database,
    vrije_poort,
    wacht_op,
)

WACHTWOORD = "Een-wachtwoord-voor-de-proef-123"
S3_GEHEIM = "s3-geheim-dat-nooit-in-een-log-staat"

MAAK_ACCOUNT = f"""
from regio.constants import Gebruikersrol
from regio.models import Gebruiker, Persoon, Regio
from regio.rollen import rol_toekennen
g = Gebruiker.objects.create_user("trekker", password="{WACHTWOORD}", regio=Regio.objects.get(slug="midden-limburg"))
rol_toekennen(g, Gebruikersrol.BELEIDSMEDEWERKER)
"""


class AchterProxy:
    """A requests session that talks to gunicorn as the TLS-terminating proxy would: it says
    the request came in over https (X-Forwarded-Proto) and keeps the Secure cookies."""

    def __init__(self, basis: str):
        import requests

        self.basis = basis
        self.sessie = requests.Session()
        self.sessie.headers.update(
            {"X-Forwarded-Proto": "https", "Origin": basis.replace("http://", "https://")}
        )

    def _na(self, antwoord):
        for cookie in self.sessie.cookies:
            cookie.secure = False  # the proxy would have carried them over TLS
        return antwoord

    def get(self, pad, **kwargs):
        return self._na(self.sessie.get(self.basis + pad, allow_redirects=False, **kwargs))

    def post(self, pad, data, **kwargs):
        return self._na(
            self.sessie.post(self.basis + pad, data=data, allow_redirects=False, **kwargs)
        )

    def inloggen(self, gebruikersnaam, wachtwoord):
        self.get("/inloggen/")
        antwoord = self.post(
            "/inloggen/",
            {
                "username": gebruikersnaam,
                "password": wachtwoord,
                "csrfmiddlewaretoken": self.sessie.cookies["csrftoken"],
            },
        )
        assert antwoord.status_code == 302, antwoord.text[:500]
        return antwoord


@pytest.fixture
def s3(tmp_path):
    """moto's S3 server on a free loopback port, with an empty bucket "archief"."""
    import boto3

    poort = vrije_poort()
    log = tmp_path / "s3.log"
    with proces(
        [BIN / "moto_server", "-H", "127.0.0.1", "-p", str(poort)], env=omgeving(), log=log
    ) as server:
        url = f"http://127.0.0.1:{poort}"
        wacht_op(url, proces=server, log=log)
        client = boto3.client(
            "s3",
            endpoint_url=url,
            region_name="us-east-1",
            aws_access_key_id="proef",
            aws_secret_access_key=S3_GEHEIM,
        )
        client.create_bucket(Bucket="archief")
        yield url, client


def test_gunicorn_worker_and_s3_serve_a_fresh_installation(tmp_path, s3):
    s3_url, s3_client = s3
    poort = vrije_poort()
    basis = f"http://127.0.0.1:{poort}"
    with verse_database(tmp_path) as database_url:
        env = omgeving(
            DATABASE_URL=database_url,
            ALLOWED_HOSTS="127.0.0.1",
            STATIC_ROOT=tmp_path / "static",
            MEDIA_STORAGE="s3",
            S3_BUCKET="archief",
            S3_ENDPOINT_URL=s3_url,
            S3_REGION="us-east-1",
            S3_ACCESS_KEY_ID="proef",
            S3_SECRET_ACCESS_KEY=S3_GEHEIM,
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            BIND=f"127.0.0.1:{poort}",
            WEB_CONCURRENCY="2",
        )
        web_log, werker_log = tmp_path / "web.log", tmp_path / "werker.log"
        with proces([PROJECT / "bin" / "productie", "web"], env=env, log=web_log) as web:
            # bin/productie web migrates a new database first: on a busy 2-core machine the
            # data migrations of the plan model take minutes.
            wacht_op(f"{basis}/gezondheid/", proces=web, log=web_log, seconden=600)
            beheeropdracht("laad_referentiedata", env=env)
            beheeropdracht("shell", "-c", MAAK_ACCOUNT, env=env)

            gezondheid = AchterProxy(basis).get("/gezondheid/").json()
            assert gezondheid["status"] == "ok"
            assert gezondheid["onderdelen"]["opslag"]["soort"] == "s3"
            assert gezondheid["onderdelen"]["wachtrij"]["wachtend"] == 0

            browser = AchterProxy(basis)
            pagina = browser.get("/inloggen/")
            stijl = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', pagina.text)
            assert stijl, "the page links the hashed stylesheet"
            css = browser.get(stijl.group(1), headers={"Accept-Encoding": "gzip"})
            assert css.status_code == 200
            assert css.headers["Content-Encoding"] == "gzip"
            assert "immutable" in css.headers["Cache-Control"]

            browser.inloggen("trekker", WACHTWOORD)
            bestelling = browser.get("/plannen/midden-limburg-2015-2016/themas/1/pdf/")
            assert bestelling.status_code == 302
            voortgang = bestelling.headers["Location"]
            pk = re.search(r"/pdf/(\d+)/", voortgang).group(1)
            assert browser.get(voortgang).status_code == 200  # the page that waits

            with proces([PROJECT / "bin" / "productie", "worker"], env=env, log=werker_log):
                einde = time.monotonic() + 120
                while (pdf := browser.get(f"/pdf/{pk}/download/")).status_code != 200:
                    assert time.monotonic() < einde, werker_log.read_text()[-3000:]
                    time.sleep(0.5)
            assert pdf.headers["Content-Type"] == "application/pdf"
            assert pdf.content[:5] == b"%PDF-"

    objecten = s3_client.list_objects_v2(Bucket="archief")["Contents"]
    bewaard = [o["Key"] for o in objecten if o["Key"].startswith("pdf-cache/")]
    assert len(bewaard) == 1
    assert s3_client.get_object(Bucket="archief", Key=bewaard[0])["Body"].read() == pdf.content

    web_regels, werker_regels = json_regels(web_log), json_regels(werker_log)
    inloggen = [r for r in web_regels if r.get("action") == "inloggen"]
    assert inloggen and inloggen[0]["actor"] == "trekker"
    assert inloggen[0]["origin"] == "127.0.0.1" and inloggen[0]["result"] == "gelukt"
    gemaakt = [r["result"] for r in werker_regels if r.get("action") == "pdf maken"]
    assert gemaakt == ["begonnen", "klaar"]
    for log in (web_log, werker_log):
        tekst = log.read_text()
        assert WACHTWOORD not in tekst
        assert S3_GEHEIM not in tekst
