"""Blind indexes: exact-match search on encrypted identifiers, in one place.

An encrypted field cannot be searched, so beside it the application keeps a keyed HMAC of the
value's normalised form (`crypto.blind_index`, with the organisation's own index key). A search
normalises what was typed the same way, computes the same HMAC and compares digests; the value
itself is never stored or compared in the clear.

The privacy trade-off: within one organisation a blind index reveals *equality* — anyone holding
the database can tell that two rows share a phone number, an e-mail address or a name part,
without learning what it is. Across organisations it reveals nothing: each organisation has its
own key, so the same number gives unrelated digests. Names are normalised before hashing (case,
accents, punctuation and spacing ignored, so "José Núñez" is found by "jose nunez"), which makes
matching forgiving and, by the same token, groups the rows that normalise alike. Without the key
a digest cannot be checked against a guess; with it, a short value such as a phone number can be
found by trying candidates, which is why the index key is wrapped by the master key like the
data keys.

How an app uses it:

- Declare the index on the model, next to the encrypted field it covers; the column is filled on
  every save (and by ``bulk_create``) from the source field, and never written by hand::

      caller_phone = EncryptedTextField()
      caller_phone_digest = BlindIndexField(source="caller_phone", kind="phone")

  The model needs the organisation (``organization`` by default, ``organization=`` to name
  another foreign key). ``save(update_fields=[...])`` naming the source must name the index too.
- Search with ``lookup(org, kind, typed)``: the digests a stored value must have to match (none
  when nothing searchable was typed), e.g. ``filter(caller_phone_digest__in=lookup(org, "phone", q))``.
- A value indexed under several terms (a person's names, in a table of their own) gets them
  from ``digests(org, kind, *values)``.

Kinds are registered in ``KINDS``: ``name``, ``phone`` and ``email``. A value that normalises to
nothing (a "phone number" without digits, say) is neither indexed nor matched, so all the callers
who left "unknown" are not taken for one repeat caller.
"""

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import phonenumbers
from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.signals import pre_save

from offramp.core import crypto

# ---- normalisers ----------------------------------------------------------------------------


def normalise_name(value: str) -> str:
    """Case-, accent- and spacing-insensitive form used for exact-match name search."""
    decomposed = unicodedata.normalize("NFKD", (value or "").casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join("".join(ch if ch.isalnum() else " " for ch in stripped).split())


def name_terms(*names: str) -> set[str]:
    """A full name and each of its parts, so 'Ana María López' is found by 'lopez' or 'Ana Maria Lopez'."""
    terms: set[str] = set()
    for name in names:
        normalised = normalise_name(name or "")
        if normalised:
            terms.add(normalised)
            terms.update(normalised.split())
    return terms


# ---- finding a name spelt differently ----------------------------------------------------------
#
# Besides the exact terms above, a name is indexed under coarse forms of each of its parts, so a
# search typed a little differently still finds candidates: the part's *sound* (a phonetic code
# for English and Spanish spelling, `name_sound`) and its first 3 and 5 letters. These terms are
# hashed like the others ("sound:zfrn", "prefix:zep", which no normalised name can equal). They
# reveal more equality than exact terms: rows whose names sound alike or start alike share digests.
# The candidates they bring are checked after decryption (`name_resembles`), so a search shows
# only people whose names match the typed parts closely; nicknames are expanded at search time only.

PREFIX_LENGTHS = (3, 5)

# Common short forms and the names they stand for (English and Spanish); searched, never stored.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "alex": ("alexander", "alexandra", "alejandro", "alejandra"), "andy": ("andrew",), "bill": ("william",),
    "billy": ("william",), "bob": ("robert",), "bobby": ("robert",), "charlie": ("charles",), "chuck": ("charles",),
    "dan": ("daniel",), "danny": ("daniel",), "dave": ("david",), "ed": ("edward",), "eddie": ("edward",),
    "jim": ("james",), "jimmy": ("james",), "joe": ("joseph",), "johnny": ("john",), "jon": ("john", "jonathan"),
    "kate": ("katherine", "catherine", "kathryn"), "katie": ("katherine", "catherine"), "liz": ("elizabeth",),
    "beth": ("elizabeth",), "maggie": ("margaret",), "matt": ("matthew",), "mike": ("michael",),
    "nick": ("nicholas",), "pat": ("patrick", "patricia"), "peggy": ("margaret",), "rob": ("robert",),
    "sam": ("samuel", "samantha"), "steve": ("steven", "stephen"), "sue": ("susan",), "tom": ("thomas",),
    "tony": ("anthony", "antonio"), "will": ("william",),
    "pepe": ("jose",), "paco": ("francisco",), "pancho": ("francisco",), "lupe": ("guadalupe",),
    "chucho": ("jesus",), "nacho": ("ignacio",), "lola": ("dolores",), "concha": ("concepcion",),
    "memo": ("guillermo",), "beto": ("alberto", "roberto"), "toni": ("antonio", "antonia"),
}

_SOUND_RULES = (("sch", "sk"), ("ph", "f"), ("ck", "k"), ("qu", "k"), ("gh", "g"), ("ce", "se"), ("ci", "si"),
                ("cy", "si"), ("c", "k"), ("q", "k"), ("x", "ks"), ("z", "s"), ("v", "f"), ("w", "f"),
                ("y", "i"), ("h", ""))


def name_sound(part: str) -> str:
    """A coarse phonetic code of one normalised name part: spellings that sound alike in English or
    Spanish ('Zephyrine', 'Zefirine'; 'Katherine', 'Catherine'...) mostly share it. The first letter
    (as pronounced) and then the consonants, repeats collapsed; empty for a part without letters."""
    word = "".join(ch for ch in part if "a" <= ch <= "z")
    for spelling, sound in _SOUND_RULES:
        word = word.replace(spelling, sound)
    if not word:
        return ""
    code = word[0] + "".join(ch for ch in word[1:] if ch not in "aeiou")
    return "".join(ch for i, ch in enumerate(code) if i == 0 or ch != code[i - 1])


def sound_alike(a: str, b: str) -> bool:
    return bool(name_sound(a)) and name_sound(a) == name_sound(b)


def fuzzy_name_terms(*names: str) -> set[str]:
    """The coarse terms each part of the names is also indexed under: its sound and its first letters."""
    terms: set[str] = set()
    for name in names:
        for part in normalise_name(name or "").split():
            sound = name_sound(part)
            if sound:
                terms.add(f"sound:{sound}")
            terms.update(f"prefix:{part[:n]}" for n in PREFIX_LENGTHS if len(part) > n)
    return terms


def fuzzy_lookup(org, typed: str) -> dict[str, list[str]]:
    """For each part of a typed name, the digests a stored name may have for that part to match it
    loosely: the part and the names it is a nickname for, exactly or by sound, and its first letters.
    A person is a candidate when every part matches; `name_resembles` then checks them."""
    found: dict[str, list[str]] = {}
    for part in normalise_name(typed or "").split():
        forms = {part, *NICKNAMES.get(part, ())}
        terms = set(forms) | {f"sound:{name_sound(form)}" for form in forms if name_sound(form)}
        lengths = [n for n in PREFIX_LENGTHS if n <= len(part)]
        if lengths:
            terms.add(f"prefix:{part[:max(lengths)]}")
        found[part] = [crypto.blind_index(org.pk, "name", term) for term in sorted(terms)]
    return found


def _within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return a[i + 1:] == b[i + 1:] if len(a) == len(b) else a[i:] == b[i + 1:]
    return True


def name_resembles(typed: str, *names: str) -> bool:
    """Whether every part of a typed name matches a part of these (decrypted) names: the same, its
    start (3 letters or more), a nickname of it or the reverse, the same sound (a short sound, such as
    'jn' for Jane and John, only with one typing slip at most), or one typing slip."""
    parts = {part for name in names for part in normalise_name(name or "").split()}
    typed_parts = normalise_name(typed or "").split()
    if not typed_parts or not parts:
        return False

    def close(t: str, p: str) -> bool:
        return (t == p or (len(t) >= 3 and p.startswith(t)) or p in NICKNAMES.get(t, ()) or t in NICKNAMES.get(p, ())
                or (sound_alike(t, p) and (len(name_sound(t)) >= 3 or _within_one_edit(t, p)))
                or (len(t) >= 4 and _within_one_edit(t, p)))

    return all(any(close(t, p) for p in parts) for t in typed_parts)


def normalise_phone(value: str, country: str) -> str:
    """E.164 ('+12025550147') read with the organisation's country for numbers without a prefix;
    the bare digits when it does not parse."""
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


# ---- kinds ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One kind of identifier. `normalise(value, country)` is the form a search is matched on;
    `terms(values, country)` the forms stored values are indexed under (several for names)."""

    name: str
    normalise: Callable[[str, str], str]
    terms: Callable[[Iterable[str], str], set[str]]


def _single_terms(normalise: Callable[[str, str], str]) -> Callable[[Iterable[str], str], set[str]]:
    def terms(values: Iterable[str], country: str) -> set[str]:
        return {term for value in values if value and value.strip() for term in [normalise(value, country)] if term}
    return terms


KINDS: dict[str, Kind] = {
    "name": Kind("name", lambda value, country: normalise_name(value),
                 lambda values, country: name_terms(*values) | fuzzy_name_terms(*values)),
    "phone": Kind("phone", normalise_phone, _single_terms(normalise_phone)),
    "email": Kind("email", lambda value, country: normalise_email(value),
                  _single_terms(lambda value, country: normalise_email(value))),
}


def _kind(kind: str) -> Kind:
    try:
        return KINDS[kind]
    except KeyError:
        raise ValueError(f"Unknown blind-index kind {kind!r}; known: {', '.join(KINDS)}.") from None


def digests(org, kind: str, *values: str) -> list[str]:
    """The digests stored values are indexed under: one per distinct term (a name gives the full
    name and each part), none for blank values. `org` is the organisation (its key; its country
    reads phone numbers without a prefix)."""
    terms = _kind(kind).terms([value or "" for value in values], org.country)
    return [crypto.blind_index(org.pk, kind, term) for term in sorted(terms)]


def lookup(org, kind: str, value: str) -> list[str]:
    """What a search for `value` matches: its one digest, or none when nothing searchable was typed
    (blank, or nothing left once normalised). Use with `<column>__in=`."""
    if not (value or "").strip():
        return []
    normalised = _kind(kind).normalise(value, org.country)
    return [crypto.blind_index(org.pk, kind, normalised)] if normalised else []


# ---- the model field ------------------------------------------------------------------------


class BlindIndexField(models.CharField):
    """The blind-index digest of another (usually encrypted) field of the same model, computed on save.

    `source` names the field whose value is indexed, `kind` one of KINDS, `organization` the
    foreign key to the organisation whose key is used. An empty source gives an empty column.
    A source read from the database and not changed since keeps the digest already there (no
    decryption on saves that do not touch it).
    """

    def __init__(self, *args, source: str = "", kind: str = "", organization: str = "organization", **kwargs):
        if kind:
            _kind(kind)
        self.source, self.kind, self.organization = source, kind, organization
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("db_index", True)
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        # To migrations this is the plain CharField it stores: declaring (or moving) an index is
        # no schema change, and historical models need no keys.
        name, _path, args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        return name, "django.db.models.CharField", args, kwargs

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.kind not in KINDS:
            errors.append(checks.Error(f"BlindIndexField needs kind= one of {', '.join(KINDS)}.", obj=self,
                                       id="offramp.E101"))
        for name in (self.source, self.organization):
            try:
                self.model._meta.get_field(name)
            except FieldDoesNotExist:
                errors.append(checks.Error(f"BlindIndexField refers to {name!r}, which {self.model.__name__} "
                                           "does not have.", obj=self, id="offramp.E102"))
        return errors

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        if not cls._meta.abstract:
            pre_save.connect(self._check_update_fields, sender=cls, weak=False,
                             dispatch_uid=f"blind-index:{cls._meta.label}.{name}")

    def _check_update_fields(self, sender, instance, update_fields=None, **kwargs):
        if update_fields is not None and self.source in update_fields and self.name not in update_fields:
            raise ValueError(f"Saving {sender.__name__}.{self.source} with update_fields needs "
                             f"{self.name} too, or its blind index goes stale.")

    def _source_unchanged(self, instance) -> bool:
        """Read from the database and not set since (see crypto.EncryptedAttribute), or not loaded."""
        source = self.model._meta.get_field(self.source)
        if not isinstance(source, models.Field):
            raise TypeError(f"{self.source} is not a concrete field to index")
        attname = source.attname
        data = instance.__dict__
        if attname not in data:
            return True
        return isinstance(data[attname], bytes | memoryview) or f"_{attname}_stored" in data

    def pre_save(self, model_instance, add):
        if not add and self._source_unchanged(model_instance):
            return getattr(model_instance, self.attname)
        value = getattr(model_instance, self.source)
        found = lookup(getattr(model_instance, self.organization), self.kind, value) if value else []
        digest = found[0] if found else ""
        setattr(model_instance, self.attname, digest)
        return digest


def blind_index_fields(model) -> list[BlindIndexField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
