"""Pages: start an assessment from the case page, answer it on the engine's form, read it (answers,
attributed contributions, the result, the agencies' joint decisions), record a joint decision, and compare
it with an earlier one for the same person (side by side and as a chart)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offramp.cases.selectors import case_get, case_participants
from offramp.core.decorators import staff
from offramp.core.forms import ConsultationForm, apply_errors
from offramp.helpline.selectors import on_call_now, on_call_shifts_now
from offramp.instruments import definition as spec
from offramp.instruments import selectors as instrument_selectors
from offramp.instruments import services as instrument_services
from offramp.instruments.forms import ResponseForm

from . import catalogue, charts, results, selectors, services
from .forms import AssessmentStartForm, DecisionForm
from .permissions import CLOSE_ALERTS, READ


def _about(assessment) -> dict:
    """The engine's templates' `subject`: the case and the person, linking back to the case page."""
    return {"label": f"{assessment.case.reference} — {assessment.person.display_name}",
            "url": reverse("case_detail", args=[assessment.case_id])}


@staff(READ)
def assessment_start_view(request, case_id):
    case, _access = case_get(request.actor, case_id, need="write_notes", audit_action=None)
    form = AssessmentStartForm(request.POST or None, participants=case_participants(case),
                               imported=selectors.imported_instruments(request.actor))
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            assessment = services.assessment_start(
                actor=request.actor, case_id=case.pk, person_id=data["person"], instrument_key=data["instrument_key"],
                informant=data["informant"], informant_relationship=data["informant_relationship"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("assessments:assessment_answer", assessment.pk)
    return render(request, "assessments/start.html", {"case": case, "form": form},
                  status=400 if request.method == "POST" else 200)


@staff(READ)
def assessment_list_view(request, case_id):
    case, access = case_get(request.actor, case_id)
    return render(request, "assessments/list.html", {
        "case": case, "access": access, "rows": selectors.case_assessment_rows(request.actor, case)})


@staff(READ)
def assessment_answer_view(request, assessment_id):
    assessment = selectors.assessment_get(request.actor, assessment_id, write=True, audit_action=None)
    response = assessment.response
    if response.is_complete:
        messages.info(request, _("This assessment is complete."))
        return redirect("assessments:assessment_detail", assessment.pk)
    definition = response.version.definition
    form = ResponseForm(request.POST or None, definition=definition, answers=response.answer_data)
    if request.method == "POST" and form.is_valid():
        complete = "complete" in request.POST
        try:
            if complete:
                services.assessment_complete(actor=request.actor, assessment_id=assessment.pk, answers=form.given,
                                             agency=form.cleaned_data["agency"])
            else:
                instrument_services.response_contribute(actor=request.actor, response_id=response.pk,
                                                        answers=form.given, agency=form.cleaned_data["agency"])
        except ValidationError as error:
            form.apply_service_errors(error)
        else:
            messages.success(request, _("The assessment is complete.") if complete else _("Your answers are saved."))
            return redirect("assessments:assessment_detail", assessment.pk)
    return render(request, "instruments/response_form.html", {
        "response": response, "form": form, "title": spec.label_text(definition["title"]),
        "subject": _about(assessment)}, status=400 if request.method == "POST" else 200)


def _moved_back(actor, assessment, definition: dict, answers: dict) -> bool:
    """A stage of change or a stage of exit that records a move back, or falls below the one before."""
    key = assessment.instrument_key
    if key not in (catalogue.STAGE_OF_CHANGE, catalogue.STAGE_OF_EXIT):
        return False
    previous = selectors.previous_of_same_kind(actor, assessment)
    if key == catalogue.STAGE_OF_CHANGE:
        stages = results.stages(definition, answers)
        earlier = ([s.value for s in results.stages(previous.response.version.definition, previous.response.answer_data)]
                   if previous else None)
        return any(s.regression for s in stages) or results.moved_back([s.value for s in stages], earlier)
    exit_stage = results.exit_stage(definition, answers)
    earlier = ([results.exit_stage(previous.response.version.definition, previous.response.answer_data).value]
               if previous else None)
    return exit_stage.regression or results.moved_back([exit_stage.value], earlier)


def _consultation_form(actor, case, data=None) -> ConsultationForm:
    return ConsultationForm(data, supervisors=list(selectors.consultation_supervisors(actor, case)),
                            on_call=on_call_now(actor.organization))


def _results(request, assessment, definition: dict, answers: dict,
             consultation_form: ConsultationForm | None = None) -> dict:
    """What the complete assessment means, by instrument (results.py), for the page."""
    key = assessment.instrument_key
    context: dict[str, Any] = {}
    context["domains"] = [d for d in results.domain_scores(definition, assessment.response.scores)
                          if key != catalogue.RISK_PROTECTIVE or d["key"] != "danger"]
    if key == catalogue.STAGE_OF_CHANGE:
        context["stages"] = results.stages(definition, answers)
    elif key == catalogue.WELLNESS:
        context["ratings"] = results.ratings(definition, answers)
    elif key == catalogue.ASQ:
        context["screen"] = results.screen(definition, answers)
        context["can_close_alerts"] = request.actor.can(CLOSE_ALERTS) and context["screen"].positive
        if (context["screen"].positive and assessment.consulted_at is None
                and selectors.assessment_writable(request.actor, str(assessment.pk))):
            context["consultation_form"] = consultation_form or _consultation_form(request.actor, assessment.case)
        if context["screen"].positive and assessment.consulted_at is None:
            context["on_call"] = on_call_shifts_now(request.actor.organization)
    elif key == catalogue.SOCIAL_DIAGNOSTIC:
        context["factors"] = results.factors(definition, answers)
        context["needs"] = results.answered_items(definition, answers, results.NEEDS_ITEMS)
    elif key == catalogue.RISK_PROTECTIVE:
        context["danger"] = results.danger(definition, answers)
    elif key == catalogue.STAGE_OF_EXIT:
        context["exit"] = results.exit_stage(definition, answers)
    elif key == catalogue.INFLUENCES:
        context["prevention"] = results.answered_items(
            definition, answers, (catalogue.PREVENTION_LEVEL, catalogue.JUSTICE_STATUS, catalogue.AUTHORITY))
    elif key == catalogue.FAMILY_OUTCOMES:
        context["ratings"] = results.rating_items(definition, answers)
    elif key not in catalogue.BUILT_IN and any(spec.item_has_flags(item) for item in spec.iter_items(definition)):
        context["danger"] = results.danger(definition, answers)  # an imported tool: its flagged answers, named
    if _moved_back(request.actor, assessment, definition, answers):
        context["reasons"] = selectors.own_reasons(request.actor, assessment)
    return context


def _detail(request, assessment, decision_form: DecisionForm | None = None, status: int = 200,
            consultation_form: ConsultationForm | None = None):
    response = assessment.response
    definition, answers = response.version.definition, response.answer_data
    items = spec.items_by_key(definition)
    visible = spec.visible_keys(definition, answers)
    contributions = [{"author": c.author.display_name, "agency": c.agency, "at": c.created_at,
                      "answers": [{"label": spec.label_text(items[k]["label"]),
                                   "text": spec.display_answer(items[k], v) if v is not None else _("(cleared)")}
                                  for k, v in c.answer_data.items() if k in items]}
                     for c in instrument_selectors.response_contributions(response)]
    writable = selectors.assessment_writable(request.actor, str(assessment.pk))
    context = {
        "assessment": assessment, "response": response, "title": spec.label_text(definition["title"]),
        "subject": _about(assessment),
        "answers": [{"label": spec.label_text(item["label"]), "text": spec.display_answer(item, answers.get(item["key"]))}
                    for item in spec.iter_items(definition) if item["key"] in visible],
        "contributions": contributions, "agencies": sorted({c["agency"] for c in contributions if c["agency"]}),
        "earlier": selectors.earlier_of_same_kind(request.actor, assessment),
        "can_answer": not response.is_complete and writable,
        "decisions": selectors.assessment_decisions(request.actor, assessment),
        "decision_form": (decision_form or DecisionForm()) if response.is_complete and writable else None,
    }
    if response.is_complete:
        context.update(_results(request, assessment, definition, answers, consultation_form))
    return render(request, "assessments/detail.html", context, status=status)


@staff(READ)
def assessment_detail_view(request, assessment_id):
    return _detail(request, selectors.assessment_get(request.actor, assessment_id))


@staff(READ)
@require_POST
def assessment_decide_view(request, assessment_id):
    assessment = selectors.assessment_get(request.actor, assessment_id, write=True, audit_action=None)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_decide(actor=request.actor, assessment_id=assessment.pk,
                                       decision=form.cleaned_data["decision"],
                                       agencies=form.cleaned_data["agencies"].splitlines())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The joint decision is recorded."))
            return redirect("assessments:assessment_detail", assessment.pk)
    return _detail(request, selectors.assessment_get(request.actor, assessment.pk, audit_action=None),
                   decision_form=form, status=400)


@staff(READ)
def assessment_compare_view(request, assessment_id, other_id):
    before, after = selectors.assessment_pair(request.actor, assessment_id, other_id)
    return render(request, "assessments/compare.html", {
        "before": before.response, "after": after.response, "subject": _about(after),
        "before_assessment": before, "after_assessment": after,
        "title": spec.label_text(after.response.version.definition["title"]), **charts.comparison_of(before, after)})


@staff(READ)
@require_POST
def assessment_consultation_view(request, assessment_id):
    assessment = selectors.assessment_get(request.actor, assessment_id, write=True, audit_action=None)
    form = _consultation_form(request.actor, assessment.case, request.POST)
    if form.is_valid():
        try:
            services.assessment_record_consultation(actor=request.actor, assessment_id=assessment.pk,
                                                    text=form.cleaned_data["text"],
                                                    supervisor=form.cleaned_data["supervisor"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The consultation is recorded."))
            return redirect("assessments:assessment_detail", assessment.pk)
    return _detail(request, selectors.assessment_get(request.actor, assessment.pk, audit_action=None),
                   consultation_form=form, status=400)


@staff(READ)
@require_POST
def assessment_confirm_consultation_view(request, assessment_id):
    try:
        services.assessment_confirm_consultation(actor=request.actor, assessment_id=assessment_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have confirmed the consultation."))
    return redirect("assessments:assessment_detail", assessment_id)


@staff(CLOSE_ALERTS)
@require_POST
def assessment_alert_close_view(request, assessment_id):
    try:
        services.assessment_alert_close(actor=request.actor, assessment_id=assessment_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The screen's alerts are closed."))
    return redirect("assessments:assessment_detail", assessment_id)
