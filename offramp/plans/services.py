"""Changes to case plans, each its own transaction: permission first, then validation, the write and the
audit. The case's first goal makes its plan. A goal or intervention on ideology or identity while the
person is at an early stage of change is refused with the stage-fit caution (C3) until the worker confirms;
the confirmation is kept on the record and audited."""

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.assessments.catalogue import DIMENSIONS, TARGETS
from offramp.cases.models import Case
from offramp.cases.selectors import case_get, case_participants
from offramp.core.access import Actor, is_uuid, require
from offramp.core.audit import Action, audit
from offramp.core.db import integer_ids

from .models import CasePlan, Goal, GoalStatus, PlanTask, ProgressKind, ProgressUpdate, TaskKind
from .permissions import READ
from .selectors import assignees, caution_message, goal_get, stage_cautions, task_get, today

TEXT_LIMIT = 4000
_PERCENT = re.compile(r"[0-9]{1,3}")
LARGEST = Decimal("9999999999.99")
PLAN_AHEAD = timedelta(days=5 * 366)  # a due day at most about five years ahead


def _text(errors: dict, name: str, value: Any, *, required: bool = True) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if value is not None and not isinstance(value, str):
        errors[name] = _("Write this as text.")
    elif "\x00" in text:
        errors[name] = _("This text has a character that cannot be kept.")
    elif len(text) > TEXT_LIMIT:
        errors[name] = _("Keep this under %(limit)s characters.") % {"limit": TEXT_LIMIT}
    elif required and not text:
        errors[name] = _("This is needed.")
    return text


def _keys(errors: dict, name: str, values: Any, allowed: tuple[str, ...]) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str) or not all(isinstance(v, str) for v in values):
        errors[name] = _("Choose from the list.")
        return []
    chosen = list(dict.fromkeys(values))
    if any(value not in allowed for value in chosen):
        errors[name] = _("Choose from the list.")
        return []
    return [key for key in allowed if key in chosen]


def _due(errors: dict, name: str, value: Any, actor: Actor, *, allow_past: bool = False) -> date | None:
    if not isinstance(value, date):
        errors[name] = _("Give the day it is due.")
        return None
    on = today(actor)
    if not allow_past and value < on:
        errors[name] = _("The due day has passed: choose today or a later day.")
    elif value > on + PLAN_AHEAD:
        errors[name] = _("Choose a day within the next five years.")
    return value


def _number(errors: dict, name: str, value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[name] = _("Give a number.")
        return None
    if not number.is_finite() or abs(number) > LARGEST:
        errors[name] = _("Give a number between -9,999,999,999 and 9,999,999,999.")
        return None
    return number.quantize(Decimal("0.01"))


def _percent(errors: dict, name: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else ""
    if not _PERCENT.fullmatch(text) or int(text) > 100:
        errors[name] = _("Give a whole percentage from 0 to 100.")
        return None
    return int(text)


def _people(case: Case) -> dict[str, str]:
    return {str(p.person_id): p.person.display_name for p in case_participants(case)}


def _plan(actor: Actor, case: Case) -> CasePlan:
    plan = CasePlan.objects.for_actor(actor).select_for_update().filter(case=case).first()
    if plan is None:
        plan = CasePlan.objects.create(organization=actor.organization, case=case, created_by=actor.user)
        audit(actor, Action.CREATE, object_type="plan", object_id=plan.pk, detail={"case": str(case.pk)})
    return plan


def _caution(actor: Actor, case: Case, people: dict[str, str], targets: list[str], accept: bool,
             errors: dict, already: list | None = None) -> list[dict]:
    """The stage-fit cautions that apply, as records to keep; an error asking to confirm when the worker
    has not, and the cautions are not the ones already confirmed on the record."""
    cautions = stage_cautions(actor, case, people, targets)
    records = [caution.as_record() for caution in cautions]
    known = {(r.get("person"), r.get("target")) for r in already or () if isinstance(r, dict)}
    new = [c for c in cautions if (c.person_id, c.target) not in known]
    if new and not accept and not errors:
        errors["accept_caution"] = " ".join((str(caution_message(cautions)), str(_(
            "Confirm to proceed anyway: your choice is recorded with the plan."))))
    return records


def _goal_fields(errors: dict, actor: Actor, *, statement: Any, measure: Any, target: Any, achievable: Any,
                 relevant: Any, due_on: Any, dimensions: Any, targets: Any, target_value: Any,
                 allow_past: bool = False) -> dict:
    fields = {
        "statement": _text(errors, "statement", statement), "measure": _text(errors, "measure", measure),
        "target": _text(errors, "target", target), "achievable": _text(errors, "achievable", achievable),
        "relevant": _text(errors, "relevant", relevant),
        "due_on": _due(errors, "due_on", due_on, actor, allow_past=allow_past),
        "dimensions": _keys(errors, "dimensions", dimensions, DIMENSIONS),
        "targets": _keys(errors, "targets", targets, TARGETS),
        "target_value": _number(errors, "target_value", target_value),
    }
    if not fields["dimensions"] and not fields["targets"] and "dimensions" not in errors and "targets" not in errors:
        errors["dimensions"] = _("Tie the goal to at least one wellness dimension or change target.")
    return fields


@transaction.atomic(durable=True)
def goal_create(*, actor: Actor, case_id: UUID | str, person_id: UUID | str, statement: str, measure: str,
                target: str, due_on: date, achievable: str, relevant: str, dimensions: list[str] | None = None,
                targets: list[str] | None = None, target_value: Decimal | str | None = None,
                accept_caution: bool = False) -> Goal:
    """A SMART goal for a person on the case (the case's plan is made with its first goal). Anyone who
    writes notes on the case."""
    require(actor, READ)
    case, _access = case_get(actor, case_id, need="write_notes", audit_action=None)
    people = _people(case)
    errors: dict = {}
    person_key = str(person_id).strip() if isinstance(person_id, UUID | str) else ""
    if person_key not in people:
        errors["person"] = _("This person is not on the case: choose one of the case's participants.")
    fields = _goal_fields(errors, actor, statement=statement, measure=measure, target=target,
                          achievable=achievable, relevant=relevant, due_on=due_on, dimensions=dimensions,
                          targets=targets, target_value=target_value)
    caution = [] if "person" in errors else _caution(actor, case, {person_key: people[person_key]},
                                                     fields["targets"], accept_caution, errors)
    if errors:
        raise ValidationError(errors)
    plan = _plan(actor, case)
    now = timezone.now()
    goal = Goal.objects.create(
        organization=actor.organization, plan=plan, case=case, person_id=person_key, created_by=actor.user,
        caution=caution, caution_accepted_at=now if caution else None,
        caution_accepted_by=actor.user if caution else None, **fields)
    audit(actor, Action.CREATE, object_type="plan_goal", object_id=goal.pk,
          detail={"case": str(case.pk), "dimensions": goal.dimensions, "targets": goal.targets,
                  "stage_caution_accepted": caution})
    return goal


@transaction.atomic(durable=True)
def goal_update(*, actor: Actor, goal_id: UUID | str, statement: str, measure: str, target: str, due_on: date,
                achievable: str, relevant: str, dimensions: list[str] | None = None,
                targets: list[str] | None = None, target_value: Decimal | str | None = None,
                accept_caution: bool = False) -> Goal:
    """Rewrite an open goal (its person stays). A newly named cautioned target asks for confirmation again."""
    require(actor, READ)
    goal = goal_get(actor, goal_id, write=True, audit_action=None)
    errors: dict = {}
    if not goal.is_open:
        raise ValidationError(_("This goal is closed: it can no longer be changed."))
    fields = _goal_fields(errors, actor, statement=statement, measure=measure, target=target,
                          achievable=achievable, relevant=relevant, due_on=due_on, dimensions=dimensions,
                          targets=targets, target_value=target_value,
                          allow_past=due_on == goal.due_on)
    caution = _caution(actor, goal.case, {str(goal.person_id): goal.person.display_name}, fields["targets"],
                       accept_caution, errors, already=goal.caution)
    if errors:
        raise ValidationError(errors)
    changed = sorted(name for name, value in fields.items() if getattr(goal, name) != value)
    for name, value in fields.items():
        setattr(goal, name, value)
    if caution != goal.caution:
        goal.caution = caution
        goal.caution_accepted_at = timezone.now() if caution else None
        goal.caution_accepted_by = actor.user if caution else None
    goal.updated_at = timezone.now()
    goal.save()
    audit(actor, Action.UPDATE, object_type="plan_goal", object_id=goal.pk,
          detail={"op": "edit", "fields": changed, "stage_caution_accepted": caution})
    return goal


@transaction.atomic(durable=True)
def goal_progress_record(*, actor: Actor, goal_id: UUID | str, kind: str, value: Decimal | str | None = None,
                         milestone: str = "", percent: int | str | None = None, note: str = "") -> ProgressUpdate:
    """Progress on an open goal: a measured value (its percentage worked out from the goal's numeric target
    when it has one) or a milestone reached, with a note. The goal keeps the latest percentage."""
    require(actor, READ)
    goal = goal_get(actor, goal_id, write=True, audit_action=None)
    if not goal.is_open:
        raise ValidationError(_("This goal is closed: progress is no longer recorded on it."))
    errors: dict = {}
    if kind not in ProgressKind.values:
        errors["kind"] = _("Choose a measured value or a milestone.")
    number = _number(errors, "value", value)
    text = _text(errors, "milestone", milestone, required=kind == ProgressKind.MILESTONE)
    note_text = _text(errors, "note", note, required=False)
    share = _percent(errors, "percent", percent)
    if kind == ProgressKind.MEASURE and number is None and "value" not in errors:
        errors["value"] = _("Give the value measured.")
    if kind == ProgressKind.MEASURE and number is not None and goal.target_value:
        share = max(0, min(100, int(number * 100 / goal.target_value))) if goal.target_value > 0 else share
    if share is None and "percent" not in errors and "kind" not in errors:
        errors["percent"] = _("Say how far towards the target this is, from 0 to 100%.")
    if errors or share is None:
        raise ValidationError(errors)
    update = ProgressUpdate.objects.create(
        organization=actor.organization, goal=goal, kind=kind, value=number if kind == ProgressKind.MEASURE else None,
        milestone=text, note=note_text, percent=share, recorded_by=actor.user)
    Goal.objects.filter(pk=goal.pk).update(progress=share, updated_at=timezone.now())
    audit(actor, Action.CREATE, object_type="plan_progress", object_id=update.pk,
          detail={"goal": str(goal.pk), "kind": kind, "percent": share})
    return update


@transaction.atomic(durable=True)
def goal_achieve(*, actor: Actor, goal_id: UUID | str) -> Goal:
    """The goal is reached: recorded with when and by whom, and celebrated on the case page."""
    require(actor, READ)
    goal = goal_get(actor, goal_id, write=True, audit_action=None)
    if not goal.is_open:
        raise ValidationError(_("This goal is already closed."))
    now = timezone.now()
    goal.status, goal.achieved_at, goal.achieved_by, goal.closed_at = GoalStatus.ACHIEVED, now, actor.user, now
    goal.progress, goal.updated_at = 100, now
    goal.save(update_fields=["status", "achieved_at", "achieved_by", "closed_at", "progress", "updated_at"])
    audit(actor, Action.UPDATE, object_type="plan_goal", object_id=goal.pk, detail={"op": "achieved"})
    return goal


@transaction.atomic(durable=True)
def goal_drop(*, actor: Actor, goal_id: UUID | str, reason: str) -> Goal:
    """The goal is set aside, with the reason why."""
    require(actor, READ)
    goal = goal_get(actor, goal_id, write=True, audit_action=None)
    if not goal.is_open:
        raise ValidationError(_("This goal is already closed."))
    errors: dict = {}
    text = _text(errors, "reason", reason)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    goal.status, goal.drop_reason, goal.closed_at, goal.updated_at = GoalStatus.DROPPED, text, now, now
    goal.save(update_fields=["status", "drop_reason", "closed_at", "updated_at"])
    audit(actor, Action.UPDATE, object_type="plan_goal", object_id=goal.pk, detail={"op": "dropped"})
    return goal


@transaction.atomic(durable=True)
def task_create(*, actor: Actor, case_id: UUID | str, kind: str, description: str, assignee_id: int | str | None,
                due_on: date, goal_id: UUID | str | None = None, targets: list[str] | None = None,
                accept_caution: bool = False) -> PlanTask:
    """An intervention or task on the case's plan for a member of its team, due on a day: it goes on their
    work queue. An intervention on ideology or identity is cautioned as a goal is (for its goal's person, or
    every participant when it serves no goal)."""
    require(actor, READ)
    case, _access = case_get(actor, case_id, need="write_notes", audit_action=None)
    errors: dict = {}
    if kind not in TaskKind.values:
        errors["kind"] = _("Choose an intervention or a task.")
    text = _text(errors, "description", description)
    team = {user.pk: user for user in assignees(actor, case)}
    ids = integer_ids([assignee_id]) if assignee_id not in (None, "") else []
    assignee = team.get(ids[0]) if ids else None
    if assignee is None:
        errors["assignee"] = _("Choose someone on the case's team who writes on it.")
    on = _due(errors, "due_on", due_on, actor)
    chosen = _keys(errors, "targets", targets, TARGETS)
    goal = None
    if goal_id not in (None, ""):
        goal = Goal.objects.for_actor(actor).filter(case=case, pk=goal_id).select_related("person").first() \
            if is_uuid(goal_id) else None
        if goal is None or not goal.is_open:
            errors["goal"] = _("Choose one of the case's open goals.")
    people = {str(goal.person_id): goal.person.display_name} if goal else _people(case)
    caution = _caution(actor, case, people, chosen, accept_caution, errors)
    if errors or assignee is None or on is None:
        raise ValidationError(errors)
    plan = _plan(actor, case)
    now = timezone.now()
    task = PlanTask.objects.create(
        organization=actor.organization, plan=plan, case=case, goal=goal, kind=kind, description=text,
        targets=chosen, assignee=assignee, due_on=on, created_by=actor.user, caution=caution,
        caution_accepted_at=now if caution else None, caution_accepted_by=actor.user if caution else None)
    audit(actor, Action.CREATE, object_type="plan_task", object_id=task.pk,
          detail={"case": str(case.pk), "kind": kind, "assignee": assignee.pk, "due_on": on.isoformat(),
                  "stage_caution_accepted": caution})
    return task


@transaction.atomic(durable=True)
def task_done(*, actor: Actor, task_id: UUID | str) -> PlanTask:
    """The task or intervention is done: it leaves the work queue."""
    require(actor, READ)
    task = task_get(actor, task_id, write=True, audit_action=None)
    if task.done_at is not None:
        raise ValidationError(_("This is already marked done."))
    task.done_at, task.done_by = timezone.now(), actor.user
    task.save(update_fields=["done_at", "done_by"])
    audit(actor, Action.UPDATE, object_type="plan_task", object_id=task.pk, detail={"op": "done"})
    return task
