"""Every change to instruments and responses: permission-checked, audited, each its own outermost
transaction (`transaction.atomic(durable=True)`)."""

import json
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor, deny, require
from offramp.core.audit import Action, audit

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
    instrument = (Instrument.objects.select_for_update().filter(organization=actor.organization,
                                                                 key=definition["key"]).first())
    created = instrument is None
    if instrument is None:
        instrument = Instrument.objects.create(organization=actor.organization, key=definition["key"],
                                               title=spec.label_text(definition["title"], "en")[:1000])
    elif instrument.current_version and instrument.current_version.definition == definition:
        return instrument.current_version
    number = (instrument.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = InstrumentVersion.objects.create(organization=actor.organization, instrument=instrument,
                                               number=number, definition=definition, created_by=actor.user)
    instrument.current_version = version
    instrument.title = spec.label_text(definition["title"], "en")[:1000]
    instrument.save(update_fields=["current_version", "title"])
    audit(actor, Action.CREATE, object_type="instrument_version", object_id=version.pk,
          detail={"instrument": instrument.key, "number": number, "new_instrument": created})
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
    relationship = (informant_relationship or "").strip()
    if informant not in Informant.values:
        raise ValidationError({"informant": _("Choose who answered: the person themselves or an informant.")})
    if informant == Informant.INFORMANT and not relationship:
        raise ValidationError({"informant_relationship": _("Say how the informant knows the person.")})
    if len(relationship) > MAX_AGENCY:
        raise ValidationError({"informant_relationship": _("Write at most %(n)d characters.") % {"n": MAX_AGENCY}})
    response = InstrumentResponse.objects.create(
        organization=actor.organization, version=version, subject_type=subject_type, subject_id=subject_id,
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
    answered (no information and not relevant count), and the domain scores are computed and kept."""
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
