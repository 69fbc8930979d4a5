"""The anonymous survey: a one-time link made or e-mailed from the contact page, and the public
survey page (no login)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offramp.core.decorators import public, staff
from offramp.core.forms import apply_errors

from .. import selectors
from ..forms import SurveyForm
from ..help_page import public_page
from ..permissions import ANSWER
from ..services.survey import (
    survey_invitation_create,
    survey_invitation_email,
    survey_submit,
)


@staff(ANSWER)
@require_POST
def survey_link_view(request, contact_id):
    """Make a one-time survey link to send the caller; the link is not stored against the contact."""
    selectors.contact_get(request.actor, contact_id, audit=False)
    invitation = survey_invitation_create(actor=request.actor)
    link = request.build_absolute_uri(reverse("survey", args=[invitation.token]))
    messages.info(request, _("Send this anonymous survey link to the caller by text or e-mail: %(link)s") % {"link": link})
    return redirect("contact_detail", contact_id)


@staff(ANSWER)
@require_POST
def survey_email_view(request, contact_id):
    """E-mail a one-time survey link to the caller's address on the contact."""
    try:
        survey_invitation_email(actor=request.actor, contact_id=contact_id, link_for=lambda token: (
            request.build_absolute_uri(reverse("survey", args=[token]))))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The survey link was sent to the caller's e-mail."))
    return redirect("contact_detail", contact_id)


@public
def survey_view(request, token):
    page = public_page(request, selectors.survey_organization(token))
    definition = selectors.survey_definition(token)
    if definition is None:
        return render(request, "helpline/survey_closed.html", page, status=404)
    form = SurveyForm(request.POST or None, definition=definition)
    if request.method == "POST" and form.is_valid():
        try:
            submitted = survey_submit(token=token, data=form.cleaned_data)
        except ValidationError as error:  # the questions changed since the page was drawn
            apply_errors(form, error)
        else:
            if submitted:
                return render(request, "helpline/survey_thanks.html", page)
            return render(request, "helpline/survey_closed.html", page, status=404)
    return render(request, "helpline/survey.html", {**page, "form": form},
                  status=400 if request.method == "POST" else 200)
