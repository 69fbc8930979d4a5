"""Every response carries the security headers; cookies are Secure, HttpOnly and SameSite."""

import re
import uuid

import pytest
from django.urls import get_resolver

from tests.conftest import PASSWORD
from tests.core.test_access_policy import _walk

pytestmark = pytest.mark.django_db


def _concrete(route: str) -> str:
    route = re.sub(r"<uuid:[^>]+>", str(uuid.uuid4()), route)
    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<(str|slug|path):[^>]+>", "x", route)
    route = re.sub(r"<[^>]+>", "x", route)
    route = route.replace("^", "").replace("$", "").replace("\\Z", "")
    return "/" + route


def _routes():
    return sorted({_concrete(route) for route, _ in _walk(get_resolver().url_patterns)})


def _assert_headers(response, url):
    csp = response.headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in csp, url
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0], url
    assert response.headers.get("Strict-Transport-Security", "").startswith("max-age="), url
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("Referrer-Policy") == "same-origin", url
    assert response.headers.get("X-Frame-Options") == "DENY", url


def test_headers_on_every_route_anonymous(client):
    for url in _routes():
        _assert_headers(client.get(url, secure=True), url)


def test_headers_on_every_route_signed_in(world):
    client = world.client("supervisor")
    for url in _routes():
        _assert_headers(client.get(url, secure=True), url)


def test_session_and_csrf_cookies_are_secure_httponly_samesite(world, client):
    client.get("/accounts/login/", secure=True)
    response = client.post("/accounts/login/", {"login": "manager@northstar.test", "password": PASSWORD}, secure=True)
    session = response.cookies["offramp_session"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    csrf = client.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Strict"
