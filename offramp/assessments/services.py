"""Changes to assessments, each its own transaction: permission first, then validation, the write and
the audit. Answers are added with the engine's own `response_contribute` (the response's subject hook
applies this app's rule); completing goes through `assessment_complete`, which alerts on a positive
screen in the same transaction. A joint decision of the agencies is recorded with `assessment_decide`."""

import json
import uuid
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from offramp.cases.selectors import case_get, case_participants
from offramp.core.access import Actor, require
from offramp.core.audit import Action, audit
from offramp.core.services import (
    consultation_confirm_within,
    consultation_record_within,
    notification_send_within,
    notifications_clear_within,
)
from offramp.instruments.models import Informant
from offramp.instruments.services import (
    instrument_ensure_within,
    response_finish_within,
    response_start_within,
)

from . import catalogue, results
from .models import Assessment, AssessmentDecision
from .permissions import CLOSE_ALERTS, READ
from .selectors import (
    SUBJECT,
    assessment_get,
    case_alert_recipients,
    consultation_supervisors,
    imported_instruments,
)


@transaction.atomic(durable=True)
def assessment_start(*, actor: Actor, case_id: UUID | str, person_id: UUID | str, instrument_key: str,
                     informant: str = Informant.SELF, informant_relationship: str = "") -> Assessment:
    """A draft assessment of a person on the case, with one of the built-in instruments (the organisation
    gets its definition as version 1 on first use) or one the organisation imported itself (a licensed
    tool, `selectors.imported_instruments`). Anyone who writes notes on the case."""
    require(actor, READ)
    case, _access = case_get(actor, case_id, need="write_notes", audit_action=None)
    people = {str(participant.person_id): participant.person for participant in case_participants(case)}
    errors = {}
    person = people.get(str(person_id).strip())
    if person is None:
        errors["person"] = _("This person is not on the case: choose one of the case's participants.")
    imported = (None if instrument_key in catalogue.BUILT_IN or not isinstance(instrument_key, str) else
                imported_instruments(actor).filter(key=instrument_key[:64]).select_related("current_version").first())
    if instrument_key not in catalogue.BUILT_IN and imported is None:
        errors["instrument_key"] = _("Choose one of the assessments offered.")
    if errors or person is None:
        raise ValidationError(errors)
    version = (imported.current_version if imported is not None else None) or instrument_ensure_within(
        organization=actor.organization, data=catalogue.shipped(instrument_key))
    assessment_id = uuid.uuid4()  # the response's subject, created with it
    response = response_start_within(actor=actor, version=version, subject_type=SUBJECT,
                                     subject_id=str(assessment_id), informant=informant,
                                     informant_relationship=informant_relationship)
    assessment = Assessment.objects.create(id=assessment_id, organization=actor.organization, case=case,
                                           person=person, instrument_key=instrument_key, response=response,
                                           started_by=actor.user)
    audit(actor, Action.CREATE, object_type="assessment", object_id=assessment.pk,
          detail={"case": str(case.pk), "instrument": instrument_key, "informant": informant})
    return assessment


@transaction.atomic(durable=True)
def assessment_complete(*, actor: Actor, assessment_id: UUID | str, answers: dict[str, Any] | None = None,
                        agency: str = "") -> Assessment:
    """Complete the assessment's response (optionally with a last contribution). A suicide-risk screen
    that is positive needs its acuity question answered, and alerts the case's supervisors at once (R1)."""
    require(actor, READ)
    assessment = assessment_get(actor, assessment_id, write=True, audit_action=None)
    response = response_finish_within(actor=actor, response_id=assessment.response_id, answers=answers, agency=agency)
    detail: dict[str, Any] = {"op": "complete"}
    if assessment.instrument_key == catalogue.SOCIAL_DIAGNOSTIC and results.nothing_rated(
            response.version.definition, response.answer_data):
        raise ValidationError({results.first_factor(response.version.definition): [
            _("Rate at least one factor as a risk, a resource or a resonance, or mark what you do not know as "
              "“no information”.")]})
    if assessment.instrument_key == catalogue.ASQ:
        answered = response.answer_data
        if results.acuity_missing(answered):
            raise ValidationError({catalogue.ASQ_ACUITY: [
                _("A question above was answered yes (or declined): ask this question too.")]})
        screen = results.screen(response.version.definition, answered)
        detail["result"] = screen.result
        if screen.positive:
            detail["alerted"] = _alert(actor, assessment, screen)
    audit(actor, Action.UPDATE, object_type="assessment", object_id=assessment.pk, detail=detail)
    assessment.response = response
    return assessment


def _alert(actor: Actor, assessment: Assessment, screen: results.ScreenResult) -> list[int]:
    recipients = case_alert_recipients(actor, assessment.case)
    message = (_("Urgent: an acute positive suicide-risk screen on case %(ref)s. %(who)s needs a supervisor now.")
               if screen.result == results.ACUTE else
               _("Urgent: a positive suicide-risk screen on case %(ref)s. %(who)s needs a consultation today."))
    for user in recipients:
        notification_send_within(user=user, organization=actor.organization, urgent=True,
                                 url=reverse("assessments:assessment_detail", args=[assessment.pk]),
                                 message=message % {"ref": assessment.case.reference, "who": actor.user.display_name})
    return [user.pk for user in recipients]


def _screen_positive(assessment: Assessment) -> bool:
    response = assessment.response
    return (assessment.instrument_key == catalogue.ASQ and response.is_complete
            and results.screen(response.version.definition, response.answer_data).positive)


@transaction.atomic(durable=True)
def assessment_record_consultation(*, actor: Actor, assessment_id: UUID | str, text: str,
                                   supervisor: int | str | None = None) -> Assessment:
    """R1: the consultation with a supervisor about a positive screen, recorded on it as on a helpline contact.
    The supervisor named confirms it from their alert; a supervisor recording their own consultation has
    confirmed it. Either way the screen's urgent alerts have been acted on and leave everyone's list."""
    require(actor, READ)
    found = assessment_get(actor, assessment_id, write=True, audit_action=None)
    assessment = Assessment.objects.select_for_update().select_related("response__version", "case").get(pk=found.pk)
    if not _screen_positive(assessment):
        raise ValidationError(_("Only a completed, positive suicide-risk screen has a consultation to record."))
    consulted = consultation_record_within(
        actor=actor, record=assessment, text=text, supervisor=supervisor,
        candidates=consultation_supervisors(actor, assessment.case),
        may_consult_self=actor.can(CLOSE_ALERTS), url=reverse("assessments:assessment_detail", args=[assessment.pk]),
        confirm_message=_("Confirm the consultation %(who)s recorded with you on a suicide-risk screen on case "
                          "%(ref)s.") % {"who": actor.user.display_name, "ref": assessment.case.reference})
    audit(actor, Action.UPDATE, object_type="assessment", object_id=assessment.pk,
          detail={"op": "consultation", "supervisor": consulted.pk})
    return assessment


@transaction.atomic(durable=True)
def assessment_confirm_consultation(*, actor: Actor, assessment_id: UUID | str) -> Assessment:
    """The consulted supervisor confirms the consultation recorded with them ("confirmed by … at …")."""
    require(actor, READ)
    found = assessment_get(actor, assessment_id, audit_action=None)
    assessment = Assessment.objects.select_for_update().get(pk=found.pk)
    if consultation_confirm_within(actor=actor, record=assessment,
                                   url=reverse("assessments:assessment_detail", args=[assessment.pk])):
        audit(actor, Action.UPDATE, object_type="assessment", object_id=assessment.pk,
              detail={"op": "consultation_confirmed"})
    return assessment


@transaction.atomic(durable=True)
def assessment_alert_close(*, actor: Actor, assessment_id: UUID | str) -> int:
    """A supervisor has taken up a positive screen: its urgent alerts leave everyone's list."""
    require(actor, CLOSE_ALERTS)
    assessment = assessment_get(actor, assessment_id, write=True, audit_action=None)
    if assessment.instrument_key != catalogue.ASQ or not assessment.response.is_complete:
        raise ValidationError(_("Only a completed suicide-risk screen has alerts to close."))
    closed = notifications_clear_within(organization=actor.organization,
                                        url=reverse("assessments:assessment_detail", args=[assessment.pk]))
    audit(actor, Action.UPDATE, object_type="assessment", object_id=assessment.pk,
          detail={"op": "alert_closed", "notifications": closed})
    return closed


MAX_DECISION, MAX_AGENCIES, MAX_AGENCY_NAME = 5000, 20, 200


def _agency_names(agencies: Any) -> list[str]:
    if isinstance(agencies, str):
        agencies = agencies.splitlines()
    if not isinstance(agencies, list | tuple) or not all(isinstance(name, str) for name in agencies):
        raise ValidationError({"agencies": _("Give the agencies as a list of names.")})
    names: list[str] = []
    for name in (name.strip() for name in agencies):
        if len(name) > MAX_AGENCY_NAME:
            raise ValidationError({"agencies": _("An agency's name has at most %(n)d characters.")
                                   % {"n": MAX_AGENCY_NAME}})
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    if not names:
        raise ValidationError({"agencies": _("Name at least one agency that took the decision.")})
    if len(names) > MAX_AGENCIES:
        raise ValidationError({"agencies": _("Name at most %(n)d agencies.") % {"n": MAX_AGENCIES}})
    return names


@transaction.atomic(durable=True)
def assessment_decide(*, actor: Actor, assessment_id: UUID | str, decision: str,
                      agencies: list[str]) -> AssessmentDecision:
    """Record a decision the agencies on the case took together on a complete assessment (C7), with the
    agencies that took it. Anyone who writes notes on the case; the text and the names are encrypted."""
    require(actor, READ)
    assessment = assessment_get(actor, assessment_id, write=True, audit_action=None)
    errors: dict[str, str] = {}
    text = decision.strip() if isinstance(decision, str) else ""
    if not text:
        errors["decision"] = _("Write the decision.")
    elif len(text) > MAX_DECISION:
        errors["decision"] = _("Write at most %(n)d characters.") % {"n": MAX_DECISION}
    try:
        names = _agency_names(agencies)
    except ValidationError as error:
        errors.update({key: " ".join(value) for key, value in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    if not assessment.response.is_complete:
        raise ValidationError(_("Complete the assessment before recording a decision on it."))
    recorded = AssessmentDecision.objects.create(organization=actor.organization, assessment=assessment,
                                                 decision=text, agencies=json.dumps(names, ensure_ascii=False),
                                                 recorded_by=actor.user)
    audit(actor, Action.CREATE, object_type="assessment_decision", object_id=recorded.pk,
          detail={"assessment": str(assessment.pk), "agencies": len(names)})
    return recorded
