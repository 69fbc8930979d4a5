"""The demo's plans: goals at various progress, some reached, one past an accepted stage-fit caution, and
tasks due and overdue on the demo staff's work queues."""

from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from offramp.assessments.models import Assessment
from offramp.cases.models import ResolutionCriterion, ResolutionEvidence
from offramp.core.access import member_actor
from offramp.core.auth import SESSION_MFA_KEY
from offramp.core.models import Membership, Role
from offramp.core.workqueue import work_queue
from offramp.instruments.models import InstrumentResponse
from offramp.plans import demo
from offramp.plans.models import Goal, GoalStatus, PlanTask, ProgressUpdate
from offramp.plans.selectors import today
from offramp.plans.workqueue import KIND
from offramp.protocol.models import CoachingPlan


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
    # The criteria rest on records that exist: an individual-exit case resolved with its plan done, and the
    # family cases resolved with their coaching plan.
    for slug in ("northstar", "puente"):
        plan_criterion = ResolutionCriterion.objects.get(organization__slug=slug, record="plans.goals")
        evidence = ResolutionEvidence.objects.select_related("case").get(criterion=plan_criterion)
        assert evidence.case.status == "resolved" and evidence.case.kind == "individual_exit"
        goals = Goal.objects.filter(case=evidence.case)
        assert goals.filter(status=GoalStatus.ACHIEVED).count() == 2 and not goals.filter(status=GoalStatus.OPEN)
        coaching = ResolutionCriterion.objects.get(organization__slug=slug, record="protocol.coaching")
        resolved = ResolutionEvidence.objects.filter(criterion=coaching).values_list("case", flat=True)
        assert resolved and CoachingPlan.objects.filter(case__in=resolved).count() == len(resolved)


def test_the_scale_data_has_histories_and_plans_and_one_long_case(db):
    """`seed --scale`: a share of the cases with assessments over time and a plan; the first case a long
    history (the benchmark's heavy case page), which the case page draws with its charts."""
    call_command("seed", "--scale", "30", "--notes-per-case", "1")
    heavy = Goal.objects.values("case_id").annotate(n=Count("id")).order_by("-n").first()
    assert heavy["n"] == demo.HEAVY_GOALS
    assessments = Assessment.objects.filter(case_id=heavy["case_id"])
    assert assessments.count() == 72 and not InstrumentResponse.objects.filter(scores={}).exists()
    assert ProgressUpdate.objects.filter(goal__case_id=heavy["case_id"]).exists()
    supervisor = Membership.objects.filter(role=Role.SUPERVISOR).select_related("user").first().user
    client = Client()
    client.force_login(supervisor)
    session = client.session
    session[SESSION_MFA_KEY] = True
    session.save()
    page = client.get(reverse("case_detail", args=[heavy["case_id"]]))
    html = page.content.decode()
    assert page.status_code == 200 and "Stages of change over time" in html and "All assessments on this case (72)" in html
