"""Follow-ups: a promise to get back to a caller by a given time, on the work queue of whoever keeps it
until it is done."""

from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from offramp.core.access import Actor, Forbidden, NotFound
from offramp.core.audit import Action
from offramp.core.models import User

from ..models import FollowUp, HelplineContact
from ..permissions import SUPERVISE
from ..selectors import contact_get
from ._common import audit, due_problem, helpline_member


@transaction.atomic(durable=True)
def follow_up_schedule(*, actor: Actor, contact_id: UUID | str, due_at: datetime, note: str = "",
                       assignee: int | str | None = None) -> FollowUp:
    """A follow-up on the contact, kept by `assignee` (a helpline colleague's user id), or by the actor."""
    contact = contact_get(actor, contact_id, audit=False)
    # Only someone who can open the contact takes it forward.
    keeper = helpline_member(actor, assignee) if assignee not in (None, "") else actor.user
    problem = due_problem(due_at)
    if problem:
        raise ValidationError({"due_at": problem})
    return follow_up_schedule_within(actor=actor, contact=contact, due_at=due_at, note=note, assignee=keeper)


def follow_up_schedule_within(*, actor: Actor, contact: HelplineContact, due_at: datetime, note: str = "",
                              assignee: User | None = None) -> FollowUp:
    """Schedule a follow-up inside the caller's transaction (the contact screen's "follow up by", saved
    with the contact), the due moment already checked with due_problem."""
    follow_up = FollowUp.objects.create(organization=actor.organization, contact=contact,
                                        assigned_to=assignee or actor.user, due_at=due_at, note=(note or "").strip())
    audit(actor, Action.CREATE, "follow_up", follow_up.pk, contact=str(contact.pk))
    return follow_up


@transaction.atomic(durable=True)
def follow_up_complete(*, actor: Actor, follow_up_id: UUID | str) -> FollowUp:
    follow_up = FollowUp.objects.for_actor(actor).filter(pk=follow_up_id,
                                        done_at__isnull=True).first()
    if follow_up is None:
        raise NotFound
    contact_get(actor, follow_up.contact_id, audit=False)
    if follow_up.assigned_to_id != actor.user.pk and not actor.can(SUPERVISE):
        raise Forbidden  # a colleague's promise is theirs to keep (or their supervisor's to close)
    follow_up.done_at = timezone.now()
    follow_up.save(update_fields=["done_at"])
    audit(actor, Action.UPDATE, "follow_up", follow_up.pk, op="done")
    return follow_up
