"""Reads for the helpline, each applying who may see what: directory, contacts (and a responder's own
draft), follow-ups, web requests, reviews and the on-call rota. The figures are in `figures.py`."""

import hashlib
import json
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from offramp.cases.models import CaseKind, CaseStatus
from offramp.cases.selectors import case_access, cases_visible_to
from offramp.core import blind_index
from offramp.core.access import Actor, deny, get_or_deny, is_uuid, require
from offramp.core.audit import Action
from offramp.core.audit import audit as record_audit
from offramp.core.calendar import org_today
from offramp.core.db import integer_ids
from offramp.core.models import Organization, TaxonomyTerm, User
from offramp.instruments import definition as spec
from offramp.instruments.selectors import current_version_of

from . import questionnaires
from .models import (
    SAFETY_FLAGS,
    CallerFlag,
    ContactDraft,
    ContactReview,
    FollowUp,
    HelplineContact,
    HelpRequest,
    OnCallShift,
    Resource,
    SurveyInvitation,
)
from .permissions import ANSWER, ON_CALL_ROLE, SEE_ROTA, SUPERVISE

SEARCHED_FIELDS = ("name", "description", "eligibility", "region", "how_to_refer", "notes", "languages")


def resources_for(actor: Actor, *, q: str = "", category: str = "", language: str = "", region: str = "",
                  include_unlisted: bool = False) -> QuerySet[Resource]:
    """Every word must appear somewhere in the entry (any case); filters narrow further."""
    resources = Resource.objects.for_actor(actor)
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
    return get_or_deny(actor, Resource.objects.for_actor(actor), resource_id, object_type="resource",
                       audit_action=None)


# ---- contacts and follow-ups -------------------------------------------------------------



def _organization_contacts(actor: Actor) -> QuerySet[HelplineContact]:
    contacts = HelplineContact.objects.for_actor(actor)
    return contacts if actor.can(ANSWER) else contacts.none()


def contacts_visible_to(actor: Actor) -> QuerySet[HelplineContact]:
    """Responders and supervisors see their organisation's helpline contacts; nobody else does.
    Duplicates merged into another contact are left out."""
    return _organization_contacts(actor).filter(merged_into__isnull=True)


MAX_MERGE_HOPS = 20


def contact_get(actor: Actor, contact_id, *, audit: bool = True) -> HelplineContact:
    """One contact. A merged duplicate leads to the contact it was folded into (links in alerts,
    follow-ups and bookmarks keep working), so the result's pk may differ from the one asked for."""
    require(actor, ANSWER)
    # The contact page names who took it, who carries it and who was consulted: read with the contact.
    contact = (_organization_contacts(actor).select_related("responder", "assigned_to", "consulted_with")
               .filter(pk=contact_id).first() if is_uuid(contact_id) else None)
    for _hop in range(MAX_MERGE_HOPS):
        if contact is None or contact.merged_into_id is None:
            break
        contact = _organization_contacts(actor).filter(pk=contact.merged_into_id).first()
    if contact is None:
        deny("helpline_contact", contact_id)
    if audit:
        record_audit(actor, Action.VIEW, object_type="helpline_contact", object_id=contact.pk)
    return contact


def contact_terms(contact: HelplineContact) -> dict:
    return {
        "ideologies": list(contact.ideologies.all()), "signs": list(contact.signs.all()),
        "needs": list(contact.needs.all()), "coaching_topics": list(contact.coaching_topics.all()),
        "resources_given": list(contact.resources_given.all()),
    }


def contact_addenda(contact: HelplineContact) -> list:
    return list(contact.addenda.select_related("author").prefetch_related("resources_added").order_by("created_at"))


def request_answered_by(contact: HelplineContact) -> HelpRequest | None:
    """The web request this contact called back, if any (its reference, when it came in, and when and in
    which language they said it is safe to reach them)."""
    return HelpRequest.objects.filter(contact=contact).only("reference", "created_at", "contact", "when_to_reach",
                                                                   "language").first()


def safety_answered_yes() -> Q:
    """A contact where any safety question was answered "yes" (each flag is True only for a yes)."""
    condition = Q(pk__in=[])
    for flag in SAFETY_FLAGS:
        condition |= Q(**{flag: True})
    return condition


def helpline_staff(actor: Actor) -> QuerySet[User]:
    """Active members of the actor's organisation who take helpline contacts (responders and supervisors),
    for the responder picker; nobody for an actor outside the helpline."""
    if not actor.can(ANSWER):
        return User.objects.none()
    return (User.objects.filter(is_active=True, memberships__organization=actor.organization,
                                memberships__role__in=ANSWER.roles).distinct().order_by("display_name", "email"))


def contacts_filtered(actor: Actor, *, received_from: date | None = None, received_to: date | None = None,
                      channel: str = "", responder: User | int | None = None,
                      ideology: TaxonomyTerm | None = None,
                      ideology_unclear: bool = False, safety: bool = False, assigned: str = "",
                      caller: str = "") -> QuerySet[HelplineContact]:
    """The organisation's contacts narrowed by the helpline page's filters, newest first, with what the
    list shows (responder, assignee, movements and signs) fetched in a fixed number of queries.

    Dates are days where the organisation is. `caller` is a phone number or e-mail address, matched
    exactly through the blind indexes (the caller's details are encrypted and never compared in the clear).
    `responder` and `ideology` must come from this organisation (the form offers no others); they are
    checked again here so another organisation's id matches nothing."""
    contacts = contacts_visible_to(actor)
    zone = ZoneInfo(actor.organization.time_zone)
    if received_from:
        contacts = contacts.filter(received_at__gte=datetime.combine(received_from, time.min, tzinfo=zone))
    if received_to:
        contacts = contacts.filter(received_at__lt=datetime.combine(received_to + timedelta(days=1), time.min,
                                                                    tzinfo=zone))
    if channel:
        contacts = contacts.filter(channel=channel)
    if responder is not None:
        contacts = contacts.filter(responder=responder, responder__in=helpline_staff(actor))
    if ideology is not None:
        contacts = contacts.filter(ideologies=ideology, ideologies__organization=actor.organization)
    if ideology_unclear:
        contacts = contacts.filter(ideology_unclear=True)
    if safety:
        contacts = contacts.filter(safety_answered_yes())
    if assigned == "yes":
        contacts = contacts.filter(assigned_to__isnull=False)
    elif assigned == "no":
        contacts = contacts.filter(assigned_to__isnull=True)
    if caller.strip():
        digests = caller_digests(actor, phone=caller, email=caller if "@" in caller else "")
        contacts = contacts.filter(Q(caller_phone_digest__in=digests) | Q(caller_email_digest__in=digests))
    return (contacts.select_related("responder", "assigned_to")
            .prefetch_related(Prefetch("ideologies", queryset=TaxonomyTerm.objects.order_by("position", "label")),
                              Prefetch("signs", queryset=TaxonomyTerm.objects.order_by("position", "label")))
            .order_by("-received_at", "-id"))


def unassigned_contacts(actor: Actor) -> QuerySet[HelplineContact]:
    """Contacts nobody has taken on yet, oldest first."""
    return contacts_visible_to(actor).filter(assigned_to__isnull=True).order_by("received_at")


def contact_draft_load(actor: Actor) -> dict[str, Any]:
    """The actor's own autosaved contact screen, as it was posted (empty when there is none)."""
    draft = ContactDraft.objects.for_actor(actor).filter(user=actor.user).first()
    return json.loads(draft.data) if draft and draft.data else {}


def contact_draft_alerted_at(actor: Actor) -> datetime | None:
    """When "Alert now" was pressed on the actor's own unsaved contact, if it was."""
    return ContactDraft.objects.for_actor(actor).filter(user=actor.user).values_list("alerted_at", flat=True).first()


def contact_draft_get(actor: Actor, draft_id: Any) -> ContactDraft:
    """A responder's unsaved contact, opened from a safety alert: by its author, or by a supervisor
    of the organisation (who may be on the phone with them); read-audited."""
    drafts = ContactDraft.objects.for_actor(actor).select_related("user")
    return get_or_deny(actor, drafts if actor.can(SUPERVISE) else drafts.filter(user=actor.user), draft_id,
                       object_type="contact_draft")


def contact_merges(contact: HelplineContact) -> list:
    return list(contact.merges.select_related("duplicate", "merged_by").order_by("merged_at"))


def open_follow_ups(actor: Actor) -> QuerySet[FollowUp]:
    return FollowUp.objects.for_actor(actor).filter(assigned_to=actor.user, done_at__isnull=True)


def awaiting_consultation(actor: Actor) -> QuerySet[HelplineContact]:
    """Contacts with a safety concern and no consultation recorded yet (R1)."""
    return contacts_visible_to(actor).filter(emergency_alerted_at__isnull=False, consulted_at__isnull=True)


def help_requests_waiting(actor: Actor) -> QuerySet[HelpRequest]:
    """New web requests nobody has claimed, and the ones the actor claimed, oldest first."""
    requests = HelpRequest.objects.for_actor(actor)
    if not actor.can(ANSWER):
        return requests.none()
    return requests.filter(
        Q(status=HelpRequest.Status.NEW) | Q(status=HelpRequest.Status.CLAIMED, claimed_by=actor.user)
    ).order_by("created_at")


def help_requests_new_since(actor: Actor, since) -> int:
    """How many web requests have come in since the helpline page was drawn: a count, nothing more."""
    if not actor.can(ANSWER):
        return 0
    return HelpRequest.objects.for_actor(actor).filter(status=HelpRequest.Status.NEW,
                                      created_at__gt=since).count()


def help_request_get(actor: Actor, request_id, *, lock: bool = False) -> HelpRequest:
    """Any web request of the organisation, for the helpline; another organisation's is not found."""
    requests = HelpRequest.objects.for_actor(actor) if actor.can(ANSWER) else HelpRequest.objects.none()
    return get_or_deny(actor, requests.select_for_update() if lock else requests, request_id,
                       object_type="help_request", audit_action=None)


def help_request_to_answer(actor: Actor, request_id, *, lock: bool = False) -> HelpRequest:
    """A web request the actor has claimed and not yet answered; anything else is not found, so
    another organisation's or a colleague's request reveals nothing."""
    requests = (HelpRequest.objects.for_actor(actor).filter(status=HelpRequest.Status.CLAIMED, claimed_by=actor.user)
                if actor.can(ANSWER) else HelpRequest.objects.none())
    return get_or_deny(actor, requests.select_for_update() if lock else requests, request_id,
                       object_type="help_request", audit_action=None)


def guidance_for(actor: Actor, term_ids) -> list[TaxonomyTerm]:
    ids = integer_ids(term_ids)
    return list(TaxonomyTerm.objects.for_actor(actor).filter(pk__in=ids)
                .exclude(guidance="").order_by("vocabulary", "position"))


def terms_for(actor: Actor, vocabulary: str) -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.for_actor(actor).filter(vocabulary=vocabulary, active=True)


def caller_digests(actor: Actor, *, phone: str = "", email: str = "") -> list[str]:
    """The blind-index digests a caller with this phone or e-mail is recognised by (contacts, flags)."""
    org = actor.organization
    return blind_index.lookup(org, "phone", phone) + blind_index.lookup(org, "email", email)


def earlier_contacts(actor: Actor, digests: list[str], *, before: HelplineContact | None = None,
                     limit: int = 10) -> list[HelplineContact]:
    """Contacts from the same phone or e-mail (exact match through the blind index) received before
    the contact in hand (all of them while a new contact is being typed)."""
    if not digests:
        return []
    contacts = contacts_visible_to(actor).filter(Q(caller_phone_digest__in=digests) | Q(caller_email_digest__in=digests))
    if before is not None:
        contacts = contacts.filter(received_at__lt=before.received_at).exclude(pk=before.pk)
    return list(contacts.select_related("case").order_by("-received_at")[:limit])


def attachable_family_cases(actor: Actor, earlier: list[HelplineContact]) -> list:
    """The open family cases earlier contacts from this caller belong to that the actor may add a contact
    to (on the team with a writing role, a supervisor, or a write grant): offered on the contact page
    as "Attach to family case …". Anything else is not offered, not even by its reference."""
    ids = {contact.case_id for contact in earlier if contact.case_id}
    if not ids:
        return []
    cases = (cases_visible_to(actor).filter(pk__in=ids, kind=CaseKind.FAMILY_SUPPORT)
             .exclude(status__in=(CaseStatus.RESOLVED, CaseStatus.CLOSED)).order_by("-opened_at"))
    return [case for case in cases if case_access(actor, case).write_notes]


def active_flags(actor: Actor, digests: list[str]) -> list:
    if not digests:
        return []
    return list(CallerFlag.objects.for_actor(actor).filter(digest__in=digests,
                                          until__gt=timezone.now()).order_by("-until"))


def flags_on_requests(actor: Actor, requests) -> dict:
    """The active flag (a block first) on each web request whose phone or e-mail belongs to a
    flagged caller, so nobody calls back a blocked caller without knowing. One query."""
    digests = {r.pk: caller_digests(actor, phone=r.phone or "", email=r.email or "") for r in requests}
    flags = active_flags(actor, [d for ds in digests.values() for d in ds])
    found = {}
    for pk, own in digests.items():
        mine = sorted((f for f in flags if f.digest in own), key=lambda f: not f.block)
        if mine:
            found[pk] = mine[0]
    return found


# ---- quality review -------------------------------------------------------------------------

def review_definition(actor: Actor) -> dict:
    """The questions a review asks now: the organisation's current version of the quality review, or,
    before its first review, the definition the helpline ships (which becomes its version 1 then)."""
    version = current_version_of(actor.organization, questionnaires.REVIEW)
    return version.definition if version else questionnaires.packaged(questionnaires.REVIEW)


def reviews_visible_to(actor: Actor) -> QuerySet:
    """Supervisors see every review in their organisation; a responder sees the feedback on their own
    contacts and nobody else's (it is about their work, not the caller)."""
    reviews = ContactReview.objects.for_actor(actor)
    if actor.can(SUPERVISE):
        return reviews
    return reviews.filter(responder=actor.user) if actor.can(ANSWER) else reviews.none()


def contact_reviews(actor: Actor, contact: HelplineContact) -> list:
    """The reviews of a contact the actor may read, each with `answer_rows`: its answers under the
    questions of the version it was answered on, (question, answer) in the version's order."""
    reviews = list(reviews_visible_to(actor).filter(contact=contact)
                   .select_related("reviewer", "response__version").order_by("created_at"))
    for review in reviews:
        review.answer_rows = review_answer_rows(review)
    return reviews


def review_answer_rows(review: ContactReview) -> list[tuple[str, str]]:
    if review.response is None:
        return []
    definition, answers = review.response.version.definition, review.response.answer_data
    visible = spec.visible_keys(definition, answers)
    return [(spec.label_text(item["label"]), spec.display_answer(item, answers.get(item["key"])) or "—")
            for item in spec.iter_items(definition) if item["key"] in visible]


def review_answers(review: ContactReview | None) -> dict:
    """The answers of a review (keyed by item), for its supervisor's form when they revise it."""
    return review.response.answer_data if review is not None and review.response is not None else {}


# The subject type `helpline_contact` (registered in apps.py): who may read and who may answer a
# questionnaire about a contact, such as its quality review. Both answer for the actor's organisation only.

def contact_subject_readable(actor: Actor, contact_id: str) -> bool:
    """Supervisors, about any contact of their organisation; a responder, about the contacts they took
    (a merged duplicate's reviews stay about the contact its responder took)."""
    if not is_uuid(contact_id) or not actor.can(ANSWER):
        return False
    contacts = HelplineContact.objects.for_actor(actor).filter(pk=contact_id)
    if not actor.can(SUPERVISE):
        contacts = contacts.filter(responder=actor.user)
    return contacts.exists()


def contact_subject_writable(actor: Actor, contact_id: str) -> bool:
    """Supervisors review the contacts others took (not merged away), never their own."""
    return (is_uuid(contact_id) and actor.can(SUPERVISE) and contacts_visible_to(actor)
            .filter(pk=contact_id).exclude(responder=actor.user).exists())


def contact_subject_reference(actor: Actor, contact_id: str) -> str:
    """The contact's reference, which names no one."""
    reference = (HelplineContact.objects.for_actor(actor).filter(pk=contact_id).values_list("reference", flat=True)
                 .first() if is_uuid(contact_id) else None)
    return reference or contact_id


def my_feedback(actor: Actor) -> QuerySet:
    return (reviews_visible_to(actor).filter(responder=actor.user).select_related("contact", "reviewer")
            .order_by("-updated_at"))


def unread_feedback_count(actor: Actor) -> int:
    return my_feedback(actor).filter(read_at__isnull=True).count()


SAMPLE_DAYS = 14
SAMPLE_PER_RESPONDER = 2
SAMPLE_CANDIDATES = 5000


def review_sample(actor: Actor, *, days: int = SAMPLE_DAYS, per_responder: int = SAMPLE_PER_RESPONDER) -> list:
    """A sample of recent unreviewed contacts to review, a few from each responder, never the
    supervisor's own. Drawn by a hash of the contact and the week, so the sample is random but stays
    the same all week (it does not reshuffle on every visit)."""
    if not actor.can(SUPERVISE):
        return []
    week = org_today(actor.organization).isocalendar()[:2]  # the same week for a page, the API and a test
    candidates = (contacts_visible_to(actor).filter(received_at__gte=timezone.now() - timedelta(days=days),
                                                    reviews__isnull=True)
                  .exclude(responder=actor.user).order_by("-received_at")
                  .values_list("pk", "responder_id")[:SAMPLE_CANDIDATES])
    by_responder: dict = {}
    for pk, responder_id in candidates:
        by_responder.setdefault(responder_id, []).append(pk)
    chosen = []
    for pks in by_responder.values():
        pks.sort(key=lambda pk: hashlib.sha256(f"{pk}{week}".encode()).hexdigest())
        chosen += pks[:per_responder]
    return list(contacts_visible_to(actor).filter(pk__in=chosen).select_related("responder").order_by("received_at"))


# ---- the on-call rota -------------------------------------------------------------------------

def on_call_now(organization) -> list:
    """Supervisors on call at this moment (still supervisors, still active)."""
    now = timezone.now()
    on_shift = OnCallShift.objects.filter(organization=organization, starts_at__lte=now, ends_at__gt=now)
    return list(User.objects.filter(
        pk__in=on_shift.values("supervisor_id"), is_active=True,
        memberships__organization=organization, memberships__role=ON_CALL_ROLE).distinct())


def on_call_shifts_now(organization) -> list[OnCallShift]:
    """The shifts on now, with their supervisors and the phone to reach them (one query)."""
    now = timezone.now()
    return list(OnCallShift.objects.filter(
        organization=organization, starts_at__lte=now, ends_at__gt=now, supervisor__is_active=True,
        supervisor__in=User.objects.filter(memberships__organization=organization, memberships__role=ON_CALL_ROLE),
    ).select_related("supervisor").order_by("starts_at"))


def on_call_shifts(actor: Actor) -> QuerySet:
    """Current and coming shifts, for anyone on the helpline and the organisation admins."""
    shifts = OnCallShift.objects.for_actor(actor).filter(ends_at__gt=timezone.now())
    if not actor.can(SEE_ROTA):
        return shifts.none()
    return shifts.select_related("supervisor").order_by("starts_at")


# ---- the anonymous survey -------------------------------------------------------------------------

def survey_definition(token: str) -> dict | None:
    """The questions of the survey a link opens (for its public page; it names nobody): the
    organisation's current version of the survey, or the definition the helpline ships before its first
    use. None when the link is unknown or already used."""
    invitation = (SurveyInvitation.objects.filter(token=token, used_at__isnull=True).select_related("organization")
                  .first() if isinstance(token, str) else None)
    if invitation is None:
        return None
    version = current_version_of(invitation.organization, questionnaires.SURVEY)
    return version.definition if version else questionnaires.packaged(questionnaires.SURVEY)


def survey_organization(token: str) -> Organization | None:
    """The organisation a survey link belongs to, used or not (its public page speaks the organisation's
    language and leaves to its quick-exit address); None for an unknown link."""
    invitation = (SurveyInvitation.objects.filter(token=token).select_related("organization").first()
                  if isinstance(token, str) else None)
    return invitation.organization if invitation else None
