"""Every route, as several roles and an outsider, with hostile input in every field: never a server
error, and every refusal of a signed-in user is in the audit trail.

The routes are read from the URL configuration (tests/routes.py), so a new page or endpoint is
walked without being listed here. The refusal audit is checked over the same walk in
tests/core/test_access_policy.py.
"""

import json

import pytest
from django.test import Client

from tests.routes import hostile_routes

HOSTILE_TEXT = [
    "99999999999999999999", "²", "-1", "\u200b", "\u202eevil", "x" * 5000, "'; DROP TABLE x; --",
    "<script>alert(1)</script>", "../../etc/passwd", "%00", "\x00", "null", "1e309", "NaN", "[]", "{}",
]
HOSTILE_JSON = [
    {"page": "²"}, [], "text", 10**30, None,
    {"name": ["a", "b"], "given_name": {"x": 1}, "person": 10**30, "other": "not-a-uuid", "email": ["x"],
     "ideologies": [10**30, "²", None], "due_at": "yesterday", "until": "1e309", "to_status": {"a": 1},
     "evidence": [1], "contacts": "x", "resources_given": ["not-a-uuid"], "role": None, "kind": 7},
]
PERSONAS = ["manager", "supervisor", "responder", "admin", "evaluator", "outsider"]


def _check(response, url, method):
    assert response.status_code < 500, f"{method} {url} answered {response.status_code}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_route_answers_a_server_error_to_hostile_input(world, route_records, persona):
    client = world.client(persona)
    for url in hostile_routes(route_records):
        for value in ("99999999999999999999", "²", "\u202eevil", "\x00"):
            query = {"page": value, "weeks": value, "q": value, "category": value, "status": value,
                     "kind": value, "action": value, "object_id": value, "reference": value, "since": value}
            _check(client.get(url, query), url, "GET")
        form = {field: HOSTILE_TEXT for field in (
            "name", "given_name", "family_name", "email", "phone", "person", "other", "role", "kind",
            "to_status", "reason", "narrative", "channel", "caller_relationship", "ideologies", "signs",
            "resources_given", "due_at", "until", "assignee", "member", "supervisor", "days", "duplicate_reference",
            "reference", "text", "feedback", "user", "starts_at", "ends_at", "token", "organization", "started",
            "immediate_danger", "self_harm", "safety_unasked_reason", "notification_id")}
        _check(client.post(url, form), url, "POST form")
        for body in HOSTILE_JSON:
            _check(client.post(url, json.dumps(body), content_type="application/json"), url, "POST json")
            _check(client.put(url, json.dumps(body), content_type="application/json"), url, "PUT json")
        _check(client.post(url, b"\xff\xfe{not json", content_type="application/json"), url, "POST bytes")
        for method in ("options", "head", "patch", "delete"):
            _check(getattr(client, method)(url), url, method.upper())


def test_no_public_route_answers_a_server_error_to_hostile_input(world, route_records):
    client = Client()
    for url in hostile_routes(route_records):
        _check(client.get(url, {"page": "²", "q": "\x00"}), url, "GET")
        _check(client.post(url, {"name": HOSTILE_TEXT, "worry": HOSTILE_TEXT, "started": "²"}), url, "POST")
        _check(client.options(url), url, "OPTIONS")
