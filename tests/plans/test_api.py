"""The API: the same rules as the pages; the stage-fit caution as a 400 until confirmed; no leak."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from offramp.plans import services
from offramp.plans.models import Goal, PlanTask

from .conftest import GOAL, due, make_goal, make_task, record_stages


def _body(world, **changes) -> dict:
    return {"person": str(world.client_person.pk), **GOAL, "due_on": due(world).isoformat(), **changes}


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_list_create_change_progress_and_reach_a_goal(world):
    client = world.client("mentor")
    created = _post(client, f"/api/v1/plans/cases/{world.case.pk}/goals/", _body(world, target_value="3"))
    assert created.status_code == 201, created.content
    goal = created.json()
    assert goal["statement"] == GOAL["statement"] and goal["status"] == "open" and goal["progress"] == 0
    assert goal["stage_caution"] == {"accepted": False, "cautions": [], "accepted_by": None, "accepted_at": None}
    listed = client.get(f"/api/v1/plans/cases/{world.case.pk}/goals/").json()
    assert [row["id"] for row in listed["results"]] == [goal["id"]]
    changed = client.patch(f"/api/v1/plans/goals/{goal['id']}/", json.dumps({"relevant": "He asked for it."}),
                           content_type="application/json")
    assert changed.status_code == 200 and changed.json()["relevant"] == "He asked for it."
    assert changed.json()["statement"] == GOAL["statement"]
    progress = _post(client, f"/api/v1/plans/goals/{goal['id']}/progress/", {"kind": "measure", "value": "2",
                                                                             "note": "Two sent."})
    assert progress.status_code == 201 and progress.json()["percent"] == 66
    detail = client.get(f"/api/v1/plans/goals/{goal['id']}/").json()
    assert detail["progress"] == 66 and detail["updates"][0]["note"] == "Two sent."
    reached = _post(client, f"/api/v1/plans/goals/{goal['id']}/achieve/", {})
    assert reached.status_code == 200 and reached.json()["status"] == "achieved"
    assert reached.json()["achieved_by"] == "Mentor"
    again = _post(client, f"/api/v1/plans/goals/{goal['id']}/achieve/", {})
    assert again.status_code == 400 and "already closed" in again.content.decode()


def test_the_caution_is_a_400_until_confirmed_and_shows_on_the_goal(world):
    record_stages(world, identity="precontemplation")
    client = world.client("manager")
    url = f"/api/v1/plans/cases/{world.case.pk}/goals/"
    cautioned = _post(client, url, _body(world, targets=["identity"]))
    assert cautioned.status_code == 400 and "reactance" in cautioned.json()["accept_caution"][0]
    accepted = _post(client, url, _body(world, targets=["identity"], accept_caution=True))
    assert accepted.status_code == 201
    caution = accepted.json()["stage_caution"]
    assert caution["accepted"] and caution["accepted_by"] == "Manager"
    assert caution["cautions"] == [{"person": str(world.client_person.pk), "target": "identity", "stage": 1}]


def test_drop_and_tasks(world, goal):
    client = world.client("manager")
    assert _post(client, f"/api/v1/plans/goals/{goal.pk}/drop/", {}).status_code == 400
    tasks_url = f"/api/v1/plans/cases/{world.case.pk}/tasks/"
    created = _post(client, tasks_url, {"kind": "task", "description": "Call the adviser.",
                                        "assignee": world.users["mentor"].pk, "due_on": due(world, 2).isoformat(),
                                        "goal": str(goal.pk)})
    assert created.status_code == 201, created.content
    task = created.json()
    assert task["assignee_name"] == "Mentor" and task["goal"] == str(goal.pk) and task["done_at"] is None
    assert [row["id"] for row in client.get(tasks_url).json()["results"]] == [task["id"]]
    done = _post(world.client("mentor"), f"/api/v1/plans/tasks/{task['id']}/done/", {})
    assert done.status_code == 200 and done.json()["done_by"] == "Mentor"
    refused = _post(client, tasks_url, {"kind": "task", "description": "x", "assignee": world.users["professional"].pk,
                                        "due_on": due(world).isoformat()})
    assert refused.status_code == 400 and "assignee" in refused.json()
    dropped = _post(client, f"/api/v1/plans/goals/{goal.pk}/drop/", {"reason": "Moved away."})
    assert dropped.status_code == 200 and dropped.json()["drop_reason"] == "Moved away."


@pytest.mark.parametrize("body", [
    {"person": "not-a-uuid"}, {"statement": ["a"]}, {"due_on": "9999-12-31"}, {"due_on": "yesterday"},
    {"dimensions": "social"}, {"dimensions": [None]}, {"targets": ["cosmic"]}, {"target_value": "1e309"},
    {"target_value": "NaN"}, {"statement": "x" * 5000}, {"extra": 1}, {"accept_caution": {"a": 1}},
])
def test_hostile_goal_bodies_get_a_clear_400(world, body):
    response = _post(world.client("manager"), f"/api/v1/plans/cases/{world.case.pk}/goals/", _body(world, **body))
    assert response.status_code == 400 and not Goal.objects.exists()


@pytest.mark.parametrize("body", [[], "text", None, 10**30, {"kind": "task", "assignee": 10**30},
                                  {"kind": "task", "description": "x", "assignee": "mentor", "due_on": "2020-01-01"}])
def test_hostile_task_bodies_get_a_clear_400(world, body):
    response = _post(world.client("manager"), f"/api/v1/plans/cases/{world.case.pk}/tasks/", body)
    assert response.status_code == 400 and not PlanTask.objects.exists()


@pytest.mark.parametrize("persona, status", [("responder", 404), ("other_manager", 404), ("outsider", 404),
                                             ("external", 403), ("evaluator", 403), ("admin", 403)])
def test_those_not_on_the_case_get_nothing(world, goal, persona, status):
    task = make_task(world)
    client = world.client(persona)
    for url in (f"/api/v1/plans/cases/{world.case.pk}/goals/", f"/api/v1/plans/cases/{world.case.pk}/tasks/",
                f"/api/v1/plans/goals/{goal.pk}/"):
        response = client.get(url)
        assert response.status_code == status and "garages" not in response.content.decode()
    assert _post(client, f"/api/v1/plans/goals/{goal.pk}/achieve/", {}).status_code == status
    assert _post(client, f"/api/v1/plans/tasks/{task.pk}/done/", {}).status_code == status
    assert _post(client, f"/api/v1/plans/cases/{world.case.pk}/goals/", _body(world)).status_code == status
    assert Goal.objects.count() == 1 and PlanTask.objects.get().done_at is None


def test_a_read_only_team_member_reads_but_may_not_write(world, goal):
    client = world.client("professional")
    assert client.get(f"/api/v1/plans/goals/{goal.pk}/").status_code == 200
    assert _post(client, f"/api/v1/plans/goals/{goal.pk}/progress/",
                 {"kind": "milestone", "milestone": "x", "percent": 5}).status_code == 403
    assert client.patch(f"/api/v1/plans/goals/{goal.pk}/", json.dumps({"statement": "No."}),
                        content_type="application/json").status_code == 403
    assert _post(client, f"/api/v1/plans/cases/{world.case.pk}/goals/", _body(world)).status_code == 403


def test_the_goal_list_reads_in_a_fixed_number_of_queries(world):
    client = world.client("manager")
    url = f"/api/v1/plans/cases/{world.case.pk}/goals/"
    make_goal(world)
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for _ in range(5):
        services.goal_achieve(actor=world.actor("mentor"), goal_id=make_goal(world).pk)
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(first) == len(second)
