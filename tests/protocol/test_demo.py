"""The demo: family cases at every stage with the records of the stages they passed, two resolved against
the organisation's criteria with evidence that points at those records, and aftercare check-ins held (one
worrying) and due on the case manager's queue."""

import pytest
from django.core.management import call_command

from offramp.cases import gates
from offramp.cases.models import Case, CaseKind, ResolutionEvidence
from offramp.core.access import member_actor
from offramp.core.workqueue import work_queue
from offramp.protocol import selectors
from offramp.protocol.models import AftercareCheckIn, CoachingPlan, FamilyEvaluation

pytestmark = pytest.mark.django_db


def test_the_demo_tells_the_family_protocol_with_its_records():
    call_command("seed", "--scale", "demo")
    assert not gates._suspended.get()  # the gates are back on after the load
    org = Case.objects.filter(kind=CaseKind.FAMILY_SUPPORT, status="resolved").first().organization
    families = Case.objects.filter(organization=org, kind=CaseKind.FAMILY_SUPPORT, restricted=False)
    statuses = set(families.values_list("status", flat=True))
    assert {"evaluation", "plan", "monitoring", "coaching", "resolved"} <= statuses
    path = ("evaluation", "plan", "monitoring", "coaching")
    for case in families:  # every stage passed has its record
        passed = path[:path.index(case.status)] if case.status in path else path if case.status == "resolved" else ()
        for status in passed:
            record = selectors.STAGE_RECORDS[status]
            assert selectors._MODELS[record].objects.filter(case=case).exists(), (case.reference, record)
    resolved = families.filter(status="resolved")
    assert resolved.count() >= 2
    for case in resolved:
        assert CoachingPlan.objects.filter(case=case).exists() and FamilyEvaluation.objects.filter(case=case).exists()
        evidence = ResolutionEvidence.objects.filter(case=case, criterion__text__icontains="coaching").get()
        assert "Coaching plan" in evidence.evidence
    assert AftercareCheckIn.objects.filter(case__organization=org, watch="pressure").exists()
    # The evaluations link the social diagnostic a family member answered; the coached families are rated.
    evaluation = FamilyEvaluation.objects.filter(case__organization=org, diagnostic__isnull=False).first()
    assert evaluation is not None and evaluation.diagnostic.response.informant == "informant"
    supervisor = member_actor(next(m.user for m in resolved[0].team.all() if m.role == "supervisor"), org.pk)
    assert selectors.family_outcomes(supervisor, resolved[0])["before_at"] is not None
    manager = next(m.user for case in resolved for m in case.team.all() if m.role == "case_manager")
    items = [item for item in work_queue(member_actor(manager, org.pk)) if item.kind == "aftercare"]
    assert items
