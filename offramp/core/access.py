"""Who is acting, for which organisation, in which roles; and the errors access rules raise."""

from dataclasses import dataclass, field
from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.http import Http404

from offramp.core.audit import Action, audit_record
from offramp.core.models import Membership, Organization, Role, User

# Roles that work with people and cases, and so may see identifying data. Group facilitators,
# trainers, evaluators, auditors and org admins never see casework, whatever team they are put on.
CASEWORK_ROLES = (Role.SUPERVISOR, Role.CASE_MANAGER, Role.PEER_MENTOR, Role.HELPLINE_RESPONDER)


class _Audited:
    """Carries what a refusal was about (the object and who asked), for the one audit event that the
    denial middleware writes when the request ends, after any transaction of the refused work rolled back."""

    def __init__(self, *args, audit: dict | None = None):
        super().__init__(*args)
        self.audit = audit


class NotFound(_Audited, Http404):
    """Missing and not-yours look the same to the caller."""


class Forbidden(_Audited, PermissionDenied):
    """Visible, but this actor may not do this."""


def deny(object_type: str, object_id: object, *, forbidden: bool = False) -> NoReturn:
    audit = {"object_type": object_type, "object_id": str(object_id)[:64]}
    raise (Forbidden if forbidden else NotFound)(audit=audit)


DENIAL_ATTRIBUTE = "offramp_denial"


def note_denial(request, exc: Exception) -> None:
    """Keep what a refusal was about on the request; AuditDenialsMiddleware writes it (once)."""
    audit = getattr(exc, "audit", None)
    if audit:
        setattr(request, DENIAL_ATTRIBUTE, audit)


def audit_denial(actor: "Actor", exc: Exception) -> None:
    """For a refusal a service turns into a form message (so no 403/404 reaches the middleware):
    audit it now, outside the work's transaction."""
    audit_record(actor=actor.user, organization=actor.organization, action=Action.DENIED,
                 **(getattr(exc, "audit", None) or {"object_type": "unknown"}))


@dataclass(frozen=True)
class Actor:
    """A user acting within one organisation. Every service and selector takes one."""

    user: User
    organization: Organization
    roles: frozenset[str] = field(default_factory=frozenset)
    organizations: tuple[Organization, ...] = ()  # every organisation the user belongs to, for switching

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def sees_identities(self) -> bool:
        """Evaluators and auditors never see identifying data, whatever else they hold."""
        return self.has(*CASEWORK_ROLES)

    @property
    def reads_audit(self) -> bool:
        return self.has(Role.ORG_ADMIN, Role.AUDITOR)


def memberships_by_org(user: User) -> dict[str, tuple[Organization, frozenset[str]]]:
    result: dict[str, tuple[Organization, set[str]]] = {}
    for membership in Membership.objects.filter(user=user).select_related("organization").order_by("pk"):
        org = membership.organization
        result.setdefault(str(org.pk), (org, set()))[1].add(membership.role)
    return {key: (org, frozenset(roles)) for key, (org, roles) in result.items()}


def actor_for(user: User, organization_id=None) -> Actor | None:
    """The user's actor in the given organisation, or in the one they joined first; None without membership."""
    orgs = memberships_by_org(user)
    if not orgs:
        return None
    key = str(organization_id) if organization_id and str(organization_id) in orgs else None
    if key is None:
        key = next(iter(orgs))
    org, roles = orgs[key]
    others = tuple(sorted((o for o, _ in orgs.values()), key=lambda o: o.name))
    return Actor(user=user, organization=org, roles=roles, organizations=others)


def member_actor(user: User, organization_id=None) -> Actor:
    """actor_for, where the caller knows the user is a member (demo data, scheduled work)."""
    actor = actor_for(user, organization_id)
    if actor is None:
        raise ValueError(f"User {user.pk} is not a member of any organisation.")
    return actor


def require_role(actor: Actor, *roles: str) -> None:
    if not actor.has(*roles):
        raise Forbidden


def is_uuid(value) -> bool:
    """Ids in URLs are UUIDs; anything else is simply not found."""
    import uuid

    if isinstance(value, uuid.UUID):
        return True
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
