import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import offramp.core.crypto


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0007_alter_taxonomyterm_vocabulary'),
    ]

    operations = [
        migrations.CreateModel(
            name='AccessGrant',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('kind', models.CharField(choices=[('break_glass', 'Break the glass'), ('referral', 'Referral'), ('transfer', 'Transfer'), ('consent', 'Consent')], max_length=16, verbose_name='kind')),
                ('scope', models.CharField(choices=[('read', 'Read'), ('write', 'Read and write')], default='read', max_length=8, verbose_name='scope')),
                ('object_type', models.CharField(max_length=32)),
                ('object_id', models.UUIDField()),
                ('reason', offramp.core.crypto.EncryptedTextField(blank=True, null=True)),
                ('granted_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('expires_at', models.DateTimeField()),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('granted_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('grantee_organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.organization')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.organization')),
                ('revoked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'indexes': [models.Index(fields=['user', 'grantee_organization', 'object_type', 'expires_at'], name='accessgrant_grantee_active')],
                'constraints': [models.CheckConstraint(condition=models.Q(('expires_at__gt', models.F('granted_at'))), name='accessgrant_ends_after_start')],
            },
        ),
    ]
