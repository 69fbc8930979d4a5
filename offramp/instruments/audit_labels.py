"""How the audit trail shows the instruments' records (core.record_labels): a questionnaire by its title,
a version by title and number, a response by its questionnaire's title (never its answers)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from offramp.core.access import Actor
from offramp.core.record_labels import RecordKind, uuid_ids

from .models import Instrument, InstrumentResponse, InstrumentVersion


def _instruments(actor: Actor, ids: list[str]) -> dict[str, str]:
    return {str(pk): title for pk, title in
            Instrument.objects.for_actor(actor).filter(pk__in=uuid_ids(ids)).values_list("pk", "title")}


def _versions(actor: Actor, ids: list[str]) -> dict[str, str]:
    rows = InstrumentVersion.objects.for_actor(actor).filter(pk__in=uuid_ids(ids)).values_list(
        "pk", "instrument__title", "number")
    return {str(pk): _("%(title)s, version %(n)s") % {"title": title, "n": number} for pk, title, number in rows}


def _responses(actor: Actor, ids: list[str]) -> dict[str, str]:
    rows = InstrumentResponse.objects.for_actor(actor).filter(pk__in=uuid_ids(ids)).values_list(
        "pk", "version__instrument__title")
    return {str(pk): _("a response to %(title)s") % {"title": title} for pk, title in rows}


KINDS = (
    RecordKind("instrument", gettext_lazy("Questionnaire"), _instruments),
    RecordKind("instrument_version", gettext_lazy("Questionnaire version"), _versions),
    RecordKind("instrument_response", gettext_lazy("Questionnaire response"), _responses),
)
