"""Reads of group sessions, scoped to the actor's organisation and to those who run sessions."""

from django.db.models import QuerySet

from offramp.core.access import Actor, get_or_deny, is_uuid, require
from offramp.core.audit import Action

from .models import GroupSession
from .permissions import RUN_SESSIONS


def sessions_visible_to(actor: Actor) -> QuerySet[GroupSession]:
    require(actor, RUN_SESSIONS)
    return GroupSession.objects.for_actor(actor).select_related("topic", "facilitator")


def session_get(actor: Actor, session_id, *, audit_action: str | None = Action.VIEW) -> GroupSession:
    return get_or_deny(actor, sessions_visible_to(actor), session_id, object_type="group_session",
                       audit_action=audit_action)


# The hooks the instruments engine asks about a questionnaire on a session (subjects.register_subject).

def session_exists(actor: Actor, subject_id: str) -> bool:
    return (actor.can(RUN_SESSIONS) and is_uuid(subject_id)
            and GroupSession.objects.for_actor(actor).filter(pk=subject_id).exists())


def session_reference(actor: Actor, subject_id: str) -> str:
    session = GroupSession.objects.for_actor(actor).select_related("topic").filter(pk=subject_id).first()
    return str(session) if session else subject_id
