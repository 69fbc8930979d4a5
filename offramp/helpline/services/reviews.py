"""Quality review of helpline contacts (Q9): supervisors answer the organisation's own review
questions about a contact and write feedback; the responder who took it reads it."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor, NotFound, require_role
from offramp.core.audit import Action, audit_record
from offramp.core.models import Role
from offramp.core.services import notification_send_within

from ..models import ContactReview, ReviewAnswer, ReviewRating
from ..selectors import contact_get, review_questions


@transaction.atomic(durable=True)
def contact_review_save(*, actor: Actor, contact_id: UUID | str, answers: dict[Any, str] | None,
                        feedback: str) -> ContactReview:
    """Write or revise this supervisor's review of a contact. Every active question needs an answer;
    a revision replaces the answers, and the responder is told again."""
    require_role(actor, Role.SUPERVISOR)
    feedback = (feedback or "").strip()
    contact = contact_get(actor, contact_id, audit=False)
    questions = review_questions(actor)
    given = {str(key): value for key, value in (answers or {}).items()}
    errors = {}
    if contact.responder_id == actor.user.pk:
        errors["feedback"] = _("Another supervisor reviews the contacts you took yourself.")
    missing = [q.label for q in questions if given.get(str(q.pk)) not in ReviewRating.values]
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
    review.feedback, review.updated_at, review.read_at = feedback, timezone.now(), None
    review.save()
    review.answers.all().delete()
    ReviewAnswer.objects.bulk_create(ReviewAnswer(review=review, question=q, rating=given[str(q.pk)])
                                     for q in questions)
    notification_send_within(user=contact.responder, organization=actor.organization,
                      url=reverse("contact_detail", args=[contact.pk]),
                      message=_("%(who)s reviewed your contact %(ref)s: feedback is waiting for you.") % {
                          "who": actor.user.display_name, "ref": contact.reference})
    audit_record(actor=actor.user, organization=actor.organization,
                 action=Action.CREATE if created else Action.UPDATE, object_type="contact_review",
                 object_id=review.pk, detail={"contact": str(contact.pk)})
    return review


@transaction.atomic(durable=True)
def review_mark_read(*, actor: Actor, review_id: UUID | str) -> ContactReview:
    """The responder confirms they have read the feedback."""
    review = ContactReview.objects.filter(pk=review_id, organization=actor.organization,
                                          responder=actor.user).first()
    if review is None:
        raise NotFound
    if review.read_at is None:
        review.read_at = timezone.now()
        review.save(update_fields=["read_at"])
        audit_record(actor=actor.user, organization=actor.organization, action=Action.UPDATE,
                     object_type="contact_review", object_id=review.pk, detail={"op": "read"})
    return review
