"""Reads of assessments: the case's visibility rule (cases.selectors) decides who sees them, and a team
role that writes notes on the case who records them. Also the hooks the instrument engine asks about a
response whose subject is an assessment, and the case page's section."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse

from offramp.cases.models import Case
from offramp.cases.selectors import (
    CaseAccess,
    case_access,
    case_participants,
    case_team,
    case_visibility,
)
from offramp.core.access import Actor, deny, get_or_deny, is_uuid, require
from offramp.core.audit import Action, audit_read
from offramp.core.models import User
from offramp.core.selectors import colleagues
from offramp.helpline.selectors import on_call_now
from offramp.instruments import definition as spec
from offramp.instruments.models import Instrument, InstrumentResponse, InstrumentVersion
from offramp.people.models import Person

from . import charts, results
from .catalogue import (
    ASQ,
    AUTHORITY,
    BUILT_IN,
    FAMILY_OUTCOMES,
    INFLUENCES,
    JUSTICE_STATUS,
    PREVENTION_LEVEL,
    RISK_PROTECTIVE,
    SOCIAL_DIAGNOSTIC,
    STAGE_OF_CHANGE,
    STAGE_OF_EXIT,
    TARGETS,
    WELLNESS,
)
from .charts import Radar
from .models import Assessment, AssessmentDecision
from .permissions import ALERTED_ROLES, ALERTED_TEAM_ROLES, READ

SUBJECT = "assessment"  # the engine's subject type of an assessment's response
_RELATED = ("case", "person", "started_by", "response__version")


def assessments_visible_to(actor: Actor) -> QuerySet[Assessment]:
    require(actor, READ)
    return Assessment.objects.for_actor(actor).filter(case_visibility(actor, "case__"))


def assessment_get(actor: Actor, assessment_id, *, write: bool = False,
                   audit_action: str | None = Action.VIEW) -> Assessment:
    """Not found unless the actor may open its case; with `write`, refused unless they may write on it."""
    assessment = get_or_deny(actor, assessments_visible_to(actor).select_related(*_RELATED), assessment_id,
                             object_type="assessment", audit_action=audit_action)
    if write and not case_access(actor, assessment.case).write_notes:
        deny("assessment", assessment.pk, forbidden=True)
    return assessment


def case_assessments(actor: Actor, case: Case) -> QuerySet[Assessment]:
    """A case's assessments the actor may read, newest first, with who and what: two queries, the instrument
    versions apart (the few a case uses, each definition decoded once however many assessments share it)."""
    return (assessments_visible_to(actor).filter(case=case).select_related("case", "person", "started_by", "response")
            .prefetch_related("response__version").order_by("-created_at", "pk"))


def earlier_of_same_kind(actor: Actor, assessment: Assessment) -> list[Assessment]:
    """The same person's other complete assessments with the same instrument, to compare with."""
    return list(assessments_visible_to(actor).filter(person=assessment.person_id,
                                                     instrument_key=assessment.instrument_key,
                                                     response__status=InstrumentResponse.Status.COMPLETE)
                .exclude(pk=assessment.pk).select_related(*_RELATED).order_by("-created_at")[:20])


def current_stages(actor: Actor, case: Case) -> dict[object, dict[str, results.Stage]]:
    """Each participant's stages of change from their latest complete stage-of-change assessment on the
    case, by target ("behaviour", "networks", "ideology", "identity"); people never assessed are absent.
    One query. Other apps read it (plans: the stage-fit caution, C3)."""
    latest = (case_assessments(actor, case).filter(instrument_key=STAGE_OF_CHANGE,
                                                    response__status=InstrumentResponse.Status.COMPLETE)
              .order_by("-response__completed_at", "-created_at"))
    current: dict[object, dict[str, results.Stage]] = {}
    for assessment in latest:
        if assessment.person_id not in current:
            response = assessment.response
            current[assessment.person_id] = {stage.target: stage for stage in
                                             results.stages(response.version.definition, response.answer_data)}
    return current


def case_alert_recipients(actor: Actor, case: Case) -> list[User]:
    """Who a positive screen alerts, as a helpline safety concern does: the supervisors on call (unless the
    case is restricted to its team) and the supervisors on the case's team; every supervisor when there are
    neither."""
    on_team = [member.user for member in case_team(case) if member.role in ALERTED_TEAM_ROLES and member.user.is_active]
    on_call = [] if case.restricted else on_call_now(actor.organization)
    return list(dict.fromkeys(on_call + on_team)) or list(colleagues(actor, ALERTED_ROLES))


def consultation_supervisors(actor: Actor, case: Case) -> QuerySet[User]:
    """Whom a positive screen's consultation may name: the organisation's supervisors, or, on a restricted
    case, those on its team (anyone else could not open what they are asked to confirm)."""
    supervisors = colleagues(actor, ALERTED_ROLES)
    if case.restricted:
        supervisors = supervisors.filter(pk__in=case.team.filter(removed_at__isnull=True).values("user_id"))
    return supervisors


# The hooks the instrument engine asks about a response on an assessment (subjects.register_subject).

def assessment_readable(actor: Actor, subject_id: str) -> bool:
    return actor.can(READ) and is_uuid(subject_id) and assessments_visible_to(actor).filter(pk=subject_id).exists()


def assessment_writable(actor: Actor, subject_id: str) -> bool:
    if not (actor.can(READ) and is_uuid(subject_id)):
        return False
    assessment = assessments_visible_to(actor).select_related("case").filter(pk=subject_id).first()
    return assessment is not None and case_access(actor, assessment.case).write_notes


def assessment_reference(actor: Actor, subject_id: str) -> str:
    """A label that names no one: the case's reference."""
    assessment = (assessments_visible_to(actor).select_related("case").filter(pk=subject_id).first()
                  if actor.can(READ) and is_uuid(subject_id) else None)
    return assessment.case.reference if assessment else subject_id


def assessment_url(subject_id: str) -> str:
    return reverse("assessments:assessment_detail", args=[subject_id])


# The case page's section: per person, a summary first (the current stages of change with their history,
# the wellness radar over time, the danger block, the stage of exit, the prevention level, the family's
# outcomes, and the person's own reasons when they move back), then every assessment, folded. Two
# queries, however many assessments.

@dataclass
class PersonSummary:
    person: Person
    stages: list[results.Stage] = field(default_factory=list)
    stages_at: object = None  # when the latest complete stage of change was completed
    history: list[dict] = field(default_factory=list)  # oldest first: {"at", "stages": [Stage]}
    charts: list[dict] = field(default_factory=list)  # per target: its label and an SVG polyline's points
    wellness: list[dict] = field(default_factory=list)
    wellness_at: object = None
    wellness_history: list[dict] = field(default_factory=list)  # oldest first: {"at", "values"}
    radar: Radar | None = None
    screen: results.ScreenResult | None = None
    screen_at: object = None
    screen_id: object = None
    screen_consulted_at: object = None
    social: dict | None = None  # the latest social diagnostic: {"id", "at", "risk", "resource", "resonance"}
    danger: results.Danger | None = None
    danger_at: object = None
    danger_id: object = None
    danger_scores: list[dict] = field(default_factory=list)
    exit: results.ExitStage | None = None
    exit_at: object = None
    exit_history: list[dict] = field(default_factory=list)  # oldest first: {"at", "exit": ExitStage}
    reasons: str = ""  # the person's latest own reasons for leaving, in their words
    prevention: list[dict] = field(default_factory=list)
    prevention_at: object = None
    family: list[dict] = field(default_factory=list)
    family_at: object = None

    @property
    def stages_moved_back(self) -> bool:
        earlier = [s.value for s in self.history[-2]["stages"]] if len(self.history) > 1 else None
        return any(s.regression for s in self.stages) or results.moved_back([s.value for s in self.stages], earlier)

    @property
    def exit_moved_back(self) -> bool:
        if self.exit is None:
            return False
        earlier = [self.exit_history[-2]["exit"].value] if len(self.exit_history) > 1 else None
        return self.exit.regression or results.moved_back([self.exit.value], earlier)

    @property
    def remind(self) -> bool:
        """Show the person's own reasons back: they moved back on a stage of change or the stage of exit."""
        return bool(self.reasons) and (self.stages_moved_back or self.exit_moved_back)

    @property
    def any(self) -> bool:
        return bool(self.stages or self.wellness or self.screen or self.danger or self.exit or self.prevention
                    or self.family or self.social)


CHART_WIDTH, CHART_HEIGHT, CHART_LEFT = 280, 80, 16


def _chart(history: list[dict], index: int) -> list[tuple[int, int]]:
    """One target's stages over time as SVG points (1 at the bottom, 5 at the top, the labels in the margins
    above and below), oldest on the left."""
    values = [entry["stages"][index].value if index < len(entry["stages"]) else None for entry in history]
    step = (CHART_WIDTH - CHART_LEFT - 8) / max(len(values) - 1, 1)
    return [(round(CHART_LEFT + i * step), round((5 - value) * (CHART_HEIGHT - 32) / 4) + 16)
            for i, value in enumerate(values) if value]


HISTORY_KINDS = (STAGE_OF_CHANGE, WELLNESS, STAGE_OF_EXIT)  # drawn over time; the others show their latest only


def _summarise(summary: PersonSummary, assessment: Assessment, *, latest: bool) -> None:
    response = assessment.response
    definition, answers, at = response.version.definition, response.answer_data, response.completed_at
    key = assessment.instrument_key
    if key == STAGE_OF_CHANGE:
        summary.stages, summary.stages_at = results.stages(definition, answers), at
        summary.history.append({"at": at, "stages": summary.stages})
    elif key == WELLNESS:
        if latest:  # labels and texts for the latest only; the radar's earlier points need the values alone
            summary.wellness, summary.wellness_at = results.ratings(definition, answers), at
        summary.wellness_history.append({"at": at, "values": results.rating_values(definition, answers)})
    elif key == ASQ:
        summary.screen, summary.screen_at = results.screen(definition, answers), at
        summary.screen_id, summary.screen_consulted_at = assessment.pk, assessment.consulted_at
    elif key == RISK_PROTECTIVE:
        summary.danger, summary.danger_at = results.danger(definition, answers), at
        summary.danger_id = assessment.pk
        summary.danger_scores = results.domain_scores(definition, response.scores or {})
    elif key == STAGE_OF_EXIT:
        summary.exit, summary.exit_at = results.exit_stage(definition, answers), at
        summary.exit_history.append({"at": at, "exit": summary.exit})
        summary.reasons = summary.exit.reasons or summary.reasons
    elif key == SOCIAL_DIAGNOSTIC:
        rated = [rating for factor in results.factors(definition, answers) for rating in factor.ratings]
        summary.social = {"id": assessment.pk, "at": at, **{r: rated.count(r) for r in ("risk", "resource", "resonance")}}
    elif key == INFLUENCES:
        summary.prevention = results.answered_items(definition, answers, (PREVENTION_LEVEL, JUSTICE_STATUS, AUTHORITY))
        summary.prevention_at = at
    elif key == FAMILY_OUTCOMES:
        summary.family, summary.family_at = results.domain_scores(definition, response.scores or {}), at


def person_summaries(actor: Actor, case: Case) -> tuple[dict, list[Assessment]]:
    """Per participant, what their complete assessments on the case say (PersonSummary), and every assessment
    the actor may read, newest first: three queries, made once per request (kept on the case object for the
    other sections of the same page, such as the resolution view)."""
    kept = getattr(case, "_assessment_summaries", None)
    if kept is not None and kept[0] == (actor.user.pk, actor.organization.pk):
        return kept[1]
    # The case and its people are known already: not joined again for every assessment.
    assessments = list(_listed(actor, case))
    people: dict = {}
    for participant in case_participants(case):
        people.setdefault(participant.person_id, PersonSummary(participant.person))
    completed = sorted((a for a in assessments if a.response.is_complete),
                       key=lambda a: (a.response.completed_at, a.created_at))
    latest = {(a.person_id, a.instrument_key): a for a in completed}
    for assessment in completed:  # oldest first: the last one seen is the latest
        summary = people.get(assessment.person_id)
        is_latest = latest[(assessment.person_id, assessment.instrument_key)] is assessment
        if summary is not None and (is_latest or assessment.instrument_key in HISTORY_KINDS):
            _summarise(summary, assessment, latest=is_latest)
    case._assessment_summaries = ((actor.user.pk, actor.organization.pk), (people, assessments))  # type: ignore[attr-defined]
    return people, assessments


def latest_wellness(actor: Actor, case: Case) -> dict:
    """Each person's latest wellness ratings on the case: {person id: {"at", "ratings"}} (`person_summaries`)."""
    people, _assessments = person_summaries(actor, case)
    return {pk: {"at": summary.wellness_at, "ratings": summary.wellness}
            for pk, summary in people.items() if summary.wellness}


def latest_stages(actor: Actor, case: Case) -> dict:
    """Each person's current stages of change by target, as `current_stages`, from `person_summaries`."""
    people, _assessments = person_summaries(actor, case)
    return {pk: {stage.target: stage for stage in summary.stages} for pk, summary in people.items() if summary.stages}


def case_section(actor: Actor, case: Case, access: CaseAccess) -> dict | None:
    if not actor.can(READ):
        return None
    people, assessments = person_summaries(actor, case)
    for summary in people.values():
        if len(summary.history) > 1:
            summary.charts = [{"label": stage.label, "dots": dots, "points": " ".join(f"{x},{y}" for x, y in dots)}
                              for index, stage in enumerate(summary.history[-1]["stages"])
                              for dots in [_chart(summary.history, index)]]
        if summary.wellness:
            summary.radar = charts.radar([r["label"] for r in summary.wellness], summary.wellness_history)
    rows = _rows(assessments, {pk: summary.person.display_name for pk, summary in people.items()})
    return {"case": case, "access": access, "people": [p for p in people.values() if p.any],
            "targets": TARGETS, "assessments": rows[:RECENT_LISTED], "assessment_count": len(rows),
            "chart_width": CHART_WIDTH, "chart_height": CHART_HEIGHT}


RECENT_LISTED = 10  # on the case page; the case's assessments page lists them all


def _rows(assessments: list[Assessment], names: dict) -> list[dict]:
    titles: dict = {}
    rows = []
    for a in assessments:
        version = a.response.version
        if version.pk not in titles:
            titles[version.pk] = spec.label_text(version.definition["title"])
        rows.append({"assessment": a, "title": titles[version.pk], "person": names.get(a.person_id, "")})
    return rows


def case_assessment_rows(actor: Actor, case: Case) -> list[dict]:
    """Every assessment on the case the actor may read, newest first, for its list page (three queries)."""
    names = {p.person_id: p.person.display_name for p in case_participants(case)}
    return _rows(list(_listed(actor, case)), names)


def _listed(actor: Actor, case: Case) -> QuerySet[Assessment]:
    return (assessments_visible_to(actor).filter(case=case).select_related("started_by", "response")
            .prefetch_related("response__version").order_by("-created_at", "pk"))


# The assessment page's reads.

def own_reasons(actor: Actor, assessment: Assessment) -> str:
    """The person's latest own reasons for leaving, in their words, from the complete stage-of-exit
    assessments the actor may read (any case of the person). One query."""
    recent = (assessments_visible_to(actor).filter(person=assessment.person_id, instrument_key=STAGE_OF_EXIT,
                                                   response__status=InstrumentResponse.Status.COMPLETE)
              .select_related("response__version").order_by("-response__completed_at")[:20])
    for other in recent:
        reasons = results.exit_stage(other.response.version.definition, other.response.answer_data).reasons
        if reasons:
            return reasons
    return ""


def previous_of_same_kind(actor: Actor, assessment: Assessment) -> Assessment | None:
    """The same person's complete assessment with the same instrument just before this one."""
    return (assessments_visible_to(actor).filter(person=assessment.person_id, instrument_key=assessment.instrument_key,
                                                 response__status=InstrumentResponse.Status.COMPLETE,
                                                 created_at__lt=assessment.created_at)
            .select_related("response__version").order_by("-created_at").first())


def assessment_decisions(actor: Actor, assessment: Assessment) -> list[AssessmentDecision]:
    """The joint decisions recorded on an assessment the actor has read (assessment_get), oldest first."""
    return list(AssessmentDecision.objects.for_actor(actor).filter(assessment=assessment)
                .select_related("recorded_by"))


def assessment_pair(actor: Actor, assessment_id, other_id) -> tuple[Assessment, Assessment]:
    """Two different complete assessments of the same person with the same instrument, both readable,
    oldest first (for a comparison); not found otherwise (a draft has no answers to compare yet). One audit
    event for the pair."""
    first = assessment_get(actor, assessment_id, audit_action=None)
    second = assessment_get(actor, other_id, audit_action=None)
    if ((first.person_id, first.instrument_key) != (second.person_id, second.instrument_key) or first.pk == second.pk
            or not (first.response.is_complete and second.response.is_complete)):
        deny("assessment", other_id)
    before, after = sorted((first, second), key=lambda a: a.created_at)
    audit_read(actor, action=Action.VIEW, object_type="assessment", count=2,
               detail={"op": "compare", "assessments": [str(before.pk), str(after.pk)]})
    return before, after


def imported_instruments(actor: Actor) -> QuerySet[Instrument]:
    """The instruments the organisation imported itself (a licensed structured tool, say) that may be
    used as assessments beside the built-in ones: every version imported by someone, none shipped by an
    app (the helpline's review stays the helpline's). The built-in keys are left out."""
    shipped = InstrumentVersion.objects.for_actor(actor).filter(created_by__isnull=True).values("instrument_id")
    return (Instrument.objects.for_actor(actor).exclude(pk__in=shipped).exclude(key__in=BUILT_IN)
            .filter(current_version__isnull=False).order_by("title"))
