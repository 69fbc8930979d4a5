"""Reads of the family protocol's records and the aftercare: the case's visibility rule (cases.selectors)
decides who sees them, a team role that writes notes on the case who writes them. Also the gate the
cases' transition service asks (cases.gates), and the case page's section (cases.sections)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from offramp.assessments.selectors import case_assessments, latest_stages, latest_wellness
from offramp.cases import lifecycle, resolution
from offramp.cases.models import Case, CaseKind, CaseStatus, CaseTransition, ResolutionEvidence
from offramp.cases.selectors import (
    CaseAccess,
    case_get,
    case_participants,
    case_visibility,
    resolution_criteria,
)
from offramp.core.access import Actor, deny, require
from offramp.instruments import definition as spec
from offramp.instruments.models import InstrumentResponse
from offramp.plans.permissions import READ as PLANS_READ
from offramp.plans.selectors import case_goals

from .models import (
    AftercareCheckIn,
    CoachingPlan,
    FamilyEvaluation,
    InterventionPlan,
    MonitoringEntry,
)
from .permissions import READ

S = CaseStatus
# The instruments the protocol reads, by key (the assessments app ships them).
SOCIAL_DIAGNOSTIC = "social-diagnostic"
FAMILY_OUTCOMES = "family-outcomes"
# The record each stage of the family protocol asks for before the case may leave it.
STAGE_RECORDS: dict[str, str] = {S.EVALUATION: "evaluation", S.PLAN: "plan", S.MONITORING: "monitoring",
                                  S.COACHING: "coaching"}
MISSING = {
    "evaluation": gettext_lazy("The family's evaluation is not recorded yet: their worries, and the person's "
                               "needs and openings as the family sees them."),
    "plan": gettext_lazy("The specific intervention plan is not recorded yet: goals for the family and for the "
                         "person, and who does what."),
    "monitoring": gettext_lazy("No monitoring entry is recorded yet: write what changed, and when."),
    "coaching": gettext_lazy("The family's coaching plan is not recorded yet: topics, sessions and the family's "
                             "own goals."),
}
MONITORING_SHOWN = 10
# Aftercare: check-ins at these months after resolution; one shows on the work queue a week before it is due.
AFTERCARE_MONTHS = (1, 3, 6)
DAYS_PER_MONTH = 30.44
QUEUE_NOTICE = timedelta(days=7)


def _records(actor: Actor, model) -> QuerySet:
    require(actor, READ)
    return model.objects.for_actor(actor).filter(case_visibility(actor, "case__"))


def protocol_case(actor: Actor, case_id, *, write: bool = False, family: bool = True) -> tuple[Case, CaseAccess]:
    """The case whose records are read or written: not found unless the actor may open it (and, for the
    protocol's records, unless it is a family-support case); refused unless they may write notes on it."""
    require(actor, READ)
    case, access = case_get(actor, case_id, need="write_notes" if write else "read", audit_action=None)
    if family and case.kind != CaseKind.FAMILY_SUPPORT:
        deny("case", case.pk)
    return case, access


@dataclass
class Records:
    evaluation: FamilyEvaluation | None = None
    plan: InterventionPlan | None = None
    coaching: CoachingPlan | None = None
    monitoring: list[MonitoringEntry] = field(default_factory=list)  # newest first, at most MONITORING_SHOWN
    more_monitoring: bool = False

    def has(self, record: str) -> bool:
        return bool(self.monitoring) if record == "monitoring" else getattr(self, record) is not None


def case_records(actor: Actor, case: Case) -> Records:
    """The case's protocol records, in two queries."""
    row = (_records_case(actor, case)
           .select_related("family_evaluation__diagnostic__response", "intervention_plan", "coaching_plan").first())
    monitoring = list(_records(actor, MonitoringEntry).filter(case=case).order_by("-observed_on", "-recorded_at")
                      [:MONITORING_SHOWN + 1])

    def related(name):
        return getattr(row, name, None) if row is not None else None

    return Records(evaluation=related("family_evaluation"), plan=related("intervention_plan"),
                   coaching=related("coaching_plan"), monitoring=monitoring[:MONITORING_SHOWN],
                   more_monitoring=len(monitoring) > MONITORING_SHOWN)


def case_record(actor: Actor, case: Case, model):
    """The case's one record of a stage (evaluation, intervention plan, coaching plan), or None: for its form."""
    return _records(actor, model).filter(case=case).first()


def _records_case(actor: Actor, case: Case) -> QuerySet[Case]:
    return Case.objects.filter(case_visibility(actor)).filter(pk=case.pk)


def monitoring_entries(actor: Actor, case: Case) -> QuerySet[MonitoringEntry]:
    return _records(actor, MonitoringEntry).filter(case=case).select_related("recorded_by").order_by(
        "-observed_on", "-recorded_at")


def diagnostics(actor: Actor, case: Case) -> list:
    """The case's social diagnostics, to link to the evaluation (a family member's first)."""
    return list(case_assessments(actor, case).filter(instrument_key=SOCIAL_DIAGNOSTIC)[:50])


def stage_record(status: str) -> str | None:
    return STAGE_RECORDS.get(status)


def missing_for(case: Case, records: Records) -> str:
    """What the case's current stage still needs before it may move on ("" when nothing)."""
    record = STAGE_RECORDS.get(case.status)
    return str(MISSING[record]) if record and not records.has(record) else ""


# ---- the gate (cases.gates) ---------------------------------------------------------------------------

_MODELS: dict[str, type[FamilyEvaluation | InterventionPlan | CoachingPlan | MonitoringEntry]] = {
    "evaluation": FamilyEvaluation, "plan": InterventionPlan, "coaching": CoachingPlan,
    "monitoring": MonitoringEntry}


def protocol_gate(actor: Actor, case: Case, to_status: str) -> str | None:
    """A family-support case moves on along its path only once its current stage's record exists. Going
    back, pausing and closing without resolution are never held up."""
    if case.kind != CaseKind.FAMILY_SUPPORT or case.status not in STAGE_RECORDS:
        return None
    path = lifecycle.FAMILY_PATH
    if to_status not in path or to_status == S.CLOSED or path.index(to_status) <= path.index(case.status):
        return None
    record = STAGE_RECORDS[case.status]
    if _MODELS[record].objects.filter(case=case).exists():
        return None
    return str(MISSING[record])


# ---- family outcomes, wellness and the resolution view ---------------------------------------------

def _complete(actor: Actor, case: Case, key: str) -> QuerySet:
    return (case_assessments(actor, case).filter(instrument_key=key, response__status=InstrumentResponse.Status.COMPLETE)
            .order_by("-response__completed_at", "-created_at"))


def family_outcomes(actor: Actor, case: Case) -> dict | None:
    """The family's latest `family-outcomes` ratings beside the ones before (one query)."""
    latest = list(_complete(actor, case, FAMILY_OUTCOMES)[:2])
    if not latest:
        return None
    now = latest[0]
    before = latest[1].response.answer_data if len(latest) > 1 else {}
    definition, answers = now.response.version.definition, now.response.answer_data
    rows = []
    for item in spec.iter_items(definition):
        if item.get("type") != spec.RATING:
            continue
        value, earlier = answers.get(item["key"]), before.get(item["key"])
        value = value if isinstance(value, int) and not isinstance(value, bool) else None
        earlier = earlier if isinstance(earlier, int) and not isinstance(earlier, bool) else None
        rows.append({"label": spec.label_text(item["label"]), "text": spec.display_answer(item, answers.get(item["key"])),
                     "value": value, "before": earlier, "max": item.get("max"),
                     "change": value - earlier if value is not None and earlier is not None else None,
                     "size": abs(value - earlier) if value is not None and earlier is not None else None})
    return {"assessment": now, "at": now.response.completed_at,
            "before_at": latest[1].response.completed_at if len(latest) > 1 else None, "rows": rows}


def resolution_view(actor: Actor, case: Case, records: Records, people: list) -> dict:
    """H2: the organisation's criteria for the case's kind (with the record each rests on while the case is
    open, the evidence given once it is resolved) beside the latest stages of change, the plan's goals and
    the wellness ratings. A fixed number of queries."""
    stages = latest_stages(actor, case)
    wellness = latest_wellness(actor, case)
    evidence = {e.criterion_id: e for e in ResolutionEvidence.objects.filter(case=case).order_by("recorded_at")}
    names = {p.person_id: p.person.display_name for p in people}
    goals = list(case_goals(actor, case).select_related(None)[:RESOLUTION_GOALS + 1]) if actor.can(PLANS_READ) else []
    return {
        "criteria": [{"criterion": c, "evidence": evidence.get(c.pk),
                      "record": resolution.state(actor, case, c) if case.is_open else None}
                     for c in resolution_criteria(case)],
        "stages": [{"name": names.get(person_id, ""), "stages": by_target.values()}
                   for person_id, by_target in stages.items()],
        "goals": goals[:RESOLUTION_GOALS], "more_goals": len(goals) > RESOLUTION_GOALS,
        "wellness": [{"name": names.get(person_id, ""), **found} for person_id, found in wellness.items()],
    }


RESOLUTION_GOALS = 12


# ---- aftercare -----------------------------------------------------------------------------------------

@dataclass
class Slot:
    month: int
    due_on: date
    check_in: AftercareCheckIn | None
    state: str  # "done", "overdue", "due" (within the week), "upcoming"


@dataclass
class Aftercare:
    resolution: CaseTransition
    slots: list[Slot]

    @property
    def next_slot(self) -> Slot | None:
        return next((slot for slot in self.slots if slot.check_in is None), None)

    @property
    def worrying(self) -> AftercareCheckIn | None:
        """The latest check-in, when it found pressure or signs of relapse."""
        done = [slot.check_in for slot in self.slots if slot.check_in is not None]
        latest = max(done, key=lambda c: (c.held_on, c.recorded_at), default=None)
        return latest if latest is not None and latest.worrying else None


def due_on(resolved_at, month: int) -> date:
    return timezone.localdate(resolved_at) + timedelta(days=round(month * DAYS_PER_MONTH))


def slot_state(due: date, done: bool, today: date | None = None) -> str:
    today = today or timezone.localdate()
    if done:
        return "done"
    if due < today:
        return "overdue"
    return "due" if due <= today + QUEUE_NOTICE else "upcoming"


def aftercare(actor: Actor, case: Case) -> Aftercare | None:
    """A resolved case's aftercare schedule since its latest resolution, with the check-ins held (two
    queries); None while the case is not resolved."""
    if case.status != S.RESOLVED:
        return None
    resolution = CaseTransition.objects.filter(case=case, to_status=S.RESOLVED).order_by("-at").first()
    if resolution is None:
        return None
    held = {c.month: c for c in _records(actor, AftercareCheckIn).filter(resolution=resolution)
            .select_related("recorded_by")}
    return Aftercare(resolution, [Slot(month, due_on(resolution.at, month), held.get(month),
                                       slot_state(due_on(resolution.at, month), month in held))
                                  for month in AFTERCARE_MONTHS])


def coaching_resolution_state(actor: Actor, case: Case) -> resolution.State:
    """The family's coaching plan, for a criterion such as "Coaching goals agreed with the family are met"
    (cases.resolution): it supports resolving once it is written. One query."""
    if not actor.can(READ):
        return resolution.State(summary=str(_("You may not read this case's protocol records.")))
    coaching = _records(actor, CoachingPlan).filter(case=case).first()
    url = reverse("protocol:coaching", args=[case.pk])
    if coaching is None:
        return resolution.State(summary=str(_("No coaching plan yet.")), url=url,
                                missing=str(_("The family's coaching plan is not written yet.")))
    return resolution.State(summary=str(_("Coaching plan: %(held)d of %(planned)d sessions held; the family's "
                                          "goals: %(goals)s") % {
        "held": coaching.sessions_held, "planned": coaching.sessions_planned,
        "goals": Truncator(coaching.family_goals).chars(160)}), url=url)


# ---- the case page's section ---------------------------------------------------------------------------

def case_section(actor: Actor, case: Case, access: CaseAccess) -> dict | None:
    """Summary first: the current stage's record and what is missing to move on; then every stage's record,
    the family's outcomes, the resolution view (from coaching on) and the aftercare (once resolved)."""
    if not actor.can(READ):
        return None
    family = case.kind == CaseKind.FAMILY_SUPPORT
    care = aftercare(actor, case)
    # The resolution view from the last stage before resolving on (coaching, for a family case).
    resolving = case.status == lifecycle.working_statuses(case.kind)[-1] or case.status == S.RESOLVED
    if not family and care is None and not resolving:
        return None
    context: dict = {"case": case, "access": access, "family": family, "aftercare": care,
                     "reopen_to": lifecycle.REOPEN_TO.get(case.kind, S.ACTIVE)}
    if family:
        records = case_records(actor, case)
        path = lifecycle.working_statuses(case.kind)
        passed = path[:path.index(case.status)] if case.status in path else ()
        context.update(records=records, missing=missing_for(case, records), current=STAGE_RECORDS.get(case.status),
                       earlier=[STAGE_RECORDS[stage] for stage in passed if stage in STAGE_RECORDS],
                       outcomes=family_outcomes(actor, case))
    if resolving or care is not None:
        context["resolution"] = resolution_view(actor, case, context.get("records") or Records(),
                                                case_participants(case))
    return context
