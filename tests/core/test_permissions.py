"""The access declarations are the rules: every role check reads them, and these tests read them too.

- every permission names real roles, and the casework floor holds (no non-casework role can read
  identities through any declaration that implies it);
- every `{% if can.<app>.<what> %}` in a template names a declared permission (a typo would hide a
  button silently);
- no application module names a role outside the permission declarations;
- every route guarded by a permission answers 403 to each persona whose roles lack it, before it
  reads anything from the request, and does not refuse one whose roles grant it.
"""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from offramp.core.access import CASEWORK, permission, permissions
from offramp.core.models import AuditEvent, Role
from tests.conftest import PERSONAS
from tests.routes import _url

OFFRAMP = Path(__file__).resolve().parents[2] / "offramp"


def test_permissions_are_declared_once_each_with_known_roles():
    declared = permissions()
    assert len({p.key for p in declared}) == len(declared)
    for declared_permission in declared:
        assert declared_permission.roles, declared_permission.key
        assert declared_permission.roles <= set(Role.values), declared_permission.key
        assert declared_permission.label, f"{declared_permission.key} has no label for the role page"


def test_roles_that_never_see_casework_are_not_in_the_casework_permission():
    for role in (Role.ORG_ADMIN, Role.GROUP_FACILITATOR, Role.TRAINER, Role.EVALUATOR, Role.AUDITOR):
        assert role not in CASEWORK.roles


def test_templates_name_only_declared_permissions():
    named = set()
    for template in OFFRAMP.rglob("templates/**/*.html"):
        named |= {f"{app}.{what}" for app, what in re.findall(r"\bcan\.(\w+)\.(\w+)", template.read_text())}
    assert named, "no template asks `can` anything"
    for key in sorted(named):
        permission(key)  # raises KeyError for an undeclared name


ROLE_NAMES = "|".join(re.escape(f"Role.{name}") for name in Role.names)


def test_no_application_module_checks_a_role_outside_the_declarations():
    """Roles are named where permissions are declared (each app's permissions.py and core.access),
    in the models that store them, and in demo and bench data that give people roles; a check
    anywhere else (`actor.has(Role.X)`, `"supervisor" in actor.roles`) is a second rule."""
    allowed = {"permissions.py", "access.py", "models.py", "demo.py", "scale.py", "registry.py", "admin_site.py"}
    offenders = []
    for module in OFFRAMP.rglob("*.py"):
        if "migrations" in module.parts or module.name in allowed or "demo" in module.parts:
            continue
        text = module.read_text()
        if re.search(r"actor\.has\(|in (request\.)?actor\.roles|require_role\(|roles = \(Role\.", text):
            offenders.append(f"{module.relative_to(OFFRAMP)}: checks roles directly")
    for template in OFFRAMP.rglob("templates/**/*.html"):
        if re.search(r"in actor\.roles|actor\.has", template.read_text()):
            offenders.append(f"{template.relative_to(OFFRAMP)}: checks roles directly")
    assert offenders == []


def _guarded_routes(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _guarded_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            callback = entry.callback
            view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
            guard = getattr(callback, "permission", None) or getattr(view_class, "permission", None)
            if guard is not None:
                yield prefix + str(entry.pattern), entry.pattern.converters, guard


def test_routes_guarded_by_a_permission_exist():
    keys = {guard.key for _route, _converters, guard in _guarded_routes()}
    assert {"core.casework", "core.read_audit", "cases.break_glass"} <= keys


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_every_guarded_route_refuses_roles_its_permission_does_not_name(world, route_records, persona):
    client, user, roles = world.client(persona), world.users[persona], set(PERSONAS[persona])
    checked = 0
    for route, converters, guard in _guarded_routes():
        url = _url(route, converters, route_records)
        if roles & guard.roles:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"anything": "<script>"})
            if response.status_code == 405:
                continue
            assert response.status_code == 403, f"{persona} {method.upper()} {url}: {response.status_code}"
            checked += 1
    assert AuditEvent.objects.filter(action="denied", actor=user).count() >= checked
    if persona in ("facilitator", "trainer"):
        assert checked > 20


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_guarded_pages_without_ids_open_for_roles_their_permission_names(world, persona):
    client, roles = world.client(persona), set(PERSONAS[persona])
    for route, converters, guard in _guarded_routes():
        if converters or not roles & guard.roles or route.startswith("api/"):
            continue
        response = client.get("/" + route)  # no query: a page that needs one may answer 400, never 403
        assert response.status_code not in (403, 404, 500), f"{persona} GET /{route}: {response.status_code}"
