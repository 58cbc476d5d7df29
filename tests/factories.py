"""Small builders for accounts and a second region, shared by the tests."""

import importlib
from contextlib import contextmanager

from django.db import connection

from agenda.models import Onderdeel, Plan, Planvorm
from regio.constants import Gebruikersrol
from regio.models import Gebruiker, Regio
from regio.rollen import rol_toekennen


def maak_gebruiker(rol: Gebruikersrol, regio: Regio | None, naam: str | None = None) -> Gebruiker:
    gebruiker = Gebruiker.objects.create_user(naam or rol.value, password="geheim-wachtwoord")
    gebruiker.regio = regio
    rol_toekennen(gebruiker, rol)
    return gebruiker


def maak_andere_regio() -> tuple[Regio, Plan]:
    """A second region with a small concept plan (in the shape of Midden-Limburg's, so the
    same pages and words apply), to prove nobody sees another region's data."""
    regio = Regio.objects.create(naam="Zuid-Testland", slug="zuid-testland")
    vorm = Planvorm.objects.get(slug="speerpunt-thema-activiteit")
    plan = Plan.objects.create(
        regio=regio,
        planvorm=vorm,
        slug="zuid-testland-2014",
        titel="Actieplan Zuid-Testland",
        jaar_van=2014,
        jaar_tot_en_met=2015,
    )
    speerpunt = Onderdeel.objects.create(
        plan=plan, niveau=vorm.niveaus.get(diepte=1), code="1", volgorde=1, titel="Taken"
    )
    Onderdeel.objects.create(
        plan=plan,
        niveau=vorm.niveaus.get(diepte=2),
        ouder=speerpunt,
        code="1",
        volgorde=1,
        titel="Geheim thema",
    )
    return regio, plan


def onderdeel(plan: Plan, code, niveau: str | None = None) -> Onderdeel:
    """An item of a plan by its printed number; by default of the level reports go by."""
    niveau_id = (
        plan.planvorm.niveaus.get(slug=niveau).pk if niveau else plan.planvorm.rapportageniveau_id
    )
    return plan.onderdelen.get(niveau_id=niveau_id, code=str(code))


def koppel_aan_persoon(gebruiker: Gebruiker, naam: str):
    from regio.models import Persoon

    persoon = Persoon.objects.get(regio=gebruiker.regio, naam=naam)
    persoon.gebruiker = gebruiker
    persoon.save()
    return persoon


def eerste_of_voorbeeld(model):
    """The model's first record; for the records the reference data has none of (they come
    from the cycle: a reopening, an archived report, a reminder), one made for the occasion.
    An archived report's file goes to MEDIA_ROOT: point it at a temporary folder."""
    import datetime
    import hashlib

    from django.core.files.base import ContentFile

    from rapportage.models import (
        GearchiveerdRapport,
        Herinnering,
        Heropening,
        Melding,
        Namenswijziging,
        Rapportageperiode,
    )

    obj = model.objects.first()
    if obj is not None:
        return obj
    if model._meta.app_label == "axes":  # login records: a failed and a successful login
        from django.test import Client

        Gebruiker.objects.create_user("inlogger", password="geheim-wachtwoord")
        wachtwoord = "geheim-wachtwoord" if model.__name__ == "AccessLog" else "fout"
        Client().post("/inloggen/", {"username": "inlogger", "password": wachtwoord})
        return model.objects.first()
    periode = Rapportageperiode.objects.get(plan__slug="midden-limburg-2015-2016", jaar=2015)
    gebruiker = Gebruiker.objects.first() or maak_gebruiker(
        Gebruikersrol.TRANSFORMATIEMANAGER, periode.plan.regio, "voorbeeld"
    )
    if model is Heropening:
        return Heropening.objects.create(periode=periode, door=gebruiker, reden="Typefout")
    if model is Herinnering:
        return Herinnering.objects.create(
            periode=periode, gebruiker=gebruiker, soort="te_laat", datum=datetime.date(2015, 7, 20)
        )
    if model is Namenswijziging:
        return Namenswijziging.objects.create(
            rapport=periode.rapportages.first(),
            door=gebruiker,
            reden="Typefout hersteld",
            wijzigingen=[{"label": "bijzonderheden", "was": "Gen", "werd": "Geen"}],
        )
    if model is Melding:
        return Melding.objects.create(
            ontvanger=gebruiker,
            periode=periode,
            soort=Melding.Soort.VASTGESTELD,
            sleutel="voorbeeld",
            onderwerp="Vastgesteld: Rapportage juli 2015",
            tekst="Voorbeeld",
        )
    if model is GearchiveerdRapport:
        inhoud = b"%PDF-1.7 voorbeeld"
        archief = GearchiveerdRapport(
            periode=periode,
            versie=1,
            sha256=hashlib.sha256(inhoud).hexdigest(),
            grootte=len(inhoud),
            vastgesteld_door=gebruiker,
        )
        archief.bestand.save("voorbeeld.pdf", ContentFile(inhoud), save=True)
        return archief
    if model._meta.label == "otp_totp.TOTPDevice":
        return model.objects.create(user=gebruiker, name="Authenticator-app", confirmed=True)
    voorbeeld = _plan_voorbeeld(model, periode.plan)
    if voorbeeld is not None:
        return voorbeeld
    raise LookupError(f"geen {model.__name__} in de referentiedata")


def formulier_gegevens(antwoord) -> dict:
    """The POST data a browser sends for an admin change page as shown: every field of the
    form and its inline formsets with their current values."""
    gegevens = {}
    context = antwoord.context
    formulieren = [context["adminform"].form]
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        formulieren += list(formset.forms)
        beheer = formset.management_form
        for naam, veld in beheer.fields.items():
            gegevens[beheer.add_prefix(naam)] = beheer.initial.get(naam, veld.initial)
    for formulier in formulieren:
        for naam, veld in formulier.fields.items():
            if veld.disabled:
                continue
            waarde = formulier[naam].value()
            if waarde is None or waarde is False:
                continue
            if waarde is True:
                waarde = "on"
            if isinstance(waarde, list | tuple):
                waarde = [getattr(w, "pk", w) for w in waarde]
            elif hasattr(waarde, "pk"):
                waarde = waarde.pk
            sleutel = formulier.add_prefix(naam)
            widget = veld.widget
            if hasattr(widget, "widgets"):  # a split widget (date and time): a field per part
                delen = waarde if isinstance(waarde, list | tuple) else widget.decompress(waarde)
                for index, deel in enumerate(delen):
                    gegevens[f"{sleutel}_{index}"] = "" if deel is None else deel
                continue
            gegevens[sleutel] = waarde
    return gegevens


def _plan_voorbeeld(model, plan):
    """Examples of what a plan may hold but the reference plans do not (yet)."""
    from decimal import Decimal

    from agenda import models as agenda

    thema = plan.onderdelen.get(niveau__slug="themas", code="1")
    if model is agenda.Reserve:
        return agenda.Reserve.objects.create(
            plan=plan, naam="Regioreserve", peildatum="2015-01-01", saldo=Decimal("100000")
        )
    if model is agenda.Bijdrage:
        post = plan.begrotingsposten.first()
        return agenda.Bijdrage.objects.create(
            post=post, gemeente=plan.regio.gemeenten.first(), bedrag=Decimal("10")
        )
    if model is agenda.Indicator:
        return agenda.Indicator.objects.create(
            onderdeel=thema, naam="Casussen met een gezinsplan", eenheid="%"
        )
    if model is agenda.Meting:
        indicator = agenda.Indicator.objects.first() or _plan_voorbeeld(agenda.Indicator, plan)
        # Q2 2015 is adopted, and its measurements locked: a quarter that is not.
        return agenda.Meting.objects.create(
            indicator=indicator, jaar=2016, periode=1, waarde=Decimal("40")
        )
    if model is agenda.Vaststelling:
        return agenda.Vaststelling.objects.create(plan=plan, gemeente=plan.regio.gemeenten.first())
    if model is agenda.Toetsingskader:
        return agenda.Toetsingskader.objects.create(naam="Voorbeeldkader", slug="voorbeeld")
    if model is agenda.Toetsingseis:
        kader = agenda.Toetsingskader.objects.first() or _plan_voorbeeld(
            agenda.Toetsingskader, plan
        )
        return agenda.Toetsingseis.objects.create(kader=kader, groep="Eisen", code="a", titel="A")
    if model is agenda.Toetsing:
        eis = agenda.Toetsingseis.objects.first() or _plan_voorbeeld(agenda.Toetsingseis, plan)
        plan.toetsingskaders.add(eis.kader)
        return agenda.Toetsing.objects.create(plan=plan, eis=eis)
    return None


@contextmanager
def vastgesteld_verleden():
    """Lifts the database's locks on adopted quarters (rapportage migrations 0011, 0012) while a test
    builds history the cycle would have adopted long ago; they are back afterwards."""
    onveranderlijk = importlib.import_module(
        "rapportage.migrations.0012_vastgesteld_onveranderlijk"
    )
    metingen = importlib.import_module("rapportage.migrations.0011_metingen_vergrendeld")
    onveranderlijk.triggers_uit(connection)
    with connection.cursor() as cursor:
        uit = {"sqlite": metingen.SQLITE_UIT, "postgresql": metingen.POSTGRES_UIT}
        for sql in uit.get(connection.vendor, []):
            cursor.execute(sql)
    try:
        yield
    finally:
        onveranderlijk.triggers_aan(connection)
        with connection.cursor() as cursor:
            aan = {"sqlite": metingen.SQLITE_AAN, "postgresql": metingen.POSTGRES_AAN}
            for sql in aan.get(connection.vendor, []):
                cursor.execute(sql)


def meer_rapportages(periode, aantal: int, *, status="ingediend"):
    """More reported items in the open `periode`, as the reference items are: a goal, a
    trekker (every other one with an account), a report last quarter and one now, submitted.
    For query counts that must not grow with the data."""
    from agenda.models import Beleidsdoel, Rol
    from rapportage.models import ThemaRapportage
    from rapportage.selectors import vorige_periode
    from regio.models import Persoon

    plan = periode.plan
    niveau = plan.rapportageniveau
    ouder = plan.onderdelen.filter(niveau__diepte=niveau.diepte - 1).order_by("pad").first()
    trekker = next(w for w in plan.lijstwaarden("rol") if w.rapporteert)
    vorige = vorige_periode(periode)
    teksten = {
        "tijd_smiley": "groen",
        "tijd_tekst": "Op koers.",
        "kosten_smiley": "oranje",
        "kosten_tekst": "Iets duurder.",
        "bijzonderheden_smiley": "groen",
        "bijzonderheden_tekst": "Geen.",
    }
    for n in range(aantal):
        code = f"9{periode.pk}{n}"
        item = Onderdeel.objects.create(
            plan=plan, niveau=niveau, ouder=ouder, code=code, volgorde=900 + n, titel=f"Extra {n}"
        )
        Beleidsdoel.objects.create(onderdeel=item, tekst=f"Doel {n}")
        persoon = Persoon.objects.create(regio=plan.regio, naam=f"Extra trekker {code}")
        if n % 2 == 0:
            persoon.gebruiker = maak_gebruiker(
                Gebruikersrol.BELEIDSMEDEWERKER, plan.regio, f"extra-{code}"
            )
            persoon.save()
        Rol.objects.create(onderdeel=item, soort=trekker, persoon=persoon)
        if vorige is not None:
            with vastgesteld_verleden():
                ThemaRapportage.objects.create(
                    periode=vorige,
                    onderdeel=item,
                    status="goedgekeurd",
                    vergrendeld=vorige.status == "vastgesteld",
                    **teksten,
                )
        ThemaRapportage.objects.create(
            periode=periode, onderdeel=item, status=status, **{**teksten, "tijd_tekst": "Nu."}
        )
