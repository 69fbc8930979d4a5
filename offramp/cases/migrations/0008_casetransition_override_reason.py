import offramp.core.crypto
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0007_response_clock_participant'),
    ]

    operations = [
        migrations.AddField(
            model_name='casetransition',
            name='override_reason',
            field=offramp.core.crypto.EncryptedTextField(blank=True, null=True),
        ),
    ]
