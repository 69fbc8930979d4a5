from datetime import timedelta

import pytest
from django.utils import timezone

from offramp.cases import services as case_services
from offramp.cases.models import CaseTransition, ResolutionCriterion
from offramp.protocol import services

WORRIES = "He shouts when we ask about the videos and sleeps all day."


def write(world, stage, persona="manager", case=None):
    actor, case_id = world.actor(persona), (case or world.case).pk
    if stage == "evaluation":
        return services.family_evaluation_save(actor=actor, case_id=case_id, worries=WORRIES,
                                               needs="Lonely since losing his job.", openings="Football with his cousin.")
    if stage == "plan":
        return services.intervention_plan_save(actor=actor, case_id=case_id, family_goals="A shared meal each week.",
                                               person_goals="Meet a mentor.", tasks="Mother: meals. Mentor: weekly.")
    if stage == "monitoring":
        return services.monitoring_entry_add(actor=actor, case_id=case_id, observed_on=timezone.localdate(),
                                             changes="Came to the Sunday meal.")
    return services.coaching_plan_save(actor=actor, case_id=case_id, topics="Open questions.",
                                       family_goals="Keep talking without arguing.", sessions_planned=6,
                                       sessions_held=2)


STAGES = (("evaluation", "plan"), ("plan", "monitoring"), ("monitoring", "coaching"))


def walk_to_coaching(world, case=None):
    actor = world.actor("manager")
    for record, to_status in STAGES:
        write(world, record, case=case)
        case_services.case_transition(actor=actor, case_id=(case or world.case).pk, to_status=to_status)


def resolve(world, days_ago=0, case=None):
    case = case or world.case
    walk_to_coaching(world, case=case)
    write(world, "coaching", case=case)
    criterion = ResolutionCriterion.objects.create(organization=world.org, kind=case.kind,
                                                   text="Coaching goals agreed with the family are met")
    case_services.case_transition(actor=world.actor("manager"), case_id=case.pk, to_status="resolved",
                                  evidence={criterion.pk: "Coaching plan: goals met."})
    CaseTransition.objects.filter(case=case, to_status="resolved").update(
        at=timezone.now() - timedelta(days=days_ago))
    case.refresh_from_db()


@pytest.fixture
def resolved(world):
    resolve(world, days_ago=40)
    return world.case
