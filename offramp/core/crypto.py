"""Application-level encryption of identifying and narrative fields.

Each organisation has data keys (versioned, rotated by `offramp rotate-keys`) and one
blind-index key, all wrapped by the master key from the environment. Ciphertexts are
AES-256-GCM with the organisation, table, column and row id as associated data, so a
ciphertext copied to another row, column or organisation, or altered at all, fails to
decrypt and raises `DecryptionError` instead of returning anything.
"""

import base64
import hashlib
import hmac
import os
import struct
import threading
import time
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models.query_utils import DeferredAttribute

FORMAT_VERSION = 1
_HEADER = struct.Struct(">BI")  # format version, data-key version
_NONCE_BYTES = 12
_ACTIVE_TTL_SECONDS = 60


class DecryptionError(Exception):
    """A ciphertext could not be authenticated for the place it was read from."""


def _master_keys() -> list[tuple[str, bytes]]:
    keys = []
    for encoded in settings.OFFRAMP_MASTER_KEYS:
        try:
            raw = base64.b64decode(encoded, validate=True)
        except ValueError:
            raise ImproperlyConfigured("OFFRAMP_MASTER_KEY must be 32 bytes in base64.") from None
        if len(raw) != 32:
            raise ImproperlyConfigured("OFFRAMP_MASTER_KEY must be 32 bytes in base64.")
        keys.append((hashlib.sha256(raw).hexdigest()[:16], raw))
    if not keys:
        raise ImproperlyConfigured("No master key: set OFFRAMP_MASTER_KEY.")
    return keys


def _wrap_aad(org_id, purpose: str, version: int) -> bytes:
    return f"offramp-key|{org_id}|{purpose}|{version}".encode()


def wrap_key(org_id, purpose: str, version: int, key: bytes) -> tuple[bytes, str]:
    master_id, master = _master_keys()[0]
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(master).encrypt(nonce, key, _wrap_aad(org_id, purpose, version)), master_id


def unwrap_key(org_id, purpose: str, version: int, wrapped: bytes, master_id: str) -> bytes:
    for candidate_id, master in _master_keys():
        if candidate_id == master_id:
            wrapped = bytes(wrapped)
            try:
                return AESGCM(master).decrypt(
                    wrapped[:_NONCE_BYTES], wrapped[_NONCE_BYTES:], _wrap_aad(org_id, purpose, version)
                )
            except InvalidTag:
                raise DecryptionError("An organisation key failed to unwrap.") from None
    raise ImproperlyConfigured(
        "An organisation key is wrapped by a master key that is not configured "
        "(add the old key to OFFRAMP_OLD_MASTER_KEYS)."
    )


class KeyRing:
    """Process-wide cache of unwrapped organisation keys."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: dict[tuple[str, str, int], bytes] = {}
        self._active: dict[tuple[str, str], tuple[int, float]] = {}

    def clear(self) -> None:
        with self._lock:
            self._keys.clear()
            self._active.clear()

    def _load(self, org_id: str) -> None:
        from offramp.core.models import OrganizationKey

        rows = list(OrganizationKey.objects.filter(organization_id=org_id))
        if not {row.purpose for row in rows} >= {"data", "index"}:
            keys_ensure(org_id)
            rows = list(OrganizationKey.objects.filter(organization_id=org_id))
        now = time.monotonic()
        with self._lock:
            for row in rows:
                self._keys[(org_id, row.purpose, row.version)] = unwrap_key(
                    org_id, row.purpose, row.version, row.wrapped_key, row.master_key_id
                )
                if row.active:
                    self._active[(org_id, row.purpose)] = (row.version, now)

    def key(self, org_id, purpose: str, version: int | None = None) -> tuple[int, bytes]:
        org_id = str(org_id)
        if version is None:
            active = self._active.get((org_id, purpose))
            if active is None or time.monotonic() - active[1] > _ACTIVE_TTL_SECONDS:
                self._load(org_id)
                active = self._active[(org_id, purpose)]
            version = active[0]
        key = self._keys.get((org_id, purpose, version))
        if key is None:
            self._load(org_id)
            key = self._keys.get((org_id, purpose, version))
            if key is None:
                raise DecryptionError("No such organisation key version.")
        return version, key


keyring = KeyRing()


def keys_ensure(org_id) -> None:
    """Create the organisation's first data and index keys if it has none."""
    from offramp.core.models import OrganizationKey

    with transaction.atomic():
        for purpose in ("data", "index"):
            if not OrganizationKey.objects.filter(organization_id=org_id, purpose=purpose).exists():
                wrapped, master_id = wrap_key(org_id, purpose, 1, AESGCM.generate_key(bit_length=256))
                OrganizationKey.objects.create(
                    organization_id=org_id, purpose=purpose, version=1,
                    wrapped_key=wrapped, master_key_id=master_id, active=True,
                )


def associated_data(org_id, table: str, column: str, row_id) -> bytes:
    return f"{org_id}|{table}|{column}|{row_id}".encode()


def encrypt(org_id, aad: bytes, plaintext: str) -> bytes:
    version, key = keyring.key(org_id, "data")
    nonce = os.urandom(_NONCE_BYTES)
    return _HEADER.pack(FORMAT_VERSION, version) + nonce + AESGCM(key).encrypt(nonce, plaintext.encode(), aad)


def decrypt(org_id, aad: bytes, blob: bytes) -> str:
    blob = bytes(blob)
    if len(blob) < _HEADER.size + _NONCE_BYTES + 16:
        raise DecryptionError("Ciphertext is truncated.")
    fmt, version = _HEADER.unpack_from(blob)
    if fmt != FORMAT_VERSION:
        raise DecryptionError("Unknown ciphertext format.")
    _, key = keyring.key(org_id, "data", version)
    nonce = blob[_HEADER.size:_HEADER.size + _NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, blob[_HEADER.size + _NONCE_BYTES:], aad).decode()
    except InvalidTag:
        raise DecryptionError("Ciphertext does not belong here or was altered.") from None


def key_version_of(blob: bytes) -> int:
    return _HEADER.unpack_from(bytes(blob))[1]


# ---- blind index ---------------------------------------------------------------------------

def blind_index(org_id, kind: str, normalised: str) -> str:
    """Keyed HMAC of a normalised value: equal inputs match, the value itself is never stored.
    Normalising, the kinds and the model field are in offramp.core.blind_index."""
    _, key = keyring.key(org_id, "index")
    return hmac.new(key, f"{kind}:{normalised}".encode(), hashlib.sha256).hexdigest()


# ---- model field ---------------------------------------------------------------------------

class _Plain(str):
    """Marks a value set by code (to encrypt on save) as opposed to one read from the database."""


class EncryptedAttribute(DeferredAttribute):
    """Decrypts on first read, with the row's own identity as associated data."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        data = instance.__dict__
        name = self.field.attname
        if name not in data:
            instance.refresh_from_db(fields=[name])
        value = data[name]
        if value is None or isinstance(value, str):
            return value
        plain = decrypt(self.field.org_id(instance), self.field.aad(instance), value)
        data[name] = _Plain(plain)
        data[f"_{name}_stored"] = value
        return data[name]

    def __set__(self, instance, value):
        if isinstance(value, memoryview):
            value = bytes(value)
        if value is not None and not isinstance(value, bytes | str):
            value = str(value)
        instance.__dict__.pop(f"_{self.field.attname}_stored", None)
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.BinaryField):
    """Text encrypted before it reaches the database. The model needs `organization_id`."""

    descriptor_class = EncryptedAttribute

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    @staticmethod
    def org_id(instance):
        return instance.organization_id

    def aad(self, instance) -> bytes:
        pk = instance.pk
        if isinstance(pk, UUID):
            pk = pk.hex
        return associated_data(self.org_id(instance), self.model._meta.db_table, self.column, pk)

    def pre_save(self, model_instance, add):
        value = model_instance.__dict__.get(self.attname)
        if value is None or isinstance(value, bytes):
            return value
        if value == "":
            return None
        stored = model_instance.__dict__.get(f"_{self.attname}_stored")
        if stored is not None:
            return stored
        return encrypt(self.org_id(model_instance), self.aad(model_instance), str(value))

    def get_db_prep_value(self, value, connection, prepared=False):
        if isinstance(value, str):
            # Only pre_save encrypts; update() and bulk_update() would otherwise write plain text.
            raise TypeError("Encrypted fields are written only through Model.save().")
        return super().get_db_prep_value(value, connection, prepared)

    def value_from_object(self, obj):
        return getattr(obj, self.attname)


def encrypted_fields(model) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
