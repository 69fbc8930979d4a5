"""The assessments' part of the demo: for a few of each organisation's cases, its client's stages of
change and wellness over about five months (a real trajectory, with a move back and a shift recorded),
and a suicide-risk screen (one positive, which alerts the case's supervisors); the stage of exit at each
visit with the person's own reasons (moving back with the stage of change, so the reasons are shown back),
the risk and protective factors easing from an escalated danger block, the social diagnostic answered by
two agencies with their joint decision, the influences and prevention level, and the family's outcomes
answered by a family member. Made through the services, then dated back as the instruments' demo does.
The scale data has none yet (`load_scale` is None)."""

from datetime import timedelta

from django.utils import timezone

from offramp.cases.models import Case, CaseParticipant, ParticipantRole
from offramp.cases.permissions import WRITING_TEAM_ROLES
from offramp.cases.selectors import case_team
from offramp.core.access import member_actor
from offramp.core.demo import registry
from offramp.instruments import services as instrument_services
from offramp.instruments.models import Contribution, InstrumentResponse

from . import catalogue, services
from .models import Assessment, AssessmentDecision
from .permissions import ALERTED_TEAM_ROLES

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


DEMO_PART = registry.DemoPart("assessments", order=45, load_demo=load_demo)
