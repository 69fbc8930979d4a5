"""The groups' published figures: attendance by topic, small cells suppressed against the total."""

from django.db.models import Sum

from offramp.core.access import Actor
from offramp.core.disclosure import Table, suppress
from offramp.core.figures import Period

from .models import GroupSession


def attendance_by_topic(actor: Actor, period: Period) -> Table:
    rows = (GroupSession.objects.for_actor(actor).filter(held_at__gte=period.since, held_at__lte=period.until)
            .values("topic_id", "topic__label").annotate(n=Sum("attendance")).order_by("topic_id"))
    counts = [(str(row["topic_id"]), row["n"] or 0) for row in rows]
    labels = {str(row["topic_id"]): row["topic__label"] for row in rows}
    table = suppress(counts, threshold=actor.organization.small_cell_threshold, total=sum(n for _, n in counts))
    return table.relabel(labels).ranked()
