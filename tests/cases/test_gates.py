"""The move checks other apps register (cases.gates): a refused move shows its reasons; a supervisor may
make it anyway with a written reason, kept on the transition and audited. Exercised with the family
protocol's check (a family case's stage cannot be left before its record exists) and one of the test's own."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from offramp.cases import gates
from offramp.cases.models import CaseTransition
from offramp.cases.services import case_transition
from offramp.core.models import AuditEvent
from offramp.protocol import services as protocol_services

pytestmark = pytest.mark.django_db


def test_a_refused_move_names_what_is_missing_and_changes_nothing(world):
    with pytest.raises(ValidationError) as refused:
        case_transition(actor=world.actor("manager"), case_id=world.case.pk, to_status="plan")
    assert "evaluation is not recorded yet" in str(refused.value.message_dict["gate"])
    world.case.refresh_from_db()
    assert world.case.status == "evaluation" and not CaseTransition.objects.exists()


def test_only_moves_forward_are_held_up(world):
    actor = world.actor("manager")
    case_transition(actor=actor, case_id=world.case.pk, to_status="paused", reason="Family away for a month")
    case_transition(actor=actor, case_id=world.case.pk, to_status="evaluation")
    case_transition(actor=actor, case_id=world.case.pk, to_status="closed", reason="The family withdrew consent",
                    closure_reason="Client withdrew consent")
    world.case.refresh_from_db()
    assert world.case.status == "closed"


def test_a_case_manager_cannot_override(world):
    with pytest.raises(ValidationError) as refused:
        case_transition(actor=world.actor("manager"), case_id=world.case.pk, to_status="plan",
                        override_reason="The family asked us to go faster")
    assert "Only a supervisor" in str(refused.value.message_dict["override_reason"])


def test_a_supervisor_overrides_with_a_reason_kept_and_audited(world):
    supervisor = world.actor("supervisor")
    with pytest.raises(ValidationError) as short:
        case_transition(actor=supervisor, case_id=world.case.pk, to_status="plan", override_reason="fast")
    assert "override_reason" in short.value.message_dict
    case_transition(actor=supervisor, case_id=world.case.pk, to_status="plan",
                    override_reason="Evaluation done on paper at the family's home; typed up next week")
    transition = CaseTransition.objects.get()
    assert transition.override_reason.startswith("Evaluation done on paper")
    event = AuditEvent.objects.filter(object_type="case", detail__op="transition").latest("pk")
    assert "evaluation is not recorded yet" in event.detail["overridden"][0]


def test_an_override_reason_without_a_refusal_is_not_kept(world):
    protocol_services.family_evaluation_save(actor=world.actor("manager"), case_id=world.case.pk, worries="w",
                                             needs="n", openings="o")
    case_transition(actor=world.actor("supervisor"), case_id=world.case.pk, to_status="plan",
                    override_reason="Nothing to override here")
    assert CaseTransition.objects.get().override_reason in ("", None)


def test_a_registered_check_of_another_app_is_asked_too(world):
    def no_general_moves(actor, case, to_status):
        return "Not on a Tuesday." if to_status == "intake" else None

    gates.register(no_general_moves)
    try:
        case = world.other_case
        outsider = world.actor("outsider", world.other_org)
        with pytest.raises(ValidationError) as refused:
            case_transition(actor=outsider, case_id=case.pk, to_status="intake")
        assert refused.value.message_dict["gate"] == ["Not on a Tuesday."]
        with gates.suspended():
            case_transition(actor=outsider, case_id=case.pk, to_status="intake")
    finally:
        gates._checks.remove(no_general_moves)


def test_the_move_form_shows_the_reasons_and_offers_supervisors_the_override(world):
    url = reverse("case_transition", args=[world.case.pk])
    manager_page = world.client("manager").post(url, {"to_status": "plan"})
    text = manager_page.content.decode()
    assert manager_page.status_code == 400 and "evaluation is not recorded yet" in text
    # the refusal is announced at the top of the page, which reopens there, and leads to the reasons
    assert text.index("The case was not moved") < text.index('id="move"') and 'href="#move"' in text
    assert 'name="override_reason"' not in text
    supervisor = world.client("supervisor")
    refused = supervisor.post(url, {"to_status": "plan"})
    assert refused.status_code == 400 and 'name="override_reason"' in refused.content.decode()
    # the field's help text is the one its aria-describedby names
    assert 'aria-describedby="id_override_reason_helptext"' in refused.content.decode()
    assert 'id="id_override_reason_helptext"' in refused.content.decode()
    moved = supervisor.post(url, {"to_status": "plan", "override_reason": "Evaluated at the family's home on paper"})
    assert moved.status_code == 302
    page = supervisor.get(reverse("case_detail", args=[world.case.pk])).content.decode()
    assert "Moved on by a supervisor despite what was missing" in page and "Evaluated at the family" in page


def test_the_api_refuses_with_the_gate_and_takes_the_override(world):
    url = f"/api/v1/cases/{world.case.pk}/transitions/"
    refused = world.client("manager").post(url, {"to_status": "plan"}, content_type="application/json")
    assert refused.status_code == 400 and "gate" in refused.json()
    moved = world.client("supervisor").post(url, {"to_status": "plan", "override_reason": "Evaluated on paper at home"},
                                            content_type="application/json")
    assert moved.status_code == 200, moved.content
