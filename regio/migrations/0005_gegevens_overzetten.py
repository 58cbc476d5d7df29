"""Carry each gemeente's region, subregion, role and inhabitants over to a Deelname and an
Inwonertal, and give every carried-over record its first history record."""

import datetime

from django.db import migrations
from django.utils import timezone

REDEN = "Overgezet bij de invoering van deelnames aan regio's"
# The inhabitant counts in the reference data are those of 1 January 2015 (fixtures/README.md).
PEILDATUM_OUDE_INWONERTALLEN = datetime.date(2015, 1, 1)


def geschiedenis_schrijven(apps, app, model, objecten, reden):
    """A "+" history record per object, as django-simple-history would have written it."""
    historisch = apps.get_model(app, f"Historical{model}")
    velden = [f.attname for f in apps.get_model(app, model)._meta.concrete_fields]
    nu = timezone.now()
    historisch.objects.bulk_create(
        [
            historisch(
                **{veld: getattr(obj, veld) for veld in velden},
                history_date=nu,
                history_type="+",
                history_change_reason=reden,
            )
            for obj in objecten
        ]
    )


def overzetten(apps, schema_editor):
    Gemeente = apps.get_model("regio", "Gemeente")
    Regio = apps.get_model("regio", "Regio")
    Deelname = apps.get_model("regio", "Deelname")
    Inwonertal = apps.get_model("regio", "Inwonertal")
    centrum = dict(Regio.objects.exclude(centrumgemeente=None).values_list("pk", "centrumgemeente"))
    deelnames, tallen = [], []
    for gemeente in Gemeente.objects.all():
        if gemeente.regio_id:
            deelnames.append(
                Deelname(
                    regio_id=gemeente.regio_id,
                    gemeente_id=gemeente.pk,
                    subregio_id=gemeente.subregio_id,
                    rol="centrumgemeente"
                    if centrum.get(gemeente.regio_id) == gemeente.pk
                    else "deelnemer",
                )
            )
        if gemeente.inwoners:
            tallen.append(
                Inwonertal(
                    gemeente_id=gemeente.pk,
                    peildatum=PEILDATUM_OUDE_INWONERTALLEN,
                    aantal=gemeente.inwoners,
                )
            )
    Deelname.objects.bulk_create(deelnames)
    Inwonertal.objects.bulk_create(tallen)
    geschiedenis_schrijven(apps, "regio", "Deelname", Deelname.objects.all(), REDEN)
    geschiedenis_schrijven(apps, "regio", "Inwonertal", Inwonertal.objects.all(), REDEN)


def terugzetten(apps, schema_editor):
    Gemeente = apps.get_model("regio", "Gemeente")
    Regio = apps.get_model("regio", "Regio")
    for deelname in apps.get_model("regio", "Deelname").objects.all():
        Gemeente.objects.filter(pk=deelname.gemeente_id).update(
            regio_id=deelname.regio_id, subregio_id=deelname.subregio_id
        )
        if deelname.rol == "centrumgemeente":
            Regio.objects.filter(pk=deelname.regio_id).update(
                centrumgemeente_id=deelname.gemeente_id
            )
    for tal in apps.get_model("regio", "Inwonertal").objects.order_by("peildatum"):
        Gemeente.objects.filter(pk=tal.gemeente_id).update(inwoners=tal.aantal)


class Migration(migrations.Migration):
    dependencies = [("regio", "0004_vormen_en_onderdelen")]

    operations = [migrations.RunPython(overzetten, terugzetten)]
