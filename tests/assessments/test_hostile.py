"""Hostile input on this app's routes (pages and API), with a draft and a complete assessment of every
new instrument: a clear refusal, never a server error, nothing written."""

import json

import pytest
from django.urls import reverse

from offramp.assessments import catalogue
from offramp.assessments.models import AssessmentDecision

from .conftest import ANSWERS, assess

TEXT = ["99999999999999999999", "²", "\u202eevil", "x" * 20000, "\x00", "<script>alert(1)</script>", "NaN", "[]"]
JSON = [{"page": "²"}, [], "text", 10**30, None,
        {"decision": {"a": 1}, "agencies": "x", "answers": {"exit_stage": ["a"], "online_hours": "1e309",
                                                              "left_on": "yesterday", "nope": 1},
         "agency": ["x"], "person": 10**30, "instrument_key": {"x": 1}},
        {"decision": "x" * 20000, "agencies": ["\x00"] * 30},
        {"answers": {"relationship": 99, "tactics": "love_bombing", "own_reasons": "x" * 20000}}]


def _urls(draft, done, other):
    return [reverse("assessments:assessment_detail", args=[done.pk]),
            reverse("assessments:assessment_decide", args=[done.pk]),
            reverse("assessments:assessment_decide", args=[draft.pk]),
            reverse("assessments:assessment_answer", args=[draft.pk]),
            reverse("assessments:assessment_compare", args=[done.pk, other.pk]),
            f"/api/v1/assessments/{done.pk}/", f"/api/v1/assessments/{done.pk}/decisions/",
            f"/api/v1/assessments/{draft.pk}/decisions/", f"/api/v1/assessments/{draft.pk}/contributions/",
            f"/api/v1/assessments/{draft.pk}/complete/", f"/api/v1/assessments/{done.pk}/compare/{other.pk}/"]


@pytest.mark.parametrize("key", catalogue.BUILT_IN[3:])
@pytest.mark.parametrize("persona", ["manager", "professional", "other_manager"])
def test_hostile_input_never_breaks_a_route(world, key, persona):
    draft = assess(world, key, {}, complete=False)
    done = assess(world, key, ANSWERS[key])
    other = assess(world, key, ANSWERS[key])
    client = world.client(persona)
    for url in _urls(draft, done, other):
        for value in TEXT[:3]:
            assert client.get(url, {"page": value}).status_code < 500, url
        assert client.post(url, {"decision": TEXT, "agencies": TEXT, "q_exit_stage": TEXT, "agency": TEXT,
                                 "complete": "1"}).status_code < 500, url
        for body in JSON:
            response = client.post(url, json.dumps(body), content_type="application/json")
            assert response.status_code < 500, (url, body)
        assert client.post(url, b"\xff\xfe{not json", content_type="application/json").status_code < 500
    for decision in AssessmentDecision.objects.all():  # a form's last values may be a plain decision
        assert persona == "manager" and decision.assessment_id == done.pk
        assert len(decision.decision) <= 5000 and 1 <= len(decision.agency_list) <= 20
    draft.response.refresh_from_db()
    assert draft.response.answer_data == {}  # nothing hostile was kept (an instrument with no required item may complete)


def test_hostile_answers_get_messages_by_item(world):
    draft = assess(world, catalogue.INFLUENCES, {}, complete=False)
    response = world.client("manager").post(
        f"/api/v1/assessments/{draft.pk}/contributions/",
        {"answers": {"online_hours": 500, "left_on": "2026-01-01", "tactics": "love_bombing",
                     "prevention_level": {"special": "maybe"}}}, content_type="application/json")
    assert response.status_code == 400
    body = json.dumps(response.json())
    for key in ("online_hours", "left_on", "tactics", "prevention_level"):
        assert key in body


def test_a_control_character_in_a_text_answer_is_refused_by_name_and_nothing_is_kept(world):
    draft = assess(world, catalogue.STAGE_OF_CHANGE, {}, complete=False)
    response = world.client("manager").post(f"/api/v1/assessments/{draft.pk}/contributions/",
                                            {"answers": {"behaviour_evidence": "seen\x00twice"}},
                                            content_type="application/json")
    assert response.status_code == 400
    assert "behaviour_evidence" in response.content.decode() and "control character" in response.content.decode()
    draft.response.refresh_from_db()
    assert draft.response.answer_data == {}


def test_a_social_diagnostic_with_nothing_rated_is_not_complete(world):
    draft = assess(world, catalogue.SOCIAL_DIAGNOSTIC, {}, complete=False)
    page = world.client("manager").post(reverse("assessments:assessment_answer", args=[draft.pk]),
                                        {"q_openings_detail": "He repairs motorbikes.", "complete": "1"})
    body = page.content.decode()
    assert page.status_code == 400 and "Rate at least one factor" in body and "He repairs motorbikes." in body
    draft.response.refresh_from_db()
    assert not draft.response.is_complete
