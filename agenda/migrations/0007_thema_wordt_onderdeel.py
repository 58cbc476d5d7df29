"""A theme becomes an item (onderdeel) of the plan's outline; roles are generic. Renames only:
the rows keep their identity, so reports, history and links stay attached."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0006_lijstniveau"),
        ("regio", "0003_organisatie_wordt_partij"),
        # After every migration that still names the theme model by its old name.
        ("rapportage", "0006_pdf_documenten"),
    ]

    operations = [
        # Constraints name the old fields; they go first (their successors come in 0008).
        migrations.RemoveConstraint("thema", "thema_nummer_uniek_in_plan"),
        migrations.RemoveConstraint("thema", "thema_prioriteit_1_tot_3"),
        migrations.RemoveConstraint("themarol", "themarol_uniek"),
        migrations.RenameModel("Thema", "Onderdeel"),
        migrations.RenameModel("HistoricalThema", "HistoricalOnderdeel"),
        migrations.RenameModel("HistoricalThema_invullers", "HistoricalOnderdeel_invullers"),
        migrations.RenameField("HistoricalOnderdeel_invullers", "thema", "onderdeel"),
        # The scale and priority become values of the shape's own lists (agenda 0009).
        migrations.RenameField("Onderdeel", "schaal", "schaal_oud"),
        migrations.RenameField("HistoricalOnderdeel", "schaal", "schaal_oud"),
        migrations.RenameField("Onderdeel", "prioriteit", "prioriteit_oud"),
        migrations.RenameField("HistoricalOnderdeel", "prioriteit", "prioriteit_oud"),
        migrations.RenameModel("ThemaRol", "Rol"),
        migrations.RenameModel("HistoricalThemaRol", "HistoricalRol"),
        migrations.RenameField("Rol", "thema", "onderdeel"),
        migrations.RenameField("HistoricalRol", "thema", "onderdeel"),
        migrations.RenameField("Beleidsdoel", "thema", "onderdeel"),
        migrations.RenameField("HistoricalBeleidsdoel", "thema", "onderdeel"),
        migrations.RenameField("MaatschappelijkEffect", "thema", "onderdeel"),
        migrations.RenameField("HistoricalMaatschappelijkEffect", "thema", "onderdeel"),
        migrations.RenameField("Overlegstructuur", "themas", "onderdelen"),
        migrations.RenameModel(
            "HistoricalOverlegstructuur_themas", "HistoricalOverlegstructuur_onderdelen"
        ),
        migrations.RenameField("HistoricalOverlegstructuur_onderdelen", "thema", "onderdeel"),
        # Speerpunten and activities become items too (0009): they have no theme number.
        migrations.AlterField(
            "Onderdeel", "nummer", models.PositiveSmallIntegerField("nummer", null=True)
        ),
        migrations.AlterField(
            "HistoricalOnderdeel", "nummer", models.PositiveSmallIntegerField("nummer", null=True)
        ),
        migrations.AlterField(
            "Onderdeel",
            "speerpunt",
            models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="themas",
                to="agenda.speerpunt",
            ),
        ),
    ]
