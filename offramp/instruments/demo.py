"""Questionnaires in the demo; registered from `InstrumentsConfig.ready()` into `offramp.core.demo.registry`.

Per demo organisation: the org admin imports every definition in `definitions/`, then staff answer the
wellbeing check-in a few times through the instruments services: completed check-ins (one answered by
a relative, one filled in by two people), and a draft still open. No app registers a subject type for
its records yet, so the demo's responses are about no one (anonymous, read by org admins and
supervisors); they would be attached to a case once cases registers one.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from offramp.core.access import member_actor
from offramp.core.demo import registry

from . import services
from .models import Informant, InstrumentResponse

if TYPE_CHECKING:
    from offramp.core.demo.registry import DemoContext

DEFINITIONS = Path(__file__).resolve().parent / "definitions"
CHECK_IN = "wellbeing-checkin"

# (who starts it, answers, a second person's answers or None, who answered, complete, days ago)
CHECK_INS: list[tuple[str, dict[str, Any], dict[str, Any] | None, str, bool, int]] = [
    ("manager", {"sleep": "patchy", "mood": 3, "someone_to_talk_to": "not_sure", "who_helps": ["mentor"],
                 "old_contacts": "yes_ignored", "worries": ["money", "work"], "hours_online": 6},
     None, Informant.SELF, True, 40),
    ("manager", {"sleep": "well", "mood": 4, "someone_to_talk_to": "yes", "who_helps": ["family", "mentor"],
                 "old_contacts": "no", "worries": ["work"], "hours_online": 3},
     None, Informant.SELF, True, 12),
    ("manager2", {"sleep": "badly", "mood": 2, "someone_to_talk_to": "no", "old_contacts": "yes_met",
                  "pressure_details": "Met two people from the old group at a party; felt pulled back in."},
     {"worries": ["safety", "housing"], "hours_online": {"special": "no_information"}},
     Informant.SELF, True, 20),
    ("mentor", {"sleep": {"special": "no_information"}, "mood": 3, "someone_to_talk_to": "yes",
                "who_helps": ["friend"], "old_contacts": {"special": "not_relevant"}},
     None, Informant.INFORMANT, True, 8),
    ("mentor", {"sleep": "patchy", "mood": 4}, None, Informant.SELF, False, 1),
]


def definitions() -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(DEFINITIONS.glob("*.json"))]


def load_demo(ctx: DemoContext) -> None:
    org, staff = ctx.organization, ctx.staff
    admin = member_actor(staff["admin"], org.pk)
    for definition in definitions():
        services.instrument_import(actor=admin, data=definition)
    second = member_actor(staff["mentor"], org.pk)
    now = timezone.now()
    for starter, answers, more, informant, complete, days_ago in CHECK_INS:
        actor = member_actor(staff[starter], org.pk)
        response = services.response_start(
            actor=actor, instrument_key=CHECK_IN, informant=informant,
            informant_relationship="Mother" if informant == Informant.INFORMANT else "")
        services.response_contribute(actor=actor, response_id=response.pk, answers=answers)
        if complete:
            services.response_complete(actor=second if more else actor, response_id=response.pk, answers=more,
                                       agency="Peer mentor" if more else "")
        at = now - timedelta(days=days_ago)
        InstrumentResponse.objects.filter(pk=response.pk).update(
            created_at=at, updated_at=at + timedelta(minutes=25),
            completed_at=at + timedelta(minutes=25) if complete else None)


DEMO_PART = registry.DemoPart("instruments", order=40, load_demo=load_demo)


def register() -> None:
    """Called from `InstrumentsConfig.ready()`."""
    registry.register(DEMO_PART)
