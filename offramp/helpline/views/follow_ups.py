"""Follow-ups: scheduled from the contact page, marked done from the contact page or the work queue."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offramp.core.decorators import staff

from ..permissions import ANSWER
from ..services.follow_ups import follow_up_complete, follow_up_schedule
from ._common import contact_action, follow_up_form


@staff(ANSWER)
@require_POST
def follow_up_create_view(request, contact_id):
    return contact_action(request, contact_id, partial(follow_up_form, request.actor), follow_up_schedule,
                          "follow_up_form", _("Follow-up scheduled; it is on the work queue."))


@staff(ANSWER)
@require_POST
def follow_up_complete_view(request, follow_up_id):
    follow_up = follow_up_complete(actor=request.actor, follow_up_id=follow_up_id)
    messages.success(request, _("Follow-up done."))
    return redirect("contact_detail", follow_up.contact_id)
