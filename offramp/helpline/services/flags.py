"""Caller flags: a supervisor flags (or blocks) a caller, recognised by the blind index of their phone
or e-mail, for a set period and with the reason, so whoever takes their next contact knows."""

from datetime import timedelta
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor, require
from offramp.core.audit import Action

from ..models import CallerFlag
from ..permissions import SUPERVISE
from ..selectors import contact_get
from ._common import audit


@transaction.atomic(durable=True)
def caller_flag_set(*, actor: Actor, contact_id: UUID | str, reason: str, days: int,
                    block: bool = False) -> list[CallerFlag]:
    """A supervisor flags (or blocks) the caller of a contact for a set period, with the reason."""
    require(actor, SUPERVISE)
    errors = {}
    if len((reason or "").strip()) < 10:
        errors["reason"] = _("Say why, in at least 10 characters.")
    if not 1 <= int(days or 0) <= 365:
        errors["days"] = _("Choose between 1 and 365 days.")
    if errors:
        raise ValidationError(errors)
    contact = contact_get(actor, contact_id, audit=False)
    digests = [d for d in (contact.caller_phone_digest, contact.caller_email_digest) if d]
    if not digests:
        raise ValidationError({"reason": _("This caller left no phone or e-mail to recognise them by.")})
    until = timezone.now() + timedelta(days=int(days))
    flags = [CallerFlag.objects.create(organization=actor.organization, digest=digest, block=block,
                                       reason=reason.strip(), until=until, set_by=actor.user) for digest in digests]
    audit(actor, Action.UPDATE, "helpline_contact", contact.pk, op="flag_caller", block=block, days=int(days))
    return flags
