"""Run as a script against an empty database (DATABASE_URL): migrate to the last state before plan
shapes were data, fill it the old way with a plan, its themes and a quarter of reports (one of them
adopted and locked) and a rendered PDF, migrate to the last state before the PDF cache moved to the
documenten app and record another render there, migrate to the end, and print what came out as
JSON.

tests/test_migraties.py runs this in a subprocess, so the migrations run on a database of their
own, on SQLite and on PostgreSQL alike.
"""

import datetime
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transformatie.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.migrations.executor import MigrationExecutor  # noqa: E402

VOOR = [
    ("regio", "0002_alleen_beheerder_in_admin"),
    ("agenda", "0006_lijstniveau"),
    ("rapportage", "0006_pdf_documenten"),
]


def oude_gegevens(apps):
    """What a region had in the old structure: every kind of record that is carried over."""
    Regio = apps.get_model("regio", "Regio")
    Subregio = apps.get_model("regio", "Subregio")
    Gemeente = apps.get_model("regio", "Gemeente")
    Organisatie = apps.get_model("regio", "Organisatie")
    Persoon = apps.get_model("regio", "Persoon")
    Plan = apps.get_model("agenda", "Plan")
    Speerpunt = apps.get_model("agenda", "Speerpunt")
    Thema = apps.get_model("agenda", "Thema")
    Beleidsdoel = apps.get_model("agenda", "Beleidsdoel")
    Activiteit = apps.get_model("agenda", "Activiteit")
    ThemaRol = apps.get_model("agenda", "ThemaRol")
    Financiering = apps.get_model("agenda", "Financiering")
    Overlegsectie = apps.get_model("agenda", "Overlegsectie")
    Overlegstructuur = apps.get_model("agenda", "Overlegstructuur")
    Periode = apps.get_model("rapportage", "Rapportageperiode")
    ThemaRapportage = apps.get_model("rapportage", "ThemaRapportage")
    HistoricalSpeerpunt = apps.get_model("agenda", "HistoricalSpeerpunt")

    regio = Regio.objects.create(naam="Oud-Limburg", slug="oud-limburg")
    oost = Subregio.objects.create(regio=regio, naam="Oost", afkorting="O")
    stad = Gemeente.objects.create(
        regio=regio, subregio=oost, naam="Stad", cbs_code="GM0001", inwoners=60000
    )
    Gemeente.objects.create(
        regio=regio, subregio=oost, naam="Dorp", cbs_code="GM0002", inwoners=20000
    )
    regio.centrumgemeente = stad
    regio.save()
    cjg = Organisatie.objects.create(regio=regio, naam="CJG", soort="jeugd_en_gezin")
    trekker = Persoon.objects.create(regio=regio, naam="T. Rekker", gemeente=stad)
    plan = Plan.objects.create(
        regio=regio,
        slug="oud-plan",
        titel="Oud plan",
        jaar_van=2015,
        jaar_tot_en_met=2016,
        status="vastgesteld",
        vastgesteld_op=datetime.date(2015, 10, 6),
        inleiding="Een inleiding.",
        uitgangspunten="- Lokaal waar mogelijk",
        rijlabels={"partners": "Betrokken partners"},
    )
    speerpunt = Speerpunt.objects.create(plan=plan, nummer=1, titel="Burgerkracht")
    HistoricalSpeerpunt.objects.create(
        id=speerpunt.pk,
        plan_id=plan.pk,
        nummer=1,
        titel="Burgerkracht",
        history_date=datetime.datetime(2015, 9, 1, tzinfo=datetime.UTC),
        history_type="+",
    )
    thema = Thema.objects.create(
        plan=plan,
        speerpunt=speerpunt,
        nummer=7,
        titel="Sociale kaart",
        schaal="R",
        jeugdhulp=True,
        wmo=True,
        participatie=False,
        planning="2015-2016",
        wie="G. Poell",
        prioriteit=2,
        prioriteit_tekst="2",
    )
    thema.partner_organisaties.add(cjg)
    Beleidsdoel.objects.create(thema=thema, tekst="Een actuele sociale kaart")
    Activiteit.objects.create(thema=thema, volgorde=0, omschrijving="Inventariseren: *lijst*")
    Activiteit.objects.create(
        thema=thema, volgorde=1, omschrijving="Publiceren", datum=datetime.date(2015, 12, 31)
    )
    ThemaRol.objects.create(thema=thema, persoon=trekker, rol="trekker", toelichting="Wmo")
    Financiering.objects.create(
        thema=thema, soort="additioneel", bedrag=2500, naar_rato=True, omschrijving="expertise"
    )
    sectie = Overlegsectie.objects.create(plan=plan, hoofdstuk=3, titel="Met partners")
    overleg = Overlegstructuur.objects.create(sectie=sectie, nummer="1.a", naam="Tafel")
    overleg.themas.add(thema)
    q2 = Periode.objects.create(
        plan=plan,
        jaar=2015,
        kwartaal=2,
        status="vastgesteld",
        vastgesteld_op=datetime.date(2015, 10, 6),
    )
    ThemaRapportage.objects.create(
        periode=q2,
        thema=thema,
        status="goedgekeurd",
        tijd_smiley="groen",
        tijd_tekst="Op koers.",
        weergave={"titel": "Sociale kaart", "speerpunt": "Burgerkracht", "beleidsdoelen": ["x"]},
        vergrendeld=True,
    )
    apps.get_model("rapportage", "PdfDocument").objects.create(
        sleutel="a" * 64,
        plan=plan,
        soort="plan",
        bestandsnaam="oud-plan.pdf",
        status="klaar",
        bestand="pdf-cache/2015/oud-plan.pdf",
        paginas=12,
    )
    # As Django's post_migrate made it: permissions and the admin's log point at this row.
    apps.get_model("contenttypes", "ContentType").objects.create(
        app_label="rapportage", model="pdfdocument"
    )


def voor_de_verhuizing(apps):
    """The last state with the PDF cache in rapportage: a render ordered by an account."""
    Gebruiker = apps.get_model("regio", "Gebruiker")
    besteller = Gebruiker.objects.create(username="besteller", password="!")
    apps.get_model("rapportage", "PdfDocument").objects.create(
        sleutel="b" * 64,
        plan=apps.get_model("agenda", "Plan").objects.get(slug="oud-plan"),
        soort="rapport",
        parameters={"periode": "2015-Q2"},
        bestandsnaam="oud-plan-rapportage-2015-Q2.pdf",
        status="wachtrij",
        besteld_door=besteller,
    )


def uitkomst():
    from agenda.models import Onderdeel, Plan
    from rapportage.models import ThemaRapportage
    from regio.models import Regio

    plan = Plan.objects.get(slug="oud-plan")
    regio = Regio.objects.get(slug="oud-limburg")
    from django.contrib.contenttypes.models import ContentType

    from documenten.models import PdfDocument

    thema = Onderdeel.objects.get(plan=plan, niveau__slug="themas", code="7")
    rapport = ThemaRapportage.objects.get(onderdeel=thema)
    weigert = False
    try:
        ThemaRapportage.objects.filter(pk=rapport.pk).update(tijd_tekst="Gewijzigd")
    except Exception:  # the lock trigger of an adopted report
        weigert = True
    speerpunt = thema.ouder
    return {
        "planvorm": plan.planvorm.slug,
        "niveaus": [n.naam for n in plan.niveaus],
        "rapportageniveau": plan.rapportageniveau.naam,
        "partners_label": next(
            s.label for s in plan.secties(thema.niveau_id) if s.sleutel == "partners"
        ),
        "hoofdstukken": [h.titel for h in plan.hoofdstukken.order_by("volgorde")],
        "speerpunt": [speerpunt.code, speerpunt.titel, speerpunt.history.count()],
        "thema": {
            "code": thema.code,
            "pad": thema.pad,
            "schaal_label": thema.schaal_label,
            "prioriteit": thema.prioriteit.code,
            "teksten": thema.teksten,
            "domeinen": thema.domeinnamen,
            "beleidsdoelen": list(thema.beleidsdoelen.values_list("tekst", flat=True)),
        },
        "activiteiten": list(
            thema.kinderen.order_by("pad").values_list("tekst", "deadline_tekst", "deadline_soort")
        ),
        "rollen": sorted(
            (r.soort.code, r.persoon.naam if r.persoon else r.partij.naam, r.toelichting)
            for r in thema.rollen.select_related("soort", "persoon", "partij")
        ),
        "begroting": [
            (str(p.bedrag), p.verdeling, str(p.peildatum), [o.code for o in p.onderdelen.all()])
            for p in plan.begrotingsposten.all()
        ],
        "overleg": list(
            plan.overlegsecties.get().overleggen.get().onderdelen.values_list("code", flat=True)
        ),
        "deelnames": sorted(
            regio.deelnames.values_list("gemeente__naam", "rol", "subregio__afkorting")
        ),
        "inwoners": sorted(
            (g.naam, g.inwoners_op(datetime.date(2015, 6, 1))) for g in regio.gemeenten.all()
        ),
        "pdf_documenten": [
            [d.soort, d.plan.slug, d.status, d.bestand.name, d.paginas, d.parameters]
            + [d.besteld_door.username if d.besteld_door else None]
            for d in PdfDocument.objects.order_by("sleutel")
        ],
        "pdf_inhoudstype": sorted(
            ContentType.objects.filter(model="pdfdocument").values_list("app_label", flat=True)
        ),
        "rapport": {
            "vergrendeld": rapport.vergrendeld,
            "tijd_tekst": ThemaRapportage.objects.get(pk=rapport.pk).tijd_tekst,
            "update_geweigerd": weigert,
            "weergave": rapport.weergave,
        },
    }


def main():
    executor = MigrationExecutor(connection)
    executor.migrate(VOOR)
    oude_gegevens(executor.loader.project_state(VOOR).apps)
    executor = MigrationExecutor(connection)
    voor_verhuizing = [
        knoop
        for knoop in executor.loader.graph.leaf_nodes()
        if knoop[0] not in {"rapportage", "documenten"}
    ] + [("rapportage", "0014_pdf_besteld_door")]
    executor.migrate(voor_verhuizing)
    voor_de_verhuizing(executor.loader.project_state(voor_verhuizing).apps)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    print(json.dumps(uitkomst(), default=str))


if __name__ == "__main__":
    main()
