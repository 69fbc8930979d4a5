"""Merging duplicates: the same conversation logged twice is folded into one contact, nothing lost,
the merge on record with who, when and why."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from offramp.core.access import Actor, require
from offramp.core.audit import Action

from ..models import SAFETY_FLAGS, ContactMerge, ContactReview, HelplineContact, HelpRequest
from ..permissions import ANSWER, SUPERVISE
from ..selectors import contacts_visible_to
from ._common import audit, locked_contact
from .contacts import TERM_FIELDS

# What a merge carries from the duplicate when the surviving contact has nothing of its own.
MERGE_FILL_FIELDS = ("caller_name", "caller_phone", "caller_email", "concern_name", "concern_age_band",
                     "concern_gender", "concern_region", "consultation", "consulted_with", "consulted_at",
                     "emergency_alerted_at", "assigned_to", "case")
MERGE_JOIN_FIELDS = ("summary", "openings")  # both kept, the duplicate's marked with its reference


@transaction.atomic(durable=True)
def contact_merge(*, actor: Actor, contact_id: UUID | str, duplicate_reference: str, reason: str) -> ContactMerge:
    """Fold a duplicate contact (the same conversation logged twice) into this one. Nothing is lost:
    concerns, coaching, resources and safety answers are combined, blanks filled, both narratives
    kept, follow-ups and reviews moved; the duplicate stays on record, pointing here, and the merge
    is recorded with who, when and why. Supervisors merge any contact; a responder merges
    duplicates they logged themselves."""
    require(actor, ANSWER)
    reason = (reason or "").strip()
    survivor = locked_contact(actor, contact_id)
    duplicate = (contacts_visible_to(actor).select_for_update()
                 .filter(reference__iexact=(duplicate_reference or "").strip()).first())
    errors = {}
    if duplicate is None:
        errors["duplicate_reference"] = _("No contact of your organisation has that reference.")
    elif duplicate.pk == survivor.pk:
        errors["duplicate_reference"] = _("A contact cannot be merged into itself.")
    elif duplicate.case_id and survivor.case_id and duplicate.case_id != survivor.case_id:
        errors["duplicate_reference"] = _("The two contacts belong to different cases; a supervisor must "
                                          "move one of them first.")
    elif duplicate.responder_id != actor.user.pk and not actor.can(SUPERVISE):
        errors["duplicate_reference"] = _("You can merge only duplicates you logged yourself; ask a supervisor.")
    if len(reason) < 10:
        errors["reason"] = _("Say why these are the same contact, in at least 10 characters.")
    if errors or duplicate is None:  # no duplicate is always one of the errors
        raise ValidationError(errors)
    carried = _merge_into(survivor, duplicate)
    merge = ContactMerge.objects.create(organization=actor.organization, survivor=survivor, duplicate=duplicate,
                                        merged_by=actor.user, reason=reason, carried=carried)
    for contact, role in ((survivor, "survivor"), (duplicate, "duplicate")):
        audit(actor, Action.UPDATE, "helpline_contact", contact.pk, op="merge", role=role,
              survivor=str(survivor.pk), duplicate=str(duplicate.pk), carried=carried)
    return merge


def _merge_into(survivor: HelplineContact, duplicate: HelplineContact) -> list[str]:
    carried = []
    for name in MERGE_FILL_FIELDS:
        if not getattr(survivor, name) and getattr(duplicate, name):
            setattr(survivor, name, getattr(duplicate, name))
            carried.append(name)
    for name in MERGE_JOIN_FIELDS:
        theirs = getattr(duplicate, name)
        if theirs:
            ours = getattr(survivor, name)
            setattr(survivor, name, f"{ours}\n\n[{duplicate.reference}] {theirs}" if ours else theirs)
            carried.append(name)
    for flag in (*SAFETY_FLAGS, "ideology_unclear"):
        if getattr(duplicate, flag) and not getattr(survivor, flag):
            setattr(survivor, flag, True)
            carried.append(flag)
    survivor.received_at = min(survivor.received_at, duplicate.received_at)
    _index_caller_from_digests(survivor, duplicate)
    survivor.save()
    for field in (*TERM_FIELDS, "resources_given"):
        added = set(getattr(duplicate, field).values_list("pk", flat=True)) - set(
            getattr(survivor, field).values_list("pk", flat=True))
        if added:
            getattr(survivor, field).add(*added)
            carried.append(field)
    if duplicate.follow_ups.update(contact=survivor):
        carried.append("follow_ups")
    reviewers = set(survivor.reviews.values_list("reviewer_id", flat=True))
    if ContactReview.objects.filter(contact=duplicate).exclude(reviewer_id__in=reviewers).update(contact=survivor):
        carried.append("reviews")
    if duplicate.addenda.update(contact=survivor):
        carried.append("addenda")
    HelpRequest.objects.filter(contact=duplicate).update(contact=survivor)
    duplicate.merged_into = survivor
    duplicate.assigned_to = None
    duplicate.save(update_fields=["merged_into", "assigned_to"])
    return carried


def _index_caller_from_digests(survivor: HelplineContact, duplicate: HelplineContact) -> None:
    """The survivor is recognised by either contact's phone or e-mail."""
    survivor.caller_phone_digest = survivor.caller_phone_digest or duplicate.caller_phone_digest
    survivor.caller_email_digest = survivor.caller_email_digest or duplicate.caller_email_digest
