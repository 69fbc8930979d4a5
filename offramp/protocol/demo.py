"""The protocol's part of the demo: every family-support case of the cases' demo gets the records of the
stages it has passed; then some move on with their records, two are resolved against the organisation's
criteria with evidence that points at those records, and their aftercare has check-ins held (one worrying)
and due. Made through the services, then dated back. Every text is invented.

The cases' demo moves family cases on with the stage gates suspended (cases.gates); this part writes the
records of the stages they passed, and moves some on through the gates."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from offramp.assessments import catalogue as assessment_catalogue
from offramp.assessments import services as assessment_services
from offramp.assessments.models import Assessment
from offramp.cases import lifecycle
from offramp.cases import services as case_services
from offramp.cases.models import (
    Case,
    CaseKind,
    CaseStatus,
    CaseTransition,
    ParticipantRole,
    ResolutionCriterion,
    TeamRole,
)
from offramp.core.access import member_actor
from offramp.core.demo import registry
from offramp.instruments import definition as spec
from offramp.instruments.models import InstrumentResponse

from . import services
from .models import MonitoringEntry, Watch
from .selectors import FAMILY_OUTCOMES, SOCIAL_DIAGNOSTIC, STAGE_RECORDS

S = CaseStatus

WORRIES = [
    "He stopped eating with us and spends every night in his room on his phone. When we ask, he shouts.",
    "She repeats what the videos say about other people and has dropped her old friends.",
    "Our son talks about 'the coming fight' and has bought things we don't understand.",
]
NEEDS = "Lonely since he lost his job; anxious, sleeps badly; wants to matter to someone."
OPENINGS = "Still loves football with his cousin; asks his grandmother for advice; wants to learn a trade."
FAMILY_GOALS = "Keep talking without arguing about the group; one shared meal a week; agree what to do in a crisis."
PERSON_GOALS = "Meet a mentor; look at two apprenticeships; see his cousin at football on Saturdays."
TASKS = "Mother: Sunday meal and calm questions. Mentor: weekly meeting. Case manager: apprenticeship contacts."
CHANGES = [
    "Came to the Sunday meal twice; talked about football, not the group.",
    "A bad week: argued with his father after a video; no threats, calmer the next day.",
    "Went to the apprenticeship open day with his mentor and asked questions.",
    "Muted two of the group channels; says some of the people there 'only use you'.",
]
TOPICS = "Open questions and listening; staying in contact after an argument; boundaries; what to do in a crisis."
COACHING_GOALS = "Parents keep a warm relationship without endorsing the ideas; they know who to call if it escalates."


def _answers(definition: dict, rng, *, low: bool = False) -> dict:
    """Plausible answers to a definition's items, whatever they are (the demo does not depend on its wording)."""
    answers: dict = {}
    for item in spec.iter_items(definition):
        kind, options = item.get("type"), item.get("options") or []
        if kind == spec.RATING:
            top, bottom = item.get("max", 5), item.get("min", 1)
            answers[item["key"]] = max(bottom, min(top, (bottom + 1 if low else top - 1) + rng.choice((-1, 0, 0))))
        elif kind == spec.SINGLE and options:
            answers[item["key"]] = rng.choice(options)["value"]
        elif kind == spec.MULTIPLE and options:
            answers[item["key"]] = [options[0]["value"]]
        elif kind == spec.NUMBER:
            answers[item["key"]] = item.get("min", 0)
        elif kind == spec.TEXT:
            answers[item["key"]] = "As the family described it at the meeting."
    return answers


def _assess(actor, case: Case, person, key: str, rng, days_ago: int, *, low: bool = False, **informant):
    """A built-in assessment, when the assessments app ships it; the draft stays when its answers do not fit."""
    if key not in assessment_catalogue.BUILT_IN:
        return None
    assessment = assessment_services.assessment_start(actor=actor, case_id=case.pk, person_id=person.pk,
                                                      instrument_key=key, **informant)
    try:
        assessment_services.assessment_complete(
            actor=actor, assessment_id=assessment.pk, agency="Family support",
            answers=_answers(assessment_catalogue.shipped(key), rng, low=low))
    except ValidationError:
        return assessment
    at = timezone.now() - timedelta(days=days_ago)
    Assessment.objects.filter(pk=assessment.pk).update(created_at=at)
    InstrumentResponse.objects.filter(pk=assessment.response_id).update(created_at=at, updated_at=at, completed_at=at)
    return assessment


def _record(actor, case: Case, stage: str, rng, days_ago: int) -> None:
    people = {p.role: p.person for p in case.participants.select_related("person")}
    relative = people.get(ParticipantRole.CLIENT) or people.get(ParticipantRole.FAMILY_MEMBER)
    if stage == "evaluation":
        diagnostic = None
        concern = people.get(ParticipantRole.PERSON_OF_CONCERN)
        if concern is not None:
            diagnostic = _assess(actor, case, concern, SOCIAL_DIAGNOSTIC, rng, days_ago, informant="informant",
                                 informant_relationship="Mother")
        services.family_evaluation_save(actor=actor, case_id=case.pk, worries=rng.choice(WORRIES), needs=NEEDS,
                                        openings=OPENINGS, diagnostic_id=diagnostic.pk if diagnostic else None)
    elif stage == "plan":
        services.intervention_plan_save(actor=actor, case_id=case.pk, family_goals=FAMILY_GOALS,
                                        person_goals=PERSON_GOALS, tasks=TASKS,
                                        review_on=timezone.localdate() + timedelta(days=30))
    elif stage == "monitoring":
        for weeks, text in enumerate(rng.sample(CHANGES, 3)):
            services.monitoring_entry_add(actor=actor, case_id=case.pk, changes=text,
                                          observed_on=timezone.localdate() - timedelta(days=days_ago - 7 * weeks))
    elif stage == "coaching":
        services.coaching_plan_save(actor=actor, case_id=case.pk, topics=TOPICS, family_goals=COACHING_GOALS,
                                    sessions_planned=6, sessions_held=rng.randint(2, 6))
        if relative is not None:
            _assess(actor, case, relative, FAMILY_OUTCOMES, rng, days_ago + 30, low=True)
            _assess(actor, case, relative, FAMILY_OUTCOMES, rng, max(days_ago - 10, 1))


def _resolve(actor, case: Case, days_ago: int) -> None:
    criteria = ResolutionCriterion.objects.filter(organization=case.organization_id, kind=case.kind, active=True)
    latest = MonitoringEntry.objects.filter(case=case).order_by("-observed_on").first()
    seen = latest.observed_on.isoformat() if latest else ""
    evidence = {}
    for criterion in criteria:
        text = criterion.text.lower()
        evidence[str(criterion.pk)] = (
            "Coaching plan: the family's goals met; see the family outcomes ratings." if "coaching" in text
            else f"Monitoring entry of {seen}: calmer at home, no threats." if "home" in text
            else "Intervention plan goals for the person: apprenticeship started, football on Saturdays.")
    case_services.case_transition(actor=actor, case_id=case.pk, to_status=S.RESOLVED, evidence=evidence)
    at = timezone.now() - timedelta(days=days_ago)
    CaseTransition.objects.filter(case=case, to_status=S.RESOLVED).update(at=at)
    Case.objects.filter(pk=case.pk).update(updated_at=at)


def _check_in(actor, case: Case, days_after: int, watch: str, notes: str) -> None:
    resolution = CaseTransition.objects.filter(case=case, to_status=S.RESOLVED).order_by("-at").first()
    if resolution is None:
        return
    services.aftercare_check_in_record(actor=actor, case_id=case.pk, watch=watch, notes=notes,
                                       held_on=timezone.localdate(resolution.at) + timedelta(days=days_after))


# From the most advanced case down, where each goes: two to resolution (and aftercare), then one stage each
# down the path, so that every stage has a case; the rest stay where they are.
TARGETS = (S.RESOLVED, S.RESOLVED, S.COACHING, S.MONITORING, S.PLAN)
RESOLVED_DAYS_AGO = (100, 200)


COACHING_CRITERION = "Coaching goals agreed with the family are met"


def load_demo(ctx: registry.DemoContext) -> None:
    org, rng = ctx.organization, ctx.rng
    ResolutionCriterion.objects.create(organization=org, kind=CaseKind.FAMILY_SUPPORT, text=COACHING_CRITERION,
                                       record="protocol.coaching", position=10)
    full = lifecycle.FAMILY_PATH
    path = lifecycle.working_statuses(CaseKind.FAMILY_SUPPORT)
    cases = sorted((case for case in Case.objects.filter(organization=org, kind=CaseKind.FAMILY_SUPPORT, restricted=False)
                    .prefetch_related("team").order_by("reference") if case.status in path),
                   key=lambda case: -path.index(case.status))
    resolved = 0
    for number, case in enumerate(cases):
        managers = [m.user for m in case.team.all() if m.role == TeamRole.CASE_MANAGER and m.removed_at is None]
        actor = member_actor(managers[0] if managers else ctx.staff["supervisor"], org.pk)
        where = status = case.status
        for step, stage in enumerate(path[:path.index(where)]):  # the stages passed, as if written on the way
            _record(actor, case, STAGE_RECORDS[stage], rng, days_ago=80 - 15 * step)
        target = TARGETS[number] if number < len(TARGETS) else where
        while full.index(status) < full.index(target):  # further, each stage with its record
            _record(actor, case, STAGE_RECORDS[status], rng, days_ago=40)
            status = full[full.index(status) + 1]
            if status == S.RESOLVED:
                _resolve(actor, case, days_ago=RESOLVED_DAYS_AGO[resolved % 2])
            else:
                case_services.case_transition(actor=actor, case_id=case.pk, to_status=status)
        if status == S.RESOLVED:
            if resolved % 2 == 0:  # the one-month check-in held; the three-month one overdue (on the queue)
                _check_in(actor, case, 31, Watch.STEADY, "Doing well; started the apprenticeship.")
            else:  # both held, the second worrying (reopen in one click); the six-month one overdue
                _check_in(actor, case, 30, Watch.STEADY, "Family says home is calmer.")
                _check_in(actor, case, 92, Watch.PRESSURE,
                          "Old contacts messaging him again about a meeting; he told his mother and is unsure.")
            resolved += 1
        elif status == S.MONITORING:  # under way: entries written, so the case may move on to coaching
            _record(actor, case, "monitoring", rng, days_ago=20)
        elif status == S.EVALUATION and number == len(TARGETS):  # one evaluation written, ready to plan
            _record(actor, case, "evaluation", rng, days_ago=5)


DEMO_PART = registry.DemoPart("protocol", order=50, load_demo=load_demo)
