"""The blind index in core: normalisers, kinds, digests per organisation, the declarative model
field, and search through it from the outside (people search, the helpline's repeat-caller check)."""

import hashlib
import hmac
import unicodedata

import phonenumbers
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from offramp.core import blind_index, crypto
from offramp.core.blind_index import (
    BlindIndexField,
    digests,
    lookup,
    name_terms,
    normalise_email,
    normalise_name,
    normalise_phone,
)
from offramp.core.crypto import keyring
from offramp.core.services import organization_create
from offramp.helpline.models import HelplineContact
from offramp.helpline.services import contacts
from offramp.people.models import PersonIdentifier

# ---- normalisers ----------------------------------------------------------------------------


def test_names_ignore_accents_case_punctuation_and_spacing():
    assert normalise_name("  José   NÚÑEZ-Fernández ") == normalise_name("jose nunez fernandez") == "jose nunez fernandez"
    assert normalise_name("Ødegård") == "ødegard"  # a letter of its own (not an accent) stays, as it always did
    assert normalise_name("Ana María López") == "ana maria lopez"
    assert normalise_name("") == normalise_name("!!!") == ""
    assert name_terms("Ana María López", "", "Pepe") == {"ana maria lopez", "ana", "maria", "lopez", "pepe"}


@pytest.mark.parametrize(("typed", "country", "expected"), [
    ("(202) 555-0147", "US", "+12025550147"),
    ("202.555.0147", "US", "+12025550147"),
    ("+1 202 555 0147", "GB", "+12025550147"),  # a country code wins over the organisation's country
    ("020 7946 0018", "GB", "+442079460018"),
    ("+44 20 7946 0018", "US", "+442079460018"),
    ("06 12 34 56 78", "FR", "+33612345678"),
    ("030 901820", "DE", "+4930901820"),
    ("0147", "", "0147"),  # no country to read it with: the bare digits
    ("unknown", "US", ""),
])
def test_phone_numbers_by_country(typed, country, expected):
    assert normalise_phone(typed, country) == expected


def test_email_case_and_spaces():
    assert normalise_email("  ZQ@Example.ORG ") == "zq@example.org"


def test_kinds_are_registered_and_unknown_ones_refused(world):
    assert set(blind_index.KINDS) == {"name", "phone", "email"}
    with pytest.raises(ValueError, match="Unknown blind-index kind"):
        digests(world.org, "postcode", "SW1A 1AA")
    with pytest.raises(ValueError, match="Unknown blind-index kind"):
        BlindIndexField(source="caller_phone", kind="postcode")


# ---- digests --------------------------------------------------------------------------------


def _old_normalise_text(value):
    """crypto.normalise_text as it was before the blind index moved to core."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join("".join(ch if ch.isalnum() else " " for ch in stripped).split())


def _old_normalise_phone(value, country):
    try:
        number = phonenumbers.parse(value, country or None)
    except phonenumbers.NumberParseException:
        return "".join(ch for ch in value if ch.isdigit())
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _old_digest(org, kind, normalised):
    """The HMAC exactly as the rows already in databases were written: SHA-256 keyed with the
    organisation's index key, over "<kind>:<normalised value>", hex."""
    _, key = keyring.key(org.pk, "index")
    return hmac.new(key, f"{kind}:{normalised}".encode(), hashlib.sha256).hexdigest()


def test_digests_are_byte_identical_to_those_already_stored(world):
    org = world.org
    phone = _old_digest(org, "phone", _old_normalise_phone("(202) 555-0147", org.country))
    assert phone == _old_digest(org, "phone", "+12025550147")
    assert lookup(org, "phone", "(202) 555-0147") == digests(org, "phone", "+1 202 555 0147") == [phone]
    assert crypto.blind_index(org.pk, "phone", "+12025550147") == phone
    email = _old_digest(org, "email", "zq@example.org")
    assert lookup(org, "email", " ZQ@example.org") == digests(org, "email", "zq@example.org") == [email]
    full = _old_digest(org, "name", _old_normalise_text("Zephyrine Quillbottom"))
    assert lookup(org, "name", "ZEPHYRINE  quillbottom") == [full]
    assert {full, _old_digest(org, "name", "zephyrine"), _old_digest(org, "name", "quillbottom")} <= set(
        digests(org, "name", "Zephyrine", "Quillbottom", "Zephyrine Quillbottom"))  # besides the loose terms
    # And the rows the people service wrote for the standing cast are those digests.
    stored = set(PersonIdentifier.objects.filter(person=world.client_person).values_list("kind", "digest"))
    assert {("phone", phone), ("email", email), ("name", full)} <= stored


def test_same_value_same_digest_within_an_organisation_different_across(world):
    assert lookup(world.org, "phone", "202-555-0147") == lookup(world.org, "phone", "+1 (202) 555 0147")
    assert lookup(world.org, "name", "José") == lookup(world.org, "name", "jose")
    for kind, value in (("name", "smith"), ("phone", "+12025550147"), ("email", "a@example.org")):
        assert lookup(world.org, kind, value) != lookup(world.other_org, kind, value)
    # The kind is part of what is hashed: a name and an e-mail never match each other.
    assert lookup(world.org, "name", "a") != lookup(world.org, "email", "a")


def test_phone_is_read_with_the_organisations_country(db):
    london = organization_create(name="London Exit", slug="london", country="GB")
    assert lookup(london, "phone", "020 7946 0018") == lookup(london, "phone", "+44 20 7946 0018")


def test_nothing_searchable_gives_no_digest(world):
    for kind, value in (("name", "  "), ("name", "!!!"), ("phone", ""), ("phone", "unknown"), ("email", " ")):
        assert lookup(world.org, kind, value) == []
        assert digests(world.org, kind, value) == []


# ---- the declarative field ------------------------------------------------------------------


def _log(world, **caller):
    return contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                                **caller)


def _columns(contact):
    return tuple(HelplineContact.objects.filter(pk=contact.pk).values_list(
        "caller_phone_digest", "caller_email_digest").get())


def test_field_fills_the_column_on_save(world):
    contact = _log(world, caller_phone="(212) 555-0123", caller_email="Caller@Example.org")
    assert _columns(contact) == (lookup(world.org, "phone", "+12125550123")[0],
                                 lookup(world.org, "email", "caller@example.org")[0])
    anonymous = _log(world)
    assert _columns(anonymous) == ("", "")


def test_field_follows_the_source_on_update(world):
    contact = _log(world, caller_phone="(212) 555-0123")
    contact = HelplineContact.objects.get(pk=contact.pk)
    contact.caller_phone, contact.caller_email = "212 555 0999", "new@example.org"
    contact.save()
    assert _columns(contact) == (lookup(world.org, "phone", "+12125550999")[0],
                                 lookup(world.org, "email", "new@example.org")[0])
    contact.caller_phone = ""
    contact.save()
    assert _columns(contact)[0] == ""
    with pytest.raises(ValueError, match="caller_phone_digest"):
        contact.save(update_fields=["caller_phone"])


def test_a_save_that_leaves_the_source_alone_keeps_the_digest_without_decrypting(world, monkeypatch):
    contact = _log(world, caller_phone="(212) 555-0123")
    before = _columns(contact)
    loaded = HelplineContact.objects.get(pk=contact.pk)
    monkeypatch.setattr(crypto, "decrypt", lambda *args: pytest.fail("decrypted a field nobody changed"))
    loaded.concern_region = "Queens"
    loaded.save()
    assert _columns(contact) == before


def test_migrations_see_a_plain_char_field():
    field = HelplineContact._meta.get_field("caller_phone_digest")
    name, path, args, kwargs = field.deconstruct()
    assert path == "django.db.models.CharField"
    assert kwargs == {"max_length": 64, "blank": True, "db_index": True}
    assert field.check() == []


# ---- outside in -----------------------------------------------------------------------------


def test_person_search_still_finds_people_in_the_page_and_the_api(world):
    manager = world.client("manager")
    for query in ({"name": "zéphyrine QUILLBOTTOM"}, {"name": "quillbottom"}, {"phone": "(202) 555-0147"},
                  {"email": "ZQ@example.org"}):
        page = manager.post(reverse("person_list"), query)
        assert page.status_code == 200 and "Zephyrine" in page.content.decode(), query
        api = manager.post("/api/v1/people/search/", query, content_type="application/json")
        assert str(world.client_person.pk) in {p["id"] for p in api.json()}, query
    assert manager.post("/api/v1/people/search/", {"phone": "(202) 555-0148"},
                        content_type="application/json").json() == []
    # Something typed that cannot match (no digits in a phone) narrows to nothing, never widens.
    assert manager.post("/api/v1/people/search/", {"name": "quillbottom", "phone": "unknown"},
                        content_type="application/json").json() == []
    # Another organisation's key: the same name is not found there.
    outsider = world.client("outsider")
    assert outsider.post("/api/v1/people/search/", {"name": "quillbottom"},
                         content_type="application/json").json() == []


def test_repeat_caller_lookup_still_recognises_callers(world):
    first = _log(world, caller_phone="+1 212 555 0123", caller_email="Wilhelmina@example.org")
    client = world.client("responder")
    by_phone = client.post(reverse("contact_lookup"), {"caller_phone": "(212) 555-0123"}, HTTP_HX_REQUEST="true")
    by_email = client.post(reverse("contact_lookup"), {"caller_email": "wilhelmina@EXAMPLE.org"})
    for found in (by_phone, by_email):
        assert first.reference in found.content.decode() and "once before" in found.content.decode()
    assert "before" not in client.post(reverse("contact_lookup"), {"caller_phone": "(212) 555-0999"}).content.decode()


def test_callers_without_a_real_number_are_not_one_repeat_caller(world):
    with pytest.raises(ValidationError) as refused:  # "withheld" is not a number: leave the field empty
        _log(world, caller_phone="withheld")
    assert "caller_phone" in refused.value.message_dict
    _log(world, caller_phone="")
    lookup_page = world.client("responder").post(reverse("contact_lookup"), {"caller_phone": "unknown"})
    assert "before" not in lookup_page.content.decode()
