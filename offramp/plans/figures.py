"""The goals reached, as a de-identified figure: goals achieved in the period by the wellness dimension they
were tied to (each goal counted once, under its first dimension; goals tied only to change targets under
"No wellness dimension"), small cells suppressed against the total."""

from django.utils.translation import gettext as _

from offramp.core.access import Actor
from offramp.core.disclosure import Table, suppress
from offramp.core.figures import Period

from .labels import DIMENSION_LABELS
from .models import Goal, GoalStatus

NONE = "none"


def goals_reached(actor: Actor, period: Period) -> Table:
    reached = (Goal.objects.for_actor(actor)
               .filter(status=GoalStatus.ACHIEVED, achieved_at__gte=period.since, achieved_at__lte=period.until)
               .values_list("dimensions", flat=True))
    counts: dict[str, int] = {}
    for dimensions in reached:
        key = dimensions[0] if isinstance(dimensions, list) and dimensions and dimensions[0] in DIMENSION_LABELS \
            else NONE
        counts[key] = counts.get(key, 0) + 1
    rows = [(key, counts[key]) for key in (*DIMENSION_LABELS, NONE) if key in counts]
    table = suppress(rows, threshold=actor.organization.small_cell_threshold, total=sum(counts.values()))
    labels = {key: str(label) for key, label in DIMENSION_LABELS.items()} | {NONE: _("No wellness dimension")}
    return table.relabel(labels).ranked()
