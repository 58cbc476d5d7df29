"""Benchmark of the HTML page and the PDF documents; see bench/README.md.

Runs against a throwaway SQLite database with the reference data and synthetic plans of 100 and
300 themes. Every fresh render runs in its own process so its peak memory (RSS) is its own.
"""

import itertools
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

BASIS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASIS))
DB = Path(tempfile.mkdtemp(prefix="bench-pdf-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transformatie.settings")
os.environ.setdefault("SECRET_KEY", "alleen-voor-de-benchmark")
os.environ["MEDIA_ROOT"] = str(DB.parent / "media")
os.environ["SECURE_SSL_REDIRECT"] = "false"  # the test client speaks plain HTTP
os.environ["TWEE_FACTOR_VERPLICHT"] = "false"  # the benchmark account signs in with one step
# Pages name static files by their hashed names from collectstatic's manifest, as in production;
# the bench collects them into its own throwaway folder.
os.environ["STATIC_ROOT"] = str(DB.parent / "static")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright sync API runs a loop
# Tasks run at once here (ImmediateBackend), where a save renders nothing ahead by default: the
# one-theme re-render is the render ahead, so it is switched on.
os.environ["PDF_VOORUIT_RENDEREN"] = "true"
# Layout processes per render here, as in a web process: the process that works as the task
# worker does (_herrender_in_proces) keeps them, as the task worker does.
os.environ["PDF_WERKERS_BEWAREN"] = "false"
CHROMIUM = "/usr/bin/chromium"
HERHALINGEN = int(os.environ.get("BENCH_HERHALINGEN", "3"))
WERKERS = 2  # documenten.pdf_parallel.WERKERS

import django  # noqa: E402

django.setup()


def _opzetten():
    from django.core.management import call_command

    from rapportage.referentiedata import laad_referentiedata

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    plannen = laad_referentiedata()
    plan = next(p for p in plannen if p.slug == "midden-limburg-2015-2016")
    if "--alleen-referentieplan" not in sys.argv:
        for aantal in (100, 300):
            _synthetisch_plan(plan, aantal)
    return plan


def _synthetisch_plan(bron, aantal):
    """A copy of the reference plan whose reported items (themes) repeat until there are `aantal`
    of them, each with its goals, effects and children (activities); texts and chapters as in the
    reference plan, no roles, meetings or budget (as the benchmark has always built it)."""
    from agenda.constants import HoofdstukSoort
    from agenda.models import Beleidsdoel, Hoofdstuk, MaatschappelijkEffect, Onderdeel, Plan

    niveau = bron.rapportageniveau
    plan = Plan.objects.get(pk=bron.pk)
    plan.pk = None
    plan.slug = f"synthetisch-{aantal}"
    plan.titel = f"Synthetisch plan met {aantal} thema's"
    plan.save()
    Hoofdstuk.objects.bulk_create(
        Hoofdstuk(
            plan=plan,
            volgorde=h.volgorde,
            nummer=h.nummer,
            titel=h.titel,
            soort=h.soort,
            tekst=h.tekst,
        )
        for h in bron.hoofdstukken.filter(
            soort__in=[HoofdstukSoort.TEKST, HoofdstukSoort.ONDERDELEN]
        )
    )
    kopieen = {}
    for groep in bron.onderdelen.filter(niveau__diepte__lt=niveau.diepte).order_by("pad"):
        oud = groep.pk
        groep.pk = None
        groep.plan = plan
        groep.ouder = kopieen.get(groep.ouder_id)
        groep.save()
        kopieen[oud] = groep
    themas = list(
        bron.onderdelen.filter(niveau=niveau)
        .order_by("pad")
        .prefetch_related("beleidsdoelen", "maatschappelijke_effecten", "kinderen", "domeinen")
    )
    for i in range(aantal):
        origineel = themas[i % len(themas)]
        kopie = Onderdeel.objects.get(pk=origineel.pk)
        kopie.pk = None
        kopie.plan = plan
        kopie.ouder = kopieen.get(origineel.ouder_id)
        kopie.code = str(i + 1)
        kopie.volgorde = i + 1
        kopie.save()
        kopie.domeinen.set(origineel.domeinen.all())
        Beleidsdoel.objects.bulk_create(
            Beleidsdoel(onderdeel=kopie, tekst=d.tekst, volgorde=d.volgorde)
            for d in origineel.beleidsdoelen.all()
        )
        MaatschappelijkEffect.objects.bulk_create(
            MaatschappelijkEffect(onderdeel=kopie, tekst=e.tekst, volgorde=e.volgorde)
            for e in origineel.maatschappelijke_effecten.all()
        )
        for j, kind in enumerate(origineel.kinderen.order_by("pad"), start=1):
            kind.pk = None
            kind.plan = plan
            kind.ouder = kopie
            kind.code = f"{i + 1}.{j}"
            kind.save()
    return plan


def _document(soort, slug):
    from agenda.models import Plan
    from documenten import documenten

    plan = Plan.objects.select_related("regio").get(slug=slug)
    if soort == "rapport":
        periode = plan.rapportageperiodes.get(jaar=2015, kwartaal=2)
        periode.plan = plan
        return documenten.rapport_document(periode)
    return documenten.plan_document(plan)


def _render_in_proces(soort, slug, parallel=False):
    """Child process: one fresh WeasyPrint render; returns seconds, pages, peak RSS (MiB) of
    the process itself and, for a parallel render, the largest peak among its workers and the
    sum of all peaks (an upper bound: forked workers share the caller's pages)."""
    import resource

    from django.db import connections

    connections.close_all()
    from documenten import documenten, pdf_parallel

    begin = time.perf_counter()
    doc = _document(soort, slug)
    if parallel:
        meting = pdf_parallel.Meting()
        inhoud, paginas = pdf_parallel.renderen(doc, "ua", meting=meting)
        werkers = max(meting.rss_per_proces.values())
        som = sum(meting.rss_per_proces.values())
    else:
        inhoud, paginas = documenten.renderen(doc, "ua", parallel=False)
        werkers = som = 0.0
    duur = time.perf_counter() - begin
    eigen = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return duur, paginas, eigen, werkers, eigen + som, len(inhoud)


def _herrender_in_proces(slug):
    """Child process, as a PDF worker is (its layout processes kept between renders): the plan
    rendered cold through the task path (empty parts store), then one theme changed through the
    model's save, again and again. Tasks run at once here (ImmediateBackend), so the save
    returns once the updated plan PDF is stored: timed from the save until then. Returns the
    cold time, per change the median and what was laid out, and the pages."""
    import shutil

    from django.conf import settings
    from django.db import connections

    connections.close_all()
    settings.PDF_WERKERS_BEWAREN = True
    from agenda.models import Plan
    from documenten import taken
    from documenten.models import PdfDocument

    shutil.rmtree(Path(settings.MEDIA_ROOT) / "pdf-delen", ignore_errors=True)
    plan = Plan.objects.select_related("regio").get(slug=slug)
    PdfDocument.objects.filter(plan=plan).delete()
    begin = time.perf_counter()
    record = taken.bestel(plan, "plan")
    koud = time.perf_counter() - begin
    assert record.status == PdfDocument.Status.KLAAR, record.foutmelding
    uitkomsten = []
    for code, omschrijving, wijzigen in _WIJZIGINGEN:
        tijden = []
        for _ in range(HERHALINGEN):
            thema = plan.onderdelen.get(niveau=plan.rapportageniveau, code=code)
            rij = wijzigen(thema)
            begin = time.perf_counter()
            rij.save()
            tijden.append(time.perf_counter() - begin)
            nieuw = PdfDocument.objects.get(sleutel=taken.sleutel(plan, "plan", {}, "ua"))
            assert nieuw.status == PdfDocument.Status.KLAAR, (code, nieuw.status)
        uitkomsten.append((f"thema {code}: {omschrijving}", statistics.median(tijden)))
    return koud, uitkomsten, record.paginas


# Each change gives content never rendered before: a change undone by the next round would be
# served from the parts store, and the median would time the store, not the re-render.
_RONDE = itertools.count()


def _woord_wisselen(thema):
    """One more letter of the first goal in the other case (the n-th letter in the n-th round,
    the earlier ones stay swapped): a change the part shows, of about the same width."""
    doel = thema.beleidsdoelen.order_by("volgorde").first()
    letters = [i for i, teken in enumerate(doel.tekst) if teken.isalpha()]
    i = letters[next(_RONDE) % len(letters)]
    doel.tekst = doel.tekst[:i] + doel.tekst[i].swapcase() + doel.tekst[i + 1 :]
    return doel


def _titel_wisselen(thema):
    """The title, which the contents show too: a numbered suffix, new in every round."""
    basis = thema.titel.split(" (herzien", 1)[0]
    thema.titel = f"{basis} (herzien {next(_RONDE)})"
    return thema


# Theme 7 lies in speerpunt 1 (a part of 9 pages), theme 25 in speerpunt 3 (21 pages, the largest).
_WIJZIGINGEN = [
    ("7", "hoofdletter in een doel", _woord_wisselen),
    ("25", "hoofdletter in een doel", _woord_wisselen),
    ("25", "titel (ook in de inhoud)", _titel_wisselen),
]


def _weasyprint(soort, slug, parallel=False):
    metingen = []
    for _ in range(HERHALINGEN):
        with ProcessPoolExecutor(max_workers=1) as uitvoerder:
            metingen.append(uitvoerder.submit(_render_in_proces, soort, slug, parallel).result())
    return (
        statistics.median(m[0] for m in metingen),
        metingen[0][1],
        max(max(m[2], m[3]) for m in metingen),
        max(m[4] for m in metingen),
    )


def _chromium(soort, slug, browser):
    from documenten import documenten, pdf

    html = documenten.html(_document(soort, slug))
    context = browser.new_context()
    pagina = context.new_page()

    def bedien(route):
        url = route.request.url
        if url == pdf.BASIS_URL + "document.html":
            return route.fulfill(body=html, content_type="text/html; charset=utf-8")
        try:
            return route.fulfill(body=pdf.statisch_bestand(url).read_bytes())
        except pdf.GeweigerdeURL:
            return route.abort()

    pagina.route("**/*", bedien)
    tijden = []
    for _ in range(HERHALINGEN):
        begin = time.perf_counter()
        pagina.goto(pdf.BASIS_URL + "document.html")
        inhoud = pagina.pdf(format="A4", prefer_css_page_size=True)
        tijden.append(time.perf_counter() - begin)
    context.close()
    return statistics.median(tijden), inhoud.count(b"/Type /Page\n") or inhoud.count(b"/Type/Page")


def _http_tijden(client, url, keer=7):
    tijden = []
    for _ in range(keer):
        begin = time.perf_counter()
        antwoord = client.get(url)
        if hasattr(antwoord, "streaming_content"):
            b"".join(antwoord.streaming_content)
        tijden.append(time.perf_counter() - begin)
        assert antwoord.status_code == 200, (url, antwoord.status_code)
    return statistics.median(tijden)


def main():
    from django.test import Client
    from django.test.utils import setup_test_environment

    from regio.models import Gebruiker

    setup_test_environment()
    print(f"Database: {DB} (wordt na afloop niet bewaard)")
    begin = time.perf_counter()
    _opzetten()
    print(f"Opzet (referentiedata + synthetische plannen): {time.perf_counter() - begin:.1f} s\n")

    client = Client()
    client.force_login(Gebruiker.objects.create_superuser("bench", password="bench-wachtwoord"))
    slug = "midden-limburg-2015-2016"
    client.get(f"/plannen/{slug}/")  # warm templates
    html_tijd = _http_tijden(client, f"/plannen/{slug}/")
    client.get(f"/plannen/{slug}/pdf/")  # render once: the first download fills the store
    cache_tijd = _http_tijden(client, f"/plannen/{slug}/pdf/")
    thema_tijd = _http_tijden(client, f"/plannen/{slug}/themas/25/")
    rapport_tijd = _http_tijden(client, f"/plannen/{slug}/rapportages/2015-Q2/")
    print(f"Planpagina HTML            mediaan {html_tijd * 1000:7.1f} ms   (doel < 150 ms)")
    print(f"Themapagina HTML (25)      mediaan {thema_tijd * 1000:7.1f} ms")
    print(f"Rapportagepagina 2015-Q2   mediaan {rapport_tijd * 1000:7.1f} ms")
    print(f"PDF uit opslag (cache)     mediaan {cache_tijd * 1000:7.1f} ms   (doel < 100 ms)\n")

    gevallen = [
        ("referentieplan", "plan", slug),
        ("rapportage 2015-Q2", "rapport", slug),
        ("plan 100 thema's", "plan", "synthetisch-100"),
        ("plan 300 thema's", "plan", "synthetisch-300"),
    ]
    if "--alleen-referentieplan" in sys.argv:
        gevallen = gevallen[:1]
    chromium = {}
    from playwright.sync_api import sync_playwright

    print(
        f"{'document':22} {'pagina':>6} {'WeasyPrint':>11} {'pag/s':>6} {'piek RSS':>9}"
        f" {'parallel':>9} {'piek RSS':>9} {'som RSS':>9} {'Chromium':>9} {'pag/s':>6}"
        f" {'verhouding':>10}"
    )
    print(
        f"{'':22} {'':6} {'1 proces':>11} {'':6} {'':9} {f'{WERKERS} werkers':>9}"
        f" {'/proces':>9} {'processen':>9} {'':9} {'':6} {'snelste/Chr.':>10}"
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for naam, soort, s in gevallen:
            w_tijd, paginas, rss, _som = _weasyprint(soort, s)
            if soort == "plan":  # only a plan's parts each start on a new page
                p_tijd, p_paginas, p_rss, p_som = _weasyprint(soort, s, parallel=True)
                assert p_paginas == paginas, (naam, p_paginas, paginas)
                parallel = f"{p_tijd:8.2f}s {p_rss:7.0f}MiB {p_som:6.0f}MiB"
            else:
                p_tijd, parallel = w_tijd, f"{'-':>9} {'-':>9} {'-':>9}"
            c_tijd, c_paginas = _chromium(soort, s, browser)
            chromium[naam] = c_tijd
            print(
                f"{naam:22} {paginas:6d} {w_tijd:10.2f}s {paginas / w_tijd:6.1f} {rss:7.0f}MiB"
                f" {parallel} {c_tijd:8.2f}s {c_paginas / c_tijd:6.1f}"
                f" {min(w_tijd, p_tijd) / c_tijd:9.1f}x",
                flush=True,
            )
        browser.close()

    with ProcessPoolExecutor(max_workers=1) as uitvoerder:
        koud, uitkomsten, paginas = uitvoerder.submit(_herrender_in_proces, slug).result()
    c_tijd = chromium["referentieplan"]
    print(
        f"\nReferentieplan ({paginas} pagina's) bijgewerkt na een wijziging van één thema, tot de"
        " nieuwe PDF in de opslag staat (delen uit de opslag, documenten/pdf_delencache.py):"
    )
    print(f"  {'koud (lege opslag, via de taak)':42} {koud:6.2f}s  {koud / c_tijd:5.1f}x Chromium")
    for omschrijving, tijd in uitkomsten:
        print(f"  {omschrijving:42} {tijd:6.2f}s  {tijd / c_tijd:5.1f}x Chromium")
    print(f"  {'Chromium, volledige print (zelfde HTML)':42} {c_tijd:6.2f}s")
    print(f"  Belasting (load average 1/5/15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
