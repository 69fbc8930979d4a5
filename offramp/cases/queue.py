"""The cases' share of each user's work queue: notes to finish (E2) and replies due (E1)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor
from offramp.core.workqueue import QueueCounts, QueueItem

from .models import Note, ResponseClock
from .selectors import WRITING_TEAM_ROLES, case_list, team_case_ids


def _deadline() -> timedelta:
    return timedelta(hours=settings.OFFRAMP_NOTE_DEADLINE_HOURS)


def _drafts(actor: Actor):
    return Note.objects.filter(author=actor.user, organization=actor.organization, signed_at__isnull=True)


def _open_clocks(actor: Actor):
    return ResponseClock.objects.filter(
        organization=actor.organization, cleared_at__isnull=True,
        case__in=team_case_ids(actor, roles=WRITING_TEAM_ROLES),
    ).annotate(effective=Coalesce("delayed_until", "due_at"))


def queue_items(actor: Actor, limit: int) -> list[QueueItem]:
    items = [
        QueueItem(
            kind="note",
            label=_("Finish and sign the note"),
            reference=note.case.reference,
            due_at=note.occurred_at + _deadline(),
            url=reverse("note_edit", args=[note.pk]),
        )
        for note in _drafts(actor).select_related("case").order_by("occurred_at")[:limit]
    ]
    items += [
        QueueItem(
            kind="reply",
            label=_("Reply to the client's message") if not clock.delayed_until else _("Reply (delay authorised)"),
            reference=clock.case.reference,
            due_at=clock.effective,
            url=reverse("case_detail", args=[clock.case_id]),
        )
        for clock in _open_clocks(actor).select_related("case").order_by("effective")[:limit]
    ]
    return items


def queue_counts(actor: Actor) -> QueueCounts:
    now = timezone.now()
    drafts = _drafts(actor).aggregate(
        due=_count(), overdue=_count(Q(occurred_at__lt=now - _deadline()))
    )
    clocks = _open_clocks(actor).aggregate(due=_count(), overdue=_count(Q(effective__lt=now)))
    return QueueCounts(due=drafts["due"] + clocks["due"], overdue=drafts["overdue"] + clocks["overdue"])


def _count(condition: Q | None = None):
    from django.db.models import Count

    return Count("pk", filter=condition)


MY_CASES_SHOWN = 20


def home_panel(actor: Actor) -> dict | None:
    """The actor's open cases, below the queue; nothing for roles that never see casework."""
    if not actor.sees_identities:
        return None
    cases = list(case_list(actor, mine=True).exclude(status="closed")[:MY_CASES_SHOWN + 1])
    return {"cases": cases[:MY_CASES_SHOWN], "more": len(cases) > MY_CASES_SHOWN}
