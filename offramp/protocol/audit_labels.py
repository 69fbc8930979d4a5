"""How the audit trail names the protocol's records (core.record_labels): by their case's reference, which
is not personal data."""

from django.utils.translation import gettext_lazy

from offramp.core.access import Actor
from offramp.core.record_labels import RecordKind, uuid_ids

from .models import (
    AftercareCheckIn,
    CoachingPlan,
    FamilyEvaluation,
    InterventionPlan,
    MonitoringEntry,
)


def _on_case(model, label):
    def labels(actor: Actor, ids: list[str]) -> dict[str, str]:
        rows = model.objects.for_actor(actor).filter(pk__in=uuid_ids(ids)).values_list("pk", "case__reference")
        return {str(pk): str(label) % {"ref": reference} for pk, reference in rows}
    return labels


KINDS = (
    RecordKind("family_evaluation", gettext_lazy("Family evaluation"),
               _on_case(FamilyEvaluation, gettext_lazy("family evaluation on %(ref)s"))),
    RecordKind("intervention_plan", gettext_lazy("Intervention plan"),
               _on_case(InterventionPlan, gettext_lazy("intervention plan on %(ref)s"))),
    RecordKind("monitoring_entry", gettext_lazy("Monitoring entry"),
               _on_case(MonitoringEntry, gettext_lazy("monitoring entry on %(ref)s"))),
    RecordKind("coaching_plan", gettext_lazy("Coaching plan"),
               _on_case(CoachingPlan, gettext_lazy("coaching plan on %(ref)s"))),
    RecordKind("aftercare_check_in", gettext_lazy("Aftercare check-in"),
               _on_case(AftercareCheckIn, gettext_lazy("aftercare check-in on %(ref)s"))),
)
