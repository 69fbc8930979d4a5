"""Reads of people: scoped to the cases the actor may see, audited, searchable by blind index."""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from offramp.core.access import Actor, deny, is_uuid
from offramp.core.audit import Action, audit_read, audit_record
from offramp.core.models import Role

from .identifiers import digests_for_query
from .models import Person, PersonIdentifier


def people_visible_to(actor: Actor) -> QuerySet[Person]:
    """People the actor created, and people on cases the actor may open.

    Team members start from their own few cases. Supervisors, who see most people, get a
    correlated EXISTS: a few index lookups per person looked at, whatever the organisation's size.
    """
    from offramp.cases.models import CaseParticipant
    from offramp.cases.selectors import case_visibility, team_case_ids

    people = Person.objects.filter(organization=actor.organization)
    if not actor.sees_identities:
        return people.none()
    if not actor.has(Role.SUPERVISOR):
        on_my_cases = CaseParticipant.objects.filter(case__in=team_case_ids(actor)).values("person_id")
        return people.filter(Q(created_by=actor.user) | Q(pk__in=on_my_cases))
    on_visible_case = CaseParticipant.objects.filter(case_visibility(actor, "case__"), person=OuterRef("pk"))
    return people.filter(Q(created_by=actor.user) | Exists(on_visible_case))


def person_get(actor: Actor, person_id, *, audit: bool = True) -> Person:
    with transaction.atomic():
        person = people_visible_to(actor).filter(pk=person_id).first() if is_uuid(person_id) else None
        if person is None:
            deny(actor, "person", person_id)
        if audit:
            audit_record(actor=actor.user, organization=actor.organization, action=Action.VIEW,
                         object_type="person", object_id=person.pk)
    return person


SEARCH_CANDIDATES = 500


def person_search(actor: Actor, *, name: str = "", phone: str = "", email: str = "") -> QuerySet[Person]:
    """Exact match on a normalised name (or any single name), phone or e-mail, among the people
    the actor may see. The blind index picks the candidates first, so the visibility check runs
    on a handful of rows whatever the size of the organisation."""
    digests = digests_for_query(actor.organization, name=name, phone=phone, email=email)
    if not digests:
        return Person.objects.none()
    candidates = None
    for kind, digest in digests:
        matches = set(
            PersonIdentifier.objects.filter(organization=actor.organization, kind=kind, digest=digest)
            .values_list("person_id", flat=True)[:SEARCH_CANDIDATES]
        )
        candidates = matches if candidates is None else candidates & matches
    return people_visible_to(actor).filter(pk__in=list(candidates)).order_by("-created_at")


def audit_person_search(actor: Actor, *, terms: dict, count: int) -> None:
    """Which kinds of identifier were searched and how many were found; never the terms."""
    audit_read(actor, action=Action.SEARCH, object_type="person", count=count,
               detail={"by": [kind for kind, value in terms.items() if value]})


def person_relationships(actor: Actor, person: Person) -> list:
    """Relationships to people the actor may also see; the others are not shown at all."""
    visible = people_visible_to(actor).values("pk")
    return list(
        person.relationships.filter(other__in=visible).select_related("other")
    ) + list(person.reverse_relationships.filter(person__in=visible).select_related("person"))


def person_cases(actor: Actor, person: Person) -> list:
    from offramp.cases.models import CaseParticipant
    from offramp.cases.selectors import cases_visible_to

    return list(
        CaseParticipant.objects.filter(person=person, case__in=cases_visible_to(actor).values("pk"))
        .select_related("case").order_by("-case__opened_at")
    )
