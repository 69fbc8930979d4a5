"""Reads: definitions for staff of the organisation; responses only where the subject's app allows."""

from collections.abc import Mapping
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from offramp.core.access import Actor, deny, get_or_deny
from offramp.core.audit import Action
from offramp.core.audit import audit as record_audit
from offramp.core.models import Organization

from . import subjects
from .models import Contribution, Instrument, InstrumentResponse, InstrumentVersion


def instruments_for(actor: Actor) -> QuerySet[Instrument]:
    return (Instrument.objects.for_actor(actor).select_related("current_version")
            .order_by("key"))


def instrument_get(actor: Actor, instrument_id) -> Instrument:
    return get_or_deny(actor, Instrument.objects.for_actor(actor).select_related("current_version"), instrument_id,
                       object_type="instrument", audit_action=None)


def instrument_by_key(actor: Actor, key: str) -> Instrument:
    instrument = (Instrument.objects.for_actor(actor).filter(key=key)
                  .select_related("current_version").first() if isinstance(key, str) else None)
    if instrument is None:
        deny("instrument", str(key)[:64])
    return instrument


def current_version_of(organization: Organization, key: str) -> InstrumentVersion | None:
    """The organisation's current version of the instrument with this key, or None when it has none yet
    (an app showing the form of a definition it ships, before its first use). Definitions name no one."""
    instrument = (Instrument.objects.filter(organization=organization, key=key)
                  .select_related("current_version").first())
    return instrument.current_version if instrument else None


def versions_of(instrument: Instrument) -> QuerySet[InstrumentVersion]:
    return instrument.versions.select_related("created_by").order_by("-number")


def version_get(actor: Actor, version_id) -> InstrumentVersion:
    return get_or_deny(actor, InstrumentVersion.objects.for_actor(actor).select_related("instrument", "created_by"),
                       version_id, object_type="instrument_version", audit_action=None)


def response_get(actor: Actor, response_id, *, write: bool = False, audit: bool = False) -> InstrumentResponse:
    """The response, if the subject's app lets the actor read it (or write it); otherwise not found.
    With audit, the reading is recorded."""
    response = get_or_deny(actor, InstrumentResponse.objects.for_actor(actor).select_related(
        "version__instrument", "started_by"), response_id, object_type="instrument_response", audit_action=None)
    subjects.require(actor, response.subject_type, response.subject_id, write=write, object_id=response.pk)
    if audit:
        record_audit(actor, Action.VIEW, object_type="instrument_response", object_id=response.pk)
    return response


def response_contributions(response: InstrumentResponse) -> QuerySet[Contribution]:
    return response.contributions.select_related("author").order_by("created_at", "id")


def responses_for_subject(actor: Actor, subject_type: str, subject_id: str) -> QuerySet[InstrumentResponse]:
    """Responses about one subject, newest first, for its app's pages."""
    subjects.require(actor, subject_type, subject_id)
    return (InstrumentResponse.objects.for_actor(actor).filter(subject_type=subject_type,
                                              subject_id=str(subject_id))
            .select_related("version__instrument").order_by("-created_at"))


def domain_counts(actor: Actor, key: str, *, since: datetime, at_least: Mapping[str, float]) -> dict[str, int]:
    """For figures: how many complete responses to the instrument (any version) since a moment ("n"), and
    how many of them reach at least the value given for each score domain. Counts of the plain scores
    only: no answer is read. The caller checks the actor may read figures, and suppresses small cells."""
    completed = InstrumentResponse.objects.for_actor(actor).filter(
        version__instrument__key=key, status=InstrumentResponse.Status.COMPLETE, completed_at__gte=since)
    counts = {domain: Count("pk", filter=Q(**{f"scores__{domain}__value__gte": value}))
              for domain, value in at_least.items()}
    return completed.aggregate(n=Count("pk"), **counts)


def anonymous_texts(actor: Actor, key: str, *, item: str, since: datetime) -> tuple[int, list[str]]:
    """For an app's figures: how many complete anonymous responses to the instrument (any version) since
    a moment, and the non-empty free-text answers to one item among them, in no order that could tie one
    to a response (sorted by their text). Nothing else of a response is returned: not its id, version or
    time. The caller checks the actor may read them, and keeps them back below its threshold."""
    completed = InstrumentResponse.objects.for_actor(actor).filter(
        version__instrument__key=key, status=InstrumentResponse.Status.COMPLETE, completed_at__gte=since,
        subject_type="", started_by__isnull=True)
    n, texts = 0, []
    for response in completed.only("answers").iterator(chunk_size=500):
        n += 1
        answer = response.answer_data.get(item)
        if isinstance(answer, str) and answer.strip():
            texts.append(answer.strip())
    return n, sorted(texts, key=str.casefold)
