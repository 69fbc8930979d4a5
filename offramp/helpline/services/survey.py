"""The anonymous post-contact survey: a one-time link made (or e-mailed to the caller) after a contact,
answered without login; nothing kept ties a link or an answer to the contact or the caller. An answer
is an anonymous response to the organisation's survey questionnaire (offramp.instruments;
`questionnaires.py`). The questions a link opens are `selectors.survey_definition`."""

import secrets
import smtplib
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor, require
from offramp.core.audit import audit_record
from offramp.core.mail import send_plain_mail
from offramp.instruments.services import response_anonymous_within

from .. import questionnaires
from ..models import SurveyInvitation
from ..permissions import ANSWER
from ..selectors import contact_get
from ._common import ensure_instrument


def _invitation_create(actor: Actor, token: str) -> SurveyInvitation:
    require(actor, ANSWER)
    ensure_instrument(actor.organization, questionnaires.SURVEY)  # the questions the link will open
    invitation = SurveyInvitation.objects.create(organization=actor.organization, token=token)
    audit_record(actor=actor.user, organization=actor.organization, action="create",
                 object_type="survey_invitation")
    return invitation


@transaction.atomic(durable=True)
def survey_invitation_create(*, actor: Actor) -> SurveyInvitation:
    """A fresh one-time link. Audited without naming the contact it was offered after."""
    return _invitation_create(actor, secrets.token_urlsafe(24))


@transaction.atomic(durable=True)
def survey_invitation_email(*, actor: Actor, contact_id: UUID | str, link_for: Callable[[str], str]) -> None:
    """E-mail a fresh survey link to a caller who gave an e-mail address. The address is read from the
    contact and handed to the mailer; nothing records which link went to whom. The message names
    no organisation and no call: someone else may read the caller's mail.

    The mail goes before anything is written, so no row (nor the audit chain) is locked while the
    mail server answers; a refusal is told to the responder, to make a link and send it another way,
    and leaves no link behind."""
    contact = contact_get(actor, contact_id, audit=False)
    if not contact.caller_email:
        raise ValidationError(_("This caller gave no e-mail address: make a link and send it another way."))
    require(actor, ANSWER)
    token = secrets.token_urlsafe(24)
    try:
        send_plain_mail(to=contact.caller_email, subject=_("A short, anonymous survey"), body=_(
            "Thank you for getting in touch. If you have two minutes, this short survey helps us do better: "
            "%(link)s\n\nYour answers are anonymous: they are not linked to your name or your conversation. "
            "The link works once.") % {"link": link_for(token)})
    except (OSError, smtplib.SMTPException):
        raise ValidationError(_("The e-mail could not be sent. Make a link and send it another way.")) from None
    _invitation_create(actor, token)


@transaction.atomic(durable=True)
def survey_submit(*, token: str, data: dict[str, Any]) -> bool:
    """Records the answers (keyed by item of the organisation's current version of the survey) once per
    link; the response keeps no trace of the link, and no time but the day. No actor: the caller answers
    without login. False when the link is unknown or already used; ValidationError, keyed by item, when
    the answers do not complete the survey (the link stays open)."""
    invitation = SurveyInvitation.objects.select_for_update().filter(token=token, used_at__isnull=True).first()
    if invitation is None:
        return False
    version = ensure_instrument(invitation.organization, questionnaires.SURVEY)
    response_anonymous_within(version=version, answers=data)
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    return True
