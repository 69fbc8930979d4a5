"""The helpline's share of each user's work queue: follow-ups they promised."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor
from offramp.core.workqueue import QueueCounts, QueueItem, end_of_today, excerpt

from .permissions import ANSWER
from .selectors import open_follow_ups


def queue_items(actor: Actor, limit: int) -> list[QueueItem]:
    # The follow-up's own note says what to follow up on; it is read (and decrypted) only by someone who
    # may answer the helpline and so open the contact. Follow-ups are tied to no case: one group of their own.
    readable = actor.can(ANSWER)
    return [
        QueueItem(kind="follow_up", label=_("Follow up with the caller"), reference=follow_up.contact.reference,
                  due_at=follow_up.due_at, url=reverse("contact_detail", args=[follow_up.contact_id]),
                  excerpt=excerpt(follow_up.note) if readable else "", group=_("Helpline follow-ups"))
        for follow_up in open_follow_ups(actor).select_related("contact").order_by("due_at")[:limit]
    ]


def queue_counts(actor: Actor) -> QueueCounts:
    now = timezone.now()
    counts = open_follow_ups(actor).aggregate(
        due=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)),
        due_today=Count("pk", filter=Q(due_at__gte=now, due_at__lt=end_of_today(actor, now))))
    return QueueCounts(due=counts["due"], overdue=counts["overdue"], due_today=counts["due_today"])
