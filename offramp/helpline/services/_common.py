"""What several of the helpline's service modules share. Private to `offramp.helpline.services`:
none of these opens a transaction, so a durable service may call them."""

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor
from offramp.core.audit import audit_record
from offramp.core.calendar import moment_problem
from offramp.core.models import Organization, User
from offramp.core.selectors import colleague, colleagues
from offramp.core.services import notifications_clear_within
from offramp.instruments.models import InstrumentVersion
from offramp.instruments.services import instrument_ensure_within

from ..models import ContactDraft, HelplineContact
from ..permissions import ANSWER, SUPERVISE
from ..questionnaires import packaged
from ..selectors import contact_get, on_call_now

# How far ahead of the server's clock a moment typed on another device may be and still count as now.
FUTURE_TOLERANCE = timedelta(minutes=5)


def audit(actor: Actor, action: str, object_type: str, object_id: Any, **detail: Any) -> None:
    audit_record(actor=actor.user, organization=actor.organization, action=action,
                 object_type=object_type, object_id=object_id, detail=detail or None)


def safety_recipients(actor: Actor) -> list[User]:
    """Who a safety alert goes to: the supervisors on call; if the rota is empty, every supervisor
    rather than no one."""
    return on_call_now(actor.organization) or list(colleagues(actor, SUPERVISE.roles))


def helpline_member(actor: Actor, user_id: int | str | None) -> User:
    """A responder or supervisor of the actor's organisation, picked by user id, or a message on the form's
    `assignee` field (anyone else, another organisation's staff and a made-up id alike)."""
    member = colleague(actor, user_id, ANSWER.roles)
    if member is None:
        raise ValidationError({"assignee": _("Choose a helpline responder or supervisor of your organisation.")})
    return member


def locked_contact(actor: Actor, contact_id: UUID | str) -> HelplineContact:
    """A contact the actor may open, locked for the rest of the transaction."""
    contact = contact_get(actor, contact_id, audit=False)
    return HelplineContact.objects.select_for_update(of=("self",)).select_related("assigned_to").get(pk=contact.pk)


def draft_close(actor: Actor, form_key: str) -> bool:
    """Forget the actor's draft; remember which form it came from so late autosaves of it are ignored.
    True when a safety alert had been sent from it: its alerts are done with (the contact's own
    alert follows), and the contact needs its consultation all the same."""
    draft = ContactDraft.objects.for_actor(actor).filter(user=actor.user).first()
    if draft is None:
        return False
    alerted = draft.alerted_at is not None
    if alerted:
        notifications_clear_within(organization=actor.organization,
                                   url=reverse("contact_draft_detail", args=[draft.pk]))
    ContactDraft.objects.filter(pk=draft.pk).update(data=None, closed_key=str(form_key)[:40], form_key="",
                                                    alerted_at=None)
    return alerted


def ensure_instrument(organization: Organization, key: str) -> InstrumentVersion:
    """The organisation's current version of one of the helpline's questionnaires (`questionnaires.py`):
    on first use, the definition the helpline ships becomes its version 1."""
    return instrument_ensure_within(organization=organization, data=packaged(key))


def due_problem(due_at: datetime | None) -> str | None:
    """Why a follow-up cannot be due then (in the past, or a moment the calendar refuses), or None."""
    if due_at is None or due_at < timezone.now() - FUTURE_TOLERANCE:
        return _("A follow-up is due in the future.")
    return moment_problem(due_at) or None
