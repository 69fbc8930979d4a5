"""Deny by default: every route declares who may use it."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from offramp.core.models import AuditEvent
from tests.routes import hostile_routes

# Routes served by libraries, with the policy they carry (checked here so a new one cannot slip in).
LIBRARY_POLICIES = {
    "allauth.": "public sign-in flows; account pages require login (allauth)",
    "django.contrib.admin.": "OfframpAdminSite.has_permission: org admins and superusers",
    "django.views.static": "static files",
}


ADMIN_POLICY = "every admin URL is wrapped by OfframpAdminSite.admin_view (has_permission) and scoped per organisation"


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            callback = entry.callback
            if namespace == "admin" and not getattr(callback, "access_policy", None):
                callback = _AdminView(callback)
            yield prefix + str(entry.pattern), callback


class _AdminView:
    access_policy = ADMIN_POLICY

    def __init__(self, callback):
        self.__module__ = "django.contrib.admin.sites"


def _policy(callback):
    policy = getattr(callback, "access_policy", None)
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if policy is None and view_class is not None:
        policy = getattr(view_class, "access_policy", None)
    if policy is None:
        module = getattr(callback, "__module__", "") or ""
        policy = next((p for prefix, p in LIBRARY_POLICIES.items() if module.startswith(prefix)), None)
    return policy


def test_every_route_declares_an_access_policy():
    missing = [route for route, callback in _walk(get_resolver().url_patterns) if not _policy(callback)]
    assert missing == []


def test_application_routes_are_not_left_to_library_defaults():
    """Our own views must carry an explicit policy, not inherit one by module name."""
    ours = [(route, cb) for route, cb in _walk(get_resolver().url_patterns)
            if (getattr(cb, "__module__", "") or "").startswith("offramp.")]
    assert ours, "no application routes found"
    undeclared = [route for route, cb in ours if not (
        getattr(cb, "access_policy", None)
        or getattr(getattr(cb, "view_class", None) or getattr(cb, "cls", None), "access_policy", None)
    )]
    assert undeclared == []


@pytest.mark.parametrize("persona", ["evaluator", "outsider", "responder"])
def test_every_refusal_of_a_signed_in_user_is_audited(world, route_records, persona):
    """Whatever the route and however it refused (an access rule, a role, a missing record, a token
    that is someone else's), a 403 or 404 writes exactly one `denied` event for the person asking."""
    client, user = world.client(persona), world.users[persona]
    refused = 0
    for url in hostile_routes(route_records):
        for method in ("get", "post"):
            before = AuditEvent.objects.filter(action="denied", actor=user).count()
            response = getattr(client, method)(url)
            if response.status_code in (403, 404):
                refused += 1
                after = AuditEvent.objects.filter(action="denied", actor=user).count()
                assert after == before + 1, f"{method.upper()} {url} refused ({response.status_code}) unaudited"
    assert refused > 20
