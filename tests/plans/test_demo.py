"""The demo's plans: goals at various progress, some reached, one past an accepted stage-fit caution, and
tasks due and overdue on the demo staff's work queues."""

from django.core.management import call_command

from offramp.core.access import member_actor
from offramp.core.workqueue import work_queue
from offramp.plans.models import Goal, GoalStatus, PlanTask, ProgressUpdate
from offramp.plans.selectors import today
from offramp.plans.workqueue import KIND


def test_the_demo_has_plans_with_progress_cautions_and_tasks_on_queues(db):
    call_command("seed", "--scale", "demo")
    assert Goal.objects.filter(status=GoalStatus.ACHIEVED).exists()
    assert Goal.objects.filter(status=GoalStatus.OPEN, progress__gt=0).exists()
    assert ProgressUpdate.objects.filter(kind="measure").exists() and ProgressUpdate.objects.filter(
        kind="milestone").exists()
    cautioned = Goal.objects.exclude(caution=[]).select_related("caution_accepted_by").first()
    assert cautioned is not None and cautioned.caution[0]["target"] == "ideology"
    assert cautioned.caution_accepted_by is not None
    task = PlanTask.objects.select_related("assignee").order_by("due_on").first()
    actor = member_actor(task.assignee, task.organization_id)
    assert task.due_on < today(actor)  # overdue
    assert PlanTask.objects.filter(organization=task.organization, due_on__gte=today(actor)).exists()
    items = [item for item in work_queue(actor) if item.kind == KIND]
    assert items and any(item.overdue for item in items)
