"""The contact log: logging a contact (and, logged as its call-back, answering a web request), the
emergency path a safety concern opens at once (H4, R1–R3), the consultation recorded after it,
additions to a saved contact, and a family-support case opened from a contact or joined by it (H2)."""

import functools
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, ParamSpec, cast
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.cases.models import Case, CaseKind, CaseTeamMember, ParticipantRole, TeamRole
from offramp.cases.selectors import case_get, cases_visible_to
from offramp.cases.services import case_open_within
from offramp.core.access import Actor, NotFound, audit_denial, require
from offramp.core.audit import Action
from offramp.core.calendar import moment_problem
from offramp.core.db import integer_ids
from offramp.core.models import TaxonomyTerm
from offramp.core.selectors import colleagues
from offramp.core.services import (
    consultation_confirm_within,
    consultation_record_within,
    next_reference_within,
    notification_send_within,
)
from offramp.core.text import clean_line, email_problem, phone_problem
from offramp.people.services import person_create_within, relationship_add_within

from .. import vocabularies
from ..models import (
    SAFETY_FLAGS,
    CallerRelationship,
    ContactAddendum,
    ContactChannel,
    HelplineContact,
    HelpRequest,
    Resource,
)
from ..permissions import ANSWER, SUPERVISE
from ..selectors import contact_get, help_request_to_answer
from ._common import (
    FUTURE_TOLERANCE,
    audit,
    draft_close,
    due_problem,
    locked_contact,
    safety_recipients,
)
from .follow_ups import follow_up_schedule_within

TERM_FIELDS = {
    "ideologies": vocabularies.IDEOLOGY,
    "signs": vocabularies.SIGN,
    "needs": vocabularies.NEED,
    "coaching_topics": vocabularies.COACHING_TOPIC,
}
PLAIN_FIELDS = ("caller_relationship", "concern_age_band", "concern_gender", "concern_region", "ideology_unclear",
                *SAFETY_FLAGS)
NAME_FIELDS = ("caller_name", "concern_name", "concern_gender", "concern_region")
ENCRYPTED_FIELDS = ("caller_name", "caller_phone", "caller_email", "concern_name", "openings", "summary")

P = ParamSpec("P")


def _resources(actor: Actor, field: str, ids: Iterable[UUID | str]) -> list[Resource]:
    """Directory entries of the actor's organisation, every one of them, or a message on `field`."""
    ids = list(ids)
    resources = list(Resource.objects.for_actor(actor).filter(pk__in=ids))
    if len(resources) != len(set(map(str, ids))):
        raise ValidationError({field: _("Choose resources from your directory.")})
    return resources


def _terms(actor: Actor, field: str, ids: Iterable[int | str] | None) -> list[TaxonomyTerm]:
    wanted = [str(i) for i in ids or []]
    terms = list(TaxonomyTerm.objects.for_actor(actor).filter(vocabulary=TERM_FIELDS[field],
                                             pk__in=integer_ids(wanted)))
    if len(terms) != len(set(wanted)):
        raise ValidationError({field: _("Choose from your organisation's list.")})
    return terms


class _CallBackRefused(ValidationError):
    """A web request the actor may not answer (reassigned or answered meanwhile, or never theirs): a
    message on the form, which keeps what was typed, and a denial audited once the contact's
    transaction has rolled back."""

    def __init__(self, denial: NotFound) -> None:
        super().__init__({"help_request": _(
            "This web request is not waiting for your call-back: claim it on the helpline page first, "
            "or log the contact without it.")})
        self.denial = denial


def _refused_call_back_audited(log: Callable[P, HelplineContact]) -> Callable[P, HelplineContact]:
    """Inside the transaction the audit record would roll back with the contact; out here it stays."""
    @functools.wraps(log)
    def logged(*args: P.args, **kwargs: P.kwargs) -> HelplineContact:
        try:
            return log(*args, **kwargs)
        except _CallBackRefused as refused:
            audit_denial(cast(Actor, kwargs["actor"]), refused.denial)
            raise
    return logged


@_refused_call_back_audited
@transaction.atomic(durable=True)
def contact_log(*, actor: Actor, channel: str, caller_relationship: str, received_at: datetime | None = None,
                inbound: bool = True, terms: dict[str, Iterable[int | str]] | None = None,
                resource_ids: Iterable[UUID | str] = (), draft_key: str = "", leave_unassigned: bool = False,
                help_request: UUID | str | None = None, safety_unasked: Iterable[str] = (),
                safety_unasked_reason: str = "", follow_up_at: datetime | None = None,
                **fields: Any) -> HelplineContact:
    """Log a contact. Any safety "yes" opens the emergency path at once, in this same request:
    supervisors are alerted in the app (and by e-mail after commit), and the page shows the
    organisation's guidance. Nothing here waits for a background worker.

    The responder who logs it carries it forward, unless they leave it for the team to claim
    (a voicemail or e-mail noted by someone who will not be the one to call back).

    Logged as the call-back of a web request (`help_request`, one the actor has claimed), the
    request is answered by this contact and leaves the queue.

    Each safety question is answered: its flag true (yes), named in `safety_unasked` (not asked,
    with `safety_unasked_reason`), or otherwise no.

    A `follow_up_at` schedules a follow-up by then for whoever carries the contact (the responder, or
    nobody's until claimed: then the responder who promised it), saved with the contact or not at all."""
    require(actor, ANSWER)
    received_at = received_at or timezone.now()
    errors: dict[str, str | list[str]] = {}
    if channel not in ContactChannel.values:
        errors["channel"] = _("Choose how they got in touch.")
    if caller_relationship not in CallerRelationship.values:
        errors["caller_relationship"] = _("Choose who the caller is to the person of concern (or 'Self').")
    if moment_problem(received_at):
        errors["received_at"] = moment_problem(received_at)
    elif received_at > timezone.now() + FUTURE_TOLERANCE:
        errors["received_at"] = _("A contact cannot be in the future.")
    for name in NAME_FIELDS:
        try:
            fields[name] = clean_line(fields.get(name), field=name)
        except ValidationError as error:
            errors.update(error.message_dict)
    for name, problem in (
        ("caller_phone", phone_problem(str(fields.get("caller_phone") or "").strip(),
                                       country=actor.organization.country)),
        ("caller_email", email_problem(str(fields.get("caller_email") or "").strip())),
    ):
        if problem:
            errors[name] = problem
    unasked, unasked_problems = _safety_unasked(fields, safety_unasked, safety_unasked_reason)
    errors.update(unasked_problems)
    if follow_up_at is not None and due_problem(follow_up_at):
        errors["follow_up_at"] = cast(str, due_problem(follow_up_at))
    if errors:
        raise ValidationError(errors)
    answered = _call_back_answered(actor, help_request) if help_request else None
    contact = HelplineContact(
        organization=actor.organization, channel=channel, inbound=inbound, received_at=received_at,
        responder=actor.user, caller_relationship=caller_relationship,
        assigned_to=None if leave_unassigned else actor.user,
        reference=next_reference_within(organization=actor.organization, kind="contact", prefix="HL"),
    )
    for name in PLAIN_FIELDS:
        if name in fields and name != "caller_relationship":
            setattr(contact, name, fields[name])
    for name in ENCRYPTED_FIELDS:
        setattr(contact, name, (fields.get(name) or "").strip())
    contact.safety_unasked = unasked
    contact.safety_unasked_reason = (safety_unasked_reason or "").strip() if unasked else ""
    contact.save()  # the caller's phone and e-mail are blind-indexed on save (BlindIndexField)
    for field, ids in (terms or {}).items():
        getattr(contact, field).set(_terms(actor, field, ids))
    if resource_ids:
        contact.resources_given.set(_resources(actor, "resources_given", resource_ids))
    audit(actor, Action.CREATE, "helpline_contact", contact.pk, safety=contact.safety_concern)
    if answered:
        answered.status, answered.contact = HelpRequest.Status.DONE, contact
        answered.save(update_fields=["status", "contact"])
        audit(actor, Action.UPDATE, "help_request", answered.pk, status=answered.status, contact=str(contact.pk))
    if follow_up_at is not None:
        follow_up_schedule_within(actor=actor, contact=contact, due_at=follow_up_at)
    alerted_from_draft = draft_close(actor, draft_key)
    if contact.safety_concern or alerted_from_draft:
        _emergency_path(actor, contact)
    return contact


def _safety_unasked(fields: dict[str, Any], unasked: Iterable[str], reason: str) -> tuple[list[str], dict[str, str]]:
    """The safety questions not asked, checked: real questions, not also answered yes, and why."""
    unasked = [str(flag) for flag in unasked or ()]
    errors: dict[str, str] = {}
    if any(flag not in SAFETY_FLAGS for flag in unasked):
        errors["safety_unasked"] = _("Name only the contact form's safety questions as not asked.")
    for flag in unasked:
        if flag in SAFETY_FLAGS and fields.get(flag):
            errors[flag] = _("A question answered yes was asked: choose yes or not asked, not both.")
    if unasked and len((reason or "").strip()) < 5:
        errors["safety_unasked_reason"] = _("Say why the safety questions were not asked (for example, the caller "
                                            "hung up).")
    return sorted(set(unasked) & set(SAFETY_FLAGS), key=SAFETY_FLAGS.index), errors


def _call_back_answered(actor: Actor, request_id: UUID | str) -> HelpRequest:
    """The web request this contact answers, locked; refused before anything is written."""
    try:
        return help_request_to_answer(actor, request_id, lock=True)
    except NotFound as missing:
        raise _CallBackRefused(missing) from None


def _emergency_path(actor: Actor, contact: HelplineContact) -> None:
    contact.emergency_alerted_at = timezone.now()
    contact.save(update_fields=["emergency_alerted_at"])
    flags = [flag for flag in SAFETY_FLAGS if getattr(contact, flag)]
    supervisors = safety_recipients(actor)
    contact.emergency_alerted.set(supervisors)
    for supervisor in supervisors:
        notification_send_within(
            user=supervisor, organization=actor.organization, urgent=True,
            url=reverse("contact_detail", args=[contact.pk]),
            message=_("Urgent: helpline contact %(ref)s reports a safety concern. %(who)s needs a consultation now.")
            % {"ref": contact.reference, "who": actor.user.display_name},
        )
    audit(actor, "emergency", "helpline_contact", contact.pk, flags=flags,
          alerted=[supervisor.pk for supervisor in supervisors])


@transaction.atomic(durable=True)
def contact_addendum_add(*, actor: Actor, contact_id: UUID | str, text: str,
                         resource_ids: Iterable[UUID | str] = ()) -> ContactAddendum:
    """Add to a saved contact what was forgotten or learned later, and resources sent afterwards
    (added to those given, never taking any away). Anyone on the helpline who can open the contact."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what you are adding to this contact.")})
    contact = contact_get(actor, contact_id, audit=False)
    resources = _resources(actor, "resource_ids", resource_ids)
    addendum = ContactAddendum.objects.create(organization=actor.organization, contact=contact,
                                              author=actor.user, text=text)
    if resources:
        addendum.resources_added.set(resources)
        contact.resources_given.add(*resources)
    audit(actor, Action.CREATE, "contact_addendum", addendum.pk, contact=str(contact.pk), resources=len(resources))
    return addendum


@transaction.atomic(durable=True)
def contact_record_consultation(*, actor: Actor, contact_id: UUID | str, text: str,
                                supervisor: int | str | None = None) -> HelplineContact:
    """R1: the consultation with a supervisor about a safety concern, recorded on the contact.

    The supervisor named confirms it from their notification; a supervisor recording their own
    consultation has confirmed it. Either way the contact's urgent alerts have been acted on."""
    contact = contact_get(actor, contact_id, audit=False)
    consulted = consultation_record_within(
        actor=actor, record=contact, text=text, supervisor=supervisor,
        candidates=colleagues(actor, SUPERVISE.roles),
        may_consult_self=actor.can(SUPERVISE), url=reverse("contact_detail", args=[contact.pk]),
        confirm_message=_("Confirm the consultation %(who)s recorded with you on helpline contact %(ref)s.")
        % {"who": actor.user.display_name, "ref": contact.reference})
    audit(actor, Action.UPDATE, "helpline_contact", contact.pk, op="consultation", supervisor=consulted.pk)
    return contact


@transaction.atomic(durable=True)
def contact_confirm_consultation(*, actor: Actor, contact_id: UUID | str) -> HelplineContact:
    """The consulted supervisor confirms the consultation recorded with them ("confirmed by … at …")."""
    contact = locked_contact(actor, contact_id)
    if consultation_confirm_within(actor=actor, record=contact, url=reverse("contact_detail", args=[contact.pk])):
        audit(actor, Action.UPDATE, "helpline_contact", contact.pk, op="consultation_confirmed")
    return contact


# The caller's relationship to the person of concern, as a relationship between two people.
RELATIONSHIP_KINDS = {
    "parent": "parent", "sibling": "sibling", "partner": "partner", "child": "child",
    "friend": "friend", "teacher": "teacher",
}


@transaction.atomic(durable=True)
def contact_open_family_case(*, actor: Actor, contact_id: UUID | str) -> Case:
    """H2: turn a contact into a family-support case. The caller becomes the client, the person
    of concern a participant; their relationship and the caller's contact details come along."""
    contact = contact_get(actor, contact_id, audit=False)
    if contact.case is not None:
        raise ValidationError(_("This contact is already part of case %(ref)s.") % {"ref": contact.case.reference})
    caller_contacts = [{"kind": kind, "value": value} for kind, value in
                       (("phone", contact.caller_phone), ("email", contact.caller_email)) if value]
    # Without a name, a placeholder kept out of lists, search and pickers until someone names them.
    caller = person_create_within(actor=actor, given_name=contact.caller_name or _("Anonymous caller"),
                                  contacts=caller_contacts, anonymous=not contact.caller_name)
    participants = [(caller.pk, ParticipantRole.CLIENT)]
    if contact.caller_relationship != "self":
        concern = person_create_within(actor=actor, given_name=contact.concern_name or _("Person of concern"),
                                       anonymous=not contact.concern_name)
        participants.append((concern.pk, ParticipantRole.PERSON_OF_CONCERN))
        if contact.caller_relationship in RELATIONSHIP_KINDS:
            relationship_add_within(actor=actor, person_id=caller.pk, other_id=concern.pk,
                                    kind=RELATIONSHIP_KINDS[contact.caller_relationship])
    case = case_open_within(actor=actor, kind=CaseKind.FAMILY_SUPPORT, participants=participants,
                            summary=_("Opened from helpline contact %(ref)s.") % {"ref": contact.reference})
    contact.case = case
    contact.save(update_fields=["case"])
    audit(actor, Action.UPDATE, "helpline_contact", contact.pk, op="open_case", case=str(case.pk))
    return case


@transaction.atomic(durable=True)
def contact_attach_to_case(*, actor: Actor, contact_id: UUID | str, case_reference: str) -> Case:
    """A later contact joins an existing case and shows in its timeline. Whoever carries the case (its
    case managers, or the supervisors managing it when it has none) is told, by the two references only:
    a notification never names anyone."""
    contact = contact_get(actor, contact_id, audit=False)
    case = cases_visible_to(actor).filter(reference__iexact=case_reference.strip()).first()
    if case is None:
        raise ValidationError({"case_reference": _("No case you are on has that reference.")})
    case_get(actor, case.pk, need="write_notes", audit_action=None)
    contact.case = case
    contact.save(update_fields=["case"])
    audit(actor, Action.UPDATE, "helpline_contact", contact.pk, op="attach_case", case=str(case.pk))
    for user in _case_carriers(case):
        if user != actor.user:
            notification_send_within(
                user=user, organization=actor.organization, url=reverse("case_detail", args=[case.pk]),
                message=_("Helpline contact %(contact)s was added to case %(case)s.")
                % {"contact": contact.reference, "case": case.reference})
    return case


def _case_carriers(case: Case) -> list:
    """Who carries a case: its case managers, or the supervisors managing it when it has none."""
    members = list(CaseTeamMember.objects.filter(case=case, removed_at__isnull=True,
                                                 role__in=(TeamRole.CASE_MANAGER, TeamRole.SUPERVISOR))
                   .select_related("user").order_by("added_at"))
    return [m.user for m in ([m for m in members if m.role == TeamRole.CASE_MANAGER] or members)
            if m.user.is_active]
