"""Tasks and interventions on the assignee's work queue: grouped under the case with its client and case
manager, the start of what to do, worded late or due; gone when done or when the case is no longer theirs."""

from datetime import timedelta

from django.urls import reverse

from offramp.cases import services as case_services
from offramp.core.workqueue import work_counts, work_queue
from offramp.plans import services
from offramp.plans.models import PlanTask
from offramp.plans.workqueue import KIND

from .conftest import make_task


def _mine(world, persona):
    return [item for item in work_queue(world.actor(persona)) if item.kind == KIND]


def test_a_task_is_on_its_assignees_queue_with_the_cases_context(world):
    task = make_task(world, assignee="mentor", days=2)
    make_task(world, assignee="manager", kind="intervention", description="Go with him to the job centre.")
    items = _mine(world, "mentor")
    assert len(items) == 1
    item = items[0]
    assert item.label == "Do the task on the plan" and item.reference == world.case.reference
    assert item.case_id == str(world.case.pk) and item.case_url == reverse("case_detail", args=[world.case.pk])
    assert item.person_name == "Zephyrine Quillbottom" and item.owner == "Manager"
    assert item.excerpt.startswith("Call the mother") and item.url.endswith(f"#task-{task.pk}")
    assert [i.label for i in _mine(world, "manager")] == ["Carry out the planned intervention"]
    assert _mine(world, "supervisor") == [] and _mine(world, "evaluator") == []


def test_overdue_and_due_today_are_counted_and_worded(world):
    late = make_task(world, days=0)
    PlanTask.objects.filter(pk=late.pk).update(due_on=late.due_on - timedelta(days=3))
    make_task(world, days=0)
    make_task(world, days=5)
    counts = work_counts(world.actor("mentor"))
    assert (counts.overdue, counts.due_today) >= (1, 1) and counts.due >= 3
    page = world.client("mentor").get(reverse("work_queue")).content.decode()
    assert "Do the task on the plan" in page and "days late" in page and "due today" in page
    assert "Call the mother" in page and world.case.reference in page


def test_done_tasks_and_cases_left_leave_the_queue(world):
    task = make_task(world)
    other = make_task(world)
    services.task_done(actor=world.actor("manager"), task_id=task.pk)
    assert [item.url for item in _mine(world, "mentor")] == [
        reverse("plans:plan", args=[world.case.pk]) + f"#task-{other.pk}"]
    member = world.case.team.get(user=world.users["mentor"], removed_at__isnull=True)
    case_services.case_team_remove(actor=world.actor("manager"), case_id=world.case.pk, member_id=member.pk)
    assert _mine(world, "mentor") == [] and work_counts(world.actor("mentor")).due == 0


def test_a_task_shows_the_day_it_is_due_not_the_midnight_after(world):
    task = make_task(world, assignee="mentor", days=5)
    page = world.client("mentor").get(reverse("work_queue")).content.decode()
    assert f'<time datetime="{task.due_on:%Y-%m-%d}">' in page
    next_midnight = task.due_on + timedelta(days=1)
    assert f'datetime="{next_midnight:%Y-%m-%d}T00:00' not in page and ", 00:00" not in page
