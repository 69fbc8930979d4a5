"""Helpline contacts: logging, the emergency path (H4, R1–R3), follow-ups. Services, one transaction each."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.cases.models import Case
from offramp.core.access import Actor, Forbidden, NotFound, audit_denial, deny, require_role
from offramp.core.audit import Action, audit_record
from offramp.core.calendar import moment_problem
from offramp.core.db import integer_ids
from offramp.core.models import Membership, Role, TaxonomyTerm, User
from offramp.core.selectors import staff_member_by_email
from offramp.core.services import next_reference, notification_send
from offramp.core.text import clean_line

from . import vocabularies
from .models import (
    SAFETY_FLAGS,
    CallerRelationship,
    ContactAddendum,
    ContactChannel,
    ContactDraft,
    ContactMerge,
    ContactReview,
    FollowUp,
    HelplineContact,
    HelpRequest,
    Resource,
)
from .selectors import (
    HELPLINE_ROLES,
    contact_get,
    contacts_visible_to,
    help_request_get,
    help_request_to_answer,
    on_call_now,
)

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
FUTURE_TOLERANCE = timedelta(minutes=5)


def _audit(actor: Actor, action: str, object_type: str, object_id, **detail) -> None:
    audit_record(actor=actor.user, organization=actor.organization, action=action,
                 object_type=object_type, object_id=object_id, detail=detail or None)


def _resources(actor: Actor, field: str, ids) -> list[Resource]:
    """Directory entries of the actor's organisation, every one of them, or a message on `field`."""
    resources = list(Resource.objects.filter(organization=actor.organization, pk__in=list(ids)))
    if len(resources) != len(set(map(str, ids))):
        raise ValidationError({field: _("Choose resources from your directory.")})
    return resources


def _terms(actor: Actor, field: str, ids) -> list[TaxonomyTerm]:
    ids = [str(i) for i in ids or []]
    terms = list(TaxonomyTerm.objects.filter(organization=actor.organization, vocabulary=TERM_FIELDS[field],
                                             pk__in=integer_ids(ids)))
    if len(terms) != len(set(ids)):
        raise ValidationError({field: _("Choose from your organisation's list.")})
    return terms


def contact_log(*, actor: Actor, channel: str, caller_relationship: str, received_at: datetime | None = None,
                inbound: bool = True, terms: dict | None = None, resource_ids=(), draft_key: str = "",
                leave_unassigned: bool = False, help_request=None, **fields) -> HelplineContact:
    """Log a contact. Any safety "yes" opens the emergency path at once, in this same request:
    supervisors are alerted in the app (and by e-mail after commit), and the page shows the
    organisation's guidance. Nothing here waits for a background worker.

    The responder who logs it carries it forward, unless they leave it for the team to claim
    (a voicemail or e-mail noted by someone who will not be the one to call back).

    Logged as the call-back of a web request (`help_request`, one the actor has claimed), the
    request is answered by this contact and leaves the queue."""
    require_role(actor, *HELPLINE_ROLES)
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
    if errors:
        raise ValidationError(errors)
    if help_request:
        _check_help_request(actor, help_request)
    with transaction.atomic():
        answered = help_request and help_request_to_answer(actor, help_request, lock=True)
        contact = HelplineContact(
            organization=actor.organization, channel=channel, inbound=inbound, received_at=received_at,
            responder=actor.user, caller_relationship=caller_relationship,
            assigned_to=None if leave_unassigned else actor.user,
            reference=next_reference(organization=actor.organization, kind="contact", prefix="HL"),
        )
        for name in PLAIN_FIELDS:
            if name in fields and name != "caller_relationship":
                setattr(contact, name, fields[name])
        for name in ENCRYPTED_FIELDS:
            setattr(contact, name, (fields.get(name) or "").strip())
        contact.save()  # the caller's phone and e-mail are blind-indexed on save (BlindIndexField)
        for field, ids in (terms or {}).items():
            getattr(contact, field).set(_terms(actor, field, ids))
        if resource_ids:
            contact.resources_given.set(_resources(actor, "resources_given", resource_ids))
        _audit(actor, Action.CREATE, "helpline_contact", contact.pk, safety=contact.safety_concern)
        if answered:
            answered.status, answered.contact = HelpRequest.Status.DONE, contact
            answered.save(update_fields=["status", "contact"])
            _audit(actor, Action.UPDATE, "help_request", answered.pk, status=answered.status, contact=str(contact.pk))
        contact_draft_discard(actor=actor, form_key=draft_key)
        if contact.safety_concern:
            _emergency_path(actor, contact)
    return contact


def _check_help_request(actor: Actor, request_id) -> None:
    """Before anything is written: a request reassigned or answered meanwhile gets a message on the
    form (what was typed stays), and the refusal is audited outside the transaction."""
    try:
        help_request_to_answer(actor, request_id)
    except NotFound as missing:
        audit_denial(actor, missing)
        raise ValidationError({"help_request": _(
            "This web request is not waiting for your call-back: claim it on the helpline page first, "
            "or log the contact without it.")}) from None


def caller_flag_set(*, actor: Actor, contact_id, reason: str, days: int, block: bool = False) -> list:
    """A supervisor flags (or blocks) the caller of a contact for a set period, with the reason."""
    from .models import CallerFlag

    require_role(actor, Role.SUPERVISOR)
    errors = {}
    if len((reason or "").strip()) < 10:
        errors["reason"] = _("Say why, in at least 10 characters.")
    if not 1 <= int(days or 0) <= 365:
        errors["days"] = _("Choose between 1 and 365 days.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact = contact_get(actor, contact_id, audit=False)
        digests = [d for d in (contact.caller_phone_digest, contact.caller_email_digest) if d]
        if not digests:
            raise ValidationError({"reason": _("This caller left no phone or e-mail to recognise them by.")})
        until = timezone.now() + timedelta(days=int(days))
        flags = [CallerFlag.objects.create(organization=actor.organization, digest=digest, block=block,
                                           reason=reason.strip(), until=until, set_by=actor.user) for digest in digests]
        _audit(actor, Action.UPDATE, "helpline_contact", contact.pk, op="flag_caller", block=block, days=int(days))
    return flags


def _emergency_path(actor: Actor, contact: HelplineContact) -> None:
    contact.emergency_alerted_at = timezone.now()
    contact.save(update_fields=["emergency_alerted_at"])
    flags = [flag for flag in SAFETY_FLAGS if getattr(contact, flag)]
    # The supervisors on call; if the rota is empty, every supervisor rather than no one.
    supervisors = on_call_now(actor.organization) or list(User.objects.filter(
        pk__in=Membership.objects.filter(organization=actor.organization, role=Role.SUPERVISOR).values("user_id"),
        is_active=True,
    ))
    contact.emergency_alerted.set(supervisors)
    for supervisor in supervisors:
        notification_send(
            user=supervisor, organization=actor.organization,
            url=reverse("contact_detail", args=[contact.pk]),
            message=_("Urgent: helpline contact %(ref)s reports a safety concern. %(who)s needs a consultation now.")
            % {"ref": contact.reference, "who": actor.user.display_name},
        )
    _audit(actor, "emergency", "helpline_contact", contact.pk, flags=flags,
           alerted=[supervisor.pk for supervisor in supervisors])


def contact_addendum_add(*, actor: Actor, contact_id, text: str, resource_ids=()) -> ContactAddendum:
    """Add to a saved contact what was forgotten or learned later, and resources sent afterwards
    (added to those given, never taking any away). Anyone on the helpline who can open the contact."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what you are adding to this contact.")})
    with transaction.atomic():
        contact = contact_get(actor, contact_id, audit=False)
        resources = _resources(actor, "resource_ids", resource_ids)
        addendum = ContactAddendum.objects.create(organization=actor.organization, contact=contact,
                                                  author=actor.user, text=text)
        if resources:
            addendum.resources_added.set(resources)
            contact.resources_given.add(*resources)
        _audit(actor, Action.CREATE, "contact_addendum", addendum.pk, contact=str(contact.pk),
               resources=len(resources))
    return addendum


def contact_record_consultation(*, actor: Actor, contact_id, text: str, supervisor_email: str = "") -> HelplineContact:
    """R1: the consultation with a supervisor about a safety concern, recorded on the contact."""
    text = (text or "").strip()
    with transaction.atomic():
        contact = contact_get(actor, contact_id, audit=False)
        supervisor = actor.user if actor.has(Role.SUPERVISOR) and not supervisor_email else (
            staff_member_by_email(actor, supervisor_email) if supervisor_email else None)
        errors = {}
        if supervisor is None or not Membership.objects.filter(
                user=supervisor, organization=actor.organization, role=Role.SUPERVISOR).exists():
            errors["supervisor_email"] = _("Give the e-mail of the supervisor you consulted.")
        if len(text) < 10:
            errors["text"] = _("Record what was decided, in at least 10 characters.")
        if errors:
            raise ValidationError(errors)
        contact.consultation, contact.consulted_with, contact.consulted_at = text, supervisor, timezone.now()
        contact.save(update_fields=["consultation", "consulted_with", "consulted_at"])
        _audit(actor, Action.UPDATE, "helpline_contact", contact.pk, op="consultation")
    return contact


def follow_up_schedule(*, actor: Actor, contact_id, due_at: datetime, note: str = "",
                       assignee_email: str = "") -> FollowUp:
    with transaction.atomic():
        contact = contact_get(actor, contact_id, audit=False)
        # Only someone who can open the contact takes it forward.
        assignee = _helpline_member(actor, assignee_email) if assignee_email else actor.user
        errors = {}
        if due_at is None or due_at < timezone.now() - FUTURE_TOLERANCE:
            errors["due_at"] = _("A follow-up is due in the future.")
        elif moment_problem(due_at):
            errors["due_at"] = moment_problem(due_at)
        if errors:
            raise ValidationError(errors)
        follow_up = FollowUp.objects.create(organization=actor.organization, contact=contact, assigned_to=assignee,
                                            due_at=due_at, note=(note or "").strip())
        _audit(actor, Action.CREATE, "follow_up", follow_up.pk, contact=str(contact.pk))
    return follow_up


def follow_up_complete(*, actor: Actor, follow_up_id) -> FollowUp:
    with transaction.atomic():
        follow_up = FollowUp.objects.filter(pk=follow_up_id, organization=actor.organization,
                                            done_at__isnull=True).first()
        if follow_up is None:
            raise NotFound
        contact_get(actor, follow_up.contact_id, audit=False)
        if follow_up.assigned_to_id != actor.user.pk and not actor.has(Role.SUPERVISOR):
            raise Forbidden  # a colleague's promise is theirs to keep (or their supervisor's to close)
        follow_up.done_at = timezone.now()
        follow_up.save(update_fields=["done_at"])
        _audit(actor, Action.UPDATE, "follow_up", follow_up.pk, op="done")
    return follow_up


# The caller's relationship to the person of concern, as a relationship between two people.
RELATIONSHIP_KINDS = {
    "parent": "parent", "sibling": "sibling", "partner": "partner", "child": "child",
    "friend": "friend", "teacher": "teacher",
}


def contact_open_family_case(*, actor: Actor, contact_id) -> Case:
    """H2: turn a contact into a family-support case. The caller becomes the client, the person
    of concern a participant; their relationship and the caller's contact details come along."""
    from offramp.cases.models import CaseKind, ParticipantRole
    from offramp.cases.services import case_open
    from offramp.people.services import person_create, relationship_add

    with transaction.atomic():
        contact = contact_get(actor, contact_id, audit=False)
        if contact.case is not None:
            raise ValidationError(_("This contact is already part of case %(ref)s.") % {"ref": contact.case.reference})
        caller_contacts = [{"kind": kind, "value": value} for kind, value in
                           (("phone", contact.caller_phone), ("email", contact.caller_email)) if value]
        caller = person_create(actor=actor, given_name=contact.caller_name or _("Anonymous caller"),
                               contacts=caller_contacts)
        participants = [(caller.pk, ParticipantRole.CLIENT)]
        if contact.caller_relationship != "self":
            concern = person_create(actor=actor, given_name=contact.concern_name or _("Person of concern"))
            participants.append((concern.pk, ParticipantRole.PERSON_OF_CONCERN))
            if contact.caller_relationship in RELATIONSHIP_KINDS:
                relationship_add(actor=actor, person_id=caller.pk, other_id=concern.pk,
                                 kind=RELATIONSHIP_KINDS[contact.caller_relationship])
        case = case_open(actor=actor, kind=CaseKind.FAMILY_SUPPORT, participants=participants,
                         summary=_("Opened from helpline contact %(ref)s.") % {"ref": contact.reference})
        contact.case = case
        contact.save(update_fields=["case"])
        _audit(actor, Action.UPDATE, "helpline_contact", contact.pk, op="open_case", case=str(case.pk))
    return case


def contact_attach_to_case(*, actor: Actor, contact_id, case_reference: str) -> Case:
    """A later contact joins an existing case and shows in its timeline."""
    from offramp.cases.selectors import case_get, cases_visible_to

    with transaction.atomic():
        contact = contact_get(actor, contact_id, audit=False)
        case = cases_visible_to(actor).filter(reference__iexact=case_reference.strip()).first()
        if case is None:
            raise ValidationError({"case_reference": _("No case you are on has that reference.")})
        case_get(actor, case.pk, need="write_notes", audit_action=None)
        contact.case = case
        contact.save(update_fields=["case"])
        _audit(actor, Action.UPDATE, "helpline_contact", contact.pk, op="attach_case", case=str(case.pk))
    return case


def contact_claim(*, actor: Actor, contact_id) -> HelplineContact:
    """A responder takes on a contact nobody has taken yet."""
    with transaction.atomic():
        contact = _locked_contact(actor, contact_id)
        if contact.assigned_to_id not in (None, actor.user.pk) and contact.assigned_to is not None:
            raise ValidationError(_("%(name)s has already taken this contact.") % {
                "name": contact.assigned_to.display_name})
        contact.assigned_to = actor.user
        contact.save(update_fields=["assigned_to"])
        _audit(actor, Action.UPDATE, "helpline_contact", contact.pk, op="claim")
    return contact


def contact_assign(*, actor: Actor, contact_id, assignee_email: str) -> HelplineContact:
    """A supervisor hands a contact to a responder (or another supervisor), who is told in the app."""
    require_role(actor, Role.SUPERVISOR)
    with transaction.atomic():
        contact = _locked_contact(actor, contact_id)
        assignee = _helpline_member(actor, assignee_email)
        contact.assigned_to = assignee
        contact.save(update_fields=["assigned_to"])
        if assignee != actor.user:
            notification_send(user=assignee, organization=actor.organization,
                              url=reverse("contact_detail", args=[contact.pk]),
                              message=_("%(who)s gave you helpline contact %(ref)s to take forward.") % {
                                  "who": actor.user.display_name, "ref": contact.reference})
        _audit(actor, Action.UPDATE, "helpline_contact", contact.pk, op="assign", to=assignee.pk)
    return contact


def contact_release(*, actor: Actor, contact_id) -> HelplineContact:
    """Hand a contact back to the team's unassigned list (its assignee, or a supervisor)."""
    with transaction.atomic():
        contact = _locked_contact(actor, contact_id)
        if contact.assigned_to_id != actor.user.pk and not actor.has(Role.SUPERVISOR):
            raise ValidationError(_("Only the person it is assigned to, or a supervisor, can hand it back."))
        contact.assigned_to = None
        contact.save(update_fields=["assigned_to"])
        _audit(actor, Action.UPDATE, "helpline_contact", contact.pk, op="release")
    return contact


def _helpline_member(actor: Actor, email: str) -> User:
    member = staff_member_by_email(actor, email)
    if member is None or not Membership.objects.filter(
            user=member, organization=actor.organization, role__in=HELPLINE_ROLES).exists():
        raise ValidationError({"assignee_email": _("Give the e-mail of a helpline responder or supervisor "
                                                   "of your organisation.")})
    return member


def _locked_contact(actor: Actor, contact_id) -> HelplineContact:
    contact = contact_get(actor, contact_id, audit=False)
    return HelplineContact.objects.select_for_update(of=("self",)).select_related("assigned_to").get(pk=contact.pk)


# What a merge carries from the duplicate when the surviving contact has nothing of its own.
MERGE_FILL_FIELDS = ("caller_name", "caller_phone", "caller_email", "concern_name", "concern_age_band",
                     "concern_gender", "concern_region", "consultation", "consulted_with", "consulted_at",
                     "emergency_alerted_at", "assigned_to", "case")
MERGE_JOIN_FIELDS = ("summary", "openings")  # both kept, the duplicate's marked with its reference


def contact_merge(*, actor: Actor, contact_id, duplicate_reference: str, reason: str) -> ContactMerge:
    """Fold a duplicate contact (the same conversation logged twice) into this one. Nothing is lost:
    concerns, coaching, resources and safety answers are combined, blanks filled, both narratives
    kept, follow-ups and reviews moved; the duplicate stays on record, pointing here, and the merge
    is recorded with who, when and why. Supervisors merge any contact; a responder merges
    duplicates they logged themselves."""
    require_role(actor, *HELPLINE_ROLES)
    reason = (reason or "").strip()
    with transaction.atomic():
        survivor = _locked_contact(actor, contact_id)
        duplicate = (contacts_visible_to(actor).select_for_update()
                     .filter(reference__iexact=(duplicate_reference or "").strip()).first())
        errors = {}
        if duplicate is None:
            errors["duplicate_reference"] = _("No contact of your organisation has that reference.")
        elif duplicate.pk == survivor.pk:
            errors["duplicate_reference"] = _("A contact cannot be merged into itself.")
        elif duplicate.case_id and survivor.case_id and duplicate.case_id != survivor.case_id:
            errors["duplicate_reference"] = _("The two contacts belong to different cases; a supervisor must "
                                              "move one of them first.")
        elif duplicate.responder_id != actor.user.pk and not actor.has(Role.SUPERVISOR):
            errors["duplicate_reference"] = _("You can merge only duplicates you logged yourself; ask a supervisor.")
        if len(reason) < 10:
            errors["reason"] = _("Say why these are the same contact, in at least 10 characters.")
        if errors or duplicate is None:  # no duplicate is always one of the errors
            raise ValidationError(errors)
        carried = _merge_into(survivor, duplicate)
        merge = ContactMerge.objects.create(organization=actor.organization, survivor=survivor, duplicate=duplicate,
                                            merged_by=actor.user, reason=reason, carried=carried)
        for contact, role in ((survivor, "survivor"), (duplicate, "duplicate")):
            _audit(actor, Action.UPDATE, "helpline_contact", contact.pk, op="merge", role=role,
                   survivor=str(survivor.pk), duplicate=str(duplicate.pk), carried=carried)
    return merge


def _merge_into(survivor: HelplineContact, duplicate: HelplineContact) -> list[str]:
    carried = []
    for name in MERGE_FILL_FIELDS:
        if not getattr(survivor, name) and getattr(duplicate, name):
            setattr(survivor, name, getattr(duplicate, name))
            carried.append(name)
    for name in MERGE_JOIN_FIELDS:
        theirs = getattr(duplicate, name)
        if theirs:
            ours = getattr(survivor, name)
            setattr(survivor, name, f"{ours}\n\n[{duplicate.reference}] {theirs}" if ours else theirs)
            carried.append(name)
    for flag in (*SAFETY_FLAGS, "ideology_unclear"):
        if getattr(duplicate, flag) and not getattr(survivor, flag):
            setattr(survivor, flag, True)
            carried.append(flag)
    survivor.received_at = min(survivor.received_at, duplicate.received_at)
    _index_caller_from_digests(survivor, duplicate)
    survivor.save()
    for field in (*TERM_FIELDS, "resources_given"):
        added = set(getattr(duplicate, field).values_list("pk", flat=True)) - set(
            getattr(survivor, field).values_list("pk", flat=True))
        if added:
            getattr(survivor, field).add(*added)
            carried.append(field)
    if duplicate.follow_ups.update(contact=survivor):
        carried.append("follow_ups")
    reviewers = set(survivor.reviews.values_list("reviewer_id", flat=True))
    if ContactReview.objects.filter(contact=duplicate).exclude(reviewer_id__in=reviewers).update(contact=survivor):
        carried.append("reviews")
    if duplicate.addenda.update(contact=survivor):
        carried.append("addenda")
    HelpRequest.objects.filter(contact=duplicate).update(contact=survivor)
    duplicate.merged_into = survivor
    duplicate.assigned_to = None
    duplicate.save(update_fields=["merged_into", "assigned_to"])
    return carried


def _index_caller_from_digests(survivor: HelplineContact, duplicate: HelplineContact) -> None:
    """The survivor is recognised by either contact's phone or e-mail."""
    survivor.caller_phone_digest = survivor.caller_phone_digest or duplicate.caller_phone_digest
    survivor.caller_email_digest = survivor.caller_email_digest or duplicate.caller_email_digest


def help_request_claim(*, actor: Actor, request_id) -> HelpRequest:
    """A responder takes a web request; it leaves the unassigned list."""
    return _help_request_move(actor, request_id, HelpRequest.Status.NEW, HelpRequest.Status.CLAIMED)


def help_request_assign(*, actor: Actor, request_id, assignee_email: str) -> HelpRequest:
    """A supervisor gives a web request to a responder, who is told in the app."""
    require_role(actor, Role.SUPERVISOR)
    with transaction.atomic():
        help_request = help_request_get(actor, request_id, lock=True)
        if help_request.status == HelpRequest.Status.DONE:
            raise ValidationError(_("This request has already been answered."))
        assignee = _helpline_member(actor, assignee_email)
        help_request.status, help_request.claimed_by = HelpRequest.Status.CLAIMED, assignee
        help_request.claimed_at = help_request.claimed_at or timezone.now()
        help_request.save(update_fields=["status", "claimed_by", "claimed_at"])
        if assignee != actor.user:
            notification_send(user=assignee, organization=actor.organization, url=reverse("helpline_queue"),
                              message=_("%(who)s gave you web request %(ref)s: call them back.") % {
                                  "who": actor.user.display_name, "ref": help_request.reference})
        _audit(actor, Action.UPDATE, "help_request", help_request.pk, status="claimed", to=assignee.pk)
    return help_request


def help_request_done(*, actor: Actor, request_id) -> HelpRequest:
    """Only whoever claimed it (or a supervisor) closes a web request; to anyone else it is not there."""
    return _help_request_move(actor, request_id, HelpRequest.Status.CLAIMED, HelpRequest.Status.DONE)


def _help_request_move(actor: Actor, request_id, from_status: str, to_status: str) -> HelpRequest:
    require_role(actor, *HELPLINE_ROLES)
    with transaction.atomic():
        help_request = help_request_get(actor, request_id, lock=True)
        if (to_status == HelpRequest.Status.DONE and help_request.claimed_by_id != actor.user.pk
                and not actor.has(Role.SUPERVISOR)):
            deny("help_request", request_id)
        if help_request.status != from_status:
            raise ValidationError(_("Someone else has already taken this request."))
        help_request.status = to_status
        if to_status == HelpRequest.Status.CLAIMED:
            help_request.claimed_by, help_request.claimed_at = actor.user, timezone.now()
        help_request.save(update_fields=["status", "claimed_by", "claimed_at"])
        _audit(actor, Action.UPDATE, "help_request", help_request.pk, status=to_status)
    return help_request


DRAFT_MAX_BYTES = 64 * 1024


def contact_draft_save(*, actor: Actor, data: dict) -> bool:
    """Autosave of the contact screen (no audit event: it is the responder's own unsent typing).

    An autosave that arrives after its form was saved as a contact is ignored, so a request
    still in flight when the responder pressed Save cannot bring the draft back."""
    import json

    require_role(actor, *HELPLINE_ROLES)
    form_key = str(data.get("draft_key") or "")[:40]
    payload = json.dumps({key: value for key, value in data.items() if key not in ("csrfmiddlewaretoken", "draft_key")})
    if len(payload) > DRAFT_MAX_BYTES:
        raise ValidationError(_("The draft is too large to save."))
    with transaction.atomic():
        draft, _created = ContactDraft.objects.select_for_update().get_or_create(
            organization=actor.organization, user=actor.user)
        if form_key and draft.closed_key == form_key:
            return False
        draft.data, draft.form_key, draft.updated_at = payload, form_key, timezone.now()
        draft.save(update_fields=["data", "form_key", "updated_at"])
    return True


def contact_draft_load(*, actor: Actor) -> dict:
    import json

    draft = ContactDraft.objects.filter(organization=actor.organization, user=actor.user).first()
    return json.loads(draft.data) if draft and draft.data else {}


def contact_draft_discard(*, actor: Actor, form_key: str = "") -> None:
    """Forget the draft; remember which form it came from so late autosaves of it are ignored."""
    ContactDraft.objects.filter(organization=actor.organization, user=actor.user).update(
        data=None, closed_key=str(form_key)[:40], form_key="")
