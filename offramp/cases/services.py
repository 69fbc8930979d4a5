"""Every change to cases and notes: permission-checked, validated, audited, one transaction."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import SUPERVISE, Actor, Forbidden, NotFound, require
from offramp.core.audit import Action, audit
from offramp.core.calendar import add_working_days, moment_problem
from offramp.core.grants import grant
from offramp.core.models import AccessGrant, AccessGrantKind, Membership, Role, User
from offramp.core.selectors import colleague
from offramp.core.services import next_reference_within, notification_send_within
from offramp.people.selectors import person_get

from . import gates, lifecycle, resolution
from .models import (
    Case,
    CaseKind,
    CaseParticipant,
    CaseStatus,
    CaseTeamMember,
    CaseTransition,
    Direction,
    Note,
    NoteType,
    ParticipantRole,
    ResolutionCriterion,
    ResolutionEvidence,
    ResponseClock,
    TeamRole,
)
from .permissions import (
    AUTHORISE_DELAY,
    BREAK_GLASS,
    OPEN,
    OPEN_ANY_KIND,
    TEAM_ROLE_NEEDS,
    opener_team_role,
)
from .selectors import break_glass_case, case_get, note_get, response_clock_get

CLOCK_OPENING_TYPES = (NoteType.MESSAGE, NoteType.CALL)
CLOCK_CLEARING_TYPES = (NoteType.MESSAGE, NoteType.CALL, NoteType.MEETING)
FUTURE_TOLERANCE = timedelta(minutes=5)
MIN_REASON_LENGTH = 10


def _audit(actor: Actor, action: str, object_type: str, object_id, **detail) -> None:
    audit(actor, action, object_type=object_type, object_id=object_id, detail=detail or None)


@transaction.atomic(durable=True)
def case_open(
    *, actor: Actor, kind: str, summary: str = "", restricted: bool = False,
    participants: Sequence[tuple[Any, str]] = (),
) -> Case:
    """Open a case with a fresh non-identifying reference; the opener joins its team.
    Helpline responders open family-support cases only (from a contact)."""
    return case_open_within(actor=actor, kind=kind, summary=summary, restricted=restricted, participants=participants)


def case_open_within(
    *, actor: Actor, kind: str, summary: str = "", restricted: bool = False,
    participants: Sequence[tuple[Any, str]] = (),
) -> Case:
    """case_open as a part of another service's transaction (a helpline contact's family case)."""
    require(actor, OPEN)
    if not actor.can(OPEN_ANY_KIND) and kind != CaseKind.FAMILY_SUPPORT:
        raise Forbidden
    if kind not in CaseKind.values:
        raise ValidationError({"kind": _("Choose the kind of case.")})
    with transaction.atomic():
        case = Case(
            organization=actor.organization, kind=kind, status=lifecycle.first_status(kind),
            summary=summary.strip(), restricted=restricted, created_by=actor.user, reference=next_reference_within(
                organization=actor.organization, kind="case", prefix=actor.organization.case_reference_prefix),
        )
        case.save()
        CaseTeamMember.objects.create(
            organization=actor.organization, case=case, user=actor.user,
            role=opener_team_role(actor),
        )
        for person_id, role in participants:
            _participant_add(actor, case, person_id, role)
        _audit(actor, Action.CREATE, "case", case.pk, kind=kind, restricted=restricted)
    return case


def _participant_add(actor: Actor, case: Case, person_id: UUID | str, role: str) -> CaseParticipant:
    if role not in ParticipantRole.values:
        raise ValidationError({"role": _("Choose the person's role in the case.")})
    person = person_get(actor, person_id, audit=False)  # only someone the actor may already see
    if CaseParticipant.objects.filter(case=case, person=person, role=role).exists():
        raise ValidationError({"person": _("This person already has that role in the case.")})
    return CaseParticipant.objects.create(organization=actor.organization, case=case, person=person, role=role)


@transaction.atomic(durable=True)
def case_participant_add(*, actor: Actor, case_id: UUID | str, person_id: UUID | str, role: str) -> CaseParticipant:
    case, _access = case_get(actor, case_id, need="manage", audit_action=None)
    participant = _participant_add(actor, case, person_id, role)
    _audit(actor, Action.UPDATE, "case", case.pk, op="participant_add", participant=str(participant.pk), role=role)
    return participant


@transaction.atomic(durable=True)
def case_participant_remove(*, actor: Actor, case_id: UUID | str, participant_id: UUID | str) -> None:
    case, _access = case_get(actor, case_id, need="manage", audit_action=None)
    deleted, _rows = CaseParticipant.objects.filter(pk=participant_id, case=case).delete()
    if not deleted:
        raise NotFound
    _audit(actor, Action.UPDATE, "case", case.pk, op="participant_remove", participant=str(participant_id))


@transaction.atomic(durable=True)
def case_team_add(*, actor: Actor, case_id: UUID | str, member: int | str | None, role: str,
                  profession: str = "") -> CaseTeamMember:
    """Put a colleague, picked by user id, on the case's team in a team role their organisation role fits
    (cases.permissions.TEAM_ROLE_NEEDS); anyone else, another organisation's staff or an id that names
    nobody is refused on the `member` field."""
    case, _access = case_get(actor, case_id, need="manage", audit_action=None)
    if role not in TeamRole.values:
        raise ValidationError({"role": _("Choose a team role.")})
    colleague_picked = colleague(actor, member, TEAM_ROLE_NEEDS[role])
    if colleague_picked is None:
        raise ValidationError({"member": _("That staff member does not hold a role that fits this team role.")})
    if CaseTeamMember.objects.filter(case=case, user=colleague_picked, removed_at__isnull=True).exists():
        raise ValidationError({"member": _("That staff member is already on the team.")})
    added = CaseTeamMember.objects.create(
        organization=actor.organization, case=case, user=colleague_picked, role=role, profession=profession.strip()
    )
    _audit(actor, Action.UPDATE, "case", case.pk, op="team_add", user=colleague_picked.pk, role=role)
    return added


@transaction.atomic(durable=True)
def case_team_remove(*, actor: Actor, case_id: UUID | str, member_id: int) -> None:
    case, _access = case_get(actor, case_id, need="manage", audit_action=None)
    member = CaseTeamMember.objects.filter(pk=member_id, case=case, removed_at__isnull=True).first()
    if member is None:
        raise NotFound
    member.removed_at = timezone.now()
    member.save(update_fields=["removed_at"])
    _audit(actor, Action.UPDATE, "case", case.pk, op="team_remove", user=member.user_id)


@transaction.atomic(durable=True)
def case_transition(
    *, actor: Actor, case_id: UUID | str, to_status: str, reason: str = "", closure_reason: str = "",
    evidence: dict | None = None, override_reason: str = "",
) -> Case:
    """Move a case along its lifecycle. Illegal moves are refused with a reason (ValidationError); so are
    moves another app's check refuses (cases.gates), unless a supervisor overrides them with a reason."""
    case, _access = case_get(actor, case_id, need="manage", audit_action=None)
    case = Case.objects.select_for_update().get(pk=case.pk)
    move = lifecycle.find_move(case.kind, case.status, case.status_before_pause, to_status)
    if move is None:
        current = CaseStatus(case.status).label
        target = CaseStatus(to_status).label if to_status in CaseStatus.values else to_status
        raise ValidationError({"to_status": _("A case cannot move from %(current)s to %(target)s.") % {
            "current": current, "target": target}})
    reason = reason.strip()
    errors = {}
    if move.needs_reason and len(reason) < MIN_REASON_LENGTH:
        errors["reason"] = _("Say why, in at least %(n)d characters.") % {"n": MIN_REASON_LENGTH}
    if move.needs_closure_reason and not closure_reason.strip():
        errors["closure_reason"] = _("Choose why the case is closing without resolution.")
    ticked: dict[int, str] = {}
    refused = gates.refusals(actor, case, to_status)
    if move.needs_criteria:
        criteria = list(ResolutionCriterion.objects.filter(organization=case.organization_id, kind=case.kind,
                                                           active=True))
        criteria_errors, ticked = _check_criteria(criteria, evidence or {})
        errors.update(criteria_errors)
        refused += resolution.refusals(actor, case, criteria)  # the records the criteria rest on
    override_reason = override_reason.strip()
    overridden = _gate(actor, refused, override_reason, errors)
    if errors:
        raise ValidationError(errors)
    from_status = case.status
    if to_status == CaseStatus.PAUSED:
        case.status_before_pause = from_status
    elif from_status == CaseStatus.PAUSED:
        case.status_before_pause = ""
    if to_status == CaseStatus.RESOLVED:
        for criterion_id, text in ticked.items():
            ResolutionEvidence.objects.create(
                organization=actor.organization, case=case, criterion_id=criterion_id,
                evidence=text, recorded_by=actor.user,
            )
    case.status = to_status
    if to_status == CaseStatus.CLOSED:
        case.closed_at = timezone.now()
        case.closure_reason = closure_reason.strip()
    elif move.reopens:
        case.closed_at = None
        case.closure_reason = ""
    case.updated_at = timezone.now()
    case.save(update_fields=["status", "status_before_pause", "closed_at", "closure_reason", "updated_at"])
    CaseTransition.objects.create(
        organization=actor.organization, case=case, from_status=from_status, to_status=to_status,
        actor=actor.user, reason=reason, override_reason=override_reason if overridden else "",
    )
    _audit(actor, Action.UPDATE, "case", case.pk, op="transition", from_status=from_status, to_status=to_status,
           **({"overridden": overridden} if overridden else {}))
    return case


def _gate(actor: Actor, refused: list[str], override_reason: str, errors: dict) -> list[str]:
    """What the registered checks (cases.gates, cases.resolution) say against the move: refused with their
    reasons, unless a supervisor overrides them with a written reason. Returns the reasons overridden."""
    if not refused:
        return []
    if not override_reason:
        errors["gate"] = refused
    elif not actor.can(SUPERVISE):
        errors["override_reason"] = _("Only a supervisor may move a case past what is missing.")
    elif len(override_reason) < MIN_REASON_LENGTH:
        errors["override_reason"] = _("Say why the case moves on without it, in at least %(n)d characters.") % {
            "n": MIN_REASON_LENGTH}
    return refused


MAX_EVIDENCE = 2000  # per criterion, as the API's serializer allows


def _check_criteria(criteria: list[ResolutionCriterion], evidence: dict) -> tuple[dict[str, str], dict[int, str]]:
    """Every active criterion for the case's kind must be ticked with evidence (H2)."""
    if not criteria:
        return {"evidence": _("Your organisation has no written resolution criteria for this kind of case yet; "
                              "an organisation admin adds them in the admin.")}, {}
    given = {str(key): str(text).strip() for key, text in evidence.items()}
    missing = [c.text for c in criteria if not given.get(str(c.pk))]
    if missing:
        return {"evidence": _("Tick every resolution criterion and give its evidence: %(missing)s") % {
            "missing": "; ".join(missing)}}, {}
    unfit = [c.text for c in criteria if len(given[str(c.pk)]) > MAX_EVIDENCE or "\x00" in given[str(c.pk)]]
    if unfit:
        return {"evidence": _("Give each criterion's evidence in at most %(n)d characters of plain text: %(which)s")
                % {"n": MAX_EVIDENCE, "which": "; ".join(unfit)}}, {}
    return {}, {c.pk: given[str(c.pk)] for c in criteria}


def _names_anyone_on(case: Case, text: str) -> bool:
    """Whether free text names one of the case's people (any of their names of three letters or more)."""
    folded = text.casefold()
    people = [participant.person for participant in case.participants.select_related("person")]
    names = {name.casefold() for person in people for name in (person.given_name, person.family_name, *person.alias_list)}
    return any(len(name) >= 3 and name in folded for name in names)


@transaction.atomic(durable=True)
def case_break_glass(*, actor: Actor, case_id: UUID | str, reason: str) -> AccessGrant:
    """A supervisor opens a restricted case, read-only for a few hours, with a typed reason: an
    access grant, audited, and the case's supervisors told."""
    require(actor, BREAK_GLASS)
    case = break_glass_case(actor, case_id)
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": _("Say why you need this case, in at least %(n)d characters.") % {
            "n": MIN_REASON_LENGTH}})
    if _names_anyone_on(case, reason):
        raise ValidationError({"reason": _("Give the reason without naming anyone: it goes into the audit "
                                           "trail, which admins and auditors read.")})
    given = grant(actor=actor, kind=AccessGrantKind.BREAK_GLASS, object_type="case", object_id=case.pk,
                  user=actor.user, reason=reason,
                  until=timezone.now() + timedelta(hours=settings.OFFRAMP_BREAK_GLASS_HOURS))
    audit(actor, Action.BREAK_GLASS, object_type="case", object_id=case.pk, reason=reason)
    recipients = set(
        CaseTeamMember.objects.filter(case=case, role=TeamRole.SUPERVISOR, removed_at__isnull=True)
        .values_list("user_id", flat=True)
    ) or set(
        Membership.objects.for_actor(actor).filter(role=Role.SUPERVISOR).values_list("user_id", flat=True)
    )
    recipients.discard(actor.user.pk)
    for user in User.objects.filter(pk__in=recipients, is_active=True):
        notification_send_within(
            user=user, organization=actor.organization, url=reverse("case_detail", args=[case.pk]),
            message=_("%(who)s broke the glass on restricted case %(ref)s.") % {
                "who": actor.user.display_name, "ref": case.reference},
        )
    return given


# ---- notes ---------------------------------------------------------------------------------

def _validate_note(*, note_type, channel, direction, occurred_at: datetime, narrative: str) -> None:
    from .models import Channel

    errors = {}
    if note_type not in NoteType.values:
        errors["note_type"] = _("Choose what kind of encounter this was.")
    if channel not in Channel.values:
        errors["channel"] = _("Choose the channel.")
    if direction not in Direction.values:
        errors["direction"] = _("Choose who reached out.")
    if occurred_at is None:
        errors["occurred_at"] = _("Say when it happened.")
    elif moment_problem(occurred_at):
        errors["occurred_at"] = moment_problem(occurred_at)
    elif occurred_at > timezone.now() + FUTURE_TOLERANCE:
        errors["occurred_at"] = _("An encounter cannot be in the future.")
    if not narrative or not narrative.strip():
        errors["narrative"] = _("Write what happened and what was said.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic(durable=True)
def note_create(
    *, actor: Actor, case_id: UUID | str, note_type: str, channel: str, direction: str, occurred_at: datetime,
    narrative: str, with_participant_id: UUID | str | None = None, sign: bool = False,
) -> Note:
    """Record an encounter. An inbound message or call from the client starts the E1 response clock;
    a later reply to the case clears it."""
    case, _access = case_get(actor, case_id, need="write_notes", audit_action=None)
    _validate_note(note_type=note_type, channel=channel, direction=direction, occurred_at=occurred_at,
                   narrative=narrative)
    participant = None
    if with_participant_id:
        participant = CaseParticipant.objects.filter(pk=with_participant_id, case=case).first()
        if participant is None:
            raise ValidationError({"with_participant": _("Choose someone who takes part in this case.")})
    counterpart = participant or _sole_client(case, direction=direction, note_type=note_type)
    now = timezone.now()
    note = Note(
        organization=actor.organization, case=case, author=actor.user, note_type=note_type, channel=channel,
        direction=direction, occurred_at=occurred_at, narrative=narrative.strip(), with_participant=participant,
    )
    if sign:
        _mark_signed(note, now)
    note.save()
    if (direction == Direction.INBOUND and note_type in CLOCK_OPENING_TYPES and counterpart is not None
            and counterpart.role == ParticipantRole.CLIENT):
        ResponseClock.objects.create(
            organization=actor.organization, case=case, inbound_note=note, participant=counterpart,
            received_at=occurred_at, due_at=add_working_days(actor.organization, occurred_at, 1),
        )
    if (direction in (Direction.OUTBOUND, Direction.BOTH) and note_type in CLOCK_CLEARING_TYPES
            and counterpart is not None):
        ResponseClock.objects.filter(
            Q(participant=counterpart) | Q(participant__isnull=True), case=case, cleared_at__isnull=True,
            received_at__lte=occurred_at,
        ).update(cleared_at=now, cleared_by_note=note)
    _audit(actor, Action.CREATE, "note", note.pk, case=str(case.pk), signed=sign)
    return note


def _sole_client(case: Case, *, direction: str, note_type: str) -> CaseParticipant | None:
    """Who a message or call with no one chosen under "With" was with, for the E1 clock: the case's
    client when it has one. With several clients, an inbound message must say which one wrote."""
    if note_type not in CLOCK_CLEARING_TYPES:
        return None
    clients = list(CaseParticipant.objects.filter(case=case, role=ParticipantRole.CLIENT)[:2])
    if len(clients) == 1:
        return clients[0]
    if clients and direction == Direction.INBOUND and note_type in CLOCK_OPENING_TYPES:
        raise ValidationError({"with_participant": _(
            "This case has more than one client: choose who wrote, so their reply clock starts.")})
    return None


def _mark_signed(note: Note, now: datetime) -> None:
    note.signed_at = now
    note.documented_late = now - note.occurred_at > timedelta(hours=settings.OFFRAMP_NOTE_DEADLINE_HOURS)


def _own_draft(actor: Actor, note_id: UUID | str) -> Note:
    note, _case, _access = note_get(actor, note_id, need="write_notes")
    if note.author_id != actor.user.pk:
        raise Forbidden
    if note.is_signed:
        raise ValidationError({"narrative": _("A signed note cannot change. Add an addendum instead.")})
    return note


@transaction.atomic(durable=True)
def note_update(*, actor: Actor, note_id: UUID | str, note_type: str, channel: str, direction: str, occurred_at: datetime,
                narrative: str) -> Note:
    note = _own_draft(actor, note_id)
    _validate_note(note_type=note_type, channel=channel, direction=direction, occurred_at=occurred_at,
                   narrative=narrative)
    note.note_type, note.channel, note.direction = note_type, channel, direction
    note.occurred_at, note.narrative, note.updated_at = occurred_at, narrative.strip(), timezone.now()
    note.save(update_fields=["note_type", "channel", "direction", "occurred_at", "narrative", "updated_at"])
    _audit(actor, Action.UPDATE, "note", note.pk)
    return note


@transaction.atomic(durable=True)
def note_sign(*, actor: Actor, note_id: UUID | str) -> Note:
    note = _own_draft(actor, note_id)
    _mark_signed(note, timezone.now())
    note.save(update_fields=["signed_at", "documented_late"])
    _audit(actor, Action.UPDATE, "note", note.pk, op="sign", late=note.documented_late)
    return note


@transaction.atomic(durable=True)
def note_add_addendum(*, actor: Actor, note_id: UUID | str, narrative: str) -> Note:
    """Corrections to a signed note are new, signed notes attached to it."""
    parent, case, _access = note_get(actor, note_id, need="write_notes")
    if not narrative or not narrative.strip():
        raise ValidationError({"narrative": _("Write the correction or addition.")})
    if not parent.is_signed:
        raise ValidationError({"narrative": _("Edit the draft itself; addenda are for signed notes.")})
    now = timezone.now()
    addendum = Note(
        organization=actor.organization, case=case, author=actor.user, note_type=parent.note_type,
        channel=parent.channel, direction=parent.direction, occurred_at=now, narrative=narrative.strip(),
        addendum_to=parent, signed_at=now,
    )
    addendum.save()
    _audit(actor, Action.CREATE, "note", addendum.pk, op="addendum", parent=str(parent.pk))
    return addendum


@transaction.atomic(durable=True)
def response_delay_authorise(*, actor: Actor, clock_id: UUID | str, reason: str, until: datetime) -> ResponseClock:
    """A supervisor authorises a later reply (E1) with a reason and a new due time."""
    require(actor, AUTHORISE_DELAY)
    clock, _case = response_clock_get(actor, clock_id)
    reason = reason.strip()
    errors = {}
    if len(reason) < MIN_REASON_LENGTH:
        errors["reason"] = _("Say why the reply can wait, in at least %(n)d characters.") % {"n": MIN_REASON_LENGTH}
    if until is None or until <= timezone.now():
        errors["until"] = _("The new due time must be in the future.")
    elif moment_problem(until):
        errors["until"] = moment_problem(until)
    if errors:
        raise ValidationError(errors)
    clock = ResponseClock.objects.select_for_update().get(pk=clock.pk)
    if clock.cleared_at:
        raise ValidationError({"reason": _("This message has already been answered.")})
    clock.delay_reason, clock.delayed_until, clock.delay_authorised_by = reason, until, actor.user
    clock.save(update_fields=["delay_reason", "delayed_until", "delay_authorised_by"])
    _audit(actor, Action.UPDATE, "response_clock", clock.pk, op="delay")
    return clock
