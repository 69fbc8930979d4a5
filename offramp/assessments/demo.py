"""The assessments' part of the demo: for a few of each organisation's cases, its client's stages of
change and wellness over about five months (a real trajectory, with a move back and a shift recorded),
and a suicide-risk screen (one positive, which alerts the case's supervisors); the stage of exit at each
visit with the person's own reasons (moving back with the stage of change, so the reasons are shown back),
the risk and protective factors easing from an escalated danger block, the social diagnostic answered by
two agencies with their joint decision, the influences and prevention level, and the family's outcomes
answered by a family member. Made through the services, then dated back as the instruments' demo does.

In the scale data (`load_scale`) a fifth of the cases have a history of stages of change, wellness
ratings and risk profiles, and one in 499 a long one (the benchmark's heavy case page):
inserted in bulk, answers encrypted and scored by the engine as completing them would."""

import json
import time
import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from offramp.cases.models import Case, CaseParticipant, CaseTeamMember, ParticipantRole, TeamRole
from offramp.cases.permissions import WRITING_TEAM_ROLES
from offramp.cases.selectors import case_team
from offramp.core.access import member_actor
from offramp.core.demo import registry
from offramp.instruments import definition as spec
from offramp.instruments import services as instrument_services
from offramp.instruments.models import Contribution, InstrumentResponse, InstrumentVersion

from . import catalogue, services
from .models import Assessment, AssessmentDecision
from .permissions import ALERTED_TEAM_ROLES
from .selectors import SUBJECT

DAYS_AGO = (150, 120, 90, 60, 30, 6)
# Per case: each target's stage at each visit (1 precontemplation … 5 maintenance); a fall is a move back.
TRAJECTORIES = [
    {"behaviour": (2, 3, 4, 4, 3, 4), "networks": (1, 2, 2, 3, 3, 4), "ideology": (1, 1, 2, 2, 2, 3),
     "identity": (1, 1, 1, 2, 3, 3)},
    {"behaviour": (1, 2, 3, 3, 4, 5), "networks": (1, 1, 2, 3, 2, 2), "ideology": (1, 2, 2, 3, 3, 3),
     "identity": (2, 2, 3, 3, 3, 4)},
    {"behaviour": (3, 3, 4, 5, 5, 4), "networks": (2, 3, 3, 4, 4, 4), "ideology": (2, 2, 3, 3, 4, 4),
     "identity": (1, 2, 2, 3, 3, 3)},
]
STAGES = ("precontemplation", "contemplation", "preparation", "action", "maintenance")
EVIDENCE = {"behaviour": "Kept to the agreed plan; no threats reported by the family.",
            "networks": "Sees two old friends from outside the movement each week.",
            "ideology": "Talked about the group's videos with more distance than last time.",
            "identity": "Describes himself by his work at the garage more than by the group."}
# Wellness ratings per visit: a dip around the move back.
WELLNESS = (2, 3, 3, 4, 2, 3)
SCREENS = [{"asq_1": "yes", "asq_2": "no", "asq_3": "no", "asq_4": "no", "asq_5": "no"},
           {"asq_1": "no", "asq_2": "no", "asq_3": "no", "asq_4": "no"}]


def _stage_answers(trajectory: dict, visit: int) -> dict:
    answers: dict = {}
    for target, stages in trajectory.items():
        answers[f"{target}_stage"] = STAGES[stages[visit] - 1]
        answers[f"{target}_evidence"] = EVIDENCE[target]
        moved_back = visit > 0 and stages[visit] < stages[visit - 1]
        answers[f"{target}_regression"] = "yes" if moved_back else ("no" if visit else {"special": "not_relevant"})
        answers[f"{target}_shift"] = "yes" if moved_back and target == "behaviour" else "no"
    return answers


def _dated(assessment: Assessment, days_ago: int) -> None:
    at = timezone.now() - timedelta(days=days_ago)
    Assessment.objects.filter(pk=assessment.pk).update(created_at=at)
    InstrumentResponse.objects.filter(pk=assessment.response_id).update(
        created_at=at, updated_at=at + timedelta(minutes=40), completed_at=at + timedelta(minutes=40))
    Contribution.objects.filter(response_id=assessment.response_id).update(created_at=at + timedelta(minutes=30))


def _assess(actor, case: Case, person_id, key: str, answers: dict, days_ago: int, **informant) -> None:
    assessment = services.assessment_start(actor=actor, case_id=case.pk, person_id=person_id, instrument_key=key,
                                           **informant)
    services.assessment_complete(actor=actor, assessment_id=assessment.pk, answers=answers,
                                 agency="Northstar casework")
    _dated(assessment, days_ago)


# The stage of exit per visit (1 engaged … 5 out), moving back where the behaviour's stage of change does.
EXIT_STAGES = ("engaged", "doubting", "distancing", "leaving", "out")
EXIT_TRAJECTORIES = [(2, 3, 3, 4, 3, 4), (1, 2, 3, 3, 3, 4), (3, 3, 4, 4, 5, 4)]
OWN_REASONS = ["I want my daughter to grow up without this.", "I'm tired of hating people I've never met.",
               "They only cared about me while I was useful to them."]
RISK_VISITS = {150: {"commitment": "very_high", "justifies_violence": "high", "grievance": "high",
                     "group_dependence": "high", "danger_violent_contact": "yes", "family_support": "weak",
                     "exit_motivation": "some"},
               90: {"commitment": "high", "justifies_violence": "moderate", "grievance": "high",
                    "group_dependence": "moderate", "family_support": "some", "exit_motivation": "good"},
               30: {"commitment": "moderate", "justifies_violence": "low", "grievance": "moderate",
                    "group_dependence": "low", "family_support": "good", "exit_motivation": "good"},
               6: {"commitment": "low", "justifies_violence": "none", "grievance": "moderate",
                   "group_dependence": "low", "family_support": "good", "exit_motivation": "strong"}}
DANGER_SIGNS = ("danger_threats", "danger_weapons", "danger_plan", "danger_violent_contact")
SOCIAL = {"family_history_rating": ["risk"], "family_history_evidence": "Grew up with an older brother in the scene.",
          "education_work_rating": ["resource", "resonance"],
          "education_work_evidence": "Proud of his apprenticeship; talks about engines for hours.",
          "family_now_rating": ["resource"], "family_now_evidence": "His mother calls every Sunday.",
          "friends_rating": ["risk"], "friends_evidence": "Most friends are still in the group.",
          "online_rating": ["risk"], "online_evidence": "Evenings in closed chat groups.",
          "housing_rating": {"special": "not_relevant"}, "gender_needs": ["roles"],
          "gender_evidence": "The group offered him the role of protector; he still wants to be one.",
          "underlying_needs": ["belonging", "significance"], "openings": ["interest", "family"],
          "openings_detail": "The garage owner is willing to mentor him."}
INFLUENCE = {"prevention_level": "tertiary", "justice_status": "probation", "authority": "County probation service",
             "influencers": ["recruiter", "friend"], "tactics": ["love_bombing", "grievance"],
             "channels": ["messaging", "video"], "online_hours": 14}
FAMILY = (2, 2, 3, 3, 4, 4)  # the family's ratings rising over the visits


def _exit_answers(index: int, visit: int) -> dict:
    stages = EXIT_TRAJECTORIES[index]
    answers: dict = {"exit_stage": EXIT_STAGES[stages[visit] - 1],
                     "exit_regression": "yes" if visit and stages[visit] < stages[visit - 1] else "no"}
    if visit == 0:
        answers["own_reasons"] = OWN_REASONS[index]
        answers["turning_points"] = ["family", "disillusion"]
    return answers


def _joint(actor, case: Case, person_id, days_ago: int) -> None:
    """The social diagnostic answered by two agencies, with the decision they took together."""
    assessment = services.assessment_start(actor=actor, case_id=case.pk, person_id=person_id,
                                           instrument_key=catalogue.SOCIAL_DIAGNOSTIC)
    half = dict(list(SOCIAL.items())[:6])
    instrument_services.response_contribute(actor=actor, response_id=assessment.response_id, answers=half,
                                            agency="County probation service")
    services.assessment_complete(actor=actor, assessment_id=assessment.pk, answers=SOCIAL,
                                 agency="Northstar casework")
    services.assessment_decide(actor=actor, assessment_id=assessment.pk, agencies=[
        "County probation service", "Northstar casework"], decision="Build on the apprenticeship: the mentor "
        "introduces him to the garage owner; probation keeps the evening curfew under review.")
    _dated(assessment, days_ago)
    AssessmentDecision.objects.filter(assessment=assessment).update(
        created_at=timezone.now() - timedelta(days=days_ago) + timedelta(hours=2))


def _more(actor, case: Case, client: CaseParticipant, index: int) -> None:
    for visit, days_ago in enumerate(DAYS_AGO):
        _assess(actor, case, client.person_id, catalogue.STAGE_OF_EXIT, _exit_answers(index, visit), days_ago)
    for days_ago, answers in RISK_VISITS.items():
        signs = {key: answers.get(key, "no") for key in DANGER_SIGNS}
        _assess(actor, case, client.person_id, catalogue.RISK_PROTECTIVE, {**answers, **signs}, days_ago)
    _joint(actor, case, client.person_id, 140)
    for days_ago in (150, 60):
        _assess(actor, case, client.person_id, catalogue.INFLUENCES, INFLUENCE, days_ago)
    family = (CaseParticipant.objects.filter(case=case, role=ParticipantRole.FAMILY_MEMBER)
              .order_by("pk").first())
    if family is not None:
        for visit, days_ago in enumerate(DAYS_AGO):
            ratings = {key: max(1, min(5, FAMILY[visit] + (offset % 2))) for offset, key in enumerate(
                ("relationship", "communication", "trust", "contact", "influence", "confidence", "coping"))}
            _assess(actor, case, client.person_id, catalogue.FAMILY_OUTCOMES, ratings, days_ago,
                    informant="informant", informant_relationship="Family member")


def load_demo(ctx: registry.DemoContext) -> None:
    org = ctx.organization
    clients = (CaseParticipant.objects.filter(organization=org, role=ParticipantRole.CLIENT, case__restricted=False)
               .select_related("case").order_by("case__opened_at")[:len(TRAJECTORIES)])
    supervisor = member_actor(ctx.staff["supervisor"], org.pk)
    for index, client in enumerate(clients):
        case = client.case
        writers = [m.user for m in case_team(case) if m.role in WRITING_TEAM_ROLES and m.role not in ALERTED_TEAM_ROLES]
        actor = member_actor(writers[0], org.pk) if writers else supervisor
        for visit, days_ago in enumerate(DAYS_AGO):
            _assess(actor, case, client.person_id, catalogue.STAGE_OF_CHANGE,
                    _stage_answers(TRAJECTORIES[index], visit), days_ago)
            rating = WELLNESS[visit] + (1 if index else 0)
            wellness = {key: max(1, min(5, rating + (offset % 3) - 1))
                        for offset, key in enumerate(catalogue.DIMENSIONS)}
            informant = ({"informant": "informant", "informant_relationship": "Mother"} if visit == 2
                         else {})
            _assess(actor, case, client.person_id, catalogue.WELLNESS, wellness, days_ago, **informant)
        if index < len(SCREENS):
            _assess(actor, case, client.person_id, catalogue.ASQ, SCREENS[index], 20)
        _more(actor, case, client, index)


# -- the scale data ------------------------------------------------------------------------------

SCALE_SHARE = 0.2  # of the cases, with a history
HEAVY_EVERY = 499  # one case in so many has a long history (prime, so case managers share them out)
VISITS = 3
HEAVY_VISITS = 24
SCALE_CHUNK = 2000
RISK_LEVELS = ("none", "low", "moderate", "high", "very_high")
PROTECTIVE_LEVELS = ("absent", "weak", "some", "good", "strong")


def _walk(rng, start: int, steps: int) -> list[int]:
    """A stage (1–5) over the visits: mostly forward, sometimes back (a regression)."""
    stages = [start]
    for _ in range(steps - 1):
        stages.append(max(1, min(5, stages[-1] + rng.choices((1, 0, -1), (4, 5, 1))[0])))
    return stages


def _visit_answers(rng, walks: dict, visit: int) -> list[tuple[str, dict]]:
    stage = {}
    for target, stages in walks.items():
        stage[f"{target}_stage"] = STAGES[stages[visit] - 1]
        stage[f"{target}_evidence"] = EVIDENCE[target]
        moved_back = visit > 0 and stages[visit] < stages[visit - 1]
        stage[f"{target}_regression"] = "yes" if moved_back else "no"
        stage[f"{target}_shift"] = "no"
    base = walks["behaviour"][visit]
    wellness = {key: max(1, min(5, base + rng.randint(-1, 1))) for key in catalogue.DIMENSIONS}
    risk = {key: RISK_LEVELS[max(0, min(4, 5 - base + rng.randint(-1, 0)))]
            for key in ("commitment", "justifies_violence", "grievance", "group_dependence")}
    risk.update({key: PROTECTIVE_LEVELS[max(0, min(4, base - 1 + rng.randint(0, 1)))]
                 for key in ("family_support", "exit_motivation", "coping")})
    risk.update({key: "no" for key in DANGER_SIGNS})
    return [(catalogue.STAGE_OF_CHANGE, stage), (catalogue.WELLNESS, wellness), (catalogue.RISK_PROTECTIVE, risk)]


def load_scale(ctx: registry.ScaleContext) -> None:
    org, rng, now = ctx.organization, ctx.random(4500), ctx.now
    with transaction.atomic():
        versions: dict[str, InstrumentVersion] = {key: instrument_services.instrument_ensure_within(
            organization=org, data=catalogue.shipped(key))
            for key in (catalogue.STAGE_OF_CHANGE, catalogue.WELLNESS, catalogue.RISK_PROTECTIVE)}
    managers = dict(CaseTeamMember.objects.filter(organization=org, role=TeamRole.CASE_MANAGER)
                    .values_list("case_id", "user_id"))
    clients = list(CaseParticipant.objects.filter(organization=org, role=ParticipantRole.CLIENT)
                   .order_by("case__reference").values_list("case_id", "person_id", "case__opened_at"))
    started, made = time.monotonic(), 0
    for offset in range(0, len(clients), SCALE_CHUNK):
        rows: tuple[list, list, list] = ([], [], [])
        for number, (case_id, person_id, opened) in enumerate(clients[offset:offset + SCALE_CHUNK], start=offset):
            heavy = number % HEAVY_EVERY == 0
            if (heavy or rng.random() < SCALE_SHARE) and case_id in managers:
                visits = HEAVY_VISITS if heavy else VISITS
                _history(rng, versions, org, case_id, person_id, managers[case_id], opened, now, visits, rows)
        with transaction.atomic():
            InstrumentResponse.objects.bulk_create(rows[0], batch_size=1000)
            Contribution.objects.bulk_create(rows[1], batch_size=1000)
            Assessment.objects.bulk_create(rows[2], batch_size=1000)
        made += len(rows[2])
    ctx.say(f"  {made:,} assessments ({time.monotonic() - started:.0f} s)")


def _history(rng, versions, org, case_id, person_id, author_id, opened, now, visits: int, rows) -> None:
    walks = {target: _walk(rng, rng.randint(1, 3), visits) for target in ("behaviour", "networks", "ideology", "identity")}
    span = max(visits, int((now - opened).total_seconds() // 86400))
    for visit in range(visits):
        at = opened + timedelta(days=span * visit // visits, hours=rng.randint(1, 8))
        for key, answers in _visit_answers(rng, walks, visit):
            version = versions[key]
            assessment_id = uuid.uuid4()
            stored = json.dumps(answers, ensure_ascii=False)
            response = InstrumentResponse(
                organization=org, version=version, subject_type=SUBJECT, subject_id=str(assessment_id),
                status=InstrumentResponse.Status.COMPLETE, answers=stored,
                scores=spec.score(version.definition, answers), started_by_id=author_id, created_at=at,
                updated_at=at + timedelta(minutes=30), completed_at=at + timedelta(minutes=30))
            rows[0].append(response)
            rows[1].append(Contribution(organization=org, response=response, author_id=author_id, agency="",
                                        answers=stored, created_at=at + timedelta(minutes=30)))
            rows[2].append(Assessment(id=assessment_id, organization=org, case_id=case_id, person_id=person_id,
                                      instrument_key=key, response=response, started_by_id=author_id, created_at=at))


DEMO_PART = registry.DemoPart("assessments", order=45, load_demo=load_demo, load_scale=load_scale)
BENCH_COUNT = registry.BenchCount("assessments", lambda org: Assessment.objects.filter(organization=org).count(),
                                  order=30)


def register() -> None:
    """Called from `AssessmentsConfig.ready()`."""
    registry.register(DEMO_PART)
    registry.register_bench_count(BENCH_COUNT)
