import regio.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('regio', '0007_gebruiker_oidc_subject'),
    ]

    operations = [
        migrations.AddField(
            model_name='gebruiker',
            name='sessiesleutel',
            field=models.CharField(default=regio.models.nieuwe_sessiesleutel, editable=False, help_text='Nieuw bij elk uitloggen: beëindigt de sessies van dit account overal.', max_length=32, verbose_name='sessiesleutel'),
        ),
    ]
