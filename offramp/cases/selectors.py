"""Every read of cases and notes, scoped to what the actor may see, and audited."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from offramp.core.access import Actor, deny, get_or_deny, is_uuid
from offramp.core.audit import Action, audit
from offramp.core.grants import active_grant, granted_ids
from offramp.core.models import Membership, Role, User
from offramp.core.selectors import colleagues

from .models import (
    Case,
    CaseParticipant,
    CaseStatus,
    CaseTeamMember,
    CaseTransition,
    Note,
    ParticipantRole,
    ResolutionCriterion,
    ResolutionEvidence,
    ResponseClock,
    TeamRole,
)
from .permissions import (
    BREAK_GLASS,
    MANAGING_TEAM_ROLES,
    READ,
    SEE_ALL,
    TEAM_ROLE_NEEDS,
    WRITING_TEAM_ROLES,
)


def team_case_ids(actor: Actor, roles=None):
    members = CaseTeamMember.objects.for_actor(actor).filter(user=actor.user, removed_at__isnull=True)
    if roles:
        members = members.filter(role__in=roles)
    return members.values("case_id")


def case_visibility(actor: Actor, prefix: str = "") -> Q:
    """The cases the actor may open: their team's; for supervisors every unrestricted case too; and
    any case a live access grant opens to them (break the glass, referral, transfer, consent).

    A condition rather than a queryset, so it can also be applied across a relation
    (prefix "case__") and the database checks it row by row with its indexes.
    """
    if not actor.can(READ):
        return Q(**{f"{prefix}pk__in": []})
    visible = Q(**{f"{prefix}pk__in": team_case_ids(actor)})
    if actor.can(SEE_ALL):
        visible |= Q(**{f"{prefix}restricted": False})
    return Q(**{f"{prefix}organization": actor.organization}) & visible | _granted(actor, prefix)


def _granted(actor: Actor, prefix: str = "") -> Q:
    """Cases live grants open to the actor, as a list: usually there are none (known without a query,
    `actor.holds_grants`), and then no OR reaches the database to keep it off the organisation's indexes."""
    ids = list(granted_ids(actor, "case").values_list("object_id", flat=True)) if actor.holds_grants else []
    return Q(**{f"{prefix}pk__in": ids}) if ids else Q(pk__in=[])


def cases_visible_to(actor: Actor) -> QuerySet[Case]:
    return Case.objects.filter(case_visibility(actor))


def cases_listed_for(actor: Actor) -> QuerySet[Case]:
    """The case list: supervisors also see restricted cases exist (reference only), to break the glass."""
    if actor.can(SEE_ALL):
        return Case.objects.filter(Q(organization=actor.organization) | _granted(actor))
    return cases_visible_to(actor)


def _reachable_cases(actor: Actor) -> QuerySet[Case]:
    """Where a `*_get` looks: the organisation's cases and any a live grant opens; case_access then
    decides on the row in hand (404 for a case the actor may not know of, 403 where they may)."""
    return Case.objects.filter(Q(organization=actor.organization) | _granted(actor)) if actor.can(READ) \
        else Case.objects.for_actor(actor)


@dataclass(frozen=True)
class CaseAccess:
    read: bool = False
    write_notes: bool = False
    manage: bool = False
    team_role: str = ""
    via_grant: str = ""  # the kind of access grant that opened the case, if that is how

    @property
    def via_break_glass(self) -> bool:
        return self.via_grant == "break_glass"


def case_access(actor: Actor, case: Case) -> CaseAccess:
    if not actor.can(READ):
        return CaseAccess()
    if case.organization_id == actor.organization.pk:
        member = (
            CaseTeamMember.objects.filter(case=case, user=actor.user, removed_at__isnull=True)
            .values_list("role", flat=True)
            .first()
        )
        if member:
            return CaseAccess(read=True, write_notes=member in WRITING_TEAM_ROLES,
                              manage=member in MANAGING_TEAM_ROLES, team_role=member)
        if actor.can(SEE_ALL) and not case.restricted:
            return CaseAccess(read=True, write_notes=True, manage=True)
    grant = active_grant(actor, "case", case.pk)
    if grant is not None:
        return CaseAccess(read=True, write_notes=grant.scope == "write", via_grant=grant.kind)
    return CaseAccess()


def case_get(actor: Actor, case_id, *, need: str = "read", audit_action: str | None = Action.VIEW) -> tuple[Case, CaseAccess]:
    """Fetch and authorise. Invisible: 404. Visible but not allowed (or restricted): 403. Audited."""
    case = get_or_deny(actor, _reachable_cases(actor), case_id, object_type="case", audit_action=None)
    access = case_access(actor, case)
    if not access.read:
        deny("case", case.pk, forbidden=actor.can(SEE_ALL) and case.restricted or not actor.can(READ))
    if not getattr(access, need):
        deny("case", case.pk, forbidden=True)
    if audit_action:
        audit(actor, audit_action, object_type="case", object_id=case.pk,
              detail={"access_grant": access.via_grant, "break_glass": access.via_break_glass}
              if access.via_grant else None)
    return case, access


def restricted_case_get(actor: Actor, case_id) -> Case | None:
    """A restricted case of the actor's organisation that a supervisor may break the glass on."""
    if not actor.can(BREAK_GLASS) or not is_uuid(case_id):
        return None
    return Case.objects.for_actor(actor).filter(pk=case_id, restricted=True).first()


def break_glass_case(actor: Actor, case_id) -> Case:
    """The restricted case a supervisor asks to open; anything else is not found."""
    case = restricted_case_get(actor, case_id)
    if case is None:
        deny("case", case_id)
    return case


def response_clock_get(actor: Actor, clock_id) -> tuple[ResponseClock, Case]:
    """A reply clock on a case the actor manages; otherwise 404 or 403 as for the case."""
    clock = get_or_deny(actor, ResponseClock.objects.for_actor(actor), clock_id, object_type="response_clock",
                        audit_action=None)
    case, _access = case_get(actor, clock.case_id, need="manage", audit_action=None)
    return clock, case


def case_list(actor: Actor, *, status: str = "", kind: str = "", mine: bool = False, reference: str = "",
              owner: User | int | None = None, overdue: bool = False) -> QuerySet[Case]:
    """The cases listed for the actor, newest first, narrowed by the list's filters. `owner` is who
    carries the case: its case manager, or the supervisor managing a case that has none; `overdue`, a case with
    a reply to a client past its due time. Both are looked up within the actor's organisation."""
    cases = cases_listed_for(actor)
    if mine:
        cases = cases.filter(pk__in=team_case_ids(actor))
    if status:
        cases = cases.filter(status=status)
    if kind:
        cases = cases.filter(kind=kind)
    if reference:
        cases = cases.filter(reference__iexact=reference.strip())
    if owner is not None:
        team = CaseTeamMember.objects.filter(organization=actor.organization, removed_at__isnull=True)
        managed = team.filter(user=owner, role=TeamRole.CASE_MANAGER).values("case_id")
        supervised_alone = (team.filter(user=owner, role=TeamRole.SUPERVISOR)
                            .exclude(case__in=team.filter(role=TeamRole.CASE_MANAGER).values("case_id"))
                            .values("case_id"))
        cases = cases.filter(Q(pk__in=managed) | Q(pk__in=supervised_alone))
    if overdue:
        now = timezone.now()
        cases = cases.filter(pk__in=ResponseClock.objects.filter(organization=actor.organization,
                                                                 cleared_at__isnull=True)
                             .filter(Q(delayed_until__lt=now) | Q(delayed_until__isnull=True, due_at__lt=now))
                             .values("case_id"))
    return cases.order_by("-opened_at")


def case_owners(actor: Actor) -> QuerySet[User]:
    """Who may carry a case in the actor's organisation (case managers and supervisors), for the
    owner picker of the case list; nobody for a role that never sees casework."""
    if not actor.can(READ):
        return User.objects.none()
    return (User.objects.filter(is_active=True, memberships__organization=actor.organization,
                                memberships__role__in=(Role.CASE_MANAGER, Role.SUPERVISOR))
            .distinct().order_by("display_name", "email"))


@dataclass
class CaseRow:
    """What the case list shows of a case beyond its reference, kind and status. Empty for a case the
    actor may not open (a restricted case a supervisor sees listed, to break the glass): not even its
    owner or dates of activity."""

    readable: bool = False
    clients: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    last_activity: datetime | None = None
    next_due: ResponseClock | None = None


def case_rows(actor: Actor, cases: list[Case]) -> dict:
    """Each listed case's row (CaseRow by case id), in five queries whatever the number of cases:
    which the actor may open, their clients, who manages them, their last signed note and the reply
    due first. Names are decrypted here only for cases the actor may open."""
    readable = set(cases_visible_to(actor).filter(pk__in=[case.pk for case in cases]).values_list("pk", flat=True))
    rows = {case.pk: CaseRow(readable=case.pk in readable) for case in cases}
    if not readable:
        return rows
    for participant in (CaseParticipant.objects.filter(case_id__in=readable, role=ParticipantRole.CLIENT)
                        .select_related("person").order_by("added_at")):
        rows[participant.case_id].clients.append(participant.person.display_name)
    managers = (CaseTeamMember.objects.filter(case_id__in=readable, role__in=MANAGING_TEAM_ROLES,
                                              removed_at__isnull=True).select_related("user").order_by("added_at"))
    by_case: dict = {}
    for member in managers:
        by_case.setdefault(member.case_id, []).append(member)
    for case_id, members in by_case.items():  # its case managers; the supervisors managing it when it has none
        owners = [m for m in members if m.role == TeamRole.CASE_MANAGER] or members
        rows[case_id].owners = [m.user.display_name for m in owners]
    for case_id, last in (Note.objects.filter(case_id__in=readable, signed_at__isnull=False).values("case_id")
                          .annotate(last=Max("occurred_at")).values_list("case_id", "last")):
        rows[case_id].last_activity = last
    for clock in (ResponseClock.objects.filter(case_id__in=readable, cleared_at__isnull=True)
                  .annotate(effective=Coalesce("delayed_until", "due_at")).order_by("-effective")):
        rows[clock.case_id].next_due = clock  # the earliest comes last and stays
    return rows


def team_candidates(actor: Actor, case: Case) -> list[tuple[int, str]]:
    """Who the team picker offers, as (user id, "name (their organisation roles)"): the organisation's active
    members whose role fits some team role (by name), not on this case's team yet. Two queries and plain
    pairs, whatever the number of staff."""
    fitting = set().union(*TEAM_ROLE_NEEDS.values())
    users = list(colleagues(actor, fitting).exclude(
        pk__in=case.team.filter(removed_at__isnull=True).values("user_id")).values_list("pk", "display_name"))
    roles: dict[int, list[str]] = {}
    for user_id, role in (Membership.objects.for_actor(actor).filter(user__in=[pk for pk, _name in users],
                                                                     role__in=fitting)
                          .order_by("role").values_list("user_id", "role")):
        roles.setdefault(user_id, []).append(str(Role(role).label))
    return [(pk, f"{name} ({', '.join(roles[pk])})" if roles.get(pk) else name) for pk, name in users]


def case_participants(case: Case) -> list[CaseParticipant]:
    return list(case.participants.select_related("person").order_by("role", "added_at"))


def case_team(case: Case) -> list[CaseTeamMember]:
    return list(case.team.filter(removed_at__isnull=True).select_related("user").order_by("role", "added_at"))


def case_transitions(case: Case) -> list[CaseTransition]:
    return list(case.transitions.select_related("actor")[:50])


def case_transitions_with_evidence(case: Case) -> list[CaseTransition]:
    """The status history, each move to resolved with the criteria met and their evidence recorded with
    it (`transition.evidence`), in two queries."""
    transitions = case_transitions(case)
    evidence = list(ResolutionEvidence.objects.filter(case=case).select_related("criterion").order_by("recorded_at"))
    resolved = sorted((t for t in transitions if t.to_status == CaseStatus.RESOLVED), key=lambda t: t.at)
    for transition in transitions:
        transition.evidence = []  # type: ignore[attr-defined]  # read by the template only
    for item in evidence:  # each to the first move to resolved at or after it was recorded
        move = next((t for t in resolved if t.at >= item.recorded_at), None)
        if move is not None:
            move.evidence.append(item)  # type: ignore[attr-defined]
    return transitions


def case_timeline(actor: Actor, case: Case) -> QuerySet[Note]:
    """Signed notes plus the actor's own drafts, newest first; addenda under their note."""
    return (
        case.notes.filter(addendum_to__isnull=True)
        .filter(Q(signed_at__isnull=False) | Q(author=actor.user))
        .select_related("author", "with_participant__person", "response_clock")
        .prefetch_related(
            # Filtering on the case as well lets every database use the timeline index.
            Prefetch("addenda", queryset=Note.objects.filter(case_id=case.pk, signed_at__isnull=False)
                     .select_related("author").order_by("created_at"))
        )
        .order_by("-occurred_at")
    )


def case_open_clocks(case: Case) -> list[ResponseClock]:
    return list(case.response_clocks.filter(cleared_at__isnull=True).select_related("inbound_note").order_by("due_at"))


def resolution_criteria(case: Case) -> list[ResolutionCriterion]:
    return list(ResolutionCriterion.objects.of(case.organization_id).filter(kind=case.kind, active=True))


def note_get(actor: Actor, note_id, *, need: str = "read") -> tuple[Note, Case, CaseAccess]:
    note = get_or_deny(actor, Note.objects.filter(Q(signed_at__isnull=False) | Q(author=actor.user)).filter(
        case__in=_reachable_cases(actor)), note_id, object_type="note", audit_action=None)
    case, access = case_get(actor, note.case_id, need=need, audit_action=None)
    return note, case, access

