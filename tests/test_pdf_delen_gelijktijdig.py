"""The plan's stored PDF parts (documenten.pdf_delencache) with several renders at once and after
the plan is deleted, in a local folder and in S3 (moto, with production's file_overwrite off):
a render's cleanup leaves the parts another render just wrote, a part written twice at once is
one complete file under its key, a half-written part is never read, a storage error never fails a
render, a deleted plan's folders go, exactly its own, and a plan's render sweeps the folders of
plans renamed or deleted meanwhile once their files are old; a deleted render's file goes too."""

import hashlib
import io
import json
import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from botocore.exceptions import ClientError
from django.core.files.storage import default_storage, storages
from django.urls import reverse

from agenda.models import Plan
from documenten import pdf_delencache, taken
from documenten.pdf_delencache import Delencache

from .factories import maak_andere_regio

pytestmark = pytest.mark.django_db

PLAN = "midden-limburg-2015-2016.pdf"


@pytest.fixture(params=["map", "s3"])
def opslag(request, settings, tmp_path):
    """The default storage: a local folder, or a bucket in moto's S3 as production has it."""
    settings.MEDIA_ROOT = tmp_path
    if request.param == "map":
        yield request.param
        return
    import boto3
    from moto import mock_aws

    with mock_aws():
        boto3.client("s3", region_name="eu-west-1").create_bucket(
            Bucket="delen", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": "delen",
                    "region_name": "eu-west-1",
                    "access_key": "proef",
                    "secret_key": "proef",
                    "default_acl": "private",
                    "file_overwrite": False,
                },
            },
        }
        yield request.param


def _deel(teken: str) -> dict:
    """A part as a worker returns it (the bytes stand in for a PDF)."""
    return {"pdf": f"%PDF-deel {teken} ".encode() * 500, "paginas": 2, "namen": [], "ankers": {}}


def _bestanden(cache: Delencache) -> set[str]:
    try:
        return set(default_storage.listdir(cache.map)[1])
    except FileNotFoundError:
        return set()


def _verouderen(cache: Delencache, namen, opslag, monkeypatch):
    """Make files look older than BEWAARTIJD: their time on disk; in S3, whose times cannot be
    set, the files' times as the storage reports them."""
    verleden = time.time() - pdf_delencache.BEWAARTIJD.total_seconds() - 60
    if opslag == "map":
        for naam in namen:
            pad = default_storage.path(f"{cache.map}/{naam}")
            os.utime(pad, (verleden, verleden))
        return
    oud = {f"{cache.map}/{naam}" for naam in namen}
    echt = type(storages["default"]).get_modified_time

    def tijd(self, naam):
        waarde = echt(self, naam)
        if naam in oud:
            return waarde - pdf_delencache.BEWAARTIJD - timedelta(minutes=1)
        return waarde

    monkeypatch.setattr(type(storages["default"]), "get_modified_time", tijd)


# --- Two renders at once ----------------------------------------------------------------------


def test_a_renders_cleanup_keeps_the_parts_another_render_just_wrote(opslag):
    """Render A lays out its version of a part, render B (another version of the plan: an edit
    came between) another one; B cleans up while A has written its part and still joins it."""
    a, b = Delencache(PLAN, "ua"), Delencache(PLAN, "ua")
    assert a.lezen("deel-a") is None and b.lezen("deel-b") is None
    a.schrijven("deel-a", _deel("a"))
    b.schrijven("deel-b", _deel("b"))
    assert b.opruimen() == 0
    assert a.opruimen() == 0
    assert _bestanden(a) == {"deel-a.pdf", "deel-a.json", "deel-b.pdf", "deel-b.json"}
    # Both parts complete: the next render of either version finds its part.
    for key, teken in [("deel-a", "a"), ("deel-b", "b")]:
        gevonden = Delencache(PLAN, "ua").lezen(key)
        assert gevonden["pdf"] == _deel(teken)["pdf"] and gevonden["cache"] is True


def test_parts_no_render_used_for_longer_than_the_grace_period_are_deleted(opslag, monkeypatch):
    eerder = Delencache(PLAN, "ua")
    for key in ["oud", "gebruikt", "vers"]:
        eerder.schrijven(key, _deel(key))
    eerder.vorige_schrijven({"speerpunten-1": {"paginas": 2}})
    oud = ["oud.pdf", "oud.json", "gebruikt.pdf", "gebruikt.json", pdf_delencache.VORIGE]
    _verouderen(eerder, oud, opslag, monkeypatch)
    render = Delencache(PLAN, "ua")
    assert render.lezen("gebruikt") is not None
    assert render.opruimen() == 2
    # Old and unused: gone. Used by this render, or fresh, or the last layout: kept.
    assert _bestanden(render) == {
        "gebruikt.pdf",
        "gebruikt.json",
        "vers.pdf",
        "vers.json",
        pdf_delencache.VORIGE,
    }
    assert render.vorige() == {"speerpunten-1": {"paginas": 2}}


def test_the_grace_period_outlasts_a_render_the_worker_still_counts_as_running():
    assert pdf_delencache.BEWAARTIJD > taken.VERLATEN_NA


def test_a_part_saved_by_another_render_between_the_look_and_the_save_is_one_file(
    opslag, monkeypatch
):
    """Two renders write the same part (same key, same bytes): the other one's file appears just
    after this one looked. One complete file under the key stays, no copy beside it."""
    ander, deze = Delencache(PLAN, "ua"), Delencache(PLAN, "ua")
    klasse = type(storages["default"])
    echt = klasse.save
    tussendoor = []

    def save(self, naam, inhoud, *args, **kwargs):
        if not tussendoor and naam.endswith(".pdf"):
            tussendoor.append(naam)
            ander.schrijven("deel", _deel("x"))
        return echt(self, naam, inhoud, *args, **kwargs)

    monkeypatch.setattr(klasse, "save", save)
    deze.schrijven("deel", _deel("x"))
    assert tussendoor == [f"{deze.map}/deel.pdf"]
    assert _bestanden(deze) == {"deel.pdf", "deel.json"}
    assert Delencache(PLAN, "ua").lezen("deel")["pdf"] == _deel("x")["pdf"]


def test_a_part_already_stored_in_full_is_kept_as_it_is(opslag, monkeypatch):
    Delencache(PLAN, "ua").schrijven("deel", _deel("x"))
    weg = []
    monkeypatch.setattr(type(storages["default"]), "delete", lambda self, n: weg.append(n))
    Delencache(PLAN, "ua").schrijven("deel", _deel("x"))
    assert weg == []


def test_a_half_written_part_is_not_read_and_written_anew(opslag):
    cache = Delencache(PLAN, "ua")
    deel = _deel("x")
    cache.schrijven("deel", deel)
    # Another process is writing the PDF (or was killed while it did): a part of its bytes.
    pad = f"{cache.map}/deel.pdf"
    default_storage.delete(pad)
    default_storage.save(pad, io.BytesIO(deel["pdf"][:700]))
    assert Delencache(PLAN, "ua").lezen("deel") is None
    Delencache(PLAN, "ua").schrijven("deel", deel)
    assert Delencache(PLAN, "ua").lezen("deel")["pdf"] == deel["pdf"]
    assert _bestanden(cache) == {"deel.pdf", "deel.json"}


def test_a_part_stored_without_its_pdfs_hash_is_laid_out_anew(opslag):
    """Parts stored before the hash was kept cannot be checked: read as not there."""
    cache = Delencache(PLAN, "ua")
    deel = _deel("x")
    cache.schrijven("deel", deel)
    pad = f"{cache.map}/deel.json"
    gegevens = {"paginas": 2, "namen": [], "ankers": {}}
    default_storage.delete(pad)
    default_storage.save(pad, io.BytesIO(json.dumps(gegevens).encode()))
    assert Delencache(PLAN, "ua").lezen("deel") is None
    gegevens["sha256"] = hashlib.sha256(deel["pdf"]).hexdigest()
    default_storage.delete(pad)
    default_storage.save(pad, io.BytesIO(json.dumps(gegevens).encode()))
    assert Delencache(PLAN, "ua").lezen("deel")["pdf"] == deel["pdf"]


def test_a_storage_error_costs_a_later_render_never_this_one(opslag, monkeypatch):
    """S3 answers with botocore's errors, not OSError."""
    cache = Delencache(PLAN, "ua")
    cache.schrijven("deel", _deel("x"))
    _verouderen(cache, ["deel.pdf", "deel.json"], opslag, monkeypatch)
    fout = ClientError({"Error": {"Code": "SlowDown"}, "ResponseMetadata": {}}, "PutObject")

    def storing(*args, **kwargs):
        raise fout

    klasse = type(storages["default"])
    for methode in ["open", "save", "delete", "size", "listdir", "get_modified_time"]:
        monkeypatch.setattr(klasse, methode, storing)
    render = Delencache(PLAN, "ua")
    assert render.lezen("deel") is None
    render.schrijven("ander", _deel("y"))
    render.vorige_schrijven({})
    assert render.vorige() == {}
    assert render.opruimen() == 0
    assert pdf_delencache.verwijderen(PLAN) == 0


# --- Folder names ------------------------------------------------------------------------------


def test_every_plan_has_folders_of_its_own():
    lang = "transformatieagenda-sociaal-domein-van-de-gemeenten-in-de-regio-midden-limburg-oost"
    mappen = {
        Delencache(naam, variant).map
        for naam in [
            f"{lang}-2015.pdf",
            f"{lang}-2016.pdf",
            "Plan-a.pdf",
            "plan-a.pdf",
            "plan-a-ua.pdf",
        ]
        for variant in ["ua", "archief"]
    }
    assert len(mappen) == 10
    # A plan whose slug is a slug of at most 80 characters keeps the folder it had.
    assert Delencache(PLAN, "ua").map == "pdf-delen/midden-limburg-2015-2016-ua"


# --- A deleted plan ----------------------------------------------------------------------------


def _vervolgplan(plan, achtervoegsel: str) -> Plan:
    """A second plan of the same region, its slug the first one's with `achtervoegsel` after it."""
    return Plan.objects.create(
        regio=plan.regio,
        planvorm=plan.planvorm,
        slug=f"{plan.slug}{achtervoegsel}",
        titel="Actieplan Zuid-Testland, vervolg",
        jaar_van=2016,
        jaar_tot_en_met=2017,
    )


def test_deleting_a_plan_in_the_admin_deletes_its_parts_and_no_other_plans(
    client, beheerder, opslag, django_capture_on_commit_callbacks
):
    _regio, plan = maak_andere_regio()
    # Another plan whose slug starts with this one's, even with a variant's name after it.
    ander = _vervolgplan(plan, "-ua")
    caches = {
        (p.slug, variant): Delencache(f"{p.slug}.pdf", variant)
        for p in [plan, ander]
        for variant in ["ua", "archief"]
    }
    for cache in caches.values():
        cache.schrijven("deel", _deel("x"))
        cache.vorige_schrijven({})
    url = reverse("admin:agenda_plan_delete", args=[plan.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(url, {"post": "yes"})
    assert antwoord.status_code == 302
    assert not Plan.objects.filter(pk=plan.pk).exists()
    for (slug, _variant), cache in caches.items():
        verwacht = set() if slug == plan.slug else {"deel.pdf", "deel.json", pdf_delencache.VORIGE}
        assert _bestanden(cache) == verwacht
    if opslag == "map":  # the deleted plan's folders themselves too
        mappen = sorted(p.name for p in Path(default_storage.path("pdf-delen")).iterdir())
        assert mappen == [f"{ander.slug}-archief", f"{ander.slug}-ua"]


def test_deleting_a_plan_deletes_its_rendered_pdfs_from_storage_after_the_commit(
    client, beheerder, opslag, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from django.db import transaction

    from documenten.models import PdfDocument

    _regio, plan = maak_andere_regio()
    ander = _vervolgplan(plan, "-vervolg")
    bestanden = {}
    for p in [plan, ander]:
        for soort in ["plan", "thema"]:
            record = PdfDocument.objects.create(
                plan=p, sleutel=f"{p.slug}-{soort}", soort=soort, status=PdfDocument.Status.KLAAR
            )
            record.bestand.save(f"{p.slug}-{soort}.pdf", ContentFile(b"%PDF-1.7 x"))
            bestanden[record.bestand.name] = p
    assert all(default_storage.exists(naam) for naam in bestanden)

    # A deletion that is rolled back keeps the files with the records.
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        PdfDocument.objects.filter(plan=ander).delete()
        raise RuntimeError("teruggedraaid")
    assert PdfDocument.objects.filter(plan=ander).count() == 2
    assert all(default_storage.exists(naam) for naam in bestanden)

    url = reverse("admin:agenda_plan_delete", args=[plan.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"post": "yes"}).status_code == 302
    for naam, eigenaar in bestanden.items():
        assert default_storage.exists(naam) == (eigenaar == ander), naam


def test_a_plan_render_sweeps_the_folders_of_renamed_and_deleted_plans_once_they_are_old(
    opslag, monkeypatch
):
    from documenten import documenten

    monkeypatch.setattr(
        documenten, "renderen", lambda doc, variant="ua", **_opties: (b"%PDF-1.7 x", 1)
    )
    _regio, plan = maak_andere_regio()
    hernoemd = _vervolgplan(plan, "-oud")
    caches = {
        "eigen": Delencache(f"{plan.slug}.pdf", "ua"),
        "hernoemd_nieuw": Delencache(f"{plan.slug}-nieuw.pdf", "archief"),
        "hernoemd_oud": Delencache(f"{hernoemd.slug}.pdf", "ua"),
        "verwijderd": Delencache("plan-dat-weg-is.pdf", "ua"),
    }
    for cache in caches.values():
        cache.schrijven("deel", _deel("x"))
        _verouderen(cache, ["deel.pdf", "deel.json"], opslag, monkeypatch)
    # A render of the deleted plan that was still running wrote this a moment ago.
    caches["verwijderd"].schrijven("laat", _deel("y"))
    hernoemd.slug = f"{plan.slug}-nieuw"
    hernoemd.save()

    taken.bestel(plan, "plan")

    deel = {"deel.pdf", "deel.json"}
    # Folders of existing plans keep even their old files (their own render cleans those up).
    assert _bestanden(caches["eigen"]) == deel
    assert _bestanden(caches["hernoemd_nieuw"]) == deel
    assert _bestanden(caches["hernoemd_oud"]) == set()
    assert _bestanden(caches["verwijderd"]) == {"laat.pdf", "laat.json"}
    if opslag == "map":  # the emptied folder itself too
        mappen = {p.name for p in Path(default_storage.path("pdf-delen")).iterdir()}
        assert Path(caches["hernoemd_oud"].map).name not in mappen
