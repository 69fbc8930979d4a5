"""How the audit trail shows the plans' records (core.record_labels): each by its case's reference, which is
not personal data (a goal's wording is)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from offramp.core.access import Actor
from offramp.core.record_labels import RecordKind, uuid_ids

from .models import CasePlan, Goal, PlanTask, ProgressUpdate


def _on_case(model, path: str, label: str):
    def labels(actor: Actor, ids: list[str]) -> dict[str, str]:
        rows = model.objects.for_actor(actor).filter(pk__in=uuid_ids(ids)).values_list("pk", path)
        return {str(pk): _(label) % {"ref": reference} for pk, reference in rows}
    return labels


KINDS = (
    RecordKind("plan", gettext_lazy("Case plan"), _on_case(CasePlan, "case__reference", gettext_noop("plan of %(ref)s"))),
    RecordKind("plan_goal", gettext_lazy("Plan goal"), _on_case(Goal, "case__reference", gettext_noop("goal on %(ref)s"))),
    RecordKind("plan_task", gettext_lazy("Plan task"), _on_case(PlanTask, "case__reference", gettext_noop("task on %(ref)s"))),
    RecordKind("plan_progress", gettext_lazy("Goal progress"),
               _on_case(ProgressUpdate, "goal__case__reference", gettext_noop("progress on a goal of %(ref)s"))),
)
