"""Reads: definitions for staff of the organisation; responses only where the subject's app allows."""

from django.db.models import QuerySet

from offramp.core.access import Actor, deny, is_uuid
from offramp.core.audit import Action, audit_record

from . import subjects
from .models import Contribution, Instrument, InstrumentResponse, InstrumentVersion


def instruments_for(actor: Actor) -> QuerySet[Instrument]:
    return (Instrument.objects.filter(organization=actor.organization).select_related("current_version")
            .order_by("key"))


def instrument_get(actor: Actor, instrument_id) -> Instrument:
    instrument = (Instrument.objects.filter(pk=instrument_id, organization=actor.organization)
                  .select_related("current_version").first() if is_uuid(instrument_id) else None)
    if instrument is None:
        deny("instrument", instrument_id)
    return instrument


def instrument_by_key(actor: Actor, key: str) -> Instrument:
    instrument = (Instrument.objects.filter(key=key, organization=actor.organization)
                  .select_related("current_version").first() if isinstance(key, str) else None)
    if instrument is None:
        deny("instrument", str(key)[:64])
    return instrument


def versions_of(instrument: Instrument) -> QuerySet[InstrumentVersion]:
    return instrument.versions.select_related("created_by").order_by("-number")


def version_get(actor: Actor, version_id) -> InstrumentVersion:
    version = (InstrumentVersion.objects.filter(pk=version_id, organization=actor.organization)
               .select_related("instrument", "created_by").first() if is_uuid(version_id) else None)
    if version is None:
        deny("instrument_version", version_id)
    return version


def response_get(actor: Actor, response_id, *, write: bool = False, audit: bool = False) -> InstrumentResponse:
    """The response, if the subject's app lets the actor read it (or write it); otherwise not found.
    With audit, the reading is recorded."""
    response = (InstrumentResponse.objects.filter(pk=response_id, organization=actor.organization)
                .select_related("version__instrument", "started_by").first() if is_uuid(response_id) else None)
    if response is None:
        deny("instrument_response", response_id)
    subjects.require(actor, response.subject_type, response.subject_id, write=write, object_id=response.pk)
    if audit:
        audit_record(actor=actor.user, organization=actor.organization, action=Action.VIEW,
                     object_type="instrument_response", object_id=response.pk)
    return response


def response_contributions(response: InstrumentResponse) -> QuerySet[Contribution]:
    return response.contributions.select_related("author").order_by("created_at", "id")


def responses_for_subject(actor: Actor, subject_type: str, subject_id: str) -> QuerySet[InstrumentResponse]:
    """Responses about one subject, newest first, for its app's pages."""
    subjects.require(actor, subject_type, subject_id)
    return (InstrumentResponse.objects.filter(organization=actor.organization, subject_type=subject_type,
                                              subject_id=str(subject_id))
            .select_related("version__instrument").order_by("-created_at"))
