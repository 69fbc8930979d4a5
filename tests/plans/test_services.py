"""The services: SMART goals, progress, reaching and dropping, the stage-fit caution (C3), tasks, and who
may do each."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from offramp.core.access import Forbidden, NotFound
from offramp.core.figures import Period
from offramp.core.models import AuditEvent
from offramp.plans import figures, services
from offramp.plans.models import CasePlan, Goal, GoalStatus, PlanTask

from .conftest import GOAL, due, make_goal, make_task, record_stages


def test_the_first_goal_makes_the_plan_and_narrative_is_encrypted(world, goal):
    second = make_goal(world, persona="mentor", person=world.mother, dimensions=["social", "emotional"], targets=[])
    assert CasePlan.objects.count() == 1 and {goal.plan_id, second.plan_id} == {CasePlan.objects.get().pk}
    assert second.dimensions == ["emotional", "social"]  # in the catalogue's order
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, relevant FROM plans_goal")
        for row in cursor.fetchall():
            assert b"garages" not in bytes(row[0]) and b"structure" not in bytes(row[1])
    fresh = Goal.objects.get(pk=goal.pk)
    assert fresh.statement == GOAL["statement"] and fresh.relevant == GOAL["relevant"]
    assert AuditEvent.objects.filter(object_type="plan_goal", object_id=str(goal.pk), action="create").exists()


@pytest.mark.parametrize("changes, field", [
    ({"statement": ""}, "statement"), ({"measure": "  "}, "measure"), ({"target": ""}, "target"),
    ({"achievable": ""}, "achievable"), ({"relevant": ""}, "relevant"), ({"dimensions": [], "targets": []}, "dimensions"),
    ({"dimensions": ["cosmic"]}, "dimensions"), ({"targets": "ideology"}, "targets"), ({"statement": "x" * 5000}, "statement"),
    ({"statement": 7}, "statement"), ({"due_on": "tomorrow"}, "due_on"), ({"target_value": "NaN"}, "target_value"),
    ({"target_value": "1e40"}, "target_value"), ({"statement": "a\x00b"}, "statement"),
])
def test_a_goal_is_smart_or_refused_with_a_message(world, changes, field):
    with pytest.raises(ValidationError) as refused:
        make_goal(world, **changes)
    assert field in refused.value.message_dict
    assert not Goal.objects.exists()


def test_the_due_day_is_today_or_later_and_within_five_years(world):
    with pytest.raises(ValidationError) as past:
        make_goal(world, due_on=due(world, -1))
    assert "passed" in str(past.value)
    with pytest.raises(ValidationError):
        make_goal(world, due_on=due(world, 365 * 7))
    assert make_goal(world, due_on=due(world, 0)).due_on == due(world, 0)


def test_the_person_is_one_of_the_cases_participants(world):
    other = world.other_case.participants.get().person
    with pytest.raises(ValidationError) as refused:
        make_goal(world, person=other)
    assert "not on the case" in str(refused.value)


@pytest.mark.parametrize("persona, error", [
    ("professional", Forbidden), ("external", Forbidden), ("evaluator", Forbidden), ("admin", Forbidden),
    ("responder", NotFound), ("other_manager", NotFound), ("outsider", NotFound),
])
def test_only_note_writers_on_the_case_write_its_plan(world, goal, persona, error):
    org = world.other_org if persona == "outsider" else None
    actor = world.actor(persona, org)
    with pytest.raises(error):
        services.goal_create(actor=actor, case_id=world.case.pk, person_id=world.client_person.pk,
                             due_on=due(world), **GOAL)
    with pytest.raises(error):
        services.goal_achieve(actor=actor, goal_id=goal.pk)
    with pytest.raises(error):
        services.goal_progress_record(actor=actor, goal_id=goal.pk, kind="milestone", milestone="x", percent=5)
    assert Goal.objects.get(pk=goal.pk).status == GoalStatus.OPEN


def test_the_supervisor_writes_on_an_unrestricted_case(world):
    assert make_goal(world, persona="supervisor").created_by == world.users["supervisor"]


# -- C3 ---------------------------------------------------------------------------------------------

def test_a_goal_on_ideology_at_contemplation_is_cautioned_until_confirmed(world):
    record_stages(world, ideology="contemplation")
    with pytest.raises(ValidationError) as cautioned:
        make_goal(world, targets=["ideology"])
    message = " ".join(cautioned.value.message_dict["accept_caution"])
    assert "reactance" in message and "Ideology" in message and "contemplation" in message
    assert "Zephyrine" in message
    goal = make_goal(world, targets=["ideology"], accept_caution=True)
    assert goal.caution == [{"person": str(world.client_person.pk), "target": "ideology", "stage": 2}]
    assert goal.caution_accepted_by == world.users["manager"] and goal.caution_accepted_at is not None
    event = AuditEvent.objects.get(object_type="plan_goal", object_id=str(goal.pk), action="create")
    assert event.detail["stage_caution_accepted"][0]["target"] == "ideology"


@pytest.mark.parametrize("ideology, identity, targets, cautioned", [
    ("precontemplation", "action", ["identity"], False),
    ("precontemplation", "action", ["ideology", "behaviour"], True),
    ("preparation", "contemplation", ["identity"], True),
    ("action", "maintenance", ["ideology", "identity"], False),
])
def test_the_caution_follows_the_current_stage(world, ideology, identity, targets, cautioned):
    record_stages(world, ideology=ideology, identity=identity)
    if cautioned:
        with pytest.raises(ValidationError):
            make_goal(world, targets=targets)
    else:
        assert make_goal(world, targets=targets).caution == []


def test_no_caution_without_a_stage_or_for_behaviour_or_for_another_person(world):
    assert make_goal(world, targets=["ideology"]).caution == []  # never assessed: nothing to caution on
    record_stages(world, ideology="precontemplation")
    assert make_goal(world, targets=["behaviour", "networks"]).caution == []
    assert make_goal(world, person=world.mother, targets=["ideology"]).caution == []  # the mother's stage unknown


def test_the_latest_stage_counts(world):
    record_stages(world, ideology="contemplation")
    record_stages(world, ideology="action")
    assert make_goal(world, targets=["ideology"]).caution == []


def test_changing_a_goal_to_a_cautioned_target_asks_again_and_keeps_the_accepted(world, goal):
    record_stages(world, identity="precontemplation")
    fields = {**GOAL, "due_on": goal.due_on}
    with pytest.raises(ValidationError) as cautioned:
        services.goal_update(actor=world.actor("mentor"), goal_id=goal.pk, **{**fields, "targets": ["identity"]})
    assert "accept_caution" in cautioned.value.message_dict
    changed = services.goal_update(actor=world.actor("mentor"), goal_id=goal.pk, accept_caution=True,
                                   **{**fields, "targets": ["identity"]})
    assert changed.caution[0]["target"] == "identity" and changed.caution_accepted_by == world.users["mentor"]
    again = services.goal_update(actor=world.actor("manager"), goal_id=goal.pk,
                                 **{**fields, "targets": ["identity"], "statement": "Reworded."})
    assert again.statement == "Reworded." and again.caution_accepted_by == world.users["mentor"]


# -- progress, reaching, dropping -------------------------------------------------------------------

def test_a_measured_value_works_out_its_percentage_from_the_numeric_target(world):
    goal = make_goal(world, target_value="4")
    update = services.goal_progress_record(actor=world.actor("mentor"), goal_id=goal.pk, kind="measure", value="3",
                                           note="Three sent.")
    assert update.percent == 75 and Goal.objects.get(pk=goal.pk).progress == 75
    over = services.goal_progress_record(actor=world.actor("mentor"), goal_id=goal.pk, kind="measure", value="9")
    assert over.percent == 100 and over.value == Decimal("9.00")


def test_a_milestone_needs_its_text_and_how_far_it_goes(world, goal):
    with pytest.raises(ValidationError) as refused:
        services.goal_progress_record(actor=world.actor("manager"), goal_id=goal.pk, kind="milestone", milestone="")
    assert {"milestone", "percent"} <= set(refused.value.message_dict)
    for bad in ("101", -1, "²", True, "50.5"):
        with pytest.raises(ValidationError):
            services.goal_progress_record(actor=world.actor("manager"), goal_id=goal.pk, kind="milestone",
                                          milestone="First interview.", percent=bad)
    with pytest.raises(ValidationError):
        services.goal_progress_record(actor=world.actor("manager"), goal_id=goal.pk, kind="guess", percent=5)
    services.goal_progress_record(actor=world.actor("manager"), goal_id=goal.pk, kind="milestone",
                                  milestone="First interview.", percent=50)
    assert Goal.objects.get(pk=goal.pk).progress == 50


def test_reaching_a_goal_records_when_and_by_whom_once(world, goal):
    reached = services.goal_achieve(actor=world.actor("mentor"), goal_id=goal.pk)
    assert reached.status == GoalStatus.ACHIEVED and reached.achieved_by == world.users["mentor"]
    assert reached.achieved_at is not None and reached.progress == 100
    with pytest.raises(ValidationError):
        services.goal_achieve(actor=world.actor("manager"), goal_id=goal.pk)
    with pytest.raises(ValidationError):
        services.goal_progress_record(actor=world.actor("manager"), goal_id=goal.pk, kind="milestone",
                                      milestone="Late.", percent=10)
    with pytest.raises(ValidationError):
        services.goal_update(actor=world.actor("manager"), goal_id=goal.pk, due_on=goal.due_on, **GOAL)


def test_dropping_needs_a_reason(world, goal):
    with pytest.raises(ValidationError):
        services.goal_drop(actor=world.actor("manager"), goal_id=goal.pk, reason=" ")
    dropped = services.goal_drop(actor=world.actor("manager"), goal_id=goal.pk, reason="He moved to another city.")
    assert dropped.status == GoalStatus.DROPPED and Goal.objects.get(pk=goal.pk).drop_reason == "He moved to another city."


def test_goals_reached_are_a_figure_with_small_cells_suppressed(world):
    world.org.small_cell_threshold = 2
    world.org.save()
    for _ in range(3):
        services.goal_achieve(actor=world.actor("manager"), goal_id=make_goal(world).pk)
    services.goal_achieve(actor=world.actor("manager"), goal_id=make_goal(world, dimensions=["social"]).pk)
    table = figures.goals_reached(world.actor("supervisor"), Period(weeks=4))
    rows = {row.key: row.cell for row in table}
    assert rows["occupational"].value == 3 and rows["social"].suppressed


# -- tasks ------------------------------------------------------------------------------------------

def test_a_task_goes_to_a_writer_on_the_case_team(world, goal):
    task = make_task(world, goal_id=goal.pk)
    assert task.assignee == world.users["mentor"] and task.goal == goal
    for someone in ("professional", "other_manager", "outsider"):
        with pytest.raises(ValidationError) as refused:
            make_task(world, assignee=someone)
        assert "assignee" in refused.value.message_dict
    for typed in ("mentor@northstar.test", "99999999999999999999", "", None, "²"):
        with pytest.raises(ValidationError):
            make_task(world, assignee_id=typed)


def test_a_task_for_another_cases_goal_or_a_closed_goal_is_refused(world, goal):
    services.goal_drop(actor=world.actor("manager"), goal_id=goal.pk, reason="Moved away.")
    for goal_id in (goal.pk, "not-a-uuid", world.other_case.pk):
        with pytest.raises(ValidationError) as refused:
            make_task(world, goal_id=goal_id)
        assert "goal" in refused.value.message_dict


def test_an_intervention_on_ideology_is_cautioned_too(world):
    record_stages(world, ideology="precontemplation")
    with pytest.raises(ValidationError) as cautioned:
        make_task(world, kind="intervention", targets=["ideology"])
    assert "reactance" in str(cautioned.value)
    task = make_task(world, kind="intervention", targets=["ideology"], accept_caution=True)
    assert task.caution[0]["stage"] == 1 and task.caution_accepted_by == world.users["manager"]


def test_marking_done_once(world):
    task = make_task(world)
    done = services.task_done(actor=world.actor("mentor"), task_id=task.pk)
    assert done.done_by == world.users["mentor"] and done.done_at is not None
    with pytest.raises(ValidationError):
        services.task_done(actor=world.actor("mentor"), task_id=task.pk)
    with pytest.raises(Forbidden):
        services.task_done(actor=world.actor("professional"), task_id=make_task(world).pk)
    with pytest.raises(NotFound):
        services.task_done(actor=world.actor("outsider", world.other_org), task_id=task.pk)
    assert PlanTask.objects.filter(done_at__isnull=True).count() == 1


def test_the_due_day_of_a_task_is_bounded(world):
    with pytest.raises(ValidationError):
        make_task(world, days=-2)
    with pytest.raises(ValidationError):
        make_task(world, due_on=due(world) + timedelta(days=365 * 9))
