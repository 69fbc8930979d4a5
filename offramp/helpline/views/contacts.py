"""The contact log's pages: the contact screen (a draft restored, a web request's call-back filled
in, repeat callers and coaching guidance as the responder types), the contact page, and what is
recorded on it afterwards: the consultation, additions, a family-support case opened or joined."""

import json
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offramp.core.access import NotFound
from offramp.core.audit import Action, audit_read
from offramp.core.decorators import staff
from offramp.core.forms import apply_errors

from .. import selectors
from ..forms import AddendumForm, AttachCaseForm, ContactForm
from ..models import ContactChannel
from ..permissions import ANSWER
from ..services.contacts import (
    TERM_FIELDS,
    contact_addendum_add,
    contact_attach_to_case,
    contact_confirm_consultation,
    contact_log,
    contact_open_family_case,
    contact_record_consultation,
)
from ..services.drafts import contact_draft_alert
from ._common import (
    consultation_form,
    contact_action,
    contact_page,
    one_click,
    posted_form,
    safety_response,
)

GUIDED_FIELDS = ("ideologies", "signs", "needs")


def _contact_form(request, data=None) -> ContactForm:
    actor = request.actor
    terms = {field: selectors.terms_for(actor, vocabulary) for field, vocabulary in TERM_FIELDS.items()}
    return ContactForm(data, terms=terms, resources=selectors.resources_for(actor))


def _draft_initial(draft: dict, form: ContactForm) -> dict:
    """Turn saved form data back into initial values (lists for multiple choices)."""
    initial: dict[str, Any] = {}
    for name, field in form.fields.items():
        if name not in draft:
            continue
        value = draft[name]
        if isinstance(field, forms.MultipleChoiceField):
            initial[name] = value if isinstance(value, list) else [value]
        elif isinstance(field, forms.BooleanField):
            initial[name] = bool(value)
        else:
            initial[name] = value[-1] if isinstance(value, list) else value
    return initial


@staff(ANSWER)
def contact_create_view(request):
    form = _contact_form(request, request.POST or None)
    restored = False
    if request.method != "POST":
        draft = selectors.contact_draft_load(request.actor)
        if draft:  # what was typed comes first; a call-back is started once the draft is saved or discarded
            form = _contact_form(request)
            form.initial.update(_draft_initial(draft, form))
            restored = True
        elif request.GET.get("request"):
            form = _contact_form(request)
            form.initial.update(_call_back_initial(selectors.help_request_to_answer(request.actor, request.GET["request"])))
    if request.method == "POST" and form.is_valid():
        data = form.service_arguments()
        terms = {field: data.pop(field) for field in TERM_FIELDS}
        resource_ids = data.pop("resources_given")
        try:
            contact = contact_log(actor=request.actor, terms=terms, resource_ids=resource_ids, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if contact.safety_concern:
                messages.error(request, _("Safety concern: supervisors have been alerted. Follow the guidance below."))
            else:
                messages.success(request, _("Contact %(ref)s logged.") % {"ref": contact.reference})
            return redirect("contact_detail", contact.pk)
    ticked = [value for field in GUIDED_FIELDS for value in (form.data.getlist(field) if form.is_bound
                                                             else form.initial.get(field, []))]
    answers = form.data if form.is_bound else form.initial
    return render(request, "helpline/contact_form.html", {
        "form": form, "restored": restored, "guidance": selectors.guidance_for(request.actor, ticked),
        **safety_response(request.actor, answers), "alerted_at": (selectors.contact_draft_alerted_at(request.actor)
                                                                  if restored else None),
        "answering": _answering(request.actor, form),
        # A phone or e-mail already there when the form opens (a call-back, a draft, a form sent back).
        **_repeat_caller(request.actor, **{name: str((form.data.get(name) if form.is_bound else form.initial.get(name))
                                                     or "") for name in ("caller_phone", "caller_email")})},
                  status=400 if request.method == "POST" else 200)


def _repeat_caller(actor, *, caller_phone: str, caller_email: str) -> dict:
    """Earlier contacts and active flags for this phone or e-mail (exact match), audited as a search."""
    digests = selectors.caller_digests(actor, phone=caller_phone, email=caller_email)
    if not digests:
        return {}
    earlier = selectors.earlier_contacts(actor, digests)
    audit_read(actor, action=Action.SEARCH, object_type="helpline_contact", count=len(earlier),
               detail={"by": [name for name, v in (("caller_phone", caller_phone), ("caller_email", caller_email)) if v]})
    return {"earlier": earlier, "flags": selectors.active_flags(actor, digests),
            "attachable": selectors.attachable_family_cases(actor, earlier)}


def _call_back_initial(help_request) -> dict:
    """The contact form for calling back a web request: what they gave us, and what worried them."""
    return {"help_request": help_request.pk, "channel": ContactChannel.WEB, "inbound": True,
            "caller_name": help_request.name, "caller_phone": help_request.phone, "caller_email": help_request.email,
            "summary": _("From the web request: %(worry)s") % {"worry": help_request.worry}}


def _answering(actor, form):
    """The web request the form would answer, for the notice at its top (none once it is refused)."""
    value = form.data.get("help_request") if form.is_bound else form.initial.get("help_request")
    if not value or form.errors.get("help_request"):
        return None
    try:
        return selectors.help_request_to_answer(actor, value)
    except NotFound:
        return None


@staff(ANSWER)
@require_POST
def contact_lookup_view(request):
    """htmx: earlier contacts and active flags for the phone or e-mail being typed (exact match)."""
    return render(request, "helpline/_repeat_caller.html", _repeat_caller(
        request.actor, caller_phone=request.POST.get("caller_phone", ""), caller_email=request.POST.get("caller_email", "")))


@staff(ANSWER)
@require_POST
def contact_guidance_view(request):
    """htmx: the organisation's coaching guidance for the concerns ticked on the contact screen."""
    ids = [value for field in GUIDED_FIELDS for value in request.POST.getlist(field)]
    return render(request, "helpline/_guidance.html", {"guidance": selectors.guidance_for(request.actor, ids)})


@staff(ANSWER)
@require_POST
def contact_safety_view(request):
    """htmx: a safety "yes" acts at once, before the contact is saved: the emergency numbers and
    guidance, who is on call and their phone, and the button that alerts them now."""
    return render(request, "helpline/_safety_response.html", safety_response(request.actor, request.POST))


@staff(ANSWER)
@require_POST
def contact_alert_view(request):
    """"Alert now": the draft is saved and the supervisors on call alerted with a link to it. Without
    JavaScript the button posts the whole form here and the screen comes back with the draft."""
    context = safety_response(request.actor, request.POST)
    try:
        alerted = contact_draft_alert(actor=request.actor, data=posted_form(request))
    except ValidationError as error:
        context["alert_problem"] = " ".join(error.messages)
    else:
        context.update(alerted=alerted, alerted_at=timezone.now())
    if request.headers.get("HX-Request"):
        return render(request, "helpline/_safety_response.html", context)
    if "alert_problem" in context:
        messages.error(request, context["alert_problem"])
    else:
        messages.warning(request, _("Alert sent to %(names)s. Stay with the caller.")
                         % {"names": ", ".join(user.display_name for user in context["alerted"])})
    return redirect("contact_create")


@staff(ANSWER)
def contact_draft_detail_view(request, draft_id):
    """A responder's unsaved contact, opened by a supervisor from its safety alert."""
    draft = selectors.contact_draft_get(request.actor, draft_id)
    data = json.loads(draft.data) if draft.data else {}
    form = _contact_form(request)
    rows = [(field.label, _draft_value(field, data[name])) for name, field in form.fields.items()
            if name in data and data[name] not in ("", None, []) and not isinstance(field.widget, forms.HiddenInput)]
    return render(request, "helpline/draft_detail.html", {"draft": draft, "rows": rows,
                                                          **safety_response(request.actor, data)})


def _draft_value(field, value) -> str:
    """A draft's typed value as the form would show it: choices by their labels, ticks as yes."""
    if isinstance(field, forms.BooleanField):
        return str(_("Yes"))
    values = value if isinstance(value, list) else [value]
    choices = {str(key): label for key, label in getattr(field, "choices", ())}
    return ", ".join(str(choices.get(str(item), item)) for item in values)


@staff(ANSWER)
@require_POST
def contact_confirm_consultation_view(request, contact_id):
    if one_click(request, contact_confirm_consultation, contact_id=contact_id) is not None:
        messages.success(request, _("Consultation confirmed."))
    return redirect("contact_detail", contact_id)


@staff(ANSWER)
def contact_detail_view(request, contact_id):
    contact = selectors.contact_get(request.actor, contact_id)
    if str(contact.pk) != str(contact_id):  # a duplicate merged into another contact
        return redirect("contact_detail", contact.pk)
    return contact_page(request, contact)


@staff(ANSWER)
@require_POST
def contact_consultation_view(request, contact_id):
    return contact_action(request, contact_id, partial(consultation_form, request.actor),
                          contact_record_consultation, "consultation_form", _("Consultation recorded."))


@staff(ANSWER)
@require_POST
def contact_addendum_view(request, contact_id):
    return contact_action(request, contact_id, partial(AddendumForm, resources=selectors.resources_for(request.actor)),
                          contact_addendum_add, "addendum_form", _("Added to the contact."))


@staff(ANSWER)
@require_POST
def contact_open_case_view(request, contact_id):
    case = one_click(request, contact_open_family_case, contact_id=contact_id)
    if case is None:
        return redirect("contact_detail", contact_id)
    messages.success(request, _("Family-support case %(ref)s opened.") % {"ref": case.reference})
    return redirect("case_detail", case.pk)


@staff(ANSWER)
@require_POST
def contact_attach_case_view(request, contact_id):
    return contact_action(request, contact_id, AttachCaseForm, contact_attach_to_case,
                          "attach_form", _("Contact added to the case."))
