"""The contact screen's draft: autosaved as the responder types, one per responder, forgotten when the
contact is logged or the draft discarded. No audit event for typing: it is the responder's own unsent
work; an early safety alert from it is audited.
Reading it back is `selectors.contact_draft_load`."""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor, require
from offramp.core.models import User
from offramp.core.services import notification_send_within

from ..models import SAFETY_FLAGS, ContactDraft, SafetyAnswer
from ..permissions import ANSWER
from ._common import audit, draft_close, safety_recipients

DRAFT_MAX_BYTES = 64 * 1024


@transaction.atomic(durable=True)
def contact_draft_save(*, actor: Actor, data: dict[str, Any]) -> bool:
    """Autosave of the contact screen.

    An autosave that arrives after its form was saved as a contact is ignored, so a request
    still in flight when the responder pressed Save cannot bring the draft back."""
    require(actor, ANSWER)
    return _draft_store(actor, data) is not None


def _draft_store(actor: Actor, data: dict[str, Any]) -> ContactDraft | None:
    form_key = str(data.get("draft_key") or "")[:40]
    payload = json.dumps({key: value for key, value in data.items() if key not in ("csrfmiddlewaretoken", "draft_key")})
    if len(payload) > DRAFT_MAX_BYTES:
        raise ValidationError(_("The draft is too large to save."))
    draft, _created = ContactDraft.objects.select_for_update().get_or_create(
        organization=actor.organization, user=actor.user)
    if form_key and draft.closed_key == form_key:
        return None
    draft.data, draft.form_key, draft.updated_at = payload, form_key, timezone.now()
    draft.save(update_fields=["data", "form_key", "updated_at"])
    return draft


@transaction.atomic(durable=True)
def contact_draft_alert(*, actor: Actor, data: dict[str, Any]) -> list[User]:
    """ "Alert now" on a safety "yes" while the call goes on (H4, R1): the draft is saved as it stands
    and the supervisors on call (every supervisor when nobody is) get an urgent alert linking to it.
    Saving the contact later alerts them again about the contact itself."""
    require(actor, ANSWER)
    flags = [flag for flag in SAFETY_FLAGS if data.get(flag) == SafetyAnswer.YES]
    if not flags:
        raise ValidationError(_("Answer yes to a safety question first: the alert says which."))
    draft = _draft_store(actor, data)
    if draft is None:
        raise ValidationError(_("This contact has already been saved: the supervisors were alerted with it."))
    draft.alerted_at = timezone.now()
    draft.save(update_fields=["alerted_at"])
    supervisors = safety_recipients(actor)
    for supervisor in supervisors:
        notification_send_within(
            user=supervisor, organization=actor.organization, urgent=True,
            url=reverse("contact_draft_detail", args=[draft.pk]),
            message=_("Urgent: %(who)s is on a helpline call with a safety concern now and needs you. "
                      "Open their unsaved contact.") % {"who": actor.user.display_name})
    audit(actor, "emergency", "contact_draft", draft.pk, flags=flags,
          alerted=[supervisor.pk for supervisor in supervisors])
    return supervisors


@transaction.atomic(durable=True)
def contact_draft_discard(*, actor: Actor, form_key: str = "") -> None:
    """Forget the draft; remember which form it came from so late autosaves of it are ignored."""
    draft_close(actor, form_key)
