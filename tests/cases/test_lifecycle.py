"""The case lifecycle: each kind's path, allowed moves, reasons, resolution criteria with evidence (H2).

The shared case in `world` is a family-support case, so it follows the family protocol:
evaluation → intervention plan → monitoring → coaching → resolution."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from offramp.cases import gates
from offramp.cases.models import CaseTransition, ResolutionCriterion, ResolutionEvidence
from offramp.cases.services import case_open, case_transition


@pytest.fixture(autouse=True)
def _no_move_checks():
    """The lifecycle's own rules, without the checks other apps add to moves (cases.gates: the family
    protocol's stage records are tested in tests/cases/test_gates.py and tests/protocol/)."""
    with gates.suspended():
        yield


def _walk_to(world, *statuses, case=None):
    actor = world.actor("manager")
    for status in statuses:
        case_transition(actor=actor, case_id=(case or world.case).pk, to_status=status)


def test_family_case_follows_the_protocol_and_records_who_when_why(world):
    assert world.case.status == "evaluation"
    _walk_to(world, "plan", "monitoring", "coaching")
    transitions = list(CaseTransition.objects.filter(case=world.case).order_by("at"))
    assert [(t.from_status, t.to_status) for t in transitions] == [
        ("evaluation", "plan"), ("plan", "monitoring"), ("monitoring", "coaching")]
    assert all(t.actor == world.users["manager"] for t in transitions)


def test_other_cases_follow_the_general_path(world):
    case = case_open(actor=world.actor("manager"), kind="individual_exit")
    assert case.status == "inquiry"
    _walk_to(world, "intake", "assessment", "active", "monitoring", case=case)
    case.refresh_from_db()
    assert case.status == "monitoring"
    with pytest.raises(ValidationError) as error:
        case_transition(actor=world.actor("manager"), case_id=case.pk, to_status="coaching")
    assert "cannot move from Monitoring to Coaching" in str(error.value)


def test_skipping_a_stage_is_refused_with_a_reason(world):
    with pytest.raises(ValidationError) as error:
        case_transition(actor=world.actor("manager"), case_id=world.case.pk, to_status="monitoring")
    assert "cannot move from Evaluation to Monitoring" in str(error.value)


def test_going_back_a_stage_needs_a_reason(world):
    _walk_to(world, "plan", "monitoring")
    actor = world.actor("manager")
    with pytest.raises(ValidationError) as error:
        case_transition(actor=actor, case_id=world.case.pk, to_status="plan")
    assert "reason" in error.value.message_dict
    case = case_transition(actor=actor, case_id=world.case.pk, to_status="plan",
                           reason="The son moved out; the plan needs rewriting")
    assert case.status == "plan"


def test_pause_needs_a_reason_and_resume_returns_to_where_it_was(world):
    _walk_to(world, "plan", "monitoring")
    actor = world.actor("manager")
    with pytest.raises(ValidationError) as error:
        case_transition(actor=actor, case_id=world.case.pk, to_status="paused", reason="")
    assert "reason" in error.value.message_dict
    case_transition(actor=actor, case_id=world.case.pk, to_status="paused", reason="Client in hospital for a month")
    case = case_transition(actor=actor, case_id=world.case.pk, to_status="monitoring")
    assert case.status == "monitoring"


def test_case_page_shows_the_family_protocol_stages(world):
    _walk_to(world, "plan")
    body = world.client("manager").get(reverse("case_detail", args=[world.case.pk])).content.decode()
    track = body[body.index('<ol class="stages"'):body.index("</ol>")]
    assert 'aria-label="Family protocol stages"' in track
    labels = ["Evaluation", "Intervention plan", "Monitoring", "Coaching", "Resolved"]
    assert [track.index(label) for label in labels] == sorted(track.index(label) for label in labels)
    assert '<li class="stage-current" aria-current="step">Intervention plan</li>' in track
    assert "Inquiry" not in track
    assert "Agree a specific intervention plan with the family." in body


def test_resolving_needs_every_criterion_with_evidence(world):
    criteria = [ResolutionCriterion.objects.create(organization=world.org, kind="family_support", text=t)
                for t in ("Family reports a safer home", "Healthy activities in place")]
    _walk_to(world, "plan", "monitoring", "coaching")
    actor = world.actor("manager")
    with pytest.raises(ValidationError) as error:
        case_transition(actor=actor, case_id=world.case.pk, to_status="resolved",
                        evidence={criteria[0].pk: "Mother reports calm evenings"})
    assert "Healthy activities in place" in str(error.value)
    case = case_transition(actor=actor, case_id=world.case.pk, to_status="resolved", evidence={
        criteria[0].pk: "Mother reports calm evenings", str(criteria[1].pk): "Joined a football club"})
    assert case.status == "resolved"
    assert ResolutionEvidence.objects.get(case=case, criterion=criteria[1]).evidence == "Joined a football club"


def test_resolving_without_written_criteria_is_refused(world):
    _walk_to(world, "plan", "monitoring", "coaching")
    with pytest.raises(ValidationError) as error:
        case_transition(actor=world.actor("manager"), case_id=world.case.pk, to_status="resolved")
    assert "no written resolution criteria" in str(error.value)


def test_close_without_resolution_needs_reasons_and_can_reopen(world):
    actor = world.actor("manager")
    with pytest.raises(ValidationError) as error:
        case_transition(actor=actor, case_id=world.case.pk, to_status="closed", reason="short")
    assert {"reason", "closure_reason"} <= set(error.value.message_dict)
    case = case_transition(actor=actor, case_id=world.case.pk, to_status="closed",
                           reason="No reply to five attempts over three months", closure_reason="No contact for 90 days")
    assert case.status == "closed" and case.closed_at is not None
    case = case_transition(actor=actor, case_id=world.case.pk, to_status="evaluation",
                           reason="Mother called again today")
    assert case.status == "evaluation" and case.closed_at is None


def test_page_shows_the_refusal_and_keeps_what_was_typed(world):
    response = world.client("manager").post(reverse("case_transition", args=[world.case.pk]),
                                            {"to_status": "paused", "reason": "tiny"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Say why, in at least 10 characters." in body
    assert "\ntiny</textarea>" in body
    world.case.refresh_from_db()
    assert world.case.status == "evaluation"


def test_api_refuses_illegal_move_with_field_message(world):
    response = world.client("manager").post(f"/api/v1/cases/{world.case.pk}/transitions/",
                                            {"to_status": "closed"}, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"reason", "closure_reason"}
