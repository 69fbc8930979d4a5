"""How the audit trail shows the assessments' records (core.record_labels): an assessment and a joint
decision by their case's reference (references are not personal data; answers never are shown)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from offramp.core.access import Actor
from offramp.core.record_labels import RecordKind, uuid_ids

from .models import Assessment, AssessmentDecision


def _assessments(actor: Actor, ids: list[str]) -> dict[str, str]:
    rows = Assessment.objects.for_actor(actor).filter(pk__in=uuid_ids(ids)).values_list("pk", "case__reference")
    return {str(pk): _("assessment on %(ref)s") % {"ref": reference} for pk, reference in rows}


def _decisions(actor: Actor, ids: list[str]) -> dict[str, str]:
    rows = AssessmentDecision.objects.for_actor(actor).filter(pk__in=uuid_ids(ids)).values_list(
        "pk", "assessment__case__reference")
    return {str(pk): _("joint decision on %(ref)s") % {"ref": reference} for pk, reference in rows}


KINDS = (
    RecordKind("assessment", gettext_lazy("Assessment"), _assessments),
    RecordKind("assessment_decision", gettext_lazy("Joint decision"), _decisions),
)
