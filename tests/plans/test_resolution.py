"""A resolution criterion that rests on the plan's goals (H2, cases.resolution): the move form shows where
the goals stand with a link to the plan; resolving is refused while the case has no goals or an open one
(a supervisor may override with a reason); the resolution view shows the goals beside the criteria."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from offramp.cases.models import ResolutionCriterion, TeamRole
from offramp.cases.services import case_open, case_team_add, case_transition
from offramp.plans import services

from .conftest import GOAL, due

PLAN_CRITERION = "Wellness plan goals reviewed and met or handed over"


@pytest.fixture
def exit_case(world):
    """An individual-exit case at monitoring, the last stage before resolving, with two criteria."""
    actor = world.actor("manager")
    case = case_open(actor=actor, kind="individual_exit", summary="Wants out of the group.",
                     participants=[(world.client_person.pk, "client")])
    case_team_add(actor=actor, case_id=case.pk, member=world.users["supervisor"].pk, role=TeamRole.SUPERVISOR)
    case_team_add(actor=actor, case_id=case.pk, member=world.users["mentor"].pk, role=TeamRole.PEER_MENTOR)
    for status in ("intake", "assessment", "active", "monitoring"):
        case_transition(actor=actor, case_id=case.pk, to_status=status)
    ResolutionCriterion.objects.create(organization=world.org, kind="individual_exit", text="No violence for six months")
    ResolutionCriterion.objects.create(organization=world.org, kind="individual_exit", text=PLAN_CRITERION,
                                       record="plans.goals", position=1)
    return case


def _evidence(world):
    return {str(c.pk): "Seen in the reviews." for c in ResolutionCriterion.objects.filter(organization=world.org,
                                                                                           kind="individual_exit")}


def _goal(world, case):
    return services.goal_create(actor=world.actor("manager"), case_id=case.pk, person_id=world.client_person.pk,
                                **{**GOAL, "due_on": due(world)})


def test_resolving_waits_for_the_plans_goals_to_exist_and_be_closed(world, exit_case):
    manager = world.actor("manager")
    with pytest.raises(ValidationError) as error:
        case_transition(actor=manager, case_id=exit_case.pk, to_status="resolved", evidence=_evidence(world))
    assert "no plan goals yet" in str(error.value) and PLAN_CRITERION in str(error.value)
    goal = _goal(world, exit_case)
    with pytest.raises(ValidationError) as error:
        case_transition(actor=manager, case_id=exit_case.pk, to_status="resolved", evidence=_evidence(world))
    assert "1 goal is still open" in str(error.value)
    services.goal_achieve(actor=manager, goal_id=goal.pk)
    resolved = case_transition(actor=manager, case_id=exit_case.pk, to_status="resolved", evidence=_evidence(world))
    assert resolved.status == "resolved"


def test_only_a_supervisor_resolves_past_an_open_goal_with_a_reason(world, exit_case):
    _goal(world, exit_case)
    with pytest.raises(ValidationError) as error:
        case_transition(actor=world.actor("manager"), case_id=exit_case.pk, to_status="resolved",
                        evidence=_evidence(world), override_reason="He moved away; the goal goes with him.")
    assert "Only a supervisor" in str(error.value)
    resolved = case_transition(actor=world.actor("supervisor"), case_id=exit_case.pk, to_status="resolved",
                               evidence=_evidence(world), override_reason="He moved away; the goal goes with him.")
    assert resolved.status == "resolved"
    assert resolved.transitions.get(to_status="resolved").override_reason.startswith("He moved away")


def test_the_move_form_and_the_resolution_view_show_where_the_goals_stand(world, exit_case):
    goal = _goal(world, exit_case)
    page = world.client("manager").get(reverse("case_detail", args=[exit_case.pk])).content.decode()
    plan_url = reverse("plans:plan", args=[exit_case.pk])
    assert "Plan goals: 0 reached, 0 set aside, 1 open." in page and f'href="{plan_url}"' in page
    assert "1 goal is still open" in page
    assert "<caption>The plan's goals</caption>" in page and goal.statement in page  # the resolution view, beside the criteria
    services.goal_achieve(actor=world.actor("manager"), goal_id=goal.pk)
    page = world.client("manager").get(reverse("case_detail", args=[exit_case.pk])).content.decode()
    assert "Plan goals: 1 reached, 0 set aside, 0 open." in page and "still open" not in page


def test_an_admin_ties_a_criterion_to_a_registered_record_only(world):
    client = world.client("admin")
    form = {"organization": str(world.org.pk), "kind": "individual_exit", "text": PLAN_CRITERION, "position": 0,
            "active": "on"}
    page = client.get("/admin/cases/resolutioncriterion/add/").content.decode()
    assert 'value="plans.goals"' in page and 'value="protocol.coaching"' in page
    refused = client.post("/admin/cases/resolutioncriterion/add/", {**form, "record": "core.anything"})
    assert refused.status_code == 200 and not ResolutionCriterion.objects.exists()
    saved = client.post("/admin/cases/resolutioncriterion/add/", {**form, "record": "plans.goals"})
    assert saved.status_code == 302 and ResolutionCriterion.objects.get().record == "plans.goals"


def test_the_api_names_the_criteria_and_where_their_records_stand_for_those_who_manage(world, exit_case):
    url = reverse("api_case", args=[exit_case.pk])
    data = world.client("manager").get(url).json()
    by_text = {c["text"]: c for c in data["resolution_criteria"]}
    assert by_text["No violence for six months"]["record"] is None
    assert "no plan goals yet" in by_text[PLAN_CRITERION]["record"]["missing"]
    assert world.client("mentor").get(url).json()["resolution_criteria"] == []
    _goal(world, exit_case)
    refused = world.client("manager").post(reverse("api_case_transition", args=[exit_case.pk]), {
        "to_status": "resolved", "evidence": {str(c["id"]): "Seen." for c in data["resolution_criteria"]}},
        content_type="application/json")
    assert refused.status_code == 400 and "still open" in refused.content.decode()
