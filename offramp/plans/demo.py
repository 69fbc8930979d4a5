"""The plans' part of the demo: for a few of each organisation's cases, a plan of SMART goals at various
progress (some reached), one goal on ideology that went ahead past the stage-fit caution (its client's
stage of change recorded at contemplation first), and interventions and tasks on the team's work queues,
some due and some overdue. Made through the services, then dated back. No scale data yet."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from offramp.assessments import catalogue as assessment_catalogue
from offramp.assessments import services as assessment_services
from offramp.cases.models import CaseParticipant, ParticipantRole
from offramp.cases.permissions import WRITING_TEAM_ROLES
from offramp.cases.selectors import case_team
from offramp.core.access import member_actor
from offramp.core.demo import registry

from . import services
from .models import Goal, PlanTask, ProgressUpdate
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


def load_demo(ctx: registry.DemoContext) -> None:
    org = ctx.organization
    clients = (CaseParticipant.objects.filter(organization=org, role=ParticipantRole.CLIENT, case__restricted=False)
               .select_related("case").order_by("case__opened_at")[:CASES])
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


DEMO_PART = registry.DemoPart("plans", order=55, load_demo=load_demo)
