"""The services on the real database: who may start and complete, the participant check, the screen's
result and its alert."""

import pytest
from django.core.exceptions import ValidationError

from offramp.assessments import catalogue, results, selectors, services
from offramp.assessments.models import Assessment
from offramp.cases import services as case_services
from offramp.cases.models import TeamRole
from offramp.core.access import Forbidden, NotFound
from offramp.core.models import Notification
from offramp.instruments.models import InstrumentResponse
from offramp.people import services as people_services

from .conftest import STAGES_V1, assess

NO = {key: "no" for key in catalogue.ASQ_QUESTIONS}


def test_start_gets_the_shipped_definition_on_first_use_and_attaches_the_response(world):
    assessment = assess(world, catalogue.STAGE_OF_CHANGE, STAGES_V1, complete=False)
    response = assessment.response
    assert (response.subject_type, response.subject_id) == ("assessment", str(assessment.pk))
    assert response.version.number == 1 and response.version.created_by is None
    again = assess(world, catalogue.STAGE_OF_CHANGE, STAGES_V1, complete=False)
    assert again.response.version_id == response.version_id


def test_a_person_who_is_not_on_the_case_is_refused_with_a_clear_message(world):
    stranger = people_services.person_create(actor=world.actor("manager"), given_name="Nobody", family_name="Else")
    with pytest.raises(ValidationError) as refused:
        services.assessment_start(actor=world.actor("manager"), case_id=world.case.pk, person_id=stranger.pk,
                                  instrument_key=catalogue.WELLNESS)
    assert "not on the case" in refused.value.message_dict["person"][0]
    with pytest.raises(ValidationError):
        services.assessment_start(actor=world.actor("manager"), case_id=world.case.pk, person_id="not-an-id",
                                  instrument_key=catalogue.WELLNESS)
    assert not Assessment.objects.exists() and not InstrumentResponse.objects.exists()


def test_an_unknown_instrument_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        services.assessment_start(actor=world.actor("manager"), case_id=world.case.pk,
                                  person_id=world.client_person.pk, instrument_key="made-up")
    assert "instrument_key" in refused.value.message_dict


@pytest.mark.parametrize("persona", ["manager", "mentor", "supervisor"])
def test_who_writes_on_the_case_may_start_and_complete(world, persona):
    assessment = assess(world, catalogue.WELLNESS, {k: 4 for k in catalogue.DIMENSIONS}, persona=persona,
                        person=world.mother)
    assert assessment.response.is_complete and assessment.person == world.mother


@pytest.mark.parametrize("persona, refusal", [
    ("professional", Forbidden), ("responder", NotFound), ("other_manager", NotFound), ("external", Forbidden),
    ("admin", Forbidden), ("evaluator", Forbidden), ("facilitator", Forbidden)])
def test_others_may_not_start(world, persona, refusal):
    with pytest.raises(refusal):
        services.assessment_start(actor=world.actor(persona), case_id=world.case.pk,
                                  person_id=world.client_person.pk, instrument_key=catalogue.WELLNESS)


def test_another_organisations_case_is_not_found(world):
    outsider = world.actor("outsider", world.other_org)
    with pytest.raises(NotFound):
        services.assessment_start(actor=outsider, case_id=world.case.pk, person_id=world.client_person.pk,
                                  instrument_key=catalogue.WELLNESS)
    theirs = services.assessment_start(actor=outsider, case_id=world.other_case.pk,
                                       person_id=world.other_case.participants.get().person_id,
                                       instrument_key=catalogue.WELLNESS)
    with pytest.raises(NotFound):
        selectors.assessment_get(world.actor("supervisor"), theirs.pk)
    assert not selectors.assessments_visible_to(world.actor("supervisor")).filter(pk=theirs.pk).exists()


def test_a_read_only_team_member_reads_but_cannot_complete(world):
    draft = assess(world, catalogue.WELLNESS, {}, complete=False)
    assert selectors.assessment_get(world.actor("professional"), draft.pk)
    with pytest.raises(Forbidden):
        services.assessment_complete(actor=world.actor("professional"), assessment_id=draft.pk,
                                     answers={k: 3 for k in catalogue.DIMENSIONS})


@pytest.mark.parametrize("answers, expected, causes", [
    (NO, results.NEGATIVE, 0),
    ({**NO, "asq_2": "yes", "asq_5": "no"}, results.NON_ACUTE, 1),
    ({**NO, "asq_4": "declined", "asq_3": "yes", "asq_5": "yes"}, results.ACUTE, 3),
])
def test_the_screen_is_scored_by_the_asq_rule(world, answers, expected, causes):
    assessment = assess(world, catalogue.ASQ, answers)
    screen = results.screen(assessment.response.version.definition, assessment.response.answer_data)
    assert screen.result == expected and len(screen.causes) == causes
    alerts = Notification.objects.filter(user=world.users["supervisor"], urgent=True)
    assert alerts.exists() == (expected != results.NEGATIVE)


def test_a_positive_screen_alerts_the_case_supervisors_and_a_supervisor_closes_the_alerts(world):
    case_services.case_team_add(actor=world.actor("manager"), case_id=world.case.pk,
                                member=world.users["supervisor"].pk, role=TeamRole.SUPERVISOR)
    assessment = assess(world, catalogue.ASQ, {**NO, "asq_1": "yes", "asq_5": "no"}, persona="mentor")
    alert = Notification.objects.get(urgent=True)
    assert alert.user == world.users["supervisor"]
    assert alert.url == f"/assessments/{assessment.pk}/"
    assert world.case.reference in alert.message and "Zephyrine" not in alert.message
    with pytest.raises(Forbidden):
        services.assessment_alert_close(actor=world.actor("manager"), assessment_id=assessment.pk)
    assert services.assessment_alert_close(actor=world.actor("supervisor"), assessment_id=assessment.pk) == 1


def test_a_positive_screen_needs_the_acuity_question_and_nothing_is_saved_without_it(world):
    assessment = assess(world, catalogue.ASQ, {}, complete=False)
    with pytest.raises(ValidationError) as refused:
        services.assessment_complete(actor=world.actor("manager"), assessment_id=assessment.pk,
                                     answers={**NO, "asq_3": "yes"})
    assert "asq_5" in refused.value.message_dict
    assessment.response.refresh_from_db()
    assert not assessment.response.is_complete and assessment.response.answer_data == {}
    assert not Notification.objects.exists()
