"""Only the functioneel beheerder keeps access to the Django admin (see regio.rollen.RECHTEN)."""

from django.db import migrations


def alleen_beheerder(apps, schema_editor):
    Gebruiker = apps.get_model("regio", "Gebruiker")
    Group = apps.get_model("auth", "Group")
    Gebruiker.objects.filter(is_superuser=False).exclude(rol="beheerder").update(is_staff=False)
    for naam in ["Beleidsmedewerker", "Transformatiemanager", "Griffie"]:
        for groep in Group.objects.filter(name=naam):
            groep.permissions.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("regio", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(alleen_beheerder, migrations.RunPython.noop)]
