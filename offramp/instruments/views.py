"""Pages: instruments and their versions (org admins import and export), a response's form, its reading
with each contribution attributed, and the comparison of two responses about the same subject."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from offramp.core.access import deny
from offramp.core.audit import Action, audit_read
from offramp.core.decorators import staff

from . import comparison, selectors, services, subjects
from . import definition as spec
from .forms import ImportForm, ResponseForm, StartForm, present, present_scores
from .permissions import MANAGE

MAX_UPLOAD_BYTES = 1024 * 1024


@staff()
def instrument_list_view(request):
    instruments = list(selectors.instruments_for(request.actor))
    audit_read(request.actor, action=Action.LIST, object_type="instrument", count=len(instruments))
    return render(request, "instruments/instrument_list.html", {
        "instruments": instruments, "is_admin": request.actor.can(MANAGE), "import_form": ImportForm()})


def _read_upload(upload):
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 1 MB."))
    try:
        return json.loads(upload.read().decode("utf-8"))
    except UnicodeDecodeError:
        raise ValidationError(_("Save the file as UTF-8 and try again.")) from None
    except json.JSONDecodeError as error:
        raise ValidationError(_("The file is not valid JSON: line %(line)d, column %(column)d: %(problem)s")
                              % {"line": error.lineno, "column": error.colno, "problem": error.msg}) from None
    except RecursionError:
        raise ValidationError(_("The file nests too deeply to be a definition.")) from None


@staff(MANAGE)
def instrument_import_view(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST":
        if form.is_valid():
            try:
                version = services.instrument_import(actor=request.actor,
                                                     data=_read_upload(form.cleaned_data["file"]))
            except ValidationError as error:
                problems = error.messages
            else:
                messages.success(request, _("Imported %(key)s, version %(number)d.")
                                 % {"key": version.instrument.key, "number": version.number})
                return redirect("instruments:version_detail", version.pk)
    return render(request, "instruments/import.html", {"form": form, "problems": problems},
                  status=400 if request.method == "POST" else 200)


@staff()
def instrument_detail_view(request, instrument_id):
    instrument = selectors.instrument_get(request.actor, instrument_id)
    return _version_page(request, instrument.current_version, instrument)


@staff()
def version_detail_view(request, version_id):
    version = selectors.version_get(request.actor, version_id)
    return _version_page(request, version, version.instrument)


def _version_page(request, version, instrument):
    return render(request, "instruments/version_detail.html", {
        "instrument": instrument, "version": version, "versions": list(selectors.versions_of(instrument)),
        "title": spec.label_text(version.definition["title"]),
        "description": spec.label_text(version.definition.get("description")),
        "sections": present(version.definition), "scores": present_scores(version.definition),
        "is_admin": request.actor.can(MANAGE), "start_form": StartForm()})


@staff(MANAGE)
def version_export_view(request, version_id):
    version = selectors.version_get(request.actor, version_id)
    body = services.instrument_export(actor=request.actor, version_id=version.pk)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"{version.instrument.key}-v{version.number}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff()
def response_start_view(request, version_id):
    version = selectors.version_get(request.actor, version_id)
    form = StartForm(request.POST or None, initial={"subject_type": request.GET.get("subject_type", "")[:40],
                                                     "subject_id": request.GET.get("subject_id", "")[:64]})
    if request.method == "POST" and form.is_valid():
        try:
            response = services.response_start(actor=request.actor, version_id=version.pk, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            return redirect("instruments:response_answer", response.pk)
    return render(request, "instruments/response_start.html", {
        "version": version, "title": spec.label_text(version.definition["title"]), "form": form},
        status=400 if request.method == "POST" else 200)


@staff()
def response_answer_view(request, response_id):
    response = selectors.response_get(request.actor, response_id, write=True)
    definition = response.version.definition
    if response.is_complete:
        messages.info(request, _("This response is complete."))
        return redirect("instruments:response_detail", response.pk)
    answers = response.answer_data
    form = ResponseForm(request.POST or None, definition=definition, answers=answers)
    if request.method == "POST" and form.is_valid():
        complete = "complete" in request.POST
        try:
            if complete:
                services.response_complete(actor=request.actor, response_id=response.pk, answers=form.given,
                                           agency=form.cleaned_data["agency"])
            else:
                services.response_contribute(actor=request.actor, response_id=response.pk, answers=form.given,
                                             agency=form.cleaned_data["agency"])
        except ValidationError as error:
            form.apply_service_errors(error)
        else:
            messages.success(request, _("The response is complete.") if complete else _("Your answers are saved."))
            return redirect("instruments:response_detail", response.pk)
    return render(request, "instruments/response_form.html", {
        "response": response, "form": form, "title": spec.label_text(definition["title"]),
        "subject": _subject(request, response)}, status=400 if request.method == "POST" else 200)


def _subject(request, response) -> dict:
    if not response.subject_type:
        return {}
    return {"type": response.subject_type, "label": subjects.describe(request.actor, response.subject_type,
                                                                       response.subject_id),
            "url": subjects.subject_url(response.subject_type, response.subject_id)}


def _answer_rows(definition: dict, answers: dict) -> list[dict]:
    visible = spec.visible_keys(definition, answers)
    return [{"key": item["key"], "label": spec.label_text(item["label"]), "hidden": item["key"] not in visible,
             "text": spec.display_answer(item, answers.get(item["key"]))} for item in spec.iter_items(definition)]


def _score_rows(definition: dict, scores: dict) -> list[dict]:
    rows = []
    for domain in definition.get("scores", ()):
        result = scores.get(domain["key"]) or {}
        rows.append({"label": spec.label_text(domain["label"]), "value": result.get("value"),
                     "band": spec.label_text(result.get("label"))})
    return rows


@staff()
def response_detail_view(request, response_id):
    response = selectors.response_get(request.actor, response_id, audit=True)
    definition = response.version.definition
    items = spec.items_by_key(definition)
    contributions = []
    for contribution in selectors.response_contributions(response):
        given = contribution.answer_data
        contributions.append({"author": contribution.author.display_name, "agency": contribution.agency,
                              "at": contribution.created_at,
                              "answers": [{"label": spec.label_text(items[k]["label"]),
                                           "text": spec.display_answer(items[k], v) if v is not None else _("(cleared)")}
                                          for k, v in given.items() if k in items]})
    others = []
    if response.subject_type:
        others = [r for r in selectors.responses_for_subject(request.actor, response.subject_type, response.subject_id)
                  .filter(version__instrument_id=response.version.instrument_id).exclude(pk=response.pk)[:20]]
    return render(request, "instruments/response_detail.html", {
        "response": response, "title": spec.label_text(definition["title"]),
        "answers": _answer_rows(definition, response.answer_data), "contributions": contributions,
        "scores": _score_rows(definition, response.scores) if response.is_complete else [],
        "subject": _subject(request, response), "others": others})


@staff()
def response_compare_view(request, response_id, other_id):
    before = selectors.response_get(request.actor, response_id)
    after = selectors.response_get(request.actor, other_id)
    if (before.subject_type, before.subject_id) != (after.subject_type, after.subject_id) or not before.subject_type \
            or before.version.instrument_id != after.version.instrument_id:
        deny("instrument_response", other_id)
    if before.created_at > after.created_at:
        before, after = after, before
    result = comparison.compare(before, after)
    audit_read(request.actor, action=Action.VIEW, object_type="instrument_response", count=2,
               detail={"op": "compare", "responses": [str(before.pk), str(after.pk)]})
    items = [{**row, "label": spec.label_text(row["label"])} for row in result["items"]]
    domains = [{**row, "label": spec.label_text(row["label"]), "before_band": spec.label_text(row["before_band"]),
                "after_band": spec.label_text(row["after_band"])} for row in result["domains"]]
    return render(request, "instruments/response_compare.html", {
        "before": before, "after": after, "items": items, "domains": domains,
        "title": spec.label_text(after.version.definition["title"]), "subject": _subject(request, after)})
