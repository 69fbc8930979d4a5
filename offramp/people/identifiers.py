"""Normalising identifiers and computing their blind-index digests."""

import phonenumbers

from offramp.core import crypto
from offramp.core.crypto import normalise_text


def normalise_phone(value: str, country: str) -> str:
    try:
        number = phonenumbers.parse(value, country or None)
    except phonenumbers.NumberParseException:
        return "".join(ch for ch in value if ch.isdigit())
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def valid_phone(value: str, country: str) -> bool:
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse(value, country or None))
    except phonenumbers.NumberParseException:
        return False


def normalise_email(value: str) -> str:
    return value.strip().lower()


def name_terms(*names: str) -> set[str]:
    """A full name and each of its parts, so 'Ana María López' is found by 'lopez' or 'Ana Maria Lopez'."""
    terms: set[str] = set()
    for name in names:
        normalised = normalise_text(name or "")
        if normalised:
            terms.add(normalised)
            terms.update(normalised.split())
    return terms


def digests_for_query(org, *, name: str = "", phone: str = "", email: str = "") -> list[tuple[str, str]]:
    digests = []
    if normalise_text(name):
        digests.append(("name", crypto.blind_index(org.pk, "name", normalise_text(name))))
    if phone.strip():
        digests.append(("phone", crypto.blind_index(org.pk, "phone", normalise_phone(phone, org.country))))
    if email.strip():
        digests.append(("email", crypto.blind_index(org.pk, "email", normalise_email(email))))
    return digests
