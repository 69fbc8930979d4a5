"""Creating and changing people, their contact methods and relationships; keeps the blind index."""

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core import blind_index
from offramp.core.access import Actor, NotFound, require
from offramp.core.audit import Action, audit
from offramp.core.text import clean_line, email_problem, phone_problem

from .models import ContactMethod, Person, PersonIdentifier, Relationship
from .permissions import EDIT
from .selectors import person_get

MAX_NAME = 200


def _audit(actor: Actor, action: str, person: Person, **detail) -> None:
    audit(actor, action, object_type="person", object_id=person.pk, detail=detail or None)


def _clean_person(*, given_name: str, family_name: str, aliases: str, date_of_birth: date | None,
                  pronouns: str = "", languages: str = "") -> dict:
    """The names (and the other lines) in their normal form (nothing hidden, no direction overrides),
    or every problem at once."""
    errors: dict[str, str | list[str]] = {}
    names: dict[str, str] = {}
    lines = {"given_name": given_name, "family_name": family_name, "pronouns": pronouns, "languages": languages}
    lines.update({f"aliases{i}": alias for i, alias in enumerate((aliases or "").splitlines())})
    for field, value in lines.items():
        try:
            names[field] = clean_line(value, field=field)
        except ValidationError as error:
            target = "aliases" if field.startswith("aliases") else field
            errors[target] = error.message_dict[field]
            names[field] = ""
    if not names["given_name"] and not names["family_name"] and "given_name" not in errors:
        errors["given_name"] = _("Give at least one name (a first name or a nickname is enough).")
    for field in ("given_name", "family_name"):
        if len(names[field]) > MAX_NAME:
            errors[field] = _("Keep names under %(n)d characters.") % {"n": MAX_NAME}
    if date_of_birth is not None:
        if date_of_birth > timezone.localdate():
            errors["date_of_birth"] = _("A date of birth cannot be in the future.")
        elif date_of_birth.year < 1900:
            errors["date_of_birth"] = _("Check the year of birth.")
    if errors:
        raise ValidationError(errors)
    alias_lines = [names[field] for field in names if field.startswith("aliases") and names[field]]
    return {"given_name": names["given_name"], "family_name": names["family_name"], "aliases": "\n".join(alias_lines),
            "pronouns": names["pronouns"][:40], "languages": names["languages"][:120]}


def _validate_contact(actor: Actor, kind: str, value: str) -> str:
    value = (value or "").strip()
    if kind not in ContactMethod.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of contact.")})
    if not value:
        raise ValidationError({"value": _("Enter the contact detail.")})
    if len(value) > 500:
        raise ValidationError({"value": _("Keep a contact detail under 500 characters.")})
    problem = (email_problem(value) if kind == ContactMethod.Kind.EMAIL
               else phone_problem(value, country=actor.organization.country) if kind == ContactMethod.Kind.PHONE
               else None)
    if problem:
        raise ValidationError({"value": problem})
    return value


def _reindex(person: Person) -> None:
    """Rebuild the person's blind-index rows from their current names and contact methods."""
    org = person.organization
    contacts = list(person.contact_methods.all())
    values = {
        "name": [person.given_name, person.family_name, person.display_name, *person.alias_list],
        "phone": [c.value for c in contacts if c.kind == ContactMethod.Kind.PHONE],
        "email": [c.value for c in contacts if c.kind == ContactMethod.Kind.EMAIL],
    }
    PersonIdentifier.objects.filter(person=person).delete()
    PersonIdentifier.objects.bulk_create([
        PersonIdentifier(organization=org, person=person, kind=kind, digest=digest)
        for kind, kind_values in values.items() for digest in blind_index.digests(org, kind, *kind_values)
    ])


@transaction.atomic(durable=True)
def person_create(
    *, actor: Actor, given_name: str, family_name: str = "", aliases: str = "", date_of_birth: date | None = None,
    pronouns: str = "", languages: str = "", contacts: Sequence[dict] = (),
) -> Person:
    return person_create_within(actor=actor, given_name=given_name, family_name=family_name, aliases=aliases,
                                date_of_birth=date_of_birth, pronouns=pronouns, languages=languages,
                                contacts=contacts)


def person_create_within(
    *, actor: Actor, given_name: str, family_name: str = "", aliases: str = "", date_of_birth: date | None = None,
    pronouns: str = "", languages: str = "", contacts: Sequence[dict] = (), anonymous: bool = False,
) -> Person:
    """person_create as a part of another service's transaction (a helpline caller becoming a client).
    `anonymous`: the name given is a placeholder ("Anonymous caller"); the person is kept out of lists,
    search and pickers until someone gives them a name (person_update)."""
    require(actor, EDIT)
    names = _clean_person(given_name=given_name, family_name=family_name, aliases=aliases, date_of_birth=date_of_birth,
                          pronouns=pronouns, languages=languages)
    person = Person(
        organization=actor.organization, **names, date_of_birth=date_of_birth.isoformat() if date_of_birth else "",
        created_by=actor.user, anonymous=anonymous,
    )
    person.save()
    problems = {}
    for contact in contacts:
        try:
            _contact_add(actor, person, **contact)
        except ValidationError as error:  # the form has a field per kind: the message goes beside it
            problems[contact.get("kind", "value")] = error.message_dict.get("value", error.messages)
    if problems:
        raise ValidationError(problems)
    _reindex(person)
    _audit(actor, Action.CREATE, person)
    return person


@transaction.atomic(durable=True)
def person_update(
    *, actor: Actor, person_id: UUID | str, given_name: str, family_name: str = "", aliases: str = "",
    date_of_birth: date | None = None, pronouns: str = "", languages: str = "",
) -> Person:
    require(actor, EDIT)
    person = person_get(actor, person_id, audit=False)
    names = _clean_person(given_name=given_name, family_name=family_name, aliases=aliases,
                          date_of_birth=date_of_birth, pronouns=pronouns, languages=languages)
    # Named now (unless the placeholder came back unchanged): into lists, search and pickers.
    person.anonymous = person.anonymous and not names["family_name"] and names["given_name"] == person.given_name
    for field, value in names.items():
        setattr(person, field, value)
    person.date_of_birth = date_of_birth.isoformat() if date_of_birth else ""
    person.updated_at = timezone.now()
    person.save()
    _reindex(person)
    _audit(actor, Action.UPDATE, person)
    return person


def _contact_add(actor: Actor, person: Person, *, kind: str, value: str, label: str = "",
                 safe_to_contact: bool = True) -> ContactMethod:
    value = _validate_contact(actor, kind, value)
    return ContactMethod.objects.create(
        organization=actor.organization, person=person, kind=kind, value=value,
        label=clean_line(label, field="label")[:60], safe_to_contact=safe_to_contact,
    )


@transaction.atomic(durable=True)
def contact_method_add(*, actor: Actor, person_id: UUID | str, kind: str, value: str, label: str = "",
                       safe_to_contact: bool = True) -> ContactMethod:
    require(actor, EDIT)
    person = person_get(actor, person_id, audit=False)
    contact = _contact_add(actor, person, kind=kind, value=value, label=label, safe_to_contact=safe_to_contact)
    _reindex(person)
    _audit(actor, Action.UPDATE, person, op="contact_add", kind=kind)
    return contact


@transaction.atomic(durable=True)
def contact_method_remove(*, actor: Actor, person_id: UUID | str, contact_id: UUID | str) -> None:
    require(actor, EDIT)
    person = person_get(actor, person_id, audit=False)
    deleted, _rows = ContactMethod.objects.filter(pk=contact_id, person=person).delete()
    if not deleted:
        raise NotFound
    _reindex(person)
    _audit(actor, Action.UPDATE, person, op="contact_remove")


@transaction.atomic(durable=True)
def relationship_add(*, actor: Actor, person_id: UUID | str, kind: str, other_id: UUID | str) -> Relationship:
    return relationship_add_within(actor=actor, person_id=person_id, kind=kind, other_id=other_id)


def relationship_add_within(*, actor: Actor, person_id: UUID | str, kind: str, other_id: UUID | str) -> Relationship:
    """relationship_add as a part of another service's transaction."""
    require(actor, EDIT)
    person = person_get(actor, person_id, audit=False)
    if kind not in Relationship.Kind.values:
        raise ValidationError({"kind": _("Choose how they are related.")})
    other = person_get(actor, other_id, audit=False)  # only someone the actor may already see
    if other.pk == person.pk:
        raise ValidationError({"other": _("A person cannot be related to themselves.")})
    relationship = Relationship.objects.create(
        organization=actor.organization, person=person, kind=kind, other=other
    )
    _audit(actor, Action.UPDATE, person, op="relationship_add", other=str(other.pk), kind=kind)
    return relationship
