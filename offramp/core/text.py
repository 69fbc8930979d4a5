"""Names and other short text as people type or paste them: one normal form, nothing hidden."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from offramp.core.blind_index import valid_phone

# Characters that change how text is drawn without being seen: embeddings, overrides and isolates
# can make a name display as something else, so they are refused rather than silently kept.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Invisible characters with no use inside a name (zero-width space, word joiner, BOM, Mongolian vowel
# separator); zero-width (non-)joiners stay, since some scripts need them between letters.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u180e\u00ad]")


def _visible(value: str) -> bool:
    return any(not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Mn", "Me") for ch in value)


def clean_line(value, *, field: str) -> str:
    """One line of text in NFC, without invisible characters or surrounding space. Raises a
    ValidationError on `field` for hidden direction controls or line breaks and control characters;
    text with nothing visible left comes back empty, for the caller's own 'required' message."""
    value = unicodedata.normalize("NFC", str(value or ""))
    if _BIDI_CONTROLS.search(value):
        raise ValidationError({field: _("Remove the hidden characters that change the direction of the text.")})
    value = _INVISIBLE.sub("", value).strip()
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValidationError({field: _("Keep this to one line, without control characters.")})
    return value if _visible(value) else ""


def clean_form_line(value, *, field: str) -> str:
    """clean_line for a form's clean_<field>, where an error belongs to that one field."""
    try:
        return clean_line(value, field=field)
    except ValidationError as error:
        raise ValidationError(error.message_dict[field]) from None


def phone_problem(value: str, *, country: str) -> str | None:
    """Why a typed phone number cannot be one, or None: the one rule for people, callers and staff."""
    if value and not valid_phone(value, country):
        return _("Enter a phone number with its area code (add +country code if abroad).")
    return None


def email_problem(value: str) -> str | None:
    """Why a typed e-mail address cannot be one, or None."""
    if not value:
        return None
    try:
        validate_email(value)
    except ValidationError:
        return _("Enter an e-mail address like name@example.org.")
    return None
