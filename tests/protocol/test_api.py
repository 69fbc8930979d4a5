"""The protocol's API: the same rules as the pages, strict bodies, and lists whose queries stay flat."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from offramp.protocol import services
from offramp.protocol.models import FamilyEvaluation

from .conftest import WORRIES, write

pytestmark = pytest.mark.django_db


def _url(world, tail="", case=None):
    return f"/api/v1/protocol/cases/{(case or world.case).pk}/{tail}"


def test_the_summary_says_what_is_missing_then_shows_the_record(world):
    client = world.client("manager")
    before = client.get(_url(world)).json()
    assert before["status"] == "evaluation" and "evaluation is not recorded" in before["missing"]
    assert before["evaluation"] is None and before["aftercare"] is None
    saved = client.post(_url(world, "evaluation/"), {"worries": WORRIES, "needs": "n", "openings": "o"},
                        content_type="application/json")
    assert saved.status_code == 200 and saved.json()["worries"] == WORRIES
    after = client.get(_url(world)).json()
    assert after["missing"] == "" and after["evaluation"]["worries"] == WORRIES


@pytest.mark.parametrize("persona, status", [
    ("mentor", 200), ("supervisor", 200), ("professional", 200), ("responder", 404), ("other_manager", 404),
    ("outsider", 404), ("external", 403), ("admin", 403), ("auditor", 403)])
def test_who_reads_the_protocol(world, persona, status):
    write(world, "evaluation")
    response = world.client(persona).get(_url(world))
    assert response.status_code == status
    if status != 200:
        assert WORRIES not in response.content.decode()


def test_bodies_are_strict_and_refusals_come_before_them(world):
    client = world.client("manager")
    wrong = client.post(_url(world, "plan/"), {"family_goals": ["a"], "person_goals": 5, "tasks": None,
                                               "review_on": "soon", "extra": 1}, content_type="application/json")
    assert wrong.status_code == 400 and {"review_on", "unknown_fields"} <= set(wrong.json())
    outsider = world.client("outsider").post(_url(world, "plan/"), {"nonsense": True}, content_type="application/json")
    assert outsider.status_code == 404
    professional = world.client("professional").post(_url(world, "evaluation/"), {
        "worries": "w", "needs": "n", "openings": "o"}, content_type="application/json")
    assert professional.status_code == 403 and not FamilyEvaluation.objects.exists()
    not_family = world.client("outsider").get(_url(world, case=world.other_case))
    assert not_family.status_code == 404


def test_monitoring_list_is_paged_with_flat_queries(world):
    client = world.client("manager")
    added = client.post(_url(world, "monitoring/"), {"observed_on": timezone.localdate().isoformat(),
                                                     "changes": "Came to dinner."}, content_type="application/json")
    assert added.status_code == 201

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(world, "monitoring/")).status_code == 200
        return len(queries)

    one = count()
    for _ in range(12):
        services.monitoring_entry_add(actor=world.actor("manager"), case_id=world.case.pk,
                                      observed_on=timezone.localdate(), changes="More.")
    assert count() == one
    assert len(client.get(_url(world, "monitoring/")).json()["results"]) == 13


def test_check_ins_through_the_api(world):
    from .conftest import resolve

    client = world.client("manager")
    early = client.post(_url(world, "check-ins/"), {"held_on": timezone.localdate().isoformat(), "watch": "steady"},
                        content_type="application/json")
    assert early.status_code == 400
    resolve(world, days_ago=40)
    schedule = client.get(_url(world, "check-ins/")).json()
    assert [row["month"] for row in schedule["check_ins"]] == [1, 3, 6]
    bad = client.post(_url(world, "check-ins/"), {"held_on": "yesterday", "watch": "fine"},
                      content_type="application/json")
    assert bad.status_code == 400 and {"held_on", "watch"} <= set(bad.json())
    done = client.post(_url(world, "check-ins/"), {"held_on": timezone.localdate().isoformat(), "watch": "relapse",
                                                   "notes": "Back in the chat group."}, content_type="application/json")
    assert done.status_code == 201 and done.json()["worrying"] is True and done.json()["month"] == 1
