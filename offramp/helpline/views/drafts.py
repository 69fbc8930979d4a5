"""The contact screen's autosave: htmx posts the whole form as the responder types; discarding starts
a blank screen."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from offramp.core.decorators import staff

from ..permissions import ANSWER
from ..services.drafts import contact_draft_discard, contact_draft_save
from ._common import posted_form


@staff(ANSWER)
@require_POST
def contact_draft_view(request):
    """Autosave target for the contact screen (htmx posts the whole form as the responder types)."""
    try:
        contact_draft_save(actor=request.actor, data=posted_form(request))
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=413)
    return render(request, "helpline/_draft_saved.html", {"saved_at": timezone.now()})


@staff(ANSWER)
@require_POST
def contact_draft_discard_view(request):
    contact_draft_discard(actor=request.actor)
    return redirect("contact_create")
