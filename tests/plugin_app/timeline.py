"""The sessions on a family's case timeline."""

from offramp.cases.models import Case
from offramp.core.access import Actor
from offramp.core.timeline import Bound, Entry, Provider, bounded

from .models import GroupSession

KIND = "group_session"
TEMPLATE = "peer_groups/timeline/session.html"


def case_sessions(actor: Actor, case: Case, bound: Bound, limit: int) -> list[Entry]:
    sessions = GroupSession.objects.for_actor(actor).filter(case=case).select_related("topic")
    return [Entry(at=session.held_at, kind=KIND, key=str(session.pk), template=TEMPLATE, item=session)
            for session in bounded(sessions, bound, kind=KIND, at_field="held_at", limit=limit)]


PROVIDERS = [Provider(subject="case", kind=KIND, entries=case_sessions)]
