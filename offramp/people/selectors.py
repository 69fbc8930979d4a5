"""Reads of people: scoped to the cases the actor may see, audited, searchable by blind index."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from offramp.cases.models import CaseParticipant
from offramp.cases.permissions import SEE_ALL
from offramp.cases.selectors import case_visibility, cases_visible_to, team_case_ids
from offramp.core import blind_index
from offramp.core.access import Actor, get_or_deny
from offramp.core.audit import Action, audit_read
from offramp.core.paging import PAGE_SIZE, Window, page_number, window

from .models import Person, PersonIdentifier


def people_visible_to(actor: Actor) -> QuerySet[Person]:
    """People the actor created, and people on cases the actor may open.

    Team members start from their own few cases. Supervisors, who see most people, get a
    correlated EXISTS: a few index lookups per person looked at, whatever the organisation's size.
    """
    people = Person.objects.for_actor(actor)
    if not actor.sees_identities:
        return people.none()
    if not actor.can(SEE_ALL):
        on_my_cases = CaseParticipant.objects.filter(case__in=team_case_ids(actor)).values("person_id")
        return people.filter(Q(created_by=actor.user) | Q(pk__in=on_my_cases))
    on_visible_case = CaseParticipant.objects.filter(case_visibility(actor, "case__"), person=OuterRef("pk"))
    return people.filter(Q(created_by=actor.user) | Exists(on_visible_case))


def person_get(actor: Actor, person_id, *, audit: bool = True) -> Person:
    return get_or_deny(actor, people_visible_to(actor), person_id, object_type="person",
                       audit_action=Action.VIEW if audit else None)


SEARCH_CANDIDATES = 500
LOOSE_CHECKED = 200  # the newest of the loose candidates the actor may see, decrypted and checked
SCAN_CHUNK = 100


def visible_person_ids(actor: Actor, person_ids) -> set:
    """Which of these people the actor may see: a check bounded by the ids given, not by the
    size of the organisation (the same rule as people_visible_to)."""
    ids = list(person_ids)
    if not ids or not actor.sees_identities:
        return set()
    created = Person.objects.for_actor(actor).filter(pk__in=ids, created_by=actor.user)
    on_cases = CaseParticipant.objects.filter(case_visibility(actor, "case__"), person_id__in=ids)
    return set(created.values_list("pk", flat=True)) | set(on_cases.values_list("person_id", flat=True))


def people_page(actor: Actor, page, size: int = PAGE_SIZE) -> Window:
    """People the actor may see, newest first, one page at a time and without counting them all.
    People not known by name yet (anonymous) are left out: they are reached from their case.

    Team members start from their own cases. Supervisors see nearly everyone, so the newest
    people are read in chunks and checked with visible_person_ids until the page is full.
    """
    if not actor.can(SEE_ALL):
        return window(people_visible_to(actor).filter(anonymous=False).order_by("-created_at"), page, size)
    people = Person.objects.for_actor(actor).filter(anonymous=False).order_by("-created_at", "pk")
    number = page_number(page)
    wanted, offset = number * size + 1, 0
    visible: list[Person] = []
    while len(visible) < wanted:
        chunk = list(people[offset:offset + SCAN_CHUNK])
        if not chunk:
            break
        allowed = visible_person_ids(actor, [person.pk for person in chunk])
        visible += [person for person in chunk if person.pk in allowed]
        offset += SCAN_CHUNK
    rows = visible[(number - 1) * size:number * size + 1]
    return Window(rows[:size], number, len(rows) > size, number > 1)


def person_search(actor: Actor, *, name: str = "", phone: str = "", email: str = "", limit: int = 50) -> list[Person]:
    """Exact match on a normalised name (or any single name), phone or e-mail, among the people
    the actor may see and who are known by name (not anonymous), newest first; then, while the list
    is short, people whose name only resembles the one typed (misspelt, shortened, a nickname). The
    blind index picks the candidates, so the visibility check runs on a bounded number of rows
    whatever the size of the organisation."""
    org = actor.organization
    terms = {kind: value for kind, value in (("name", name), ("phone", phone), ("email", email))
             if (value or "").strip()}
    candidates = None
    others = None  # who the phone or e-mail typed besides a name matches
    for kind, value in terms.items():
        digests = blind_index.lookup(org, kind, value)
        if not digests:  # typed, but nothing searchable in it (a phone number without digits)
            return []
        matches = set(
            PersonIdentifier.objects.for_actor(actor).filter(kind=kind, digest__in=digests)
            .values_list("person_id", flat=True)[:SEARCH_CANDIDATES]
        )
        candidates = matches if candidates is None else candidates & matches
        if kind != "name":
            others = matches if others is None else others & matches
    if candidates is None:
        return []
    allowed = visible_person_ids(actor, candidates)
    found = list(Person.objects.filter(pk__in=list(allowed), anonymous=False).order_by("-created_at")[:limit])
    if name.strip() and len(found) < limit:
        # Then names that only resemble the one typed: candidates from the loose terms, checked decrypted.
        loose = _loose_name_candidates(actor, name) - candidates
        loose = loose if others is None else loose & others
        allowed = visible_person_ids(actor, loose) if loose else set()
        near = Person.objects.filter(pk__in=list(allowed), anonymous=False).order_by("-created_at")[:LOOSE_CHECKED]
        found += [person for person in near if blind_index.name_resembles(
            name, person.given_name, person.family_name, *person.alias_list)][:limit - len(found)]
    return found


def _loose_name_candidates(actor: Actor, name: str) -> set:
    """People whose indexed names match every typed part loosely (by sound, first letters or a
    nickname): candidates only, checked after decryption by person_search. One query."""
    by_part = blind_index.fuzzy_lookup(actor.organization, name)
    if not by_part:
        return set()
    parts_of: dict[str, set[str]] = {}
    for part, digests in by_part.items():
        for digest in digests:
            parts_of.setdefault(digest, set()).add(part)
    matched: dict = {}
    for person_id, digest in (PersonIdentifier.objects.for_actor(actor).filter(kind="name", digest__in=list(parts_of))
                              .values_list("person_id", "digest")[:SEARCH_CANDIDATES * 4]):
        matched.setdefault(person_id, set()).update(parts_of[digest])
    return {person_id for person_id, parts in matched.items() if len(parts) == len(by_part)}


def audit_person_search(actor: Actor, *, terms: dict, count: int) -> None:
    """Which kinds of identifier were searched and how many were found; never the terms."""
    audit_read(actor, action=Action.SEARCH, object_type="person", count=count,
               detail={"by": [kind for kind, value in terms.items() if value]})


def person_relationships(actor: Actor, person: Person) -> list:
    """Relationships to people the actor may also see; the others are not shown at all."""
    outgoing = list(person.relationships.select_related("other"))
    incoming = list(person.reverse_relationships.select_related("person"))
    allowed = visible_person_ids(actor, [r.other_id for r in outgoing] + [r.person_id for r in incoming])
    return [r for r in outgoing if r.other_id in allowed] + [r for r in incoming if r.person_id in allowed]


def person_cases(actor: Actor, person: Person) -> list:
    return list(
        CaseParticipant.objects.filter(person=person, case__in=cases_visible_to(actor).values("pk"))
        .select_related("case").order_by("-case__opened_at")
    )
