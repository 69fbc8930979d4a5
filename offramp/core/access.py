"""Who is acting, for which organisation, in which roles; what each role may do; and the errors
access rules raise.

Each app declares what its roles may do in its own `permissions.py` (`declare(...)`); core collects
them here, so views, API views, services, selectors and templates ask `actor.can(PERMISSION)` and
never name a role. The access-matrix and route-policy tests read the same declarations.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NoReturn, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from offramp.core.audit import Action, audit, audit_record
from offramp.core.models import AccessGrant, Membership, Organization, Role, User

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Permission:
    """Something a member may do, and the organisation roles that may do it."""

    key: str  # "<app>.<what>", e.g. "cases.open"
    roles: frozenset[str]
    label: str | Promise = ""

    def __str__(self) -> str:
        return self.key


_PERMISSIONS: dict[str, Permission] = {}


def declare(key: str, roles: Iterable[str], label: str | Promise = "") -> Permission:
    """Declare a permission (once, at import of the app's permissions module)."""
    app, _dot, what = key.partition(".")
    if not app or not what or not key.replace(".", "").replace("_", "").isalnum():
        raise ValueError(f"A permission key is '<app>.<what>': {key!r}")
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValueError(f"Permission {key!r} names unknown roles: {sorted(unknown)}")
    permission = Permission(key=key, roles=frozenset(roles), label=label)
    if _PERMISSIONS.get(key, permission) != permission:
        raise ValueError(f"Permission {key!r} is declared twice, differently.")
    _PERMISSIONS[key] = permission
    return permission


def permissions() -> tuple[Permission, ...]:
    """Every declared permission, by key (for the access matrix, the admin's role page and tests)."""
    return tuple(_PERMISSIONS[key] for key in sorted(_PERMISSIONS))


def permission(key: str) -> Permission:
    return _PERMISSIONS[key]


# Core's own. Casework: the roles that work with people and cases, and so may see identifying data.
# Group facilitators, trainers, evaluators, auditors and org admins never see casework, whatever
# team they are put on.
CASEWORK = declare("core.casework", (Role.SUPERVISOR, Role.CASE_MANAGER, Role.PEER_MENTOR, Role.HELPLINE_RESPONDER),
                   _("See people and casework"))
READ_AUDIT = declare("core.read_audit", (Role.ORG_ADMIN, Role.AUDITOR), _("Read the audit trail"))
ADMINISTER = declare("core.administer", (Role.ORG_ADMIN,),
                     _("Administer the organisation (staff, lists, questionnaires, directory)"))
SUPERVISE = declare("core.supervise", (Role.SUPERVISOR,),
                    _("Supervise: every unrestricted case, break the glass, review and flag"))


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
    holds_grants: bool = False  # a live access grant in this organisation, as the request began

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def can(self, permission: Permission) -> bool:
        return bool(self.roles & permission.roles)

    @property
    def sees_identities(self) -> bool:
        """Evaluators and auditors never see identifying data, whatever else they hold."""
        return self.can(CASEWORK)

    @property
    def reads_audit(self) -> bool:
        return self.can(READ_AUDIT)


def memberships_by_org(user: User) -> dict[str, tuple[Organization, frozenset[str], bool]]:
    """Per organisation: its roles, and whether the user holds a live access grant there (asked in the
    same query, so selectors look grants up only for the few who hold one)."""
    live_grant = AccessGrant.objects.filter(user=user, grantee_organization=OuterRef("organization"),
                                            revoked_at__isnull=True, expires_at__gt=timezone.now())
    result: dict[str, tuple[Organization, set[str], bool]] = {}
    for membership in (Membership.objects.filter(user=user).select_related("organization")
                       .annotate(holds_grants=Exists(live_grant)).order_by("pk")):
        org = membership.organization
        result.setdefault(str(org.pk), (org, set(), membership.holds_grants))[1].add(membership.role)
    return {key: (org, frozenset(roles), grants) for key, (org, roles, grants) in result.items()}


def actor_for(user: User, organization_id=None) -> Actor | None:
    """The user's actor in the given organisation, or in the one they joined first; None without membership."""
    orgs = memberships_by_org(user)
    if not orgs:
        return None
    key = str(organization_id) if organization_id and str(organization_id) in orgs else None
    if key is None:
        key = next(iter(orgs))
    org, roles, holds_grants = orgs[key]
    others = tuple(sorted((o for o, _roles, _grants in orgs.values()), key=lambda o: o.name))
    return Actor(user=user, organization=org, roles=roles, organizations=others, holds_grants=holds_grants)


def member_actor(user: User, organization_id=None) -> Actor:
    """actor_for, where the caller knows the user is a member (demo data, scheduled work)."""
    actor = actor_for(user, organization_id)
    if actor is None:
        raise ValueError(f"User {user.pk} is not a member of any organisation.")
    return actor


def require(actor: Actor, permission: Permission) -> None:
    """The check a service makes first, before it reads its input."""
    if not actor.can(permission):
        raise Forbidden(audit={"object_type": "permission", "object_id": permission.key})


class Can:
    """`can` in templates: `{% if can.cases.open %}` asks `actor.can(permission("cases.open"))`.
    An undeclared name raises, so a typo shows in tests instead of hiding a button."""

    def __init__(self, actor: Actor | None, prefix: str = ""):
        self._actor, self._prefix = actor, prefix

    def __getitem__(self, name: str) -> "Can | bool":
        if not self._prefix:
            return Can(self._actor, name)
        granted = permission(f"{self._prefix}.{name}")
        return self._actor is not None and self._actor.can(granted)


def get_or_deny(actor: Actor, records: QuerySet[M], object_id: object, *, object_type: str,
                audit_action: str | None = Action.VIEW, detail: dict | None = None) -> M:
    """The one fetch behind every `*_get`: the record from a queryset already scoped to the actor
    (`Model.objects.for_actor(actor)` narrowed by the selector's rule), or 404 for a malformed id,
    a missing record and someone else's alike; audited as viewed unless `audit_action` is None.
    What the actor may then *do* with it (403) is the selector's next line."""
    pk = _primary_key(records.model, object_id)
    record = records.filter(pk=pk).first() if pk is not None else None
    if record is None:
        deny(object_type, object_id)
    if audit_action:
        audit(actor, audit_action, object_type=object_type, object_id=record.pk, detail=detail)
    return record


def _primary_key(model: type[models.Model], value: object) -> object | None:
    field = model._meta.pk
    assert field is not None
    try:
        pk = field.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return None
    if isinstance(pk, int) and not -(2**63) < pk < 2**63:
        return None
    return pk


def is_uuid(value) -> bool:
    """Ids in URLs are UUIDs; anything else is simply not found."""
    if isinstance(value, uuid.UUID):
        return True
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
