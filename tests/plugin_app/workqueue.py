"""A facilitator's reports to write, on their work queue: due two days after the session."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor
from offramp.core.workqueue import QueueCounts, QueueItem

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
    counts = _unreported(actor).aggregate(
        due=Count("pk"), overdue=Count("pk", filter=Q(held_at__lt=timezone.now() - REPORT_WITHIN)))
    return QueueCounts(due=counts["due"], overdue=counts["overdue"])
