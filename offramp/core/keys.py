"""Key rotation: new data keys, every encrypted value re-encrypted, organisation keys re-wrapped."""

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps
from django.db import transaction

from offramp.core.crypto import encrypted_fields, keyring, unwrap_key, wrap_key
from offramp.core.models import Organization, OrganizationKey

BATCH = 1000


def rotate_keys(progress=lambda message: None) -> dict:
    values = 0
    orgs = list(Organization.objects.all())
    for org in orgs:
        with transaction.atomic():
            _rewrap(org)
            current = OrganizationKey.objects.filter(organization=org, purpose="data").order_by("-version").first()
            version = (current.version if current else 0) + 1
            wrapped, master_id = wrap_key(org.pk, "data", version, AESGCM.generate_key(bit_length=256))
            OrganizationKey.objects.filter(organization=org, purpose="data").update(active=False)
            OrganizationKey.objects.create(organization=org, purpose="data", version=version,
                                           wrapped_key=wrapped, master_key_id=master_id, active=True)
        keyring.clear()
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if not fields:
                continue
            names = [f.attname for f in fields]
            rows = model._base_manager.filter(organization=org).only("pk", "organization", *names).order_by("pk")
            last_pk = None
            while True:
                batch_qs = rows if last_pk is None else rows.filter(pk__gt=last_pk)
                batch = list(batch_qs[:BATCH])
                if not batch:
                    break
                with transaction.atomic():
                    for row in batch:
                        for name in names:
                            setattr(row, name, getattr(row, name))  # decrypt with the old key; re-encrypt on save
                        row.save(update_fields=names)
                values += len(batch) * len(names)
                last_pk = batch[-1].pk
        progress(f"{org.slug}: data key version {version}")
    return {"organizations": len(orgs), "values": values}


def _rewrap(org: Organization) -> None:
    """Re-wrap every key of the organisation with the current master key."""
    for key in OrganizationKey.objects.select_for_update().filter(organization=org):
        raw = unwrap_key(org.pk, key.purpose, key.version, key.wrapped_key, key.master_key_id)
        key.wrapped_key, key.master_key_id = wrap_key(org.pk, key.purpose, key.version, raw)
        key.save(update_fields=["wrapped_key", "master_key_id"])
