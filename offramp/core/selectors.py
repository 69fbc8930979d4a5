"""Reads in core: the audit trail and notifications, scoped to the actor's organisation."""

from django.db.models import QuerySet

from offramp.core.access import READ_AUDIT, Actor, require
from offramp.core.models import ApiToken, AuditEvent, Notification, User


def audit_events(actor: Actor, *, action: str = "", object_type: str = "", object_id: str = "") -> QuerySet[AuditEvent]:
    require(actor, READ_AUDIT)
    events = AuditEvent.objects.for_actor(actor).select_related("actor")
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type.strip())
    if object_id:
        events = events.filter(object_id=object_id.strip())
    return events.order_by("-id")


def staff_member_by_email(actor: Actor, email: str) -> User | None:
    """An active member of the actor's organisation, found by e-mail (staff are not client data)."""
    return User.objects.filter(
        email__iexact=email.strip(), is_active=True, memberships__organization=actor.organization
    ).distinct().first()


def notifications_for(actor: Actor) -> QuerySet[Notification]:
    return Notification.objects.for_actor(actor).filter(user=actor.user)


def api_tokens_for(actor: Actor) -> QuerySet[ApiToken]:
    return ApiToken.objects.for_actor(actor).filter(user=actor.user, revoked_at__isnull=True)
