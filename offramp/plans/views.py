"""Pages: the case's plan (goals, the wellness plan, the current stages, the tasks), and the forms that write
it. Each form keeps what was typed on an error; a stage-fit caution comes back on the form with a box to
confirm."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offramp.assessments import selectors as assessment_selectors
from offramp.cases.selectors import case_get, case_participants
from offramp.core.decorators import staff
from offramp.core.forms import apply_errors

from . import selectors, services
from .forms import DropForm, GoalForm, ProgressForm, TaskForm
from .models import GoalStatus
from .permissions import READ


def _plan_url(case_id) -> str:
    return reverse("plans:plan", args=[case_id])


def _stages(request, case) -> list[dict]:
    """The current stages of change shown wherever the plan is written (C3)."""
    names = {str(p.person_id): p.person.display_name for p in case_participants(case)}
    return [{"person": names.get(str(person_id), ""), "stages": list(by_target.values())}
            for person_id, by_target in assessment_selectors.current_stages(request.actor, case).items()]


def _refused(form_class, data, error: ValidationError, **kwargs):
    """The form again with the service's errors; a stage-fit caution instead comes back as its message, with
    the box to confirm it on the form (the service raises it only when nothing else is wrong)."""
    caution = " ".join(error.message_dict.get("accept_caution", ())) if hasattr(error, "error_dict") else ""
    form = form_class(data, caution=bool(caution), **kwargs)
    form.is_valid()
    if not caution:
        apply_errors(form, error)
    return form, caution


@staff(READ)
def plan_view(request, case_id):
    case, access = case_get(request.actor, case_id)
    return render(request, "plans/plan.html", selectors.plan_page(request.actor, case, access))


def _goal_values(data: dict) -> dict:
    return {"statement": data["statement"], "measure": data["measure"], "target": data["target"],
            "target_value": data.get("target_value"), "due_on": data["due_on"], "achievable": data["achievable"],
            "relevant": data["relevant"], "dimensions": data.get("dimensions") or [],
            "targets": data.get("targets") or [], "accept_caution": bool(data.get("accept_caution"))}


@staff(READ)
def goal_create_view(request, case_id):
    case, _access = case_get(request.actor, case_id, need="write_notes", audit_action=None)
    participants = case_participants(case)
    form = GoalForm(request.POST or None, participants=participants, caution="accept_caution" in request.POST)
    caution = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_create(actor=request.actor, case_id=case.pk, person_id=form.cleaned_data["person"],
                                 **_goal_values(form.cleaned_data))
        except ValidationError as error:
            form, caution = _refused(GoalForm, request.POST, error, participants=participants)
        else:
            messages.success(request, _("The goal is on the plan."))
            return redirect(_plan_url(case.pk))
    return render(request, "plans/goal_form.html", {
        "case": case, "form": form, "caution": caution, "stages": _stages(request, case),
        "title": _("Add a goal")}, status=400 if request.method == "POST" else 200)


@staff(READ)
def goal_edit_view(request, goal_id):
    goal = selectors.goal_get(request.actor, goal_id, write=True, audit_action=None)
    if goal.status != GoalStatus.OPEN:
        messages.info(request, _("This goal is closed: it can no longer be changed."))
        return redirect(_plan_url(goal.case_id))
    initial = {"statement": goal.statement, "measure": goal.measure, "target": goal.target,
               "target_value": goal.target_value, "due_on": goal.due_on, "achievable": goal.achievable,
               "relevant": goal.relevant, "dimensions": goal.dimensions, "targets": goal.targets}
    form = GoalForm(request.POST or None, initial=initial, fixed_person=True,
                    caution="accept_caution" in request.POST)
    caution = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(actor=request.actor, goal_id=goal.pk, **_goal_values(form.cleaned_data))
        except ValidationError as error:
            form, caution = _refused(GoalForm, request.POST, error, fixed_person=True)
        else:
            messages.success(request, _("The goal is saved."))
            return redirect(_plan_url(goal.case_id))
    return render(request, "plans/goal_form.html", {
        "case": goal.case, "goal": goal, "form": form, "caution": caution, "stages": _stages(request, goal.case),
        "title": _("Change the goal")}, status=400 if request.method == "POST" else 200)


@staff(READ)
def goal_progress_view(request, goal_id):
    goal = selectors.goal_get(request.actor, goal_id, write=True, audit_action=None)
    form = ProgressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.goal_progress_record(actor=request.actor, goal_id=goal.pk, kind=data["kind"],
                                          value=data.get("value"), milestone=data.get("milestone") or "",
                                          percent=data.get("percent"), note=data.get("note") or "")
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The progress is recorded."))
            return redirect(_plan_url(goal.case_id) + f"#goal-{goal.pk}")
    return render(request, "plans/progress_form.html", {
        "case": goal.case, "goal": goal, "form": form, "updates": selectors.goal_updates(request.actor, goal)},
        status=400 if request.method == "POST" else 200)


@staff(READ)
@require_POST
def goal_achieve_view(request, goal_id):
    goal = selectors.goal_get(request.actor, goal_id, write=True, audit_action=None)
    try:
        services.goal_achieve(actor=request.actor, goal_id=goal.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Goal reached: well done to everyone involved."))
    return redirect(_plan_url(goal.case_id) + f"#goal-{goal.pk}")


@staff(READ)
def goal_drop_view(request, goal_id):
    goal = selectors.goal_get(request.actor, goal_id, write=True, audit_action=None)
    form = DropForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_drop(actor=request.actor, goal_id=goal.pk, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The goal is dropped, with its reason."))
            return redirect(_plan_url(goal.case_id))
    return render(request, "plans/drop_form.html", {"case": goal.case, "goal": goal, "form": form},
                  status=400 if request.method == "POST" else 200)


@staff(READ)
def task_create_view(request, case_id):
    case, _access = case_get(request.actor, case_id, need="write_notes", audit_action=None)
    choices = {"team": selectors.assignees(request.actor, case),
               "goals": list(selectors.case_goals(request.actor, case).filter(status=GoalStatus.OPEN))}
    initial = {"goal": request.GET.get("goal", "")[:40]}
    form = TaskForm(request.POST or None, initial=initial, caution="accept_caution" in request.POST, **choices)
    caution = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.task_create(actor=request.actor, case_id=case.pk, kind=data["kind"],
                                 description=data["description"], assignee_id=data["assignee"],
                                 due_on=data["due_on"], goal_id=data.get("goal") or None,
                                 targets=data.get("targets") or [], accept_caution=bool(data.get("accept_caution")))
        except ValidationError as error:
            form, caution = _refused(TaskForm, request.POST, error, **choices)
        else:
            messages.success(request, _("The task is on the plan and on their work queue."))
            return redirect(_plan_url(case.pk))
    return render(request, "plans/task_form.html", {
        "case": case, "form": form, "caution": caution, "stages": _stages(request, case)},
        status=400 if request.method == "POST" else 200)


@staff(READ)
@require_POST
def task_done_view(request, task_id):
    task = selectors.task_get(request.actor, task_id, write=True, audit_action=None)
    try:
        services.task_done(actor=request.actor, task_id=task.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked done."))
    return redirect(_plan_url(task.case_id) + f"#task-{task.pk}")
