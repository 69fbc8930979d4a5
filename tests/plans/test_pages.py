"""The pages, through the test client: who reads and writes the plan, the forms (input kept on error, the
stage-fit caution and its confirmation), the case page's section and the wellness plan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from offramp.assessments import catalogue as assessment_catalogue
from offramp.assessments import services as assessment_services
from offramp.plans import services
from offramp.plans.models import Goal, GoalStatus, PlanTask

from .conftest import GOAL, due, make_goal, make_task, record_stages

READERS = {"manager": 200, "mentor": 200, "supervisor": 200, "professional": 200}
NOT_ON_CASE = {"responder": 404, "other_manager": 404, "outsider": 404}
NO_PERMISSION = {name: 403 for name in ("admin", "facilitator", "trainer", "evaluator", "auditor", "external")}


@pytest.mark.parametrize("persona, status", {**READERS, **NOT_ON_CASE, **NO_PERMISSION}.items())
def test_who_reads_the_plan(world, goal, persona, status):
    response = world.client(persona).get(reverse("plans:plan", args=[world.case.pk]))
    assert response.status_code == status
    if status != 200:
        assert "garages" not in response.content.decode()


@pytest.mark.parametrize("persona, status", {**READERS, "professional": 403, **NOT_ON_CASE, **NO_PERMISSION}.items())
def test_who_may_write_the_plan(world, goal, persona, status):
    client = world.client(persona)
    for url in (reverse("plans:goal_create", args=[world.case.pk]), reverse("plans:task_create", args=[world.case.pk]),
                reverse("plans:goal_progress", args=[goal.pk]), reverse("plans:goal_edit", args=[goal.pk]),
                reverse("plans:goal_drop", args=[goal.pk])):
        assert client.get(url).status_code == status, url
    assert client.post(reverse("plans:goal_achieve", args=[goal.pk])).status_code == (302 if status == 200 else status)


def test_another_organisations_plan_is_not_found(world):
    outsider = world.actor("outsider", world.other_org)
    other_goal = services.goal_create(actor=outsider, case_id=world.other_case.pk,
                                      person_id=world.other_case.participants.get().person_id,
                                      due_on=due(world), **GOAL)
    client = world.client("supervisor")
    assert client.get(reverse("plans:plan", args=[world.other_case.pk])).status_code == 404
    assert client.get(reverse("plans:goal_progress", args=[other_goal.pk])).status_code == 404
    assert client.post(reverse("plans:goal_achieve", args=[other_goal.pk])).status_code == 404
    assert Goal.objects.get(pk=other_goal.pk).status == GoalStatus.OPEN


def _form(world, **changes) -> dict:
    return {"person": str(world.client_person.pk), "statement": GOAL["statement"], "measure": GOAL["measure"],
            "target": GOAL["target"], "due_on": due(world).isoformat(), "achievable": GOAL["achievable"],
            "relevant": GOAL["relevant"], "dimensions": ["occupational"], "targets": ["behaviour"], **changes}


def test_adding_a_goal_keeps_the_input_on_error_and_shows_the_stages(world):
    record_stages(world, ideology="action")
    client = world.client("mentor")
    url = reverse("plans:goal_create", args=[world.case.pk])
    page = client.get(url).content.decode()
    assert "Current stages of change" in page and f'value="{world.mother.pk}"' in page
    refused = client.post(url, _form(world, relevant="", statement="Keep this wording please"))
    assert refused.status_code == 400 and "Keep this wording please" in refused.content.decode()
    assert not Goal.objects.exists()
    done = client.post(url, _form(world))
    assert done.status_code == 302 and done.url == reverse("plans:plan", args=[world.case.pk])
    assert Goal.objects.get().created_by == world.users["mentor"]


def test_the_caution_shows_before_saving_and_the_choice_is_recorded(world):
    record_stages(world, ideology="contemplation")
    client = world.client("manager")
    url = reverse("plans:goal_create", args=[world.case.pk])
    cautioned = client.post(url, _form(world, targets=["ideology"], statement="Talk about the group's ideas."))
    page = cautioned.content.decode()
    assert cautioned.status_code == 400 and "reactance" in page and 'name="accept_caution"' in page
    assert "Talk about the group&#x27;s ideas." in page and not Goal.objects.exists()
    unticked = client.post(url, _form(world, targets=["ideology"]))
    assert unticked.status_code == 400 and not Goal.objects.exists()
    proceeded = client.post(url, _form(world, targets=["ideology"], accept_caution="on"))
    assert proceeded.status_code == 302
    goal = Goal.objects.get()
    assert goal.caution[0]["target"] == "ideology" and goal.caution_accepted_by == world.users["manager"]
    plan = client.get(reverse("plans:plan", args=[world.case.pk])).content.decode()
    assert "Stage-fit caution" in plan and "Proceeded past the caution by Manager" in plan
    case_page = client.get(reverse("case_detail", args=[world.case.pk])).content.decode()
    assert "Stage-fit caution" in case_page


def test_the_case_page_summarises_the_plan_and_celebrates_what_is_reached(world):
    open_goal = make_goal(world, target_value="4")
    services.goal_progress_record(actor=world.actor("manager"), goal_id=open_goal.pk, kind="measure", value="2")
    reached = make_goal(world, statement="See the GP about his back.", dimensions=["physical"])
    services.goal_achieve(actor=world.actor("mentor"), goal_id=reached.pk)
    make_task(world)
    page = world.client("manager").get(reverse("case_detail", args=[world.case.pk])).content.decode()
    assert "1 open goal" in page and "1 reached" in page and "1 task open" in page
    assert '<progress id="progress-' in page and 'value="50"' in page and "50% of the way" in page
    assert "Goal reached: See the GP about his back." in page
    assert "Add a goal" in page
    professional = world.client("professional").get(reverse("case_detail", args=[world.case.pk])).content.decode()
    assert "Open the plan" in professional and "Add a goal" not in professional
    external = world.client("external").get(reverse("case_detail", args=[world.case.pk])).content.decode()
    assert "garages" not in external and "Open the plan" not in external


def test_the_wellness_plan_shows_gaps_beside_the_latest_ratings(world):
    make_goal(world, dimensions=["occupational", "financial"])
    wellness = assessment_services.assessment_start(actor=world.actor("manager"), case_id=world.case.pk,
                                                    person_id=world.client_person.pk,
                                                    instrument_key=assessment_catalogue.WELLNESS)
    assessment_services.assessment_complete(actor=world.actor("manager"), assessment_id=wellness.pk,
                                            answers={key: 2 for key in assessment_catalogue.DIMENSIONS})
    page = world.client("manager").get(reverse("plans:plan", args=[world.case.pk])).content.decode()
    table = page[page.index("Goals by wellness dimension"):page.index("Interventions and tasks")]
    assert table.count("Gap: no goal") == 6
    occupational = table[table.index("Occupational"):table.index("Physical")]
    assert "Gap" not in occupational and "Zephyrine Quillbottom: " in occupational


def test_progress_reaching_dropping_and_tasks_through_the_pages(world, goal):
    client = world.client("mentor")
    progress = reverse("plans:goal_progress", args=[goal.pk])
    refused = client.post(progress, {"kind": "milestone", "milestone": "First interview held", "percent": ""})
    assert refused.status_code == 400 and "First interview held" in refused.content.decode()
    assert client.post(progress, {"kind": "milestone", "milestone": "First interview held", "percent": "40",
                                  "note": "He was nervous."}).status_code == 302
    plan = client.get(reverse("plans:plan", args=[world.case.pk])).content.decode()
    assert "First interview held" in plan and "He was nervous." in plan and "40% of the way" in plan
    task_url = reverse("plans:task_create", args=[world.case.pk])
    page = client.get(task_url, {"goal": str(goal.pk)}).content.decode()
    assert f'value="{world.users["manager"].pk}"' in page
    assert f'value="{world.users["professional"].pk}"' not in page  # on the team, but writes nothing
    typed = client.post(task_url, {"kind": "task", "description": "Phone the adviser", "assignee": "someone@x.org",
                                   "due_on": due(world).isoformat()})
    assert typed.status_code == 400 and "Phone the adviser" in typed.content.decode()
    assert client.post(task_url, {"kind": "intervention", "description": "Phone the adviser",
                                  "assignee": world.users["manager"].pk, "due_on": due(world).isoformat(),
                                  "goal": str(goal.pk)}).status_code == 302
    task = PlanTask.objects.get()
    assert task.goal == goal and task.assignee == world.users["manager"]
    assert client.post(reverse("plans:task_done", args=[task.pk])).status_code == 302
    assert PlanTask.objects.get().done_by == world.users["mentor"]
    assert client.post(reverse("plans:goal_drop", args=[goal.pk]), {"reason": ""}).status_code == 400
    assert client.post(reverse("plans:goal_drop", args=[goal.pk]), {"reason": "Moved away."}).status_code == 302
    plan = client.get(reverse("plans:plan", args=[world.case.pk])).content.decode()
    assert "Dropped:" in plan and "Moved away." in plan and "Done by Mentor" in plan


def test_editing_keeps_the_person_and_reaching_celebrates(world, goal):
    client = world.client("manager")
    edit = reverse("plans:goal_edit", args=[goal.pk])
    assert GOAL["measure"] in client.get(edit).content.decode()
    form = _form(world, statement="Apply for four jobs.")
    form.pop("person")
    assert client.post(edit, form).status_code == 302
    assert Goal.objects.get().statement == "Apply for four jobs."
    response = client.post(reverse("plans:goal_achieve", args=[goal.pk]), follow=True)
    assert "Goal reached" in response.content.decode()
    assert client.get(edit).status_code == 302  # closed: no longer changed


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_plan_page_reads_in_a_fixed_number_of_queries(world):
    client = world.client("manager")
    url = reverse("plans:plan", args=[world.case.pk])
    record_stages(world, ideology="action")
    goal = make_goal(world)
    services.goal_progress_record(actor=world.actor("manager"), goal_id=goal.pk, kind="milestone", milestone="A",
                                  percent=5)
    make_task(world, goal_id=goal.pk)
    client.get(url)
    before = _count(client, url)
    for _ in range(4):
        more = make_goal(world, targets=["ideology"], dimensions=["social"])
        services.goal_progress_record(actor=world.actor("manager"), goal_id=more.pk, kind="milestone",
                                      milestone="B", percent=10)
        make_task(world, goal_id=more.pk)
        record_stages(world, ideology="action", person=world.mother)
    services.goal_achieve(actor=world.actor("manager"), goal_id=more.pk)
    assert _count(client, url) == before


def test_the_plan_reads_in_spanish(world):
    record_stages(world, ideology="contemplation")
    goal = make_goal(world, target_value="4")
    services.goal_progress_record(actor=world.actor("manager"), goal_id=goal.pk, kind="measure", value="1")
    make_goal(world, targets=["ideology"], accept_caution=True)
    client = world.client("manager")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("plans:plan", args=[world.case.pk]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Plan de bienestar" in page and "25 % del camino" in page and "Advertencia sobre la etapa" in page
    assert "Carencia: sin objetivo" in page
    section = client.get(reverse("case_detail", args=[world.case.pk]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "2 objetivos abiertos" in section
    cautioned = client.post(reverse("plans:goal_create", args=[world.case.pk]),
                            _form(world, targets=["identity", "ideology"]), HTTP_ACCEPT_LANGUAGE="es")
    assert "reactancia" in cautioned.content.decode()
