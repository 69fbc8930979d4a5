"""The on-call rota: which supervisor a safety alert goes to (H4, R1). Supervisors and organisation
admins keep it; when nobody is on call, an alert goes to every supervisor rather than to no one."""

from datetime import datetime, timedelta
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor, NotFound, require
from offramp.core.audit import Action, audit_record
from offramp.core.calendar import moment_problem
from offramp.core.selectors import colleague
from offramp.core.text import phone_problem

from ..models import OnCallShift
from ..permissions import EDIT_ROTA, ON_CALL_ROLE

MAX_SHIFT = timedelta(days=7)


@transaction.atomic(durable=True)
def on_call_shift_add(*, actor: Actor, supervisor: int | str | None, starts_at: datetime, ends_at: datetime,
                      phone: str = "") -> OnCallShift:
    """Put a supervisor on call; `phone` is shown to a responder whose call raises a safety concern."""
    require(actor, EDIT_ROTA)
    on_call = colleague(actor, supervisor, [ON_CALL_ROLE])
    phone = (phone or "").strip()
    errors = {}
    if on_call is None:
        errors["supervisor"] = _("Choose a supervisor of your organisation.")
    if problem := phone_problem(phone, country=actor.organization.country):
        errors["phone"] = problem
    if moment_problem(starts_at) or moment_problem(ends_at):
        errors["ends_at"] = moment_problem(starts_at) or moment_problem(ends_at)
    elif starts_at and ends_at:
        if ends_at <= starts_at:
            errors["ends_at"] = _("The shift must end after it starts.")
        elif ends_at - starts_at > MAX_SHIFT:
            errors["ends_at"] = _("A shift lasts at most 7 days; add another for the next week.")
        elif ends_at <= timezone.now():
            errors["ends_at"] = _("This shift is already over.")
    if errors or on_call is None:  # no supervisor is always one of the errors
        raise ValidationError(errors)
    shift = OnCallShift.objects.create(organization=actor.organization, supervisor=on_call, phone=phone,
                                       starts_at=starts_at, ends_at=ends_at, created_by=actor.user)
    audit_record(actor=actor.user, organization=actor.organization, action=Action.CREATE,
                 object_type="on_call_shift", object_id=shift.pk, detail={"supervisor": on_call.pk})
    return shift


@transaction.atomic(durable=True)
def on_call_shift_remove(*, actor: Actor, shift_id: UUID | str) -> None:
    require(actor, EDIT_ROTA)
    shift = OnCallShift.objects.for_actor(actor).filter(pk=shift_id).first()
    if shift is None:
        raise NotFound
    audit_record(actor=actor.user, organization=actor.organization, action=Action.UPDATE,
                 object_type="on_call_shift", object_id=shift.pk, detail={"op": "remove"})
    shift.delete()
