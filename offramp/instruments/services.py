"""Every change to instruments and responses: permission-checked, audited, each its own outermost
transaction (`transaction.atomic(durable=True)`). The `*_within` parts run inside another app's service's
transaction: an app's packaged definition set up on first use, a response given whole from the app's own
form, an anonymous response from a public page."""

import json
from datetime import datetime, time
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor, deny, require
from offramp.core.audit import Action, audit, audit_record
from offramp.core.calendar import org_today
from offramp.core.models import Organization, User

from . import definition as spec
from . import subjects
from .models import Contribution, Informant, Instrument, InstrumentResponse, InstrumentVersion
from .permissions import MANAGE
from .selectors import instrument_by_key, response_get, version_get

MAX_AGENCY = 200


@transaction.atomic(durable=True)
def instrument_import(*, actor: Actor, data: Any) -> InstrumentVersion:
    """Org admins: a definition becomes a new instrument, or a new version of the instrument with its key.
    A definition equal to the current version's makes no new version. Nothing is saved if it is invalid."""
    require(actor, MANAGE)
    definition = spec.validate(data)
    instrument = (Instrument.objects.for_actor(actor).select_for_update().filter(key=definition["key"]).first())
    created = instrument is None
    if instrument is None:
        instrument = Instrument.objects.create(organization=actor.organization, key=definition["key"],
                                               title=spec.label_text(definition["title"], "en")[:1000])
    elif instrument.current_version and instrument.current_version.definition == definition:
        return instrument.current_version
    version = _add_version(instrument, definition, actor.user)
    audit(actor, Action.CREATE, object_type="instrument_version", object_id=version.pk,
          detail={"instrument": instrument.key, "number": version.number, "new_instrument": created})
    return version


def _add_version(instrument: Instrument, definition: dict, user: User | None) -> InstrumentVersion:
    number = (InstrumentVersion.objects.filter(instrument=instrument).order_by("-number")
              .values_list("number", flat=True).first() or 0) + 1
    version = InstrumentVersion.objects.create(organization_id=instrument.organization_id, instrument=instrument,
                                               number=number, definition=definition, created_by=user)
    instrument.current_version = version
    instrument.title = spec.label_text(definition["title"], "en")[:1000]
    instrument.save(update_fields=["current_version", "title"])
    return version


def instrument_ensure_within(*, organization: Organization, data: Any) -> InstrumentVersion:
    """Inside the caller's transaction: the organisation's current version of the instrument with the
    definition's key; when it has none, the definition (one an app ships) is imported as its version 1,
    by no one, and that is the current version. A version the organisation has is never changed: to
    change the questions, an org admin imports a new version."""
    definition = spec.validate(data)
    instrument = (Instrument.objects.select_for_update(of=("self",)).select_related("current_version")
                  .filter(organization=organization, key=definition["key"]).first())
    if instrument is None:
        try:
            with transaction.atomic():  # another request may be setting it up at this moment
                instrument = Instrument.objects.create(organization=organization, key=definition["key"],
                                                       title=spec.label_text(definition["title"], "en")[:1000])
        except IntegrityError:
            instrument = (Instrument.objects.select_for_update(of=("self",)).select_related("current_version")
                          .get(organization=organization, key=definition["key"]))
    if instrument.current_version is not None:
        return instrument.current_version
    version = _add_version(instrument, definition, None)
    audit_record(actor=None, organization=organization, action=Action.CREATE, object_type="instrument_version",
                 object_id=version.pk, detail={"instrument": instrument.key, "number": version.number,
                                               "new_instrument": True, "op": "first_use"})
    return version


@transaction.atomic(durable=True)
def instrument_export(*, actor: Actor, version_id: UUID | str) -> str:
    """The version's definition as the JSON file the import reads; the export is audited."""
    version = version_get(actor, version_id)
    audit(actor, Action.EXPORT, object_type="instrument_version", object_id=version.pk)
    return json.dumps(version.definition, ensure_ascii=False, indent=2) + "\n"


@transaction.atomic(durable=True)
def response_start(*, actor: Actor, version_id: UUID | str | None = None, instrument_key: str = "", subject_type: str = "",
                   subject_id: str = "", informant: str = Informant.SELF,
                   informant_relationship: str = "") -> InstrumentResponse:
    """A draft response to a version (or to the instrument's current version, named by key) about a
    subject the actor may write to, or about nothing (an anonymous survey)."""
    subject_type, subject_id = (subject_type or "").strip(), str(subject_id or "").strip()
    if bool(subject_type) != bool(subject_id):
        raise ValidationError({"subject_id": _("Give both the subject's type and its id, or neither.")})
    if len(subject_id) > 64:
        raise ValidationError({"subject_id": _("A subject id has at most 64 characters.")})
    subjects.require(actor, subject_type, subject_id, write=True)
    version = version_get(actor, version_id) if version_id else instrument_by_key(actor, instrument_key).current_version
    if version is None:  # an instrument is imported with its first version, so this is not expected
        deny("instrument", instrument_key[:64])
    return response_start_within(actor=actor, version=version, subject_type=subject_type, subject_id=subject_id,
                                 informant=informant, informant_relationship=informant_relationship)


def response_start_within(*, actor: Actor, version: InstrumentVersion, subject_type: str, subject_id: str,
                          informant: str = Informant.SELF, informant_relationship: str = "") -> InstrumentResponse:
    """Inside the caller's transaction: a draft response to a version of the actor's organisation. The
    caller has checked that the actor may write to the subject (an app may be creating the subject's
    record in the same transaction, as assessments do)."""
    if version.organization_id != actor.organization.pk:
        deny("instrument_version", version.pk)
    relationship = (informant_relationship or "").strip()
    if informant not in Informant.values:
        raise ValidationError({"informant": _("Choose who answered: the person themselves or an informant.")})
    if informant == Informant.INFORMANT and not relationship:
        raise ValidationError({"informant_relationship": _("Say how the informant knows the person.")})
    if len(relationship) > MAX_AGENCY:
        raise ValidationError({"informant_relationship": _("Write at most %(n)d characters.") % {"n": MAX_AGENCY}})
    response = InstrumentResponse.objects.create(
        organization=actor.organization, version=version, subject_type=subject_type, subject_id=str(subject_id),
        informant=informant, informant_relationship=relationship if informant == Informant.INFORMANT else "",
        answers="{}", started_by=actor.user)
    audit(actor, Action.CREATE, object_type="instrument_response", object_id=response.pk,
          detail={"version": str(version.pk), "subject_type": subject_type})
    return response


def _locked(actor: Actor, response_id: UUID | str) -> InstrumentResponse:
    response = response_get(actor, response_id, write=True)
    response = InstrumentResponse.objects.select_for_update().select_related("version").get(pk=response.pk)
    if response.is_complete:
        raise ValidationError(_("This response is complete; start a new one to answer again."))
    return response


def _contribute(actor: Actor, response: InstrumentResponse, answers: Any, agency: str) -> Contribution | None:
    definition = response.version.definition
    cleaned = spec.clean_answers(definition, answers)
    agency = (agency or "").strip()
    if len(agency) > MAX_AGENCY:
        raise ValidationError({"agency": _("Write at most %(n)d characters.") % {"n": MAX_AGENCY}})
    if not cleaned:
        return None
    contribution = Contribution.objects.create(organization=actor.organization, response=response,
                                               author=actor.user, agency=agency,
                                               answers=json.dumps(cleaned, ensure_ascii=False))
    response.answers = json.dumps(spec.merge(response.answer_data, cleaned), ensure_ascii=False)
    response.updated_at = timezone.now()
    response.save(update_fields=["answers", "updated_at"])
    audit(actor, Action.UPDATE, object_type="instrument_response", object_id=response.pk,
          detail={"op": "contribute", "items": len(cleaned)})
    return contribution


@transaction.atomic(durable=True)
def response_contribute(*, actor: Actor, response_id: UUID | str, answers: dict[str, Any],
                        agency: str = "") -> Contribution | None:
    """Add one person's answers to a draft, attributed to them (and their agency); later answers to the
    same item replace earlier ones in the merged answers, and a null clears one. None if nothing was given."""
    return _contribute(actor, _locked(actor, response_id), answers, agency)


@transaction.atomic(durable=True)
def response_complete(*, actor: Actor, response_id: UUID | str, answers: dict[str, Any] | None = None,
                      agency: str = "") -> InstrumentResponse:
    """Optionally add a last contribution, then complete: every required item that is shown must be
    answered (no information and not relevant count), and the domain scores are computed and kept. A
    response whose subject's app completes it itself (an assessment) is refused: completed here, its checks
    and alerts would be skipped."""
    response = _locked(actor, response_id)
    if subjects.completed_by_owner(response.subject_type):
        raise ValidationError(_("This is completed from its own page, where what it needs is checked."))
    return response_finish_within(actor=actor, response_id=response_id, answers=answers, agency=agency)


def response_finish_within(*, actor: Actor, response_id: UUID | str, answers: dict[str, Any] | None = None,
                           agency: str = "") -> InstrumentResponse:
    """Inside the caller's transaction: `response_complete`'s work, for an app that does more when a draft
    is completed (assessments alert on a positive screen in the same transaction)."""
    response = _locked(actor, response_id)
    if answers:
        _contribute(actor, response, answers, agency)
    definition = response.version.definition
    merged = response.answer_data
    missing = spec.missing_required(definition, merged)
    if missing:
        raise ValidationError({key: [_("This item is required.")] for key in missing})
    response.scores = spec.score(definition, merged)
    response.status = InstrumentResponse.Status.COMPLETE
    response.completed_at = response.updated_at = timezone.now()
    response.save(update_fields=["scores", "status", "completed_at", "updated_at"])
    audit(actor, Action.UPDATE, object_type="instrument_response", object_id=response.pk, detail={"op": "complete"})
    return response


def _checked(definition: dict, answers: Any) -> dict:
    """The answers, cleaned against the definition, that complete a response: ValidationError keyed by
    item otherwise (a required item that is shown and not answered among them)."""
    merged = spec.merge(spec.clean_answers(definition, answers))
    merged = {key: value for key, value in merged.items() if key in spec.visible_keys(definition, merged)}
    missing = spec.missing_required(definition, merged)
    if missing:
        raise ValidationError({key: [_("This item is required.")] for key in missing})
    return merged


def response_complete_within(*, actor: Actor, version: InstrumentVersion, subject_type: str, subject_id: str,
                             answers: dict[str, Any], agency: str = "") -> InstrumentResponse:
    """Inside the caller's transaction: a response given whole, in one contribution by the actor, about a
    subject the actor may write to (another app's form that asks an instrument's questions, such as the
    helpline's quality review). Complete at once: every required item that is shown must be answered;
    hidden items are not kept; the scores are computed and kept."""
    subjects.require(actor, subject_type, subject_id, write=True)
    if version.organization_id != actor.organization.pk:
        deny("instrument_version", version.pk)
    agency = (agency or "").strip()
    if len(agency) > MAX_AGENCY:
        raise ValidationError({"agency": _("Write at most %(n)d characters.") % {"n": MAX_AGENCY}})
    definition = version.definition
    merged = _checked(definition, answers)
    stored = json.dumps(merged, ensure_ascii=False)
    now = timezone.now()
    response = InstrumentResponse.objects.create(
        organization=actor.organization, version=version, subject_type=subject_type, subject_id=str(subject_id),
        status=InstrumentResponse.Status.COMPLETE, answers=stored, scores=spec.score(definition, merged),
        started_by=actor.user, created_at=now, updated_at=now, completed_at=now)
    Contribution.objects.create(organization=actor.organization, response=response, author=actor.user,
                                agency=agency, answers=stored, created_at=now)
    audit(actor, Action.CREATE, object_type="instrument_response", object_id=response.pk,
          detail={"version": str(version.pk), "subject_type": subject_type, "op": "complete", "items": len(merged)})
    return response


def response_anonymous_within(*, version: InstrumentVersion, answers: dict[str, Any]) -> InstrumentResponse:
    """Inside the caller's transaction: a complete response from someone who is not signed in (an
    anonymous survey's public page), about nothing. Nothing kept ties it to who answered or to the
    moment: no author (started_by is empty), no contribution, no audit event (an event's time would
    do it), and its times are the start of the organisation's day. The caller checks that this person
    may answer (a one-time link)."""
    definition = version.definition
    merged = _checked(definition, answers)
    organization = Organization.objects.get(pk=version.organization_id)
    zone = ZoneInfo(organization.time_zone)
    day = datetime.combine(org_today(organization), time.min, tzinfo=zone)
    return InstrumentResponse.objects.create(
        organization=organization, version=version, subject_type=subjects.ANONYMOUS, subject_id="",
        status=InstrumentResponse.Status.COMPLETE, answers=json.dumps(merged, ensure_ascii=False),
        scores=spec.score(definition, merged), started_by=None, created_at=day, updated_at=day, completed_at=day)
