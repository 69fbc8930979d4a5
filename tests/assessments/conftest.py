import pytest

from offramp.assessments import catalogue, services

STAGES_V1 = {"behaviour_stage": "contemplation", "networks_stage": "precontemplation",
             "ideology_stage": {"special": "no_information"}, "identity_stage": "preparation"}
STAGES_V2 = {"behaviour_stage": "precontemplation", "behaviour_regression": "yes", "networks_stage": "contemplation",
             "ideology_stage": "contemplation", "identity_stage": "action"}
WELLNESS = {key: 3 for key in catalogue.DIMENSIONS}


def assess(world, key, answers, *, persona="manager", person=None, complete=True):
    actor = world.actor(persona)
    assessment = services.assessment_start(actor=actor, case_id=world.case.pk,
                                           person_id=(person or world.client_person).pk, instrument_key=key)
    if complete:
        assessment = services.assessment_complete(actor=actor, assessment_id=assessment.pk, answers=answers)
    return assessment


@pytest.fixture
def stage_assessment(world):
    return assess(world, catalogue.STAGE_OF_CHANGE, STAGES_V1)


SOCIAL = {"family_history_rating": ["risk"], "family_history_evidence": "Father in the movement for years.",
          "family_now_rating": ["resource", "resonance"], "family_now_evidence": "Calls his sister every week.",
          "online_rating": ["risk"], "online_evidence": "Hours a day in closed chats.",
          "housing_rating": {"special": "not_relevant"}, "gender_needs": ["roles"],
          "underlying_needs": ["belonging", "trauma"], "openings": ["interest"],
          "openings_detail": "Repairs motorbikes; the garage owner would mentor him."}
RISK_CALM = {"commitment": "moderate", "family_support": "good",
             **{f"danger_{key}": "no" for key in ("threats", "weapons", "plan", "violent_contact")}}
RISK_ESCALATED = {**RISK_CALM, "commitment": "very_high", "justifies_violence": "high", "danger_weapons": "yes",
                  "exit_motivation": "weak"}
EXIT_V1 = {"exit_stage": "distancing", "own_reasons": "I want my daughter to be proud of me.",
           "turning_points": ["family"]}
EXIT_V2 = {"exit_stage": "doubting", "exit_regression": "yes"}
INFLUENCES = {"prevention_level": "tertiary", "justice_status": "probation", "authority": "County probation service",
              "influencers": ["recruiter", "friend"], "tactics": ["love_bombing", "secrecy"], "online_hours": 12.5}
FAMILY = {"relationship": 2, "communication": 2, "trust": 3, "contact": 4, "influence": 2, "confidence": 1,
          "coping": 3}
ANSWERS = {catalogue.SOCIAL_DIAGNOSTIC: SOCIAL, catalogue.RISK_PROTECTIVE: RISK_CALM, catalogue.STAGE_OF_EXIT: EXIT_V1,
           catalogue.INFLUENCES: INFLUENCES, catalogue.FAMILY_OUTCOMES: FAMILY}
NEW = tuple(ANSWERS)
