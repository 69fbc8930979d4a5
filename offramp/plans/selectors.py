"""Reads of case plans: the case's visibility rule (cases.selectors) decides who sees them, and a team role
that writes notes on the case who writes them. Also the stage-fit caution (C3), the wellness plan (C4), the
case page's section and the plan page, each in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from offramp.assessments import catalogue as assessment_catalogue
from offramp.assessments import results as assessment_results
from offramp.assessments import selectors as assessment_selectors
from offramp.cases import resolution
from offramp.cases.models import Case
from offramp.cases.selectors import (
    CaseAccess,
    case_access,
    case_participants,
    case_team,
    case_visibility,
)
from offramp.core.access import Actor, deny, get_or_deny, require
from offramp.core.audit import Action
from offramp.core.models import User
from offramp.instruments.models import InstrumentResponse

from .labels import CAUTION_TARGETS, DIMENSION_LABELS, EARLY_STAGES, TARGET_LABELS
from .models import CasePlan, Goal, GoalStatus, PlanTask, ProgressUpdate
from .permissions import ASSIGNABLE_TEAM_ROLES, READ

_GOAL_RELATED = ("case", "person", "achieved_by", "caution_accepted_by", "created_by")
_TASK_RELATED = ("case", "goal", "assignee", "done_by", "caution_accepted_by", "created_by")


def goals_visible_to(actor: Actor) -> QuerySet[Goal]:
    require(actor, READ)
    return Goal.objects.for_actor(actor).filter(case_visibility(actor, "case__"))


def tasks_visible_to(actor: Actor) -> QuerySet[PlanTask]:
    require(actor, READ)
    return PlanTask.objects.for_actor(actor).filter(case_visibility(actor, "case__"))


def goal_get(actor: Actor, goal_id, *, write: bool = False, audit_action: str | None = Action.VIEW) -> Goal:
    """Not found unless the actor may open its case; with `write`, refused unless they may write on it."""
    goal = get_or_deny(actor, goals_visible_to(actor).select_related(*_GOAL_RELATED), goal_id,
                       object_type="plan_goal", audit_action=audit_action)
    if write and not case_access(actor, goal.case).write_notes:
        deny("plan_goal", goal.pk, forbidden=True)
    return goal


def task_get(actor: Actor, task_id, *, write: bool = False, audit_action: str | None = Action.VIEW) -> PlanTask:
    task = get_or_deny(actor, tasks_visible_to(actor).select_related(*_TASK_RELATED), task_id,
                       object_type="plan_task", audit_action=audit_action)
    if write and not case_access(actor, task.case).write_notes:
        deny("plan_task", task.pk, forbidden=True)
    return task


def case_plan(actor: Actor, case: Case) -> CasePlan | None:
    require(actor, READ)
    return CasePlan.objects.for_actor(actor).filter(case=case).first()


def case_goals(actor: Actor, case: Case) -> QuerySet[Goal]:
    """The case's goals: open ones first (soonest due first), then reached and dropped ones, latest first."""
    return goals_visible_to(actor).filter(case=case).select_related(*_GOAL_RELATED).order_by(
        "status", "due_on", "-closed_at", "created_at", "pk")


def case_tasks(actor: Actor, case: Case) -> QuerySet[PlanTask]:
    """The case's interventions and tasks: open ones first, soonest due first."""
    return tasks_visible_to(actor).filter(case=case).select_related(*_TASK_RELATED).order_by(
        "done_at", "due_on", "created_at", "pk")


def goal_updates(actor: Actor, goal: Goal) -> list[ProgressUpdate]:
    """A goal's progress history, oldest first (the goal already fetched through goal_get)."""
    return list(ProgressUpdate.objects.for_actor(actor).filter(goal=goal).select_related("recorded_by")
                .order_by("recorded_at", "pk"))


def assignees(actor: Actor, case: Case) -> list[User]:
    """Who a task may be given to: the active members of the case's team in a role that writes on it, once each."""
    seen: dict[int, User] = {}
    for member in case_team(case):
        if member.role in ASSIGNABLE_TEAM_ROLES and member.user.is_active:
            seen.setdefault(member.user_id, member.user)
    return sorted(seen.values(), key=lambda user: (user.display_name, user.pk))


# -- C3: the stage-fit caution ---------------------------------------------------------------------

@dataclass(frozen=True)
class Caution:
    person_id: str
    person_name: str
    target: str
    stage: int

    @property
    def target_label(self) -> str:
        return str(TARGET_LABELS.get(self.target, self.target))

    @property
    def stage_label(self) -> str:
        return str(EARLY_STAGES.get(self.stage, self.stage))

    def as_record(self) -> dict:
        return {"person": self.person_id, "target": self.target, "stage": self.stage}


def stage_cautions(actor: Actor, case: Case, people: dict, targets) -> list[Caution]:
    """For the people given ({id: name}) and the targets a goal or intervention names: each ideology or
    identity target whose current stage (the person's latest stage of change on the case) is
    precontemplation or contemplation. One query, none when no cautioned target is named."""
    named = [target for target in CAUTION_TARGETS if target in set(targets or ())]
    if not named or not people:
        return []
    stages = {str(person_id): by_target for person_id, by_target in
              assessment_selectors.current_stages(actor, case).items()}
    cautions = []
    for person_id, name in people.items():
        by_target = stages.get(str(person_id), {})
        for target in named:
            stage = by_target.get(target)
            if stage is not None and stage.value in EARLY_STAGES:
                cautions.append(Caution(str(person_id), name, target, stage.value))
    return cautions


def caution_message(cautions: list[Caution]) -> str:
    """Why the worker is asked to confirm: which target is at which stage, and the risk of reactance."""
    where = "; ".join(_("%(target)s: %(name)s is at %(stage)s") % {
        "target": caution.target_label, "name": caution.person_name, "stage": caution.stage_label}
        for caution in cautions)
    return _("%(where)s. Challenging someone's ideology or identity before they are ready to consider change "
             "tends to provoke reactance: they defend those views more firmly and may pull away from the programme. "
             "At this stage, explore their ambivalence and build the relationship; goals on behaviour, networks or "
             "wellbeing usually fit better.") % {"where": where}


def recorded_cautions(records: list, names: dict) -> list[Caution]:
    """The cautions kept on a goal or task, for display ({person id: name} from the case's participants)."""
    return [Caution(str(r.get("person")), names.get(str(r.get("person")), ""), str(r.get("target")),
                    int(r.get("stage") or 0)) for r in records or () if isinstance(r, dict)]


# -- C4: the wellness plan -------------------------------------------------------------------------

def latest_wellness(actor: Actor, case: Case) -> dict[str, dict]:
    """Each participant's latest complete wellness ratings on the case: {person id: {"at", "ratings"}}.
    Read through the assessments app's public selector; one query."""
    latest: dict[str, dict] = {}
    complete = (assessment_selectors.case_assessments(actor, case)
                .filter(instrument_key=assessment_catalogue.WELLNESS,
                        response__status=InstrumentResponse.Status.COMPLETE)
                .order_by("-response__completed_at", "-created_at"))
    for assessment in complete:
        key = str(assessment.person_id)
        if key not in latest:
            response = assessment.response
            latest[key] = {"at": response.completed_at, "person": assessment.person,
                           "ratings": {r["key"]: r for r in assessment_results.ratings(response.version.definition,
                                                                                       response.answer_data)}}
    return latest


@dataclass
class DimensionRow:
    key: str
    label: str
    open_goals: list = field(default_factory=list)
    achieved: int = 0
    ratings: list = field(default_factory=list)  # [{"person", "text", "value"}] the latest rating per person

    @property
    def gap(self) -> bool:
        return not self.open_goals and not self.achieved


def wellness_plan(goals: list[Goal], wellness: dict[str, dict]) -> list[DimensionRow]:
    """The eight dimensions, each with the goals tied to it and the latest ratings beside them; a dimension
    with no goal is a gap."""
    rows = {key: DimensionRow(key, str(label)) for key, label in DIMENSION_LABELS.items()}
    for goal in goals:
        if goal.status == GoalStatus.DROPPED:
            continue
        for key in goal.dimensions or ():
            row = rows.get(key)
            if row is None:
                continue
            if goal.status == GoalStatus.ACHIEVED:
                row.achieved += 1
            else:
                row.open_goals.append(goal)
    for entry in wellness.values():
        for key, row in rows.items():
            rating = entry["ratings"].get(key)
            if rating is not None:
                row.ratings.append({"person": entry["person"].display_name, "text": rating["text"],
                                    "value": rating["value"], "at": entry["at"]})
    return [rows[key] for key in assessment_catalogue.DIMENSIONS]


# -- H2: the record a resolution criterion rests on (cases.resolution) -------------------------------

def goals_resolution_state(actor: Actor, case: Case) -> resolution.State:
    """The plan's goals support resolving once the case has some and none is still open: each reached, or
    set aside with its reason (handed over). One query."""
    if not actor.can(READ):
        return resolution.State(summary=str(_("You may not read this case's plan.")))
    counts = dict(goals_visible_to(actor).filter(case=case).values_list("status").annotate(n=Count("id")))
    reached, dropped, still_open = (counts.get(s, 0) for s in (GoalStatus.ACHIEVED, GoalStatus.DROPPED, GoalStatus.OPEN))
    summary = _("Plan goals: %(reached)d reached, %(dropped)d set aside, %(open)d open.") % {
        "reached": reached, "dropped": dropped, "open": still_open}
    missing = ""
    if not reached + dropped + still_open:
        missing = _("The case has no plan goals yet: write them on the plan first.")
    elif still_open:
        missing = ngettext("%(n)d goal is still open: mark it reached, or set it aside with the reason.",
                           "%(n)d goals are still open: mark each reached, or set it aside with the reason.",
                           still_open) % {"n": still_open}
    return resolution.State(summary=str(summary), url=reverse("plans:plan", args=[case.pk]), missing=str(missing))


# -- the pages -------------------------------------------------------------------------------------

def task_due_at(task: PlanTask, tz: ZoneInfo) -> datetime:
    """A task is due by the end of its day in the organisation's zone."""
    return datetime.combine(task.due_on + timedelta(days=1), time.min, tzinfo=tz)


def today(actor: Actor) -> date:
    return timezone.localtime(timezone.now(), ZoneInfo(actor.organization.time_zone)).date()


def _goal_rows(goals: list[Goal], names: dict) -> list[dict]:
    return [{"goal": goal, "cautions": recorded_cautions(goal.caution, names),
             "dimensions": [str(DIMENSION_LABELS[k]) for k in goal.dimensions or () if k in DIMENSION_LABELS],
             "targets": [str(TARGET_LABELS[k]) for k in goal.targets or () if k in TARGET_LABELS]}
            for goal in goals]


def _task_rows(tasks: list[PlanTask], names: dict, on: date) -> list[dict]:
    return [{"task": task, "cautions": recorded_cautions(task.caution, names),
             "overdue": task.done_at is None and task.due_on < on,
             "targets": [str(TARGET_LABELS[k]) for k in task.targets or () if k in TARGET_LABELS]}
            for task in tasks]


def case_section(actor: Actor, case: Case, access: CaseAccess) -> dict | None:
    """Summary first: open goals with their progress and caution markers, what has been reached, the
    open tasks. Two queries (goals with their people, tasks), whatever the plan holds."""
    if not actor.can(READ):
        return None
    goal_list = list(case_goals(actor, case).select_related(None).select_related("person", "caution_accepted_by"))
    names = {str(goal.person_id): goal.person.display_name for goal in goal_list}  # a goal's caution is its person's
    goals = _goal_rows(goal_list, names)
    tasks = _task_rows(list(case_tasks(actor, case).filter(done_at__isnull=True)), names, today(actor))
    return {"case": case, "access": access,
            "open_goals": [row for row in goals if row["goal"].status == GoalStatus.OPEN],
            "achieved": [row for row in goals if row["goal"].status == GoalStatus.ACHIEVED],
            "dropped": sum(1 for row in goals if row["goal"].status == GoalStatus.DROPPED),
            "tasks": tasks, "overdue": sum(1 for row in tasks if row["overdue"])}


def plan_page(actor: Actor, case: Case, access: CaseAccess) -> dict:
    """Everything on the plan page, in a fixed number of queries: participants, goals with their progress
    history, tasks, the current stages of change and the latest wellness ratings."""
    participants = case_participants(case)
    names = {str(p.person_id): p.person.display_name for p in participants}
    goal_list = list(case_goals(actor, case).prefetch_related(Prefetch(
        "updates", queryset=ProgressUpdate.objects.select_related("recorded_by").order_by("recorded_at", "pk"))))
    wellness = latest_wellness(actor, case)
    stages = assessment_selectors.current_stages(actor, case)
    goals = _goal_rows(goal_list, names)
    return {
        "case": case, "access": access,
        "open_goals": [row for row in goals if row["goal"].status == GoalStatus.OPEN],
        "closed_goals": [row for row in goals if row["goal"].status != GoalStatus.OPEN],
        "tasks": _task_rows(list(case_tasks(actor, case)), names, today(actor)),
        "dimensions": wellness_plan(goal_list, wellness),
        "wellness_people": [entry["person"].display_name for entry in wellness.values()],
        "stages": [{"person": names.get(str(person_id), ""), "stages": by_target.values()}
                   for person_id, by_target in stages.items()],
    }
