from datetime import timedelta

import pytest

from offramp.assessments import catalogue as assessment_catalogue
from offramp.assessments import services as assessment_services
from offramp.plans import services
from offramp.plans.selectors import today

GOAL = {"statement": "Apply for three jobs at local garages.", "measure": "Applications sent, counted weekly.",
        "target": "Three applications sent", "achievable": "He finished a mechanics course.",
        "relevant": "Work gives structure beyond the group.", "dimensions": ["occupational"],
        "targets": ["behaviour"]}


def due(world, days: int = 30):
    return today(world.actor("manager")) + timedelta(days=days)


def make_goal(world, persona: str = "manager", person=None, **changes):
    fields = {**GOAL, "due_on": due(world), **changes}
    return services.goal_create(actor=world.actor(persona), case_id=world.case.pk,
                                person_id=(person or world.client_person).pk, **fields)


def make_task(world, persona: str = "manager", assignee: str = "mentor", days: int = 3, **changes):
    fields = {"kind": "task", "description": "Call the mother to hear how the first weeks went.",
              "assignee_id": world.users[assignee].pk, "due_on": due(world, days), **changes}
    return services.task_create(actor=world.actor(persona), case_id=world.case.pk, **fields)


def record_stages(world, ideology: str = "contemplation", identity: str = "preparation", person=None):
    """A complete stage of change of the client: ideology and identity at the stages given."""
    actor = world.actor("manager")
    assessment = assessment_services.assessment_start(actor=actor, case_id=world.case.pk,
                                                      person_id=(person or world.client_person).pk,
                                                      instrument_key=assessment_catalogue.STAGE_OF_CHANGE)
    assessment_services.assessment_complete(actor=actor, assessment_id=assessment.pk, answers={
        "behaviour_stage": "precontemplation", "networks_stage": "contemplation", "ideology_stage": ideology,
        "identity_stage": identity})
    return assessment


@pytest.fixture
def goal(world):
    return make_goal(world)
