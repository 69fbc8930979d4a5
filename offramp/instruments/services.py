"""Every change to instruments and responses: permission-checked, one transaction, audited."""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor, deny, require_role
from offramp.core.audit import Action, audit_record
from offramp.core.models import Role

from . import definition as spec
from . import subjects
from .definition import score  # noqa: F401 - part of this module's interface: score(definition, answers)
from .models import Contribution, Informant, Instrument, InstrumentResponse, InstrumentVersion
from .selectors import instrument_by_key, response_get, version_get

MAX_AGENCY = 200


@transaction.atomic(durable=True)
def instrument_import(*, actor: Actor, data: Any) -> InstrumentVersion:
    """Org admins: a definition becomes a new instrument, or a new version of the instrument with its key.
    A definition equal to the current version's makes no new version. Nothing is saved if it is invalid."""
    require_role(actor, Role.ORG_ADMIN)
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
    audit_record(actor=actor.user, organization=actor.organization, action=Action.CREATE,
                 object_type="instrument_version", object_id=version.pk,
                 detail={"instrument": instrument.key, "number": number, "new_instrument": created})
    return version


def instrument_export(*, actor: Actor, version_id) -> str:
    """The version's definition as the JSON file the import reads."""
    version = version_get(actor, version_id)
    audit_record(actor=actor.user, organization=actor.organization, action=Action.EXPORT,
                 object_type="instrument_version", object_id=version.pk)
    return json.dumps(version.definition, ensure_ascii=False, indent=2) + "\n"


@transaction.atomic(durable=True)
def response_start(*, actor: Actor, version_id=None, instrument_key: str = "", subject_type: str = "",
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
    audit_record(actor=actor.user, organization=actor.organization, action=Action.CREATE,
                 object_type="instrument_response", object_id=response.pk,
                 detail={"version": str(version.pk), "subject_type": subject_type})
    return response


def _locked(actor: Actor, response_id) -> InstrumentResponse:
    response = response_get(actor, response_id, write=True)
    response = InstrumentResponse.objects.select_for_update().select_related("version").get(pk=response.pk)
    if response.is_complete:
        raise ValidationError(_("This response is complete; start a new one to answer again."))
    return response


def _contribute(actor: Actor, response: InstrumentResponse, answers, agency: str) -> Contribution | None:
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
    audit_record(actor=actor.user, organization=actor.organization, action=Action.UPDATE,
                 object_type="instrument_response", object_id=response.pk,
                 detail={"op": "contribute", "items": len(cleaned)})
    return contribution


@transaction.atomic(durable=True)
def response_contribute(*, actor: Actor, response_id, answers: dict, agency: str = "") -> Contribution | None:
    """Add one person's answers to a draft, attributed to them (and their agency); later answers to the
    same item replace earlier ones in the merged answers, and a null clears one. None if nothing was given."""
    return _contribute(actor, _locked(actor, response_id), answers, agency)


@transaction.atomic(durable=True)
def response_complete(*, actor: Actor, response_id, answers: dict | None = None,
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
    audit_record(actor=actor.user, organization=actor.organization, action=Action.UPDATE,
                 object_type="instrument_response", object_id=response.pk, detail={"op": "complete"})
    return response


def compare(response_a: InstrumentResponse, response_b: InstrumentResponse) -> dict:
    """Item by item and domain by domain: before (a), after (b), changed. Items of either version, in the
    later version's order; an item only one version has shows as missing on the other side."""
    def_a, def_b = response_a.version.definition, response_b.version.definition
    items_a, items_b = spec.items_by_key(def_a), spec.items_by_key(def_b)
    answers_a, answers_b = response_a.answer_data, response_b.answer_data
    keys = list(items_b) + [k for k in items_a if k not in items_b]
    items = []
    for key in keys:
        item = items_b.get(key) or items_a[key]
        before, after = answers_a.get(key), answers_b.get(key)
        items.append({
            "key": key, "label": item["label"], "before": before, "after": after, "changed": before != after,
            "before_text": spec.display_answer(items_a[key], before) if key in items_a else "",
            "after_text": spec.display_answer(items_b[key], after) if key in items_b else "",
        })
    scores_a = response_a.scores or spec.score(def_a, answers_a)
    scores_b = response_b.scores or spec.score(def_b, answers_b)
    labels = {d["key"]: d["label"] for d in def_a.get("scores", ()) + def_b.get("scores", ())}
    domains = []
    for key in list(scores_b) + [k for k in scores_a if k not in scores_b]:
        before, after = scores_a.get(key, {}), scores_b.get(key, {})
        domains.append({"key": key, "label": labels.get(key, key), "before": before.get("value"),
                        "after": after.get("value"), "before_band": before.get("label"),
                        "after_band": after.get("label"),
                        "changed": before.get("value") != after.get("value")})
    return {"items": items, "domains": domains}
