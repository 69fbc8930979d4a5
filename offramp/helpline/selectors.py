"""Reads of the resource directory: every member of the organisation may search it."""

from django.db.models import Q, QuerySet

from offramp.core.access import Actor, deny, is_uuid, require_role
from offramp.core.audit import Action, audit_record
from offramp.core.models import Role, TaxonomyTerm

from .models import FollowUp, HelplineContact, HelpRequest, Resource

SEARCHED_FIELDS = ("name", "description", "eligibility", "region", "how_to_refer", "notes", "languages")


def resources_for(actor: Actor, *, q: str = "", category: str = "", language: str = "", region: str = "",
                  include_unlisted: bool = False) -> QuerySet[Resource]:
    """Every word must appear somewhere in the entry (any case); filters narrow further."""
    resources = Resource.objects.filter(organization=actor.organization)
    if not include_unlisted:
        resources = resources.filter(active=True)
    for word in q.split()[:10]:
        match = Q()
        for field in SEARCHED_FIELDS:
            match |= Q(**{f"{field}__icontains": word})
        resources = resources.filter(match)
    if category:
        resources = resources.filter(category=category)
    if language.strip():
        resources = resources.filter(languages__icontains=language.strip())
    if region.strip():
        resources = resources.filter(region__icontains=region.strip())
    return resources.order_by("name")


def resource_get(actor: Actor, resource_id) -> Resource:
    resource = (Resource.objects.filter(pk=resource_id, organization=actor.organization).first()
                if is_uuid(resource_id) else None)
    if resource is None:
        deny(actor, "resource", resource_id)
    return resource


# ---- contacts and follow-ups -------------------------------------------------------------

HELPLINE_ROLES = (Role.HELPLINE_RESPONDER, Role.SUPERVISOR)


def contacts_visible_to(actor: Actor) -> QuerySet[HelplineContact]:
    """Responders and supervisors see their organisation's helpline contacts; nobody else does."""
    contacts = HelplineContact.objects.filter(organization=actor.organization)
    return contacts if actor.has(*HELPLINE_ROLES) else contacts.none()


def contact_get(actor: Actor, contact_id, *, audit: bool = True) -> HelplineContact:
    require_role(actor, *HELPLINE_ROLES)
    contact = contacts_visible_to(actor).filter(pk=contact_id).first() if is_uuid(contact_id) else None
    if contact is None:
        deny(actor, "helpline_contact", contact_id)
    if audit:
        audit_record(actor=actor.user, organization=actor.organization, action=Action.VIEW,
                     object_type="helpline_contact", object_id=contact.pk)
    return contact


def contact_terms(contact: HelplineContact) -> dict:
    return {
        "ideologies": list(contact.ideologies.all()), "signs": list(contact.signs.all()),
        "needs": list(contact.needs.all()), "coaching_topics": list(contact.coaching_topics.all()),
        "resources_given": list(contact.resources_given.all()),
    }


def open_follow_ups(actor: Actor) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(organization=actor.organization, assigned_to=actor.user, done_at__isnull=True)


def awaiting_consultation(actor: Actor) -> QuerySet[HelplineContact]:
    """Contacts with a safety concern and no consultation recorded yet (R1)."""
    return contacts_visible_to(actor).filter(emergency_alerted_at__isnull=False, consulted_at__isnull=True)


def help_requests_waiting(actor: Actor) -> QuerySet[HelpRequest]:
    """New web requests nobody has claimed, and the ones the actor claimed, oldest first."""
    requests = HelpRequest.objects.filter(organization=actor.organization)
    if not actor.has(*HELPLINE_ROLES):
        return requests.none()
    return requests.filter(
        Q(status=HelpRequest.Status.NEW) | Q(status=HelpRequest.Status.CLAIMED, claimed_by=actor.user)
    ).order_by("created_at")


def guidance_for(actor: Actor, term_ids) -> list[TaxonomyTerm]:
    ids = [str(i) for i in term_ids if str(i).isdigit()]
    return list(TaxonomyTerm.objects.filter(organization=actor.organization, pk__in=ids)
                .exclude(guidance="").order_by("vocabulary", "position"))


def terms_for(actor: Actor, vocabulary: str) -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(organization=actor.organization, vocabulary=vocabulary, active=True)


def caller_digests(actor: Actor, *, phone: str = "", email: str = "") -> list[str]:
    from offramp.people.identifiers import digests_for_query

    return [digest for _kind, digest in digests_for_query(actor.organization, phone=phone, email=email)]


def earlier_contacts(actor: Actor, digests: list[str], *, exclude=None, limit: int = 10) -> list[HelplineContact]:
    """Earlier contacts from the same phone or e-mail (exact match through the blind index)."""
    if not digests:
        return []
    contacts = contacts_visible_to(actor).filter(Q(caller_phone_digest__in=digests) | Q(caller_email_digest__in=digests))
    if exclude is not None:
        contacts = contacts.exclude(pk=exclude)
    return list(contacts.select_related("case").order_by("-received_at")[:limit])


def active_flags(actor: Actor, digests: list[str]) -> list:
    from django.utils import timezone

    from .models import CallerFlag

    if not digests:
        return []
    return list(CallerFlag.objects.filter(organization=actor.organization, digest__in=digests,
                                          until__gt=timezone.now()).order_by("-until"))
