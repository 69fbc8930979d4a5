"""The API: the same rules as the pages."""

import pytest

from offramp.assessments import catalogue, services
from offramp.core.models import Notification

from .conftest import STAGES_V1, assess


def test_list_read_start_contribute_and_complete(world, stage_assessment):
    client = world.client("mentor")
    listed = client.get(f"/api/v1/assessments/cases/{world.case.pk}/").json()
    assert [row["id"] for row in listed["results"]] == [str(stage_assessment.pk)]
    one = client.get(f"/api/v1/assessments/{stage_assessment.pk}/").json()
    assert one["answers"]["behaviour_stage"] == "contemplation" and one["scores"]["behaviour"]["value"] == 2
    assert [s["stage"] for s in one["result"]["stages"]] == [2, 1, None, 3]
    assert one["contributions"][0]["author"] == "Manager"
    started = client.post(f"/api/v1/assessments/cases/{world.case.pk}/",
                          {"person": str(world.client_person.pk), "instrument_key": catalogue.ASQ},
                          content_type="application/json")
    assert started.status_code == 201 and started.json()["status"] == "draft"
    new = started.json()["id"]
    added = client.post(f"/api/v1/assessments/{new}/contributions/",
                        {"answers": {"asq_1": "no", "asq_2": "no"}, "agency": "Probation"},
                        content_type="application/json")
    assert added.status_code == 201
    done = client.post(f"/api/v1/assessments/{new}/complete/", {"answers": {"asq_3": "yes", "asq_4": "no",
                                                                             "asq_5": "yes"}},
                       content_type="application/json")
    assert done.status_code == 200
    assert done.json()["result"]["screen"] == "acute" and len(done.json()["result"]["causes"]) == 2
    assert Notification.objects.filter(user=world.users["supervisor"], urgent=True).count() == 1


def test_a_person_not_on_the_case_is_refused_with_a_clear_message(world):
    other_person = world.other_case.participants.get().person_id
    response = world.client("manager").post(f"/api/v1/assessments/cases/{world.case.pk}/",
                                            {"person": str(other_person), "instrument_key": catalogue.WELLNESS},
                                            content_type="application/json")
    assert response.status_code == 400 and "not on the case" in str(response.json())


@pytest.mark.parametrize("persona, status", [("responder", 404), ("other_manager", 404), ("outsider", 404),
                                             ("external", 403), ("evaluator", 403), ("admin", 403)])
def test_those_not_on_the_case_get_nothing(world, stage_assessment, persona, status):
    client = world.client(persona)
    assert client.get(f"/api/v1/assessments/cases/{world.case.pk}/").status_code == status
    read = client.get(f"/api/v1/assessments/{stage_assessment.pk}/")
    assert read.status_code == status and "contemplation" not in read.content.decode()
    assert client.post(f"/api/v1/assessments/{stage_assessment.pk}/complete/", {},
                       content_type="application/json").status_code == status


def test_a_read_only_team_member_reads_but_may_not_write(world):
    draft = assess(world, catalogue.WELLNESS, {}, complete=False)
    client = world.client("professional")
    assert client.get(f"/api/v1/assessments/{draft.pk}/").status_code == 200
    assert client.post(f"/api/v1/assessments/{draft.pk}/contributions/", {"answers": {"social": 2}},
                       content_type="application/json").status_code == 403
    assert client.post(f"/api/v1/assessments/cases/{world.case.pk}/",
                       {"person": str(world.client_person.pk), "instrument_key": catalogue.WELLNESS},
                       content_type="application/json").status_code == 403


def test_another_organisations_assessments_are_not_listed_or_read(world):
    outsider = world.actor("outsider", world.other_org)
    theirs = services.assessment_start(actor=outsider, case_id=world.other_case.pk,
                                       person_id=world.other_case.participants.get().person_id,
                                       instrument_key=catalogue.STAGE_OF_CHANGE)
    services.assessment_complete(actor=outsider, assessment_id=theirs.pk, answers=STAGES_V1)
    client = world.client("supervisor")
    assert client.get(f"/api/v1/assessments/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/v1/assessments/cases/{world.other_case.pk}/").status_code == 404
    assert client.get(f"/api/v1/instruments/responses/{theirs.response_id}/").status_code == 404
    assert client.get(f"/api/v1/assessments/cases/{world.case.pk}/").json()["results"] == []


def test_the_engine_applies_the_case_rule_to_the_assessments_response(world, stage_assessment):
    url = f"/api/v1/instruments/responses/{stage_assessment.response_id}/"
    assert world.client("mentor").get(url).status_code == 200
    assert world.client("responder").get(url).status_code == 404
