"""What a response is about: a registry of subject types, each with the permission hook of the app that
owns those records. The instruments app imports no such app; each registers itself in its own
`AppConfig.ready`, e.g. in the helpline:

    from offramp.instruments.subjects import register_subject
    register_subject("helpline_contact", can_read=contact_readable, can_write=contact_writable,
                     describe=contact_reference, url=contact_url)

A response with no subject (an anonymous survey) is read by org admins and supervisors and written by
any member of the organisation."""

from collections.abc import Callable
from dataclasses import dataclass

from offramp.core.access import Actor, deny

from .permissions import READ_ANONYMOUS

ANONYMOUS = ""


@dataclass(frozen=True)
class SubjectType:
    name: str
    can_read: Callable[[Actor, str], bool]
    can_write: Callable[[Actor, str], bool]
    describe: Callable[[Actor, str], str] | None = None  # a label that names no one, e.g. a reference
    url: Callable[[str], str] | None = None  # the subject's own page
    # Completed by the owning app's own service (which checks and acts on the answers: an assessment's
    # screen alerts), never by the engine's generic "complete".
    completed_by_owner: bool = False


_REGISTRY: dict[str, SubjectType] = {}


def register_subject(subject_type: str, *, can_read: Callable[[Actor, str], bool],
                     can_write: Callable[[Actor, str], bool], describe: Callable[[Actor, str], str] | None = None,
                     url: Callable[[str], str] | None = None, completed_by_owner: bool = False) -> SubjectType:
    """Called by the app owning the records. The hooks answer for the actor's own organisation only."""
    if not subject_type or len(subject_type) > 40:
        raise ValueError("A subject type is a name of 1 to 40 characters.")
    entry = SubjectType(subject_type, can_read, can_write, describe, url, completed_by_owner)
    _REGISTRY[subject_type] = entry
    return entry


def unregister_subject(subject_type: str) -> None:
    _REGISTRY.pop(subject_type, None)


def registered(subject_type: str) -> SubjectType | None:
    return _REGISTRY.get(subject_type)


def completed_by_owner(subject_type: str) -> bool:
    entry = _REGISTRY.get(subject_type)
    return entry is not None and entry.completed_by_owner


def allowed(actor: Actor, subject_type: str, subject_id: str, *, write: bool = False) -> bool:
    if subject_type == ANONYMOUS:
        return True if write else actor.can(READ_ANONYMOUS)
    entry = _REGISTRY.get(subject_type)
    if entry is None:
        return False
    return bool((entry.can_write if write else entry.can_read)(actor, str(subject_id)))


def require(actor: Actor, subject_type: str, subject_id: str, *, write: bool = False, object_id=None) -> None:
    """Not found unless the subject's app lets this actor read (or write) it."""
    if not allowed(actor, subject_type, subject_id, write=write):
        deny("instrument_response" if object_id else (subject_type or "instrument_subject"),
             object_id or subject_id)


def describe(actor: Actor, subject_type: str, subject_id: str) -> str:
    entry = _REGISTRY.get(subject_type)
    if entry is None or entry.describe is None:
        return subject_id
    return entry.describe(actor, subject_id)


def subject_url(subject_type: str, subject_id: str) -> str:
    entry = _REGISTRY.get(subject_type)
    return entry.url(subject_id) if entry and entry.url else ""
