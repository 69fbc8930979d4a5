"""Changes to the family protocol's records and the aftercare check-ins, each its own transaction:
permission first (the case, with a team role that writes notes), then validation, the write and the audit.
The evaluation, the intervention plan and the coaching plan are one record per case, written again as they
change; monitoring entries and check-ins accumulate."""

from datetime import date, timedelta
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor
from offramp.core.audit import Action, audit
from offramp.core.calendar import EARLIEST_MOMENT

from .models import (
    AftercareCheckIn,
    CoachingPlan,
    FamilyEvaluation,
    InterventionPlan,
    MonitoringEntry,
    Watch,
)
from .selectors import aftercare, diagnostics, protocol_case

MAX_TEXT = 20_000
MAX_SESSIONS = 200
FUTURE_TOLERANCE = timedelta(days=1)


def _text(errors: dict, name: str, value: str, message: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[name] = message
    elif len(value) > MAX_TEXT:
        errors[name] = _("Keep it under %(n)d characters.") % {"n": MAX_TEXT}
    return value


def _past(errors: dict, name: str, day: date | None, message: str) -> None:
    """A day something was seen or held: not in the future, and not before 1900 (as every typed moment,
    core.calendar.moment_problem): a year-1000 entry would count as the stage's record."""
    if not isinstance(day, date):
        errors[name] = message
    elif day > timezone.localdate() + FUTURE_TOLERANCE:
        errors[name] = _("This cannot be in the future.")
    elif day < EARLIEST_MOMENT.date():
        errors[name] = _("Check the date: it is before 1900.")


def _save(model, case, actor: Actor, values: dict):
    record = model.objects.filter(case=case).first()
    created = record is None
    if created:
        record = model(organization=actor.organization, case=case, recorded_by=actor.user)
    for name, value in values.items():
        setattr(record, name, value)
    record.updated_at = timezone.now()
    record.save()
    return record, created


def _audit(actor: Actor, record, case, created: bool, kind: str) -> None:
    audit(actor, Action.CREATE if created else Action.UPDATE, object_type=kind, object_id=record.pk,
          detail={"case": str(case.pk)})


@transaction.atomic(durable=True)
def family_evaluation_save(*, actor: Actor, case_id: UUID | str, worries: str, needs: str, openings: str,
                           diagnostic_id: UUID | str | None = None) -> FamilyEvaluation:
    """The evaluation stage's record: the family's worries in their words, the person of concern's
    underlying needs and the openings (H3) as the family sees them, and the social diagnostic they answered."""
    case, _access = protocol_case(actor, case_id, write=True)
    errors: dict = {}
    values = {
        "worries": _text(errors, "worries", worries, _("Write what worries the family, in their words.")),
        "needs": _text(errors, "needs", needs, _("Write the needs the family sees behind it.")),
        "openings": _text(errors, "openings", openings, _("Write the openings: people, interests and needs through "
                                                          "which the family and mentors can re-engage.")),
        "diagnostic": None,
    }
    if diagnostic_id:
        values["diagnostic"] = next((a for a in diagnostics(actor, case) if str(a.pk) == str(diagnostic_id).strip()),
                                    None)
        if values["diagnostic"] is None:
            errors["diagnostic"] = _("Choose one of this case's social diagnostics.")
    if errors:
        raise ValidationError(errors)
    record, created = _save(FamilyEvaluation, case, actor, values)
    _audit(actor, record, case, created, "family_evaluation")
    return record


@transaction.atomic(durable=True)
def intervention_plan_save(*, actor: Actor, case_id: UUID | str, family_goals: str, person_goals: str, tasks: str,
                           review_on: date | None = None) -> InterventionPlan:
    """The specific intervention plan agreed with the family."""
    case, _access = protocol_case(actor, case_id, write=True)
    errors: dict = {}
    values = {
        "family_goals": _text(errors, "family_goals", family_goals, _("Write the goals for the family.")),
        "person_goals": _text(errors, "person_goals", person_goals, _("Write the goals for the person of concern.")),
        "tasks": _text(errors, "tasks", tasks, _("Write who does what.")),
        "review_on": review_on,
    }
    if review_on is not None and not isinstance(review_on, date):
        errors["review_on"] = _("Give the review date as a date.")
    if errors:
        raise ValidationError(errors)
    record, created = _save(InterventionPlan, case, actor, values)
    _audit(actor, record, case, created, "intervention_plan")
    return record


@transaction.atomic(durable=True)
def monitoring_entry_add(*, actor: Actor, case_id: UUID | str, observed_on: date, changes: str) -> MonitoringEntry:
    """A monitoring entry: what changed, and when."""
    case, _access = protocol_case(actor, case_id, write=True)
    errors: dict = {}
    _past(errors, "observed_on", observed_on, _("Say when this was seen."))
    changes = _text(errors, "changes", changes, _("Write what changed."))
    if errors:
        raise ValidationError(errors)
    entry = MonitoringEntry.objects.create(organization=actor.organization, case=case, recorded_by=actor.user,
                                           observed_on=observed_on, changes=changes)
    _audit(actor, entry, case, True, "monitoring_entry")
    return entry


@transaction.atomic(durable=True)
def coaching_plan_save(*, actor: Actor, case_id: UUID | str, topics: str, family_goals: str,
                       sessions_planned: int = 0, sessions_held: int = 0) -> CoachingPlan:
    """The family's coaching plan: topics, sessions planned and held, and the family's own goals (their
    relationship with and influence on the person)."""
    case, _access = protocol_case(actor, case_id, write=True)
    errors: dict = {}
    values: dict = {
        "topics": _text(errors, "topics", topics, _("Write the coaching topics.")),
        "family_goals": _text(errors, "family_goals", family_goals,
                              _("Write the family's own goals: their relationship with the person and their influence.")),
    }
    for name in ("sessions_planned", "sessions_held"):
        value = sessions_planned if name == "sessions_planned" else sessions_held
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SESSIONS:
            errors[name] = _("Give a whole number from 0 to %(n)d.") % {"n": MAX_SESSIONS}
        else:
            values[name] = value
    if errors:
        raise ValidationError(errors)
    record, created = _save(CoachingPlan, case, actor, values)
    _audit(actor, record, case, created, "coaching_plan")
    return record


@transaction.atomic(durable=True)
def aftercare_check_in_record(*, actor: Actor, case_id: UUID | str, held_on: date, watch: str,
                              notes: str = "") -> AftercareCheckIn:
    """The next scheduled aftercare check-in of a resolved case, with what the relapse and withdrawal-pressure
    watch found. The case stays resolved; a worrying check-in is answered by reopening it (the case's move)."""
    case, _access = protocol_case(actor, case_id, write=True, family=False)
    care = aftercare(actor, case)
    if care is None:
        raise ValidationError({"held_on": _("Aftercare starts when the case is resolved.")})
    slot = care.next_slot
    errors: dict = {}
    if slot is None:
        errors["held_on"] = _("Every scheduled check-in of this aftercare is recorded.")
    else:
        _past(errors, "held_on", held_on, _("Say when the check-in was held."))
        if not errors and held_on < timezone.localdate(care.resolution.at):
            errors["held_on"] = _("A check-in comes after the case was resolved.")
    if watch not in Watch.values:
        errors["watch"] = _("Choose what the watch found.")
    notes = _text(errors, "notes", notes, "", required=False)
    if errors or slot is None:
        raise ValidationError(errors)
    check_in = AftercareCheckIn.objects.create(
        organization=actor.organization, case=case, resolution=care.resolution, month=slot.month, held_on=held_on,
        watch=watch, notes=notes, recorded_by=actor.user)
    audit(actor, Action.CREATE, object_type="aftercare_check_in", object_id=check_in.pk,
          detail={"case": str(case.pk), "month": slot.month, "watch": watch})
    return check_in

