"""Who takes a contact forward: a responder claims one nobody has taken, a supervisor assigns it,
and its assignee (or a supervisor) hands it back to the team's unassigned list."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from offramp.core.access import Actor, require
from offramp.core.audit import Action
from offramp.core.services import notification_send_within

from ..models import HelplineContact
from ..permissions import SUPERVISE
from ._common import audit, helpline_member, locked_contact


@transaction.atomic(durable=True)
def contact_claim(*, actor: Actor, contact_id: UUID | str) -> HelplineContact:
    """A responder takes on a contact nobody has taken yet."""
    contact = locked_contact(actor, contact_id)
    if contact.assigned_to_id not in (None, actor.user.pk) and contact.assigned_to is not None:
        raise ValidationError(_("%(name)s has already taken this contact.") % {
            "name": contact.assigned_to.display_name})
    contact.assigned_to = actor.user
    contact.save(update_fields=["assigned_to"])
    audit(actor, Action.UPDATE, "helpline_contact", contact.pk, op="claim")
    return contact


@transaction.atomic(durable=True)
def contact_assign(*, actor: Actor, contact_id: UUID | str, assignee: int | str | None) -> HelplineContact:
    """A supervisor hands a contact to a responder (or another supervisor), picked by user id, who is told
    in the app."""
    require(actor, SUPERVISE)
    contact = locked_contact(actor, contact_id)
    member = helpline_member(actor, assignee)
    contact.assigned_to = member
    contact.save(update_fields=["assigned_to"])
    if member != actor.user:
        notification_send_within(user=member, organization=actor.organization,
                          url=reverse("contact_detail", args=[contact.pk]),
                          message=_("%(who)s gave you helpline contact %(ref)s to take forward.") % {
                              "who": actor.user.display_name, "ref": contact.reference})
    audit(actor, Action.UPDATE, "helpline_contact", contact.pk, op="assign", to=member.pk)
    return contact


@transaction.atomic(durable=True)
def contact_release(*, actor: Actor, contact_id: UUID | str) -> HelplineContact:
    """Hand a contact back to the team's unassigned list (its assignee, or a supervisor)."""
    contact = locked_contact(actor, contact_id)
    if contact.assigned_to_id != actor.user.pk and not actor.can(SUPERVISE):
        raise ValidationError(_("Only the person it is assigned to, or a supervisor, can hand it back."))
    contact.assigned_to = None
    contact.save(update_fields=["assigned_to"])
    audit(actor, Action.UPDATE, "helpline_contact", contact.pk, op="release")
    return contact
