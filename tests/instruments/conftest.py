import copy
import json
from pathlib import Path

import pytest

from offramp.core.models import Role
from offramp.instruments import services, subjects

EXAMPLE = Path(__file__).resolve().parents[2] / "offramp/instruments/definitions/example-wellbeing-checkin.json"
SUBJECT = "test_subject"
READABLE = {"subject-1", "subject-2"}


@pytest.fixture
def example() -> dict:
    return json.loads(EXAMPLE.read_text())


@pytest.fixture
def test_subject():
    """A subject type that exists only in tests: case managers and supervisors read subject-1 and subject-2;
    case managers write them."""
    def can_read(actor, subject_id):
        return actor.has(Role.CASE_MANAGER, Role.SUPERVISOR) and subject_id in READABLE

    def can_write(actor, subject_id):
        return actor.has(Role.CASE_MANAGER) and subject_id in READABLE

    subjects.register_subject(SUBJECT, can_read=can_read, can_write=can_write,
                              describe=lambda actor, subject_id: f"Test record {subject_id}")
    yield SUBJECT
    subjects.unregister_subject(SUBJECT)


@pytest.fixture
def version(world, example):
    return services.instrument_import(actor=world.actor("admin"), data=copy.deepcopy(example))


def answers_complete() -> dict:
    return {"sleep": "badly", "mood": 4, "someone_to_talk_to": "yes", "old_contacts": "no"}
