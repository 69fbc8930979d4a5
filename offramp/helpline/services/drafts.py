"""The contact screen's draft: autosaved as the responder types, one per responder, forgotten when the
contact is logged or the draft discarded. No audit event: it is the responder's own unsent typing.
Reading it back is `selectors.contact_draft_load`."""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor, require

from ..models import ContactDraft
from ..permissions import ANSWER
from ._common import draft_close

DRAFT_MAX_BYTES = 64 * 1024


@transaction.atomic(durable=True)
def contact_draft_save(*, actor: Actor, data: dict[str, Any]) -> bool:
    """Autosave of the contact screen.

    An autosave that arrives after its form was saved as a contact is ignored, so a request
    still in flight when the responder pressed Save cannot bring the draft back."""
    require(actor, ANSWER)
    form_key = str(data.get("draft_key") or "")[:40]
    payload = json.dumps({key: value for key, value in data.items() if key not in ("csrfmiddlewaretoken", "draft_key")})
    if len(payload) > DRAFT_MAX_BYTES:
        raise ValidationError(_("The draft is too large to save."))
    draft, _created = ContactDraft.objects.select_for_update().get_or_create(
        organization=actor.organization, user=actor.user)
    if form_key and draft.closed_key == form_key:
        return False
    draft.data, draft.form_key, draft.updated_at = payload, form_key, timezone.now()
    draft.save(update_fields=["data", "form_key", "updated_at"])
    return True


@transaction.atomic(durable=True)
def contact_draft_discard(*, actor: Actor, form_key: str = "") -> None:
    """Forget the draft; remember which form it came from so late autosaves of it are ignored."""
    draft_close(actor, form_key)
