import pytest

from offramp.assessments import catalogue, selectors, services

pytestmark = pytest.mark.django_db

def test_current_stages(world):
    manager = world.actor("manager")
    a = services.assessment_start(actor=manager, case_id=world.case.pk, person_id=world.client_person.pk, instrument_key=catalogue.STAGE_OF_CHANGE)
    services.assessment_complete(actor=manager, assessment_id=a.pk, answers={f"{t}_stage": "contemplation" for t in catalogue.TARGETS})
    b = services.assessment_start(actor=manager, case_id=world.case.pk, person_id=world.client_person.pk, instrument_key=catalogue.STAGE_OF_CHANGE)
    services.assessment_complete(actor=manager, assessment_id=b.pk, answers={f"{t}_stage": "action" for t in catalogue.TARGETS})
    current = selectors.current_stages(manager, world.case)
    assert current[world.client_person.pk]["ideology"].value == 4
    assert set(current[world.client_person.pk]) == set(catalogue.TARGETS)
