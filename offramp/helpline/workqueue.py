"""The helpline's share of each user's work queue: follow-ups they promised."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor
from offramp.core.workqueue import QueueCounts, QueueItem

from .selectors import open_follow_ups


def queue_items(actor: Actor, limit: int) -> list[QueueItem]:
    return [
        QueueItem(kind="follow_up", label=_("Follow up with the caller"), reference=follow_up.contact.reference,
                  due_at=follow_up.due_at, url=reverse("contact_detail", args=[follow_up.contact_id]))
        for follow_up in open_follow_ups(actor).select_related("contact").order_by("due_at")[:limit]
    ]


def queue_counts(actor: Actor) -> QueueCounts:
    counts = open_follow_ups(actor).aggregate(due=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=timezone.now())))
    return QueueCounts(due=counts["due"], overdue=counts["overdue"])
