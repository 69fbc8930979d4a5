"""A facilitator's reports to write, on their work queue: due two days after the session.

Its items fill only QueueItem's first fields: tied to no case, they form a group of their own under
their label ("Write the group session report"), each row named by the session's topic."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor
from offramp.core.workqueue import QueueCounts, QueueItem, end_of_today

from .models import GroupSession
from .permissions import RUN_SESSIONS

REPORT_WITHIN = timedelta(days=2)
KIND = "group_report"


def _unreported(actor: Actor):
    return GroupSession.objects.for_actor(actor).filter(facilitator=actor.user, reported_at__isnull=True)


def queue_items(actor: Actor, limit: int) -> list[QueueItem]:
    if not actor.can(RUN_SESSIONS):
        return []
    return [QueueItem(kind=KIND, label=_("Write the group session report"), reference=session.topic.label,
                      due_at=session.held_at + REPORT_WITHIN,
                      url=reverse("peer_groups:session_detail", args=[session.pk]))
            for session in _unreported(actor).select_related("topic").order_by("held_at")[:limit]]


def queue_counts(actor: Actor) -> QueueCounts:
    if not actor.can(RUN_SESSIONS):
        return QueueCounts()
    now = timezone.now()
    counts = _unreported(actor).aggregate(
        due=Count("pk"), overdue=Count("pk", filter=Q(held_at__lt=now - REPORT_WITHIN)),
        due_today=Count("pk", filter=Q(held_at__gte=now - REPORT_WITHIN,
                                       held_at__lt=end_of_today(actor, now) - REPORT_WITHIN)))
    return QueueCounts(due=counts["due"], overdue=counts["overdue"], due_today=counts["due_today"])
