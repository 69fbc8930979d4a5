"""Identifying fields are encrypted at rest, bound to their place, and fail closed."""

import pytest
from django.db import connection

from offramp.core.crypto import DecryptionError, keyring
from offramp.people.models import ContactMethod, Person

MARKERS = ["Zephyrine", "Quillbottom", "2025550147", "zq@example.org", "Worried mother"]


def _raw_dump() -> str:
    """Every text and blob in the database, as a backup would hold it."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        chunks.append(bytes(value).decode("latin-1"))
                    elif value is not None:
                        chunks.append(str(value))
    return "\n".join(chunks)


def test_raw_database_holds_no_name_phone_email_or_narrative(world):
    dump = _raw_dump()
    for marker in MARKERS:
        assert marker not in dump
    assert "202 555 0147" not in dump and "+12025550147" not in dump


def test_values_read_back_decrypted(world):
    person = Person.objects.get(pk=world.client_person.pk)
    assert (person.given_name, person.family_name) == ("Zephyrine", "Quillbottom")
    assert sorted(c.value for c in person.contact_methods.all()) == ["+1 202 555 0147", "zq@example.org"]


def _stored(model, pk, column):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{model._meta.db_table}" WHERE id = %s', [pk.hex if connection.vendor == "sqlite" else pk])  # noqa: S608
        return bytes(cursor.fetchone()[0])


def _store(model, pk, column, blob):
    with connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{model._meta.db_table}" SET "{column}" = %s WHERE id = %s',  # noqa: S608
                       [blob, pk.hex if connection.vendor == "sqlite" else pk])


def test_ciphertext_moved_to_another_row_refuses_to_decrypt(world):
    blob = _stored(Person, world.client_person.pk, "given_name")
    _store(Person, world.mother.pk, "given_name", blob)
    with pytest.raises(DecryptionError):
        _ = Person.objects.get(pk=world.mother.pk).given_name


def test_ciphertext_moved_to_another_column_refuses_to_decrypt(world):
    blob = _stored(Person, world.client_person.pk, "given_name")
    _store(Person, world.client_person.pk, "family_name", blob)
    with pytest.raises(DecryptionError):
        _ = Person.objects.get(pk=world.client_person.pk).family_name


def test_ciphertext_moved_to_another_organisation_refuses_to_decrypt(world):
    blob = _stored(Person, world.client_person.pk, "given_name")
    foreign = Person.objects.filter(organization=world.other_org).first()
    _store(Person, foreign.pk, "given_name", blob)
    with pytest.raises(DecryptionError):
        _ = Person.objects.get(pk=foreign.pk).given_name


@pytest.mark.parametrize("position", [0, 7, 20, -1])
def test_ciphertext_altered_by_one_byte_refuses_to_decrypt(world, position):
    contact = ContactMethod.objects.filter(person=world.client_person, kind="email").first()
    blob = bytearray(_stored(ContactMethod, contact.pk, "value"))
    blob[position] ^= 0x01
    _store(ContactMethod, contact.pk, "value", bytes(blob))
    keyring.clear()
    with pytest.raises(DecryptionError):
        _ = ContactMethod.objects.get(pk=contact.pk).value


def test_wrong_master_key_cannot_unwrap_organisation_keys(world, settings):
    settings.OFFRAMP_MASTER_KEYS = ["QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE="]
    keyring.clear()
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        _ = Person.objects.get(pk=world.client_person.pk).given_name
