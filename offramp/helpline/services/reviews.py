"""Quality review of helpline contacts (Q9): supervisors answer the organisation's quality-review
questionnaire about a contact (offramp.instruments; `questionnaires.py`) and write feedback; the
responder who took it reads it."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor, NotFound, require
from offramp.core.audit import Action, audit_record
from offramp.core.services import notification_send_within
from offramp.instruments import definition as spec
from offramp.instruments.services import response_complete_within

from .. import questionnaires
from ..models import ContactReview
from ..permissions import SUPERVISE
from ..selectors import contact_get
from ._common import ensure_instrument


@transaction.atomic(durable=True)
def contact_review_save(*, actor: Actor, contact_id: UUID | str, answers: dict[str, Any] | None,
                        feedback: str) -> ContactReview:
    """Write or revise this supervisor's review of a contact: answers to the current version of the
    organisation's quality review, keyed by item (on first use, the helpline's own definition becomes
    its version 1). Every required question needs an answer. A revision is a new response, which
    replaces the review's answers (the earlier one stays on record), and the responder is told again."""
    require(actor, SUPERVISE)
    feedback = (feedback or "").strip()
    contact = contact_get(actor, contact_id, audit=False)
    version = ensure_instrument(actor.organization, questionnaires.REVIEW)
    definition = version.definition
    given = {str(key): value for key, value in (answers or {}).items() if spec.is_answered(value)}
    errors: dict[str, Any] = {}
    if contact.responder_id == actor.user.pk:
        errors["feedback"] = _("Another supervisor reviews the contacts you took yourself.")
    try:
        given = spec.clean_answers(definition, given)
    except ValidationError as error:
        errors["answers"] = [f"{_label(definition, key)}: {' '.join(problems)}"
                             for key, problems in error.message_dict.items()]
    else:
        missing = [_label(definition, key) for key in spec.missing_required(definition, given)]
        if missing:
            errors["answers"] = _("Answer every question: %(missing)s") % {"missing": "; ".join(missing)}
    if len(feedback) < 10:
        errors["feedback"] = errors.get("feedback") or _("Write your feedback for the responder, "
                                                         "in at least 10 characters.")
    if errors:
        raise ValidationError(errors)
    review, created = ContactReview.objects.select_for_update().get_or_create(
        contact=contact, reviewer=actor.user,
        defaults={"organization": actor.organization, "responder": contact.responder})
    review.response = response_complete_within(actor=actor, version=version, subject_type=questionnaires.CONTACT,
                                               subject_id=str(contact.pk), answers=given)
    review.feedback, review.updated_at, review.read_at = feedback, timezone.now(), None
    review.save()
    notification_send_within(user=contact.responder, organization=actor.organization,
                      url=reverse("contact_detail", args=[contact.pk]),
                      message=_("%(who)s reviewed your contact %(ref)s: feedback is waiting for you.") % {
                          "who": actor.user.display_name, "ref": contact.reference})
    audit_record(actor=actor.user, organization=actor.organization,
                 action=Action.CREATE if created else Action.UPDATE, object_type="contact_review",
                 object_id=review.pk, detail={"contact": str(contact.pk), "response": str(review.response.pk)})
    return review


def _label(definition: dict, key: str) -> str:
    item = spec.items_by_key(definition).get(key)
    return spec.label_text(item["label"]) if item else key


@transaction.atomic(durable=True)
def review_mark_read(*, actor: Actor, review_id: UUID | str) -> ContactReview:
    """The responder confirms they have read the feedback."""
    review = ContactReview.objects.for_actor(actor).filter(pk=review_id,
                                          responder=actor.user).first()
    if review is None:
        raise NotFound
    if review.read_at is None:
        review.read_at = timezone.now()
        review.save(update_fields=["read_at"])
        audit_record(actor=actor.user, organization=actor.organization, action=Action.UPDATE,
                     object_type="contact_review", object_id=review.pk, detail={"op": "read"})
    return review
