"""Pages: write each stage's record of a family case, and an aftercare check-in; they are read on the case
page (the protocol section, selectors.case_section)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.decorators import staff
from offramp.core.forms import apply_errors

from . import selectors, services
from .forms import CheckInForm, CoachingForm, EvaluationForm, MonitoringForm, PlanForm
from .models import CoachingPlan, FamilyEvaluation, InterventionPlan
from .permissions import READ


def _page(request, case, form, title: str, template: str = "protocol/record_form.html", **extra):
    return render(request, template, {"case": case, "form": form, "title": title, **extra},
                  status=400 if request.method == "POST" else 200)


def _one_record(request, case_id, *, model, form_class, fields, service, title, saved):
    case, _access = selectors.protocol_case(request.actor, case_id, write=True)
    record = selectors.case_record(request.actor, case, model)
    initial = {name: getattr(record, name) for name in fields} if record else {}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.actor, case_id=case.pk, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, saved)
            return redirect("case_detail", case.pk)
    return _page(request, case, form, title, record=record)


@staff(READ)
def evaluation_view(request, case_id):
    case, _access = selectors.protocol_case(request.actor, case_id, write=True)
    diagnostics = selectors.diagnostics(request.actor, case)
    record = selectors.case_record(request.actor, case, FamilyEvaluation)

    form_kwargs = {"diagnostics": diagnostics}
    if record:
        form_kwargs["initial"] = {"worries": record.worries, "needs": record.needs, "openings": record.openings,
                                  "diagnostic": str(record.diagnostic_id or "")}
    form = EvaluationForm(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            services.family_evaluation_save(actor=request.actor, case_id=case.pk, worries=data["worries"],
                                            needs=data["needs"], openings=data["openings"],
                                            diagnostic_id=data["diagnostic"] or None)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The evaluation is saved."))
            return redirect("case_detail", case.pk)
    return _page(request, case, form, _("The family's evaluation"), record=record, evaluation=True)


@staff(READ)
def plan_view(request, case_id):
    return _one_record(request, case_id, model=InterventionPlan, form_class=PlanForm,
                       fields=("family_goals", "person_goals", "tasks", "review_on"),
                       service=services.intervention_plan_save, title=_("The specific intervention plan"),
                       saved=_("The intervention plan is saved."))


@staff(READ)
def coaching_view(request, case_id):
    return _one_record(request, case_id, model=CoachingPlan, form_class=CoachingForm,
                       fields=("topics", "family_goals", "sessions_planned", "sessions_held"),
                       service=services.coaching_plan_save, title=_("The family's coaching plan"),
                       saved=_("The coaching plan is saved."))


@staff(READ)
def monitoring_view(request, case_id):
    case, _access = selectors.protocol_case(request.actor, case_id, write=True)
    form = MonitoringForm(request.POST or None, initial={"observed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.monitoring_entry_add(actor=request.actor, case_id=case.pk, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The monitoring entry is saved."))
            return redirect("case_detail", case.pk)
    return _page(request, case, form, _("A monitoring entry"),
                 entries=list(selectors.monitoring_entries(request.actor, case)[:50]))


@staff(READ)
def check_in_view(request, case_id):
    case, _access = selectors.protocol_case(request.actor, case_id, write=True, family=False)
    care = selectors.aftercare(request.actor, case)
    if care is None or care.next_slot is None:
        messages.info(request, _("This case has no aftercare check-in to record: aftercare starts when a case is "
                                 "resolved and ends with its last scheduled check-in."))
        return redirect("case_detail", case.pk)
    form = CheckInForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.aftercare_check_in_record(actor=request.actor, case_id=case.pk, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The check-in is recorded."))
            return redirect("case_detail", case.pk)
    return _page(request, case, form, _("Aftercare check-in"), slot=care.next_slot)
