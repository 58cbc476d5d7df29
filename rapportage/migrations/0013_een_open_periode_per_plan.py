from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('rapportage', '0012_vastgesteld_onveranderlijk'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='rapportageperiode',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'open')), fields=('plan',), name='een_open_periode_per_plan'),
        ),
    ]
