"""The on-call rota: who is on call for safety alerts, now and next; supervisors and org admins keep it."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offramp.core.access import Forbidden
from offramp.core.decorators import staff
from offramp.core.forms import apply_errors
from offramp.core.selectors import colleagues

from .. import selectors
from ..forms import OnCallShiftForm
from ..permissions import EDIT_ROTA, ON_CALL_ROLE, SEE_ROTA, SUPERVISE
from ..services.on_call import on_call_shift_add, on_call_shift_remove


@staff(SEE_ROTA)
def on_call_view(request):
    """Who is on call for safety alerts, now and next; supervisors and org admins add shifts."""
    actor = request.actor
    can_edit = actor.can(EDIT_ROTA)
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = OnCallShiftForm(request.POST or None, supervisors=colleagues(actor, [ON_CALL_ROLE]), initial={
        "supervisor": actor.user.pk if actor.can(SUPERVISE) else None,
        "starts_at": now, "ends_at": now + timedelta(hours=12)})
    if request.method == "POST":
        if not can_edit:
            raise Forbidden
        if form.is_valid():
            try:
                on_call_shift_add(actor=actor, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Shift added to the rota."))
                return redirect("on_call")
    return render(request, "helpline/on_call.html", {
        "shifts": selectors.on_call_shifts(actor)[:100], "on_call": selectors.on_call_shifts_now(actor.organization),
        "form": form, "can_edit": can_edit}, status=400 if request.method == "POST" else 200)


@staff(EDIT_ROTA)
@require_POST
def on_call_remove_view(request, shift_id):
    on_call_shift_remove(actor=request.actor, shift_id=shift_id)
    messages.success(request, _("Shift removed from the rota."))
    return redirect("on_call")
