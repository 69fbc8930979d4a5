"""The plans' part of the demo: for a few of each organisation's cases, a plan of SMART goals at various
progress (some reached), one goal on ideology that went ahead past the stage-fit caution (its client's
stage of change recorded at contemplation first), and interventions and tasks on the team's work queues,
some due and some overdue. Made through the services, then dated back.

In the scale data (`load_scale`) a sixth of the working cases have a plan of two or three goals with
their progress and a task for the case manager; the cases the assessments' scale data gives a long
history (`HEAVY_EVERY`) have a long plan too, for the benchmark's heavy case page."""

import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from offramp.assessments import catalogue as assessment_catalogue
from offramp.assessments import services as assessment_services
from offramp.assessments.demo import HEAVY_EVERY
from offramp.cases import lifecycle
from offramp.cases import services as case_services
from offramp.cases.models import (
    CaseKind,
    CaseParticipant,
    CaseStatus,
    CaseTeamMember,
    ParticipantRole,
    ResolutionCriterion,
    TeamRole,
)
from offramp.cases.permissions import WRITING_TEAM_ROLES
from offramp.cases.selectors import case_team
from offramp.core.access import member_actor
from offramp.core.demo import registry
from offramp.core.models import Role

from . import services
from .models import CasePlan, Goal, GoalStatus, PlanTask, ProgressKind, ProgressUpdate
from .selectors import today

CASES = 4
GOALS: list[dict[str, Any]] = [
    {"statement": "Apply for three jobs at local garages.", "measure": "Applications sent, counted each week.",
     "target": "Three applications sent", "target_value": "3", "achievable": "He finished his mechanics course "
     "and a mentor has contacts.", "relevant": "Work gives a day structure and an identity beyond the group.",
     "dimensions": ["occupational", "financial"], "targets": ["behaviour"], "progress": [1, 2]},
    {"statement": "Meet an old school friend outside the movement once a week.",
     "measure": "Meetings, as he reports them to his mentor.", "target": "Weekly meetings for two months",
     "achievable": "The friend has already reached out twice.", "relevant": "New ties loosen the old network.",
     "dimensions": ["social"], "targets": ["networks"], "milestones": [(40, "First two meetings held."),
                                                                       (70, "Went to a football match together.")]},
    {"statement": "Sleep regularly and see the GP about his back pain.", "measure": "GP visit booked and kept.",
     "target": "GP visit kept", "achievable": "The GP practice is near his home.",
     "relevant": "Pain and poor sleep feed his anger.", "dimensions": ["physical", "emotional"], "targets": [],
     "achieved": True},
]
CAUTIONED: dict[str, Any] = {"statement": "Talk through where the group's ideas about outsiders came from.",
             "measure": "Conversations with the mentor on this subject.", "target": "Four conversations",
             "achievable": "He has begun to ask questions himself.",
             "relevant": "He says he wants to understand why he joined.", "dimensions": ["intellectual"],
             "targets": ["ideology"], "milestones": [(25, "A first open conversation, on his initiative.")]}
TASKS = [("intervention", "Introduce him to the apprenticeship adviser at the job centre.", 0, -3),
         ("task", "Call the mother to hear how the first weeks went.", 1, 0),
         ("task", "Book a meeting room for the family session.", 0, 4),
         ("intervention", "Go with him to the first GP appointment if he wants.", 1, -1)]


def _back(goal: Goal, days: int) -> None:
    Goal.objects.filter(pk=goal.pk).update(created_at=timezone.now() - timedelta(days=days))


def _goal(actor, case, person_id, spec: dict, *, accept_caution: bool = False) -> Goal:
    fields: dict[str, Any] = {key: spec.get(key) for key in ("statement", "measure", "target", "target_value", "achievable",
                                             "relevant", "dimensions", "targets")}
    goal = services.goal_create(actor=actor, case_id=case.pk, person_id=person_id,
                                due_on=today(actor) + timedelta(days=60), accept_caution=accept_caution,
                                **fields)
    _back(goal, 70)
    for days_ago, value in zip((40, 12), spec.get("progress", ()), strict=False):
        update = services.goal_progress_record(actor=actor, goal_id=goal.pk, kind="measure", value=str(value),
                                               note="Checked with him at the weekly meeting.")
        ProgressUpdate.objects.filter(pk=update.pk).update(recorded_at=timezone.now() - timedelta(days=days_ago))
    for days_ago, (percent, text) in zip((45, 15), spec.get("milestones", ()), strict=False):
        update = services.goal_progress_record(actor=actor, goal_id=goal.pk, kind="milestone", milestone=text,
                                               percent=percent)
        ProgressUpdate.objects.filter(pk=update.pk).update(recorded_at=timezone.now() - timedelta(days=days_ago))
    if spec.get("achieved"):
        services.goal_achieve(actor=actor, goal_id=goal.pk)
        Goal.objects.filter(pk=goal.pk).update(achieved_at=timezone.now() - timedelta(days=9),
                                               closed_at=timezone.now() - timedelta(days=9))
    return goal


WELLNESS_CRITERION = "Wellness plan goals reviewed and met or handed over"
RESOLVED_GOALS: list[dict[str, Any]] = [
    {**GOALS[0], "achieved": True},
    {**GOALS[2], "achieved": True},
    {**GOALS[1], "dropped": "Handed over to the youth club's mentor, who sees him every week now."},
]
EVIDENCE = {"violence": "No incident in the police checks or the family's reports since the spring.",
            "network": "Works at the garage four days a week; plays football on Saturdays.",
            "wellness": "Two goals reached, the third handed over to the youth club (see the plan)."}


def load_demo(ctx: registry.DemoContext) -> None:
    org = ctx.organization
    ResolutionCriterion.objects.create(organization=org, kind=CaseKind.INDIVIDUAL_EXIT, text=WELLNESS_CRITERION,
                                       record="plans.goals", position=10)
    clients = list(CaseParticipant.objects.filter(organization=org, role=ParticipantRole.CLIENT, case__restricted=False)
                   .select_related("case").order_by("case__opened_at")[:CASES])
    _resolved_with_its_plan(ctx, exclude=[client.case_id for client in clients])
    for index, client in enumerate(clients):
        case = client.case
        team = [m.user for m in case_team(case) if m.role in WRITING_TEAM_ROLES]
        if not team:
            continue
        actor = member_actor(team[0], org.pk)
        first = [_goal(actor, case, client.person_id, spec) for spec in GOALS[:2 + index % 2]][0]
        if index == CASES - 1:  # the client is still contemplating change to his ideology: the caution shows
            stage = assessment_services.assessment_start(actor=actor, case_id=case.pk, person_id=client.person_id,
                                                         instrument_key=assessment_catalogue.STAGE_OF_CHANGE)
            assessment_services.assessment_complete(actor=actor, assessment_id=stage.pk, answers={
                "behaviour_stage": "preparation", "networks_stage": "contemplation",
                "ideology_stage": "contemplation", "identity_stage": "precontemplation"})
            _goal(actor, case, client.person_id, CAUTIONED, accept_caution=True)
        for number, (kind, text, who, due_in) in enumerate(TASKS[:2 + index % 3]):
            task = services.task_create(actor=actor, case_id=case.pk, kind=kind, description=text,
                                        assignee_id=team[who % len(team)].pk, due_on=today(actor),
                                        goal_id=first.pk if number == 0 else None)
            PlanTask.objects.filter(pk=task.pk).update(due_on=today(actor) + timedelta(days=due_in))


def _resolved_with_its_plan(ctx: registry.DemoContext, exclude: list) -> None:
    """An individual-exit case whose plan is done (goals reached, one handed over), moved on to resolution
    with every criterion's evidence: the one resting on the plan's goals points at them."""
    org = ctx.organization
    client = (CaseParticipant.objects.filter(organization=org, role=ParticipantRole.CLIENT, case__restricted=False,
                                             case__kind=CaseKind.INDIVIDUAL_EXIT).exclude(case_id__in=exclude)
              .select_related("case").order_by("-case__opened_at").first())
    if client is None:
        return
    case = client.case
    managers = [m.user for m in case_team(case) if m.role == TeamRole.CASE_MANAGER]
    actor = member_actor(managers[0] if managers else ctx.staff["supervisor"], org.pk)
    for spec in RESOLVED_GOALS:
        goal = _goal(actor, case, client.person_id, spec)
        if spec.get("dropped"):
            services.goal_drop(actor=actor, goal_id=goal.pk, reason=spec["dropped"])
    path = lifecycle.working_statuses(case.kind)
    for status in path[path.index(case.status) + 1:]:
        case_services.case_transition(actor=actor, case_id=case.pk, to_status=status)
    evidence = {}
    for criterion in ResolutionCriterion.objects.filter(organization=org, kind=case.kind, active=True):
        text = criterion.text.lower()
        evidence[str(criterion.pk)] = (EVIDENCE["wellness"] if criterion.record == "plans.goals"
                                       else EVIDENCE["violence"] if "violen" in text else EVIDENCE["network"])
    case_services.case_transition(actor=actor, case_id=case.pk, to_status=CaseStatus.RESOLVED, evidence=evidence)


# -- the scale data and the benchmark ----------------------------------------------------------------

SCALE_SHARE = 0.17
HEAVY_GOALS = 30
WORKING = (CaseStatus.ACTIVE, CaseStatus.PLAN, CaseStatus.MONITORING, CaseStatus.COACHING, CaseStatus.ASSESSMENT)
SCALE_CHUNK = 2000


def load_scale(ctx: registry.ScaleContext) -> None:
    org, rng, now = ctx.organization, ctx.random(5500), ctx.now
    managers = dict(CaseTeamMember.objects.filter(organization=org, role=TeamRole.CASE_MANAGER)
                    .values_list("case_id", "user_id"))
    clients = list(CaseParticipant.objects.filter(organization=org, role=ParticipantRole.CLIENT)
                   .order_by("case__reference").values_list("case_id", "person_id", "case__status", "case__opened_at"))
    started, made = time.monotonic(), 0
    for offset in range(0, len(clients), SCALE_CHUNK):
        rows: tuple[list, list, list, list] = ([], [], [], [])
        for number, (case_id, person_id, status, opened) in enumerate(clients[offset:offset + SCALE_CHUNK],
                                                                      start=offset):
            heavy = number % HEAVY_EVERY == 0
            if case_id in managers and (heavy or (status in WORKING and rng.random() < SCALE_SHARE)):
                _scale_plan(rng, org, case_id, person_id, managers[case_id], opened, now,
                            HEAVY_GOALS if heavy else rng.randint(2, 3), rows)
        with transaction.atomic():
            CasePlan.objects.bulk_create(rows[0], batch_size=1000)
            Goal.objects.bulk_create(rows[1], batch_size=1000)
            ProgressUpdate.objects.bulk_create(rows[2], batch_size=1000)
            PlanTask.objects.bulk_create(rows[3], batch_size=1000)
        made += len(rows[1])
    ctx.say(f"  {made:,} goals ({time.monotonic() - started:.0f} s)")


def _scale_plan(rng, org, case_id, person_id, author_id, opened, now, goals: int, rows) -> None:
    plan = CasePlan(organization=org, case_id=case_id, created_by_id=author_id, created_at=opened)
    rows[0].append(plan)
    for index in range(goals):
        spec = GOALS[index % len(GOALS)]
        created = opened + timedelta(days=rng.randint(1, 30))
        reached = rng.random() < 0.3
        goal = Goal(organization=org, plan=plan, case_id=case_id, person_id=person_id,
                    **{key: spec[key] for key in ("statement", "measure", "target", "achievable", "relevant",
                                                  "dimensions", "targets")},
                    target_value=Decimal(spec["target_value"]) if spec.get("target_value") else None,
                    due_on=(created + timedelta(days=rng.randint(30, 180))).date(),
                    status=GoalStatus.ACHIEVED if reached else GoalStatus.OPEN,
                    progress=100 if reached else rng.randint(0, 90), created_by_id=author_id,
                    created_at=created, updated_at=created)
        if reached:
            goal.achieved_at = goal.closed_at = min(now, created + timedelta(days=rng.randint(20, 120)))
            goal.achieved_by_id = author_id
        rows[1].append(goal)
        for step in range(rng.randint(1, 4)):
            rows[2].append(ProgressUpdate(organization=org, goal=goal, kind=ProgressKind.MILESTONE,
                                          milestone=f"Step {step + 1} taken.", note="Checked at the weekly meeting.",
                                          percent=min(100, 25 * (step + 1)), recorded_by_id=author_id,
                                          recorded_at=min(now, created + timedelta(days=10 * (step + 1)))))
    kind, text, _who, due_in = TASKS[rng.randrange(len(TASKS))]
    rows[3].append(PlanTask(organization=org, plan=plan, case_id=case_id, kind=kind, description=text,
                            assignee_id=author_id, due_on=(now + timedelta(days=due_in)).date(),
                            created_by_id=author_id, created_at=now - timedelta(days=3)))


def _planned_case(ctx: registry.BenchContext) -> registry.BenchRequest:
    """The case with the longest plan: the heavy case page, its assessments' history beside."""
    if "planned_case" not in ctx.shared:
        case_id = (Goal.objects.filter(organization=ctx.organization, case__restricted=False)
                   .values("case_id").annotate(goals=Count("id")).order_by("-goals")
                   .values_list("case_id", flat=True).first())
        if case_id is None:
            raise CommandError("No case has a plan: run `offramp seed`.")
        ctx.shared["planned_case"] = case_id
    return registry.get(reverse("case_detail", args=[ctx.shared["planned_case"]]))


DEMO_PART = registry.DemoPart("plans", order=55, load_demo=load_demo, load_scale=load_scale)
BENCH_ROW = registry.BenchRow("case page, assessed and planned (supervisor)", Role.SUPERVISOR, _planned_case,
                              order=135)
BENCH_COUNT = registry.BenchCount("goals", lambda org: Goal.objects.filter(organization=org).count(), order=40)


def register() -> None:
    """Called from `PlansConfig.ready()`."""
    registry.register(DEMO_PART)
    registry.register_bench(BENCH_ROW)
    registry.register_bench_count(BENCH_COUNT)
