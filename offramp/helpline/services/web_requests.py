"""Web requests: a call-back request sent from the public help page (no login), and the helpline's work on
them (claim, assign, done; answering one by logging its call-back is `contacts.contact_log`). What
protects the public page (rate limits, the one-time form token) is `offramp.helpline.help_page`.
None of the answers says anything about the organisation's records."""

import logging
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor, deny, require
from offramp.core.audit import Action, audit_record
from offramp.core.mail import send_plain_mail
from offramp.core.models import Organization
from offramp.core.services import next_reference_within, notification_send_within

from ..models import HelpRequest
from ..permissions import ANSWER, SUPERVISE
from ..selectors import help_request_get
from ._common import audit, helpline_member

logger = logging.getLogger(__name__)


# ---- sent from the public page -----------------------------------------------------------------

@transaction.atomic(durable=True)
def help_request_submit(*, organization: Organization, data: dict[str, Any]) -> HelpRequest:
    """Store a request sent from the public page (no actor: nobody is signed in). `data` is the help
    form's cleaned data; the confirmation e-mail, when asked for, is sent after commit."""
    request = HelpRequest.objects.create(
        organization=organization,
        reference=next_reference_within(organization=organization, kind="help_request", prefix="WEB"),
        name=data["name"].strip(), phone=data["phone"].strip(), email=data["email"].strip(),
        when_to_reach=data["when_to_reach"].strip(), worry=data["worry"].strip(), language=data["language"],
    )
    audit_record(actor=None, organization=organization, action="create", object_type="help_request",
                 object_id=request.pk, detail={"via": "public page"})
    if request.email and data.get("confirm_by_email"):
        transaction.on_commit(lambda: _confirm(request.email, emergency_number=organization.emergency_number))
    return request


def _confirm(address: str, *, emergency_number: str) -> None:
    """Best effort, after the request is stored. A mail server's refusal names the address it refused,
    so it is neither raised (the visitor would see an error for a request that was received) nor logged."""
    try:
        send_plain_mail(to=address, subject=_("We received your request"),
                        body=_("Thank you for reaching out. Someone will contact you as you asked. "
                               "If anyone is in immediate danger, call %(emergency)s now.")
                        % {"emergency": emergency_number})
    except OSError as error:  # smtplib's errors are OSErrors
        logger.warning("A web request's confirmation e-mail could not be sent (%s).", type(error).__name__)


# ---- the helpline's work on them ---------------------------------------------------------------

@transaction.atomic(durable=True)
def help_request_claim(*, actor: Actor, request_id: UUID | str) -> HelpRequest:
    """A responder takes a web request; it leaves the unassigned list."""
    return _help_request_move(actor, request_id, HelpRequest.Status.NEW, HelpRequest.Status.CLAIMED)


@transaction.atomic(durable=True)
def help_request_assign(*, actor: Actor, request_id: UUID | str, assignee: int | str | None) -> HelpRequest:
    """A supervisor gives a web request to a responder (picked by user id), who is told in the app."""
    require(actor, SUPERVISE)
    help_request = help_request_get(actor, request_id, lock=True)
    if help_request.status == HelpRequest.Status.DONE:
        raise ValidationError(_("This request has already been answered."))
    member = helpline_member(actor, assignee)
    help_request.status, help_request.claimed_by = HelpRequest.Status.CLAIMED, member
    help_request.claimed_at = help_request.claimed_at or timezone.now()
    help_request.save(update_fields=["status", "claimed_by", "claimed_at"])
    if member != actor.user:
        notification_send_within(user=member, organization=actor.organization, url=reverse("helpline_queue"),
                          message=_("%(who)s gave you web request %(ref)s: call them back.") % {
                              "who": actor.user.display_name, "ref": help_request.reference})
    audit(actor, Action.UPDATE, "help_request", help_request.pk, status="claimed", to=member.pk)
    return help_request


@transaction.atomic(durable=True)
def help_request_done(*, actor: Actor, request_id: UUID | str) -> HelpRequest:
    """Only whoever claimed it (or a supervisor) closes a web request; to anyone else it is not there."""
    return _help_request_move(actor, request_id, HelpRequest.Status.CLAIMED, HelpRequest.Status.DONE)


def _help_request_move(actor: Actor, request_id: UUID | str, from_status: str, to_status: str) -> HelpRequest:
    require(actor, ANSWER)
    help_request = help_request_get(actor, request_id, lock=True)
    if (to_status == HelpRequest.Status.DONE and help_request.claimed_by_id != actor.user.pk
            and not actor.can(SUPERVISE)):
        deny("help_request", request_id)
    if help_request.status != from_status:
        raise ValidationError(_("Someone else has already taken this request."))
    help_request.status = to_status
    if to_status == HelpRequest.Status.CLAIMED:
        help_request.claimed_by, help_request.claimed_at = actor.user, timezone.now()
    help_request.save(update_fields=["status", "claimed_by", "claimed_at"])
    audit(actor, Action.UPDATE, "help_request", help_request.pk, status=to_status)
    return help_request
