"""Access grants: time-boxed access to one record beyond roles and teams (break the glass, a
referral to a partner, a transfer, consent-based access). Selectors add `granted_ids(...)` to what
an actor may see; the app's service that decides a grant may be given calls `grant(...)`."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from offramp.core.access import ADMINISTER, Actor, deny, get_or_deny
from offramp.core.audit import Action, audit
from offramp.core.models import AccessGrant, AccessScope, Organization, User


def _live(grants: QuerySet[AccessGrant]) -> QuerySet[AccessGrant]:
    return grants.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


def granted_ids(actor: Actor, object_type: str, *, scope: str = AccessScope.READ) -> QuerySet[AccessGrant, Any]:
    """Ids of the records of this type that live grants open to the actor (a subquery)."""
    grants = _live(AccessGrant.objects.filter(user=actor.user, grantee_organization=actor.organization,
                                              object_type=object_type))
    if scope == AccessScope.WRITE:
        grants = grants.filter(scope=AccessScope.WRITE)
    return grants.values("object_id")


def active_grant(actor: Actor, object_type: str, object_id: UUID | str) -> AccessGrant | None:
    """The actor's live grant to this record, if any (a writing one first, then the longest)."""
    return _live(AccessGrant.objects.filter(
        user=actor.user, grantee_organization=actor.organization, object_type=object_type, object_id=object_id,
    )).order_by("-scope", "-expires_at").first()


def grant(*, actor: Actor, kind: str, object_type: str, object_id: UUID, user: User, reason: str,
          until: datetime, scope: str = AccessScope.READ, grantee_organization: Organization | None = None,
          ) -> AccessGrant:
    """Record a grant the calling service has decided may be given (inside its transaction), audited."""
    record = AccessGrant(
        organization=actor.organization, kind=kind, scope=scope, object_type=object_type, object_id=object_id,
        user=user, grantee_organization=grantee_organization or actor.organization, reason=reason,
        granted_by=actor.user, expires_at=until,
    )
    record.save()
    audit(actor, Action.CREATE, object_type="access_grant", object_id=record.pk,
          detail={"kind": kind, "scope": scope, "object_type": object_type, "object_id": str(object_id),
                  "until": until.isoformat()})
    return record


@transaction.atomic(durable=True)
def access_grant_revoke(*, actor: Actor, grant_id: object) -> AccessGrant:
    """End a grant early: the person who gave it or an org admin of the record's organisation."""
    record = get_or_deny(actor, AccessGrant.objects.for_actor(actor).select_for_update(), grant_id,
                         object_type="access_grant", audit_action=None)
    if record.granted_by_id != actor.user.pk and not actor.can(ADMINISTER):
        deny("access_grant", record.pk, forbidden=True)
    if record.revoked_at is None:
        record.revoked_at, record.revoked_by = timezone.now(), actor.user
        record.save(update_fields=["revoked_at", "revoked_by"])
        audit(actor, Action.UPDATE, object_type="access_grant", object_id=record.pk, detail={"revoked": True})
    return record
