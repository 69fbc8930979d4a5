"""What several of the helpline's view modules share: the contact page, drawn again with a form's
errors when a form posted from it is refused, and the two ways a posted form calls a service."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from offramp.core.forms import ConsultationForm, apply_errors
from offramp.core.selectors import colleagues

from .. import selectors
from ..forms import (
    AddendumForm,
    AssignForm,
    AttachCaseForm,
    CallerFlagForm,
    FollowUpForm,
    MergeForm,
    ReviewForm,
)
from ..models import SAFETY_FLAGS, SafetyAnswer
from ..permissions import ANSWER, SUPERVISE


def posted_form(request) -> dict:
    """The contact screen as posted (a list where a field has several values), for drafts and alerts."""
    return {key: request.POST.getlist(key) if len(request.POST.getlist(key)) > 1 else request.POST.get(key)
            for key in request.POST}


def consultation_form(actor, data=None) -> ConsultationForm:
    return ConsultationForm(data, supervisors=list(colleagues(actor, SUPERVISE.roles)),
                            on_call=selectors.on_call_now(actor.organization))


def assign_form(actor, data=None) -> AssignForm:
    """Give a contact to a colleague: the helpline's responders and supervisors, by name."""
    return AssignForm(data, colleagues=colleagues(actor, ANSWER.roles))


def follow_up_form(actor, data=None) -> FollowUpForm:
    """Schedule a follow-up, kept by the actor or by a helpline colleague picked by name."""
    return FollowUpForm(data, colleagues=colleagues(actor, ANSWER.roles), me=actor.user)


def safety_response(actor, answers) -> dict:
    """What the safety questions answered so far call for: for any "yes", the organisation's
    emergency numbers and guidance, and who is on call with the phone to reach them."""
    flags = [flag for flag in SAFETY_FLAGS if answers.get(flag) == SafetyAnswer.YES]
    return {"safety_yes": flags, "organization": actor.organization,
            "on_call": selectors.on_call_shifts_now(actor.organization) if flags else []}


def contact_page(request, contact, **forms):
    """The contact page, with any form given in `forms` (bound, with its errors) in place of a blank one."""
    actor = request.actor
    digests = [d for d in (contact.caller_phone_digest, contact.caller_email_digest) if d]
    earlier = selectors.earlier_contacts(actor, digests, before=contact)
    contact_reviews = selectors.contact_reviews(actor, contact)
    mine = next((r for r in contact_reviews if r.reviewer_id == actor.user.pk), None)
    can_review = actor.can(SUPERVISE) and contact.responder_id != actor.user.pk
    follow_ups = list(contact.follow_ups.select_related("assigned_to").order_by("due_at"))
    return render(request, "helpline/contact_detail.html", {
        "contact": contact, **selectors.contact_terms(contact), "answered": selectors.request_answered_by(contact),
        "follow_ups": follow_ups, "next_follow_up": next((f for f in follow_ups if not f.done_at), None),
        # Built only where the page shows it: a safety concern still waiting for its consultation.
        "consultation_form": forms.get("consultation_form") or (
            consultation_form(actor) if contact.emergency_alerted_at and not contact.consulted_at else None),
        "on_call": selectors.on_call_shifts_now(actor.organization) if contact.emergency_alerted_at else [],
        "follow_up_form": forms.get("follow_up_form") or follow_up_form(actor),
        "addendum_form": forms.get("addendum_form") or AddendumForm(resources=selectors.resources_for(actor)),
        "addenda": selectors.contact_addenda(contact),
        "attach_form": forms.get("attach_form") or AttachCaseForm(),
        "flag_form": forms.get("flag_form") or CallerFlagForm(),
        "assign_form": forms.get("assign_form") or (assign_form(actor) if actor.can(SUPERVISE) else None),
        "merge_form": forms.get("merge_form") or MergeForm(),
        "review_form": (forms.get("review_form") or ReviewForm(
            definition=selectors.review_definition(actor), answers=selectors.review_answers(mine),
            initial={"feedback": mine.feedback} if mine else {})) if can_review else None,
        "reviews": contact_reviews,
        "alerted": list(contact.emergency_alerted.all()) if contact.emergency_alerted_at else [],
        "merges": selectors.contact_merges(contact),
        "earlier": earlier,
        "attachable": [] if contact.case_id else selectors.attachable_family_cases(actor, earlier),
        "flags": selectors.active_flags(request.actor, digests),
        "is_supervisor": request.actor.can(SUPERVISE),
        "guidance": request.actor.organization.emergency_guidance,
    }, status=forms.get("status", 200))


def one_click(request, service: Callable[..., Any], **ids):
    """A one-button form: run the service; if it refuses, say why (the caller decides where to go)."""
    try:
        return service(actor=request.actor, **ids)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None


def contact_action(request, contact_id, form_class, service: Callable[..., Any], form_name: str, done: str):
    """A form posted from the contact page: run the service, or show the page again with the
    form's errors and what was typed."""
    contact = selectors.contact_get(request.actor, contact_id, audit=False)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=request.actor, contact_id=contact.pk, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("contact_detail", contact.pk)
    return contact_page(request, contact, **{form_name: form}, status=400)
