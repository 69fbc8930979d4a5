"""The groups' part of the demo: topics, a few sessions (one for a family's case), reports on the
older ones, and the feedback questionnaire; registered from the app's ready()."""

import json
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from offramp.cases.models import Case
from offramp.core.access import member_actor
from offramp.core.demo import registry
from offramp.core.models import TaxonomyTerm
from offramp.instruments import services as instrument_services

from . import services
from .vocabularies import TOPIC

DEFINITION = Path(__file__).resolve().parent / "definitions" / "session-feedback.json"
TOPICS = ["Leaving a movement", "Families", "Staying out"]
# (topic, days ago, attendance, for a family's case, reported)
SESSIONS = [(0, 30, 9, False, True), (1, 23, 6, True, True), (0, 16, 11, False, True), (2, 9, 2, False, True),
            (1, 1, 7, False, False)]


def load_demo(ctx: registry.DemoContext) -> None:
    org = ctx.organization
    admin = member_actor(ctx.staff["admin"], org.pk)
    instrument_services.instrument_import(actor=admin, data=json.loads(DEFINITION.read_text(encoding="utf-8")))
    topics = [TaxonomyTerm.objects.create(organization=org, vocabulary=TOPIC, label=label, position=index)
              for index, label in enumerate(TOPICS)]
    facilitator = member_actor(ctx.staff["facilitator"], org.pk)
    supervisor = member_actor(ctx.staff["supervisor"], org.pk)
    case = Case.objects.of(org).filter(restricted=False).order_by("opened_at").first()
    now = timezone.now()
    for topic, days_ago, attendance, for_case, reported in SESSIONS:
        actor = supervisor if for_case and case else facilitator
        session = services.session_record(actor=actor, topic_id=topics[topic].pk, held_at=now - timedelta(days=days_ago),
                                          attendance=attendance, case_id=case.pk if for_case and case else None)
        if reported:
            services.session_report_write(actor=actor, session_id=session.pk,
                                          report="Went round the circle; two newcomers spoke for the first time.")


DEMO_PART = registry.DemoPart("peer_groups", order=60, load_demo=load_demo)
