import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('rapportage', '0013_een_open_periode_per_plan'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='pdfdocument',
            name='besteld_door',
            field=models.ForeignKey(blank=True, help_text='Wie de render liet maken: één account kan de wachtrij niet vullen.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='besteld door'),
        ),
    ]
