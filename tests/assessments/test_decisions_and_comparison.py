"""Several agencies on one assessment, each contribution attributed, and the joint decision recorded with
the agencies that took it (C7); comparing an assessment with an earlier one, side by side and as a chart.
Each rule from outside (pages, API), hostile input included."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from offramp.assessments import catalogue, services
from offramp.assessments.models import AssessmentDecision
from offramp.core.models import AuditEvent
from offramp.instruments import services as instrument_services

from .conftest import RISK_CALM, RISK_ESCALATED, SOCIAL, STAGES_V1, STAGES_V2, WELLNESS, assess

DECISION = "Refer to the mental-health team; the mentor keeps weekly meetings."


def _decide(world, assessment, persona="manager", **kwargs):
    return services.assessment_decide(actor=world.actor(persona), assessment_id=assessment.pk,
                                      **{"decision": DECISION, "agencies": ["Probation", "Northstar casework"],
                                         **kwargs})


def test_several_agencies_contribute_and_decide_together(world):
    draft = assess(world, catalogue.SOCIAL_DIAGNOSTIC, {}, complete=False)
    instrument_services.response_contribute(actor=world.actor("mentor"), response_id=draft.response_id,
                                            answers={"family_now_rating": ["resource"]}, agency="Northstar casework")
    instrument_services.response_contribute(actor=world.actor("manager"), response_id=draft.response_id,
                                            answers={"offending_rating": ["risk"]}, agency="County probation")
    services.assessment_complete(actor=world.actor("manager"), assessment_id=draft.pk, answers=SOCIAL,
                                 agency="Youth mental-health team")
    decision = _decide(world, draft, agencies=[" Probation ", "probation", "", "Northstar casework"])
    assert decision.agency_list == ["Probation", "Northstar casework"]
    raw = connection.cursor().execute("select decision, agencies from assessments_assessmentdecision").fetchone()
    assert DECISION.encode() not in bytes(raw[0]) and b"Probation" not in bytes(raw[1])  # encrypted at rest
    assert AuditEvent.objects.filter(object_type="assessment_decision", object_id=str(decision.pk)).exists()
    page = world.client("mentor").get(reverse("assessments:assessment_detail", args=[draft.pk])).content.decode()
    for text in (DECISION, "Taken by: Probation, Northstar casework", "County probation", "Youth mental-health team",
                 "Agencies that contributed answers: County probation, Northstar casework, Youth mental-health team"):
        assert text in page
    api = world.client("mentor").get(f"/api/v1/assessments/{draft.pk}/").json()
    assert api["decisions"][0]["agencies"] == ["Probation", "Northstar casework"]
    assert api["decisions"][0]["decision"] == DECISION and api["decisions"][0]["recorded_by"] == "Manager"
    assert {c["agency"] for c in api["contributions"]} == {"Northstar casework", "County probation",
                                                           "Youth mental-health team"}
    assert api["result"]["factors"][4]["rated_as"] == ["resource", "resonance"]


@pytest.mark.parametrize("kwargs, field", [
    ({"decision": "  "}, "decision"), ({"decision": "x" * 5001}, "decision"),
    ({"agencies": []}, "agencies"), ({"agencies": ["", "  "]}, "agencies"), ({"agencies": ["x" * 201]}, "agencies"),
    ({"agencies": [f"Agency {n}" for n in range(21)]}, "agencies"), ({"agencies": [1, 2]}, "agencies"),
    ({"agencies": {"a": 1}}, "agencies"), ({"decision": None}, "decision"),
])
def test_a_bad_decision_is_refused_with_a_clear_message(world, kwargs, field):
    assessment = assess(world, catalogue.RISK_PROTECTIVE, RISK_CALM)
    with pytest.raises(ValidationError) as error:
        _decide(world, assessment, **kwargs)
    assert field in error.value.message_dict
    assert not AssessmentDecision.objects.exists()


def test_a_draft_takes_no_decision(world):
    draft = assess(world, catalogue.RISK_PROTECTIVE, {}, complete=False)
    with pytest.raises(ValidationError, match="Complete the assessment"):
        _decide(world, draft)


@pytest.mark.parametrize("persona, status", [
    ("manager", 302), ("mentor", 302), ("supervisor", 302), ("professional", 403), ("responder", 404),
    ("other_manager", 404), ("outsider", 404), ("external", 403), ("evaluator", 403), ("admin", 403)])
def test_who_records_a_joint_decision_on_the_page(world, persona, status):
    assessment = assess(world, catalogue.RISK_PROTECTIVE, RISK_ESCALATED)
    response = world.client(persona).post(reverse("assessments:assessment_decide", args=[assessment.pk]),
                                          {"decision": DECISION, "agencies": "Probation\nSchool"})
    assert response.status_code == status
    assert AssessmentDecision.objects.count() == (1 if status == 302 else 0)


def test_the_decision_form_shows_its_errors(world):
    assessment = assess(world, catalogue.RISK_PROTECTIVE, RISK_CALM)
    client = world.client("manager")
    url = reverse("assessments:assessment_decide", args=[assessment.pk])
    response = client.post(url, {"decision": "", "agencies": "\n \n"})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    response = client.post(url, {"decision": DECISION, "agencies": "Probation\n" + "x" * 201})
    assert response.status_code == 400 and "at most 200 characters" in response.content.decode()
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("persona, status", [
    ("manager", 201), ("professional", 403), ("responder", 404), ("other_manager", 404), ("external", 403)])
def test_who_records_a_joint_decision_in_the_api(world, persona, status):
    assessment = assess(world, catalogue.RISK_PROTECTIVE, RISK_CALM)
    response = world.client(persona).post(f"/api/v1/assessments/{assessment.pk}/decisions/",
                                          {"decision": DECISION, "agencies": ["Probation"]},
                                          content_type="application/json")
    assert response.status_code == status
    if status == 201:
        assert response.json()["agencies"] == ["Probation"]


@pytest.mark.parametrize("body", [
    {"decision": DECISION, "agencies": "Probation"}, {"decision": DECISION, "agencies": [{"x": 1}]},
    {"decision": ["a"], "agencies": ["Probation"]}, {"decision": DECISION}, {"decision": "x" * 6000, "agencies": ["a"]},
    {"decision": DECISION, "agencies": ["a" * 500]}, {"decision": DECISION, "agencies": []},
    {"decision": DECISION, "agencies": [" "]}, [], "text",
])
def test_hostile_decisions_in_the_api_get_a_400(world, body):
    assessment = assess(world, catalogue.RISK_PROTECTIVE, RISK_CALM)
    response = world.client("manager").post(f"/api/v1/assessments/{assessment.pk}/decisions/", body,
                                            content_type="application/json")
    assert response.status_code == 400 and response.json()
    assert not AssessmentDecision.objects.exists()


def test_a_bad_id_is_not_found(world):
    client = world.client("manager")
    assert client.post("/api/v1/assessments/00000000-0000-0000-0000-000000000000/decisions/",
                       {"decision": DECISION, "agencies": ["a"]}, content_type="application/json").status_code == 404
    assert client.get("/api/v1/assessments/not-a-uuid/decisions/").status_code == 404


def test_compare_side_by_side_and_as_a_chart(world):
    first = assess(world, catalogue.STAGE_OF_CHANGE, STAGES_V1)
    second = assess(world, catalogue.STAGE_OF_CHANGE, STAGES_V2)
    page = world.client("mentor").get(reverse("assessments:assessment_compare", args=[second.pk, first.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and 'class="compare-chart"' in html and "<circle" in html
    assert "hollow circle" in html and "Precontemplation: not considering a change" in html
    api = world.client("mentor").get(f"/api/v1/assessments/{first.pk}/compare/{second.pk}/").json()
    assert (api["before"], api["after"]) == (str(first.pk), str(second.pk))
    behaviour = next(row for row in api["items"] if row["key"] == "behaviour_stage")
    assert behaviour["before"] == "contemplation" and behaviour["after"] == "precontemplation" and behaviour["changed"]
    assert api["chart"][0]["label"] and any(row["changed"] for row in api["chart"])


def test_wellness_is_compared_on_a_radar(world):
    first = assess(world, catalogue.WELLNESS, WELLNESS)
    second = assess(world, catalogue.WELLNESS, {**WELLNESS, "social": 5})
    html = world.client("manager").get(reverse("assessments:assessment_compare",
                                               args=[first.pk, second.pk])).content.decode()
    assert 'class="radar-chart"' in html and "(dashed line)" in html


@pytest.mark.parametrize("persona", ["responder", "other_manager", "outsider", "external"])
def test_comparison_is_refused_outside_the_case(world, persona):
    first = assess(world, catalogue.WELLNESS, WELLNESS)
    second = assess(world, catalogue.WELLNESS, WELLNESS)
    assert world.client(persona).get(f"/api/v1/assessments/{first.pk}/compare/{second.pk}/").status_code in (403, 404)
    page = world.client(persona).get(reverse("assessments:assessment_compare", args=[first.pk, second.pk]))
    assert page.status_code in (403, 404)


def test_only_the_same_person_and_instrument_compare(world):
    first = assess(world, catalogue.WELLNESS, WELLNESS)
    other_person = assess(world, catalogue.WELLNESS, WELLNESS, person=world.mother)
    other_kind = assess(world, catalogue.RISK_PROTECTIVE, RISK_CALM)
    client = world.client("manager")
    for other in (other_person, other_kind, first):
        assert client.get(f"/api/v1/assessments/{first.pk}/compare/{other.pk}/").status_code == 404


def test_a_draft_is_not_compared(world):
    complete = assess(world, catalogue.WELLNESS, WELLNESS)
    draft = assess(world, catalogue.WELLNESS, WELLNESS, complete=False)
    client = world.client("manager")
    assert client.get(f"/api/v1/assessments/{complete.pk}/compare/{draft.pk}/").status_code == 404
    assert client.get(reverse("assessments:assessment_compare", args=[draft.pk, complete.pk])).status_code == 404


def test_a_draft_takes_no_decision_in_the_api_either(world):
    draft = assess(world, catalogue.RISK_PROTECTIVE, {}, complete=False)
    response = world.client("manager").post(f"/api/v1/assessments/{draft.pk}/decisions/",
                                            {"decision": DECISION, "agencies": ["Probation"]},
                                            content_type="application/json")
    assert response.status_code == 400 and "Complete the assessment" in json.dumps(response.json())


def _queries(client, url) -> int:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_and_the_api_read_in_a_fixed_number_of_queries(world):
    assessment = assess(world, catalogue.SOCIAL_DIAGNOSTIC, SOCIAL)
    _decide(world, assessment)
    client = world.client("manager")
    page, api = reverse("assessments:assessment_detail", args=[assessment.pk]), f"/api/v1/assessments/{assessment.pk}/"
    listed = f"/api/v1/assessments/cases/{world.case.pk}/"
    before = [_queries(client, url) for url in (page, api, listed)]
    for _ in range(3):
        _decide(world, assessment, persona="mentor")
        assess(world, catalogue.RISK_PROTECTIVE, RISK_ESCALATED)
        assess(world, catalogue.SOCIAL_DIAGNOSTIC, SOCIAL)
    assert [_queries(client, url) for url in (page, api, listed)] == before


def test_the_audit_trail_names_assessments_and_decisions_by_the_case(world):
    assessment = assess(world, catalogue.RISK_PROTECTIVE, RISK_CALM)
    decision = _decide(world, assessment)
    rows = world.client("auditor").get(reverse("audit")).content.decode()
    rows = rows[rows.index("<tbody>"):rows.index("</tbody>")]
    assert f"joint decision on {world.case.reference}" in rows and str(decision.pk) not in rows
    assert f"assessment on {world.case.reference}" in rows and DECISION not in rows
