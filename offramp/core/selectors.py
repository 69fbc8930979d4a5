"""Reads in core: the audit trail and notifications, scoped to the actor's organisation."""

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.db.models import Case, Q, QuerySet, When

from offramp.core.access import READ_AUDIT, Actor, require
from offramp.core.db import integer_ids
from offramp.core.models import ApiToken, AuditEvent, Membership, Notification, User


def audit_events(actor: Actor, *, action: str = "", object_type: str = "", object_id: str = "",
                 user_id: int | None = None, since: datetime | None = None, until: datetime | None = None,
                 records: Mapping[str, Iterable[str]] | None = None) -> QuerySet[AuditEvent]:
    """The organisation's audit events, newest first, narrowed by the filters given. `records`: the
    records a reference was found to name ({object type: ids}, core.record_labels.find); given and
    empty, nothing matches."""
    require(actor, READ_AUDIT)
    events = AuditEvent.objects.for_actor(actor).select_related("actor")
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type.strip())
    if object_id:
        events = events.filter(object_id=object_id.strip())
    if user_id is not None:
        events = events.filter(actor_id=user_id)
    if since is not None:
        events = events.filter(at__gte=since)
    if until is not None:
        events = events.filter(at__lt=until)
    if records is not None:
        named = Q(pk__in=[])
        for record_type, ids in records.items():
            named |= Q(object_type=record_type, object_id__in=list(ids))
        events = events.filter(named)
    return events.order_by("-id")


def staff_member_by_email(actor: Actor, email: str) -> User | None:
    """An active member of the actor's organisation, found by e-mail (staff are not client data)."""
    return User.objects.filter(
        email__iexact=email.strip(), is_active=True, memberships__organization=actor.organization
    ).distinct().first()


def colleagues(actor: Actor, roles: Iterable[str]) -> QuerySet[User]:
    """Active members of the actor's organisation holding one of `roles`, by name: a picker's choices."""
    return User.objects.filter(
        is_active=True, pk__in=Membership.objects.for_actor(actor).filter(role__in=list(roles)).values("user_id"),
    ).order_by("display_name", "pk")


def colleague(actor: Actor, user_id: int | str | None, roles: Iterable[str]) -> User | None:
    """The colleague a picker named, if they are still one of `colleagues(actor, roles)`."""
    return colleagues(actor, roles).filter(pk__in=integer_ids([user_id])).first()


def notifications_for(actor: Actor) -> QuerySet[Notification]:
    """The actor's notifications, urgent ones still waiting first, then newest first."""
    waiting = Q(urgent=True, read_at__isnull=True)
    return Notification.objects.for_actor(actor).filter(user=actor.user).order_by(
        Case(When(waiting, then=0), default=1), "-created_at")


def api_tokens_for(actor: Actor) -> QuerySet[ApiToken]:
    return ApiToken.objects.for_actor(actor).filter(user=actor.user, revoked_at__isnull=True)
