"""How the audit trail shows and finds the helpline's records (core.record_labels): contacts and web
requests by their references, what belongs to a contact by the contact's reference, a directory
resource by its name, an on-call shift by its supervisor (staff, not client data)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from offramp.core.access import Actor
from offramp.core.record_labels import RecordKind, uuid_ids

from .models import (
    ContactAddendum,
    ContactReview,
    FollowUp,
    HelplineContact,
    HelpRequest,
    OnCallShift,
    Resource,
)


def _referenced(model):
    def labels(actor: Actor, ids: list[str]) -> dict[str, str]:
        return {str(pk): reference for pk, reference in
                model.objects.for_actor(actor).filter(pk__in=uuid_ids(ids)).values_list("pk", "reference")}

    def find(actor: Actor, text: str) -> list[str]:
        return [str(pk) for pk in model.objects.for_actor(actor).filter(reference__iexact=text)
                .values_list("pk", flat=True)]
    return labels, find


def _on_contact(model, label: str):
    def labels(actor: Actor, ids: list[str]) -> dict[str, str]:
        rows = model.objects.for_actor(actor).filter(pk__in=uuid_ids(ids)).values_list("pk", "contact__reference")
        return {str(pk): _(label) % {"ref": reference} for pk, reference in rows}
    return labels


def _resources(actor: Actor, ids: list[str]) -> dict[str, str]:
    return {str(pk): name for pk, name in
            Resource.objects.for_actor(actor).filter(pk__in=uuid_ids(ids)).values_list("pk", "name")}


def _shifts(actor: Actor, ids: list[str]) -> dict[str, str]:
    rows = OnCallShift.objects.for_actor(actor).filter(pk__in=uuid_ids(ids)).values_list(
        "pk", "supervisor__display_name", "starts_at")
    return {str(pk): _("%(name)s from %(when)s") % {"name": name, "when": starts_at.date().isoformat()}
            for pk, name, starts_at in rows}


_contact_labels, _contact_find = _referenced(HelplineContact)
_request_labels, _request_find = _referenced(HelpRequest)

KINDS = (
    RecordKind("helpline_contact", gettext_lazy("Helpline contact"), _contact_labels, find=_contact_find),
    RecordKind("help_request", gettext_lazy("Web request"), _request_labels, find=_request_find),
    RecordKind("contact_review", gettext_lazy("Quality review"), _on_contact(ContactReview, "review of %(ref)s")),
    RecordKind("follow_up", gettext_lazy("Follow-up"), _on_contact(FollowUp, "follow-up of %(ref)s")),
    RecordKind("contact_addendum", gettext_lazy("Contact addition"), _on_contact(ContactAddendum, "addition to %(ref)s")),
    RecordKind("resource", gettext_lazy("Directory resource"), _resources),
    RecordKind("on_call_shift", gettext_lazy("On-call shift"), _shifts),
)
