"""Web requests: the public help page (no login) and its thanks, and the helpline's work on the
requests: the poll for new ones, claim, a supervisor's assignment, done."""

from datetime import UTC, datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offramp.core.client_ip import client_ip
from offramp.core.decorators import background_poll, public, staff

from .. import selectors
from ..forms import AssignForm, HelpRequestForm
from ..help_page import (
    filled_too_fast,
    form_token,
    organization_for_help_page,
    over_rate_limit,
    public_page,
    with_chosen_language,
)
from ..permissions import ANSWER, SUPERVISE
from ..services.web_requests import (
    help_request_assign,
    help_request_claim,
    help_request_done,
    help_request_submit,
)
from ._common import one_click
from .queue import queue_page


def _organization_or_404(slug: str):
    organization = organization_for_help_page(slug)
    if organization is None:
        raise Http404
    return organization


@public
def help_request_view(request, slug):
    organization = _organization_or_404(slug)
    page = public_page(request, organization)
    thanks = with_chosen_language(request, reverse("help_request_thanks", args=[slug]))
    status = 200
    if request.method == "POST":
        form = HelpRequestForm(request.POST, country=organization.country)
        if over_rate_limit(client_ip(request)):
            return render(request, "helpline/help_limited.html", page, status=429)
        if request.POST.get("website"):
            return redirect(thanks)  # a robot: same answer, nothing stored
        if filled_too_fast(request.POST.get("started", "")):
            form.add_error(None, _("Please check your request and send it again."))
            status = 400
        elif form.is_valid():
            help_request_submit(organization=organization, data=form.cleaned_data)
            return redirect(thanks)
        else:
            status = 400
        form.data = form.data.copy()
        form.data["started"] = form_token()
    else:
        form = HelpRequestForm(initial={"started": form_token(), "language": request.LANGUAGE_CODE})
    return render(request, "helpline/help_request.html", {**page, "form": form}, status=status)


@public
def help_request_thanks_view(request, slug):
    return render(request, "helpline/help_thanks.html", public_page(request, _organization_or_404(slug)))


@background_poll
@staff(ANSWER)
def help_requests_new_view(request):
    """htmx, every few seconds from the helpline page: a calm note when new web requests arrive,
    with a link to show them (the lists are not redrawn under someone's hands)."""
    try:
        since = datetime.fromtimestamp(float(request.GET.get("since", "")), tz=UTC)
    except (ValueError, OverflowError, OSError):
        return HttpResponse("", status=400)
    count = selectors.help_requests_new_since(request.actor, since)
    return render(request, "helpline/_new_requests.html", {"count": count})


@staff(ANSWER)
@require_POST
def help_request_claim_view(request, request_id):
    one_click(request, help_request_claim, request_id=request_id)
    return redirect("helpline_queue")


@staff(SUPERVISE)
@require_POST
def help_request_assign_view(request, request_id):
    selectors.help_request_get(request.actor, request_id)  # someone else's request is not found, whatever was sent
    form = AssignForm(request.POST)  # the pick is checked by the service
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["assignee"])
        help_request = help_request_assign(actor=request.actor, request_id=request_id,
                                           assignee=form.cleaned_data["assignee"])
    except ValidationError as error:
        return queue_page(request, status=400, assign_error={
            "request_id": request_id, "value": request.POST.get("assignee", ""),
            "message": " ".join(error.messages)})
    messages.success(request, _("%(ref)s given to %(name)s.") % {
        "ref": help_request.reference, "name": help_request.claimed_by.display_name})
    return redirect("helpline_queue")


@staff(ANSWER)
@require_POST
def help_request_done_view(request, request_id):
    one_click(request, help_request_done, request_id=request_id)
    return redirect("helpline_queue")
