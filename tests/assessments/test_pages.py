"""The pages, through the test client: what each role sees and may do, the case page's section, the
answer form, the result and the comparison."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from offramp.assessments import catalogue, services
from offramp.assessments.models import Assessment
from offramp.core.models import AuditEvent

from .conftest import STAGES_V1, STAGES_V2, WELLNESS, assess

READERS = {"manager": 200, "mentor": 200, "supervisor": 200, "professional": 200}
NOT_ON_CASE = {"responder": 404, "other_manager": 404, "outsider": 404}
NO_PERMISSION = {name: 403 for name in ("admin", "facilitator", "trainer", "evaluator", "auditor", "external")}


@pytest.mark.parametrize("persona, status", {**READERS, **NOT_ON_CASE, **NO_PERMISSION}.items())
def test_who_reads_an_assessment(world, stage_assessment, persona, status):
    response = world.client(persona).get(reverse("assessments:assessment_detail", args=[stage_assessment.pk]))
    assert response.status_code == status
    if status != 200:
        assert "Contemplation" not in response.content.decode()


@pytest.mark.parametrize("persona, status", {**READERS, "professional": 403, **NOT_ON_CASE, **NO_PERMISSION}.items())
def test_who_may_start_an_assessment(world, persona, status):
    response = world.client(persona).get(reverse("assessments:assessment_start", args=[world.case.pk]))
    assert response.status_code == status


def test_start_picks_the_person_from_the_case_and_marks_an_informant(world):
    client = world.client("mentor")
    url = reverse("assessments:assessment_start", args=[world.case.pk])
    page = client.get(url).content.decode()
    assert f'value="{world.mother.pk}"' in page and "<select" in page
    response = client.post(url, {"person": str(world.mother.pk), "instrument_key": catalogue.WELLNESS,
                                 "informant": "informant", "informant_relationship": "Sister"})
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and response.url == reverse("assessments:assessment_answer",
                                                                   args=[assessment.pk])
    assert assessment.response.informant_relationship == "Sister"
    refused = client.post(url, {"person": str(world.other_case.participants.get().person_id),
                                "instrument_key": catalogue.WELLNESS, "informant": "self"})
    assert refused.status_code == 400 and Assessment.objects.count() == 1


def test_answering_on_the_engine_form_completes_and_shows_the_result(world):
    assessment = assess(world, catalogue.ASQ, {}, complete=False)
    client = world.client("manager")
    url = reverse("assessments:assessment_answer", args=[assessment.pk])
    assert client.get(url).status_code == 200
    answers = {"q_asq_1": "yes", "q_asq_2": "no", "q_asq_3": "no", "q_asq_4": "no"}
    missing = client.post(url, {**answers, "complete": "1"})
    assert missing.status_code == 400 and "ask this question too" in missing.content.decode()
    done = client.post(url, {**answers, "q_asq_5": "no", "complete": "1", "agency": "Northstar"})
    assert done.status_code == 302
    page = client.get(reverse("assessments:assessment_detail", args=[assessment.pk])).content.decode()
    assert "Non-acute positive screen" in page and "have you wished you were dead?" in page
    assert "Northstar" in page  # the contribution, attributed with its agency
    supervisor_page = world.client("supervisor").get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    assert "close the alerts" in supervisor_page.content.decode()


def test_the_case_page_shows_the_four_current_stages_their_history_and_the_list(world):
    assess(world, catalogue.STAGE_OF_CHANGE, STAGES_V1)
    assess(world, catalogue.STAGE_OF_CHANGE, STAGES_V2)
    assess(world, catalogue.WELLNESS, WELLNESS)
    page = world.client("manager").get(reverse("case_detail", args=[world.case.pk])).content.decode()
    assert "Current stages of change" in page and "Stages of change over time" in page
    current = page[page.index("Current stages of change"):page.index("Stages of change over time")]
    for text in ("Precontemplation: not considering a change", "Moved back to an earlier stage",
                 "Action: making the change"):
        assert text in current
    assert "<polyline" in page and "Latest wellness ratings" in page
    assert "Start an assessment" in page
    professional = world.client("professional").get(reverse("case_detail", args=[world.case.pk])).content.decode()
    assert "Current stages of change" in professional and "Start an assessment" not in professional
    external = world.client("external").get(reverse("case_detail", args=[world.case.pk])).content.decode()
    assert "Current stages of change" not in external


def test_compare_with_an_earlier_one_for_the_same_person(world):
    first = assess(world, catalogue.STAGE_OF_CHANGE, STAGES_V1)
    second = assess(world, catalogue.STAGE_OF_CHANGE, STAGES_V2)
    client = world.client("mentor")
    detail = client.get(reverse("assessments:assessment_detail", args=[second.pk])).content.decode()
    compare_url = reverse("assessments:assessment_compare", args=[first.pk, second.pk])
    assert compare_url in detail
    page = client.get(compare_url).content.decode()
    assert "Contemplation: weighing a change" in page and "Precontemplation: not considering a change" in page
    assert "changed" in page
    wellness = assess(world, catalogue.WELLNESS, WELLNESS)
    assert client.get(reverse("assessments:assessment_compare", args=[first.pk, wellness.pk])).status_code == 404
    assert world.client("responder").get(compare_url).status_code == 404


def test_a_refusal_is_audited(world, stage_assessment):
    world.client("other_manager").get(reverse("assessments:assessment_detail", args=[stage_assessment.pk]))
    assert AuditEvent.objects.filter(action="denied", actor=world.users["other_manager"]).exists()


def _case_page_queries(client, world) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("case_detail", args=[world.case.pk])).status_code == 200
    return len(queries)


def test_the_case_page_reads_assessments_in_a_fixed_number_of_queries(world):
    client = world.client("supervisor")
    assess(world, catalogue.STAGE_OF_CHANGE, STAGES_V1)
    assess(world, catalogue.WELLNESS, WELLNESS)
    assess(world, catalogue.ASQ, {key: "no" for key in catalogue.ASQ_QUESTIONS})
    client.get(reverse("case_detail", args=[world.case.pk]))
    before = _case_page_queries(client, world)
    for _ in range(4):
        assess(world, catalogue.STAGE_OF_CHANGE, STAGES_V2)
        assess(world, catalogue.WELLNESS, WELLNESS, person=world.mother)
        assess(world, catalogue.ASQ, {}, complete=False)
    services.assessment_start(actor=world.actor("mentor"), case_id=world.case.pk, person_id=world.mother.pk,
                              instrument_key=catalogue.ASQ)
    assert _case_page_queries(client, world) == before


@pytest.mark.parametrize("persona, status", {**READERS, **NOT_ON_CASE, **NO_PERMISSION}.items())
def test_who_reads_the_list_of_a_cases_assessments(world, stage_assessment, persona, status):
    response = world.client(persona).get(reverse("assessments:assessment_list", args=[world.case.pk]))
    assert response.status_code == status
    page = response.content.decode()
    assert (str(stage_assessment.pk) in page) == (status == 200)
    assert (world.client_person.display_name in page) == (status == 200)


def test_the_case_page_lists_the_latest_assessments_and_links_to_all(world):
    for _ in range(12):
        assess(world, catalogue.WELLNESS, WELLNESS)
    oldest = Assessment.objects.order_by("created_at").first()
    client = world.client("manager")
    page = client.get(reverse("case_detail", args=[world.case.pk])).content.decode()
    listed = reverse("assessments:assessment_list", args=[world.case.pk])
    assert "All assessments on this case (12)" in page and f'href="{listed}"' in page
    assert reverse("assessments:assessment_detail", args=[oldest.pk]) not in page.split("assessment-list")[1]
    full = client.get(listed).content.decode()
    assert "12 assessments on this case" in full and reverse("assessments:assessment_detail", args=[oldest.pk]) in full
