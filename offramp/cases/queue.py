"""The cases' share of each user's work queue: notes to finish (E2) and replies due (E1)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor
from offramp.core.workqueue import QueueCounts, QueueItem, end_of_today, excerpt

from .models import (
    CaseParticipant,
    CaseStatus,
    CaseTeamMember,
    Note,
    ParticipantRole,
    ResponseClock,
    TeamRole,
)
from .permissions import MANAGING_TEAM_ROLES, READ, WRITING_TEAM_ROLES
from .selectors import case_list, cases_visible_to, team_case_ids


def _deadline() -> timedelta:
    return timedelta(hours=settings.OFFRAMP_NOTE_DEADLINE_HOURS)


def _drafts(actor: Actor):
    return Note.objects.filter(author=actor.user, organization=actor.organization, signed_at__isnull=True)


def _open_clocks(actor: Actor):
    return ResponseClock.objects.filter(
        organization=actor.organization, cleared_at__isnull=True,
        case__in=team_case_ids(actor, roles=WRITING_TEAM_ROLES),
    ).annotate(effective=Coalesce("delayed_until", "due_at"))


@dataclass(frozen=True)
class _CaseContext:
    """What a case's heading on the queue says beyond its reference, for an actor who may open it."""

    person_name: str = ""
    owner: str = ""
    readable: bool = False


def _case_contexts(actor: Actor, case_ids: set) -> dict:
    """The clients' names and the case managers of the cases on the queue, in three queries whatever
    their number; only for the cases the actor may open (a draft's author may have left the team)."""
    if not case_ids or not actor.can(READ):
        return {}
    cases = (
        cases_visible_to(actor).filter(pk__in=case_ids)
        .prefetch_related(
            Prefetch("participants", to_attr="clients", queryset=CaseParticipant.objects.filter(
                role=ParticipantRole.CLIENT).select_related("person").order_by("added_at")),
            Prefetch("team", to_attr="managers", queryset=CaseTeamMember.objects.filter(
                role__in=MANAGING_TEAM_ROLES, removed_at__isnull=True).select_related("user").order_by("added_at")),
        )
    )
    return {case.pk: _CaseContext(person_name=", ".join(p.person.display_name for p in case.clients),
                                  owner=_owner(actor, case.managers), readable=True) for case in cases}


def _owner(actor: Actor, managers: list) -> str:
    """The case's case managers; a supervisor who manages it when it has none."""
    owners = [m for m in managers if m.role == TeamRole.CASE_MANAGER] or managers
    return ", ".join(str(_("you")) if m.user_id == actor.user.pk else m.user.display_name for m in owners)


def queue_items(actor: Actor, limit: int) -> list[QueueItem]:
    drafts = list(_drafts(actor).select_related("case").order_by("occurred_at")[:limit])
    clocks = list(_open_clocks(actor).select_related("case", "inbound_note", "participant__person")
                  .order_by("effective")[:limit])
    contexts = _case_contexts(actor, {note.case_id for note in drafts} | {clock.case_id for clock in clocks})
    nobody = _CaseContext()

    def about(case) -> dict:
        context = contexts.get(case.pk, nobody)
        return {"case_id": str(case.pk), "case_url": reverse("case_detail", args=[case.pk]),
                "person_name": context.person_name, "owner": context.owner}

    items = [
        QueueItem(
            kind="note",
            label=_("Finish and sign the note"),
            reference=note.case.reference,
            due_at=note.occurred_at + _deadline(),
            url=reverse("note_edit", args=[note.pk]),
            # The draft is the actor's own; its text shows only while they may still open the case.
            excerpt=excerpt(note.narrative) if contexts.get(note.case_id, nobody).readable else "",
            **about(note.case),
        )
        for note in drafts
    ]
    items += [
        QueueItem(
            kind="reply",
            label=_("Reply to the client's message") if not clock.delayed_until else _("Reply (delay authorised)"),
            reference=clock.case.reference,
            due_at=clock.effective,
            url=reverse("case_detail", args=[clock.case_id]),
            excerpt=_message_excerpt(clock) if contexts.get(clock.case_id, nobody).readable else "",
            waiting_since=clock.received_at,
            **about(clock.case),
        )
        for clock in clocks
    ]
    return items


def _message_excerpt(clock: ResponseClock) -> str:
    """The start of the message to answer, and who wrote it when that is not the only client."""
    text = excerpt(clock.inbound_note.narrative)
    if clock.participant is not None and clock.participant.role != ParticipantRole.CLIENT:
        return _("%(name)s: %(text)s") % {"name": clock.participant.person.display_name, "text": text}
    return text


def queue_counts(actor: Actor) -> QueueCounts:
    now = timezone.now()
    day_ends = end_of_today(actor, now)
    drafts = _drafts(actor).aggregate(
        due=Count("pk"), overdue=Count("pk", filter=Q(occurred_at__lt=now - _deadline())),
        due_today=Count("pk", filter=Q(occurred_at__gte=now - _deadline(), occurred_at__lt=day_ends - _deadline())),
    )
    clocks = _open_clocks(actor).aggregate(
        due=Count("pk"), overdue=Count("pk", filter=Q(effective__lt=now)),
        due_today=Count("pk", filter=Q(effective__gte=now, effective__lt=day_ends)),
    )
    return QueueCounts(due=drafts["due"] + clocks["due"], overdue=drafts["overdue"] + clocks["overdue"],
                       due_today=drafts["due_today"] + clocks["due_today"])


MY_CASES_SHOWN = 20


def home_panel(actor: Actor) -> dict | None:
    """The actor's open cases, below the queue (resolved and closed ones are not open); nothing for roles
    that never see casework."""
    if not actor.can(READ):
        return None
    cases = list(case_list(actor, mine=True).exclude(status__in=(CaseStatus.RESOLVED, CaseStatus.CLOSED))
                 [:MY_CASES_SHOWN + 1])
    return {"cases": cases[:MY_CASES_SHOWN], "more": len(cases) > MY_CASES_SHOWN}
