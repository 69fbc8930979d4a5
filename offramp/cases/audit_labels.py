"""How the audit trail shows and finds the cases' records (core.record_labels): a case by its reference;
a note and a reply clock by their case's reference. References are not personal data."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from offramp.core.access import Actor
from offramp.core.record_labels import RecordKind, uuid_ids

from .models import Case, Note, ResponseClock


def _cases(actor: Actor, ids: list[str]) -> dict[str, str]:
    return {str(pk): reference for pk, reference in
            Case.objects.for_actor(actor).filter(pk__in=uuid_ids(ids)).values_list("pk", "reference")}


def _find_case(actor: Actor, text: str) -> list[str]:
    return [str(pk) for pk in Case.objects.for_actor(actor).filter(reference__iexact=text).values_list("pk", flat=True)]


def _on_case(model, label: str):
    def labels(actor: Actor, ids: list[str]) -> dict[str, str]:
        rows = model.objects.for_actor(actor).filter(pk__in=uuid_ids(ids)).values_list("pk", "case__reference")
        return {str(pk): _(label) % {"ref": reference} for pk, reference in rows}
    return labels


KINDS = (
    RecordKind("case", gettext_lazy("Case"), _cases, find=_find_case),
    RecordKind("note", gettext_lazy("Case note"), _on_case(Note, "note on %(ref)s")),
    RecordKind("response_clock", gettext_lazy("Reply clock"), _on_case(ResponseClock, "reply clock on %(ref)s")),
)
