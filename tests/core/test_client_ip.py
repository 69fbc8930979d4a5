"""The visitor's address behind a reverse proxy: trusted only as far as the configured proxies.

REMOTE_ADDR is the nginx in front (127.0.0.1); X-Forwarded-For is whatever the visitor sent, with
each trusted proxy's view of its peer appended on the right.
"""

import time

import pytest
from allauth.account.adapter import get_adapter
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from offramp.core.client_ip import client_ip
from offramp.helpline import help_page
from offramp.helpline.models import HelpRequest
from tests.conftest import PASSWORD

PROXY = "127.0.0.1"
VISITOR_A = "203.0.113.5"
VISITOR_B = "198.51.100.7"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def _request(remote_addr=PROXY, forwarded=None, **meta):
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **meta)


def _through(forwarded=None, remote_addr=PROXY) -> Client:
    """A browser whose requests reach the app through the proxy with this X-Forwarded-For."""
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return Client(REMOTE_ADDR=remote_addr, **extra)


# ---- the rule --------------------------------------------------------------------------------------

def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.OFFRAMP_TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(VISITOR_A, forwarded=VISITOR_B)) == VISITOR_A
    assert client_ip(_request(VISITOR_A)) == VISITOR_A


@pytest.mark.parametrize(("count", "forwarded", "expected"), [
    (1, VISITOR_A, VISITOR_A),
    (1, f"{VISITOR_B}, {VISITOR_A}", VISITOR_A),  # a forged leftmost entry is not believed
    (1, f"10.0.0.1,{VISITOR_B} ,  {VISITOR_A}", VISITOR_A),
    (2, f"{VISITOR_B}, {VISITOR_A}, 192.0.2.10", VISITOR_A),  # a CDN, then nginx
    (1, "2001:DB8::0001", "2001:db8::1"),
    (1, None, PROXY),  # no header: the proxy's address
    (1, "", PROXY),
    (2, VISITOR_A, PROXY),  # fewer entries than proxies: the header is not what the proxies wrote
    (1, f"{VISITOR_B}, not-an-address", PROXY),
    (1, f"{VISITOR_B}, {VISITOR_A}:8080", PROXY),
    (1, f"{VISITOR_B},", PROXY),
])
def test_behind_trusted_proxies_the_nth_entry_from_the_right(settings, count, forwarded, expected):
    settings.OFFRAMP_TRUSTED_PROXY_COUNT = count
    assert client_ip(_request(forwarded=forwarded)) == expected


def test_another_header_can_be_named(settings):
    settings.OFFRAMP_TRUSTED_PROXY_COUNT = 1
    settings.OFFRAMP_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    request = _request(forwarded=VISITOR_B, HTTP_X_REAL_IP=VISITOR_A)
    assert client_ip(request) == VISITOR_A


def test_no_address_at_all_is_empty_and_allauth_refuses_it(settings):
    settings.OFFRAMP_TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(remote_addr="")) == ""
    assert client_ip(_request(remote_addr="unix:/run/gunicorn.sock")) == ""
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        get_adapter().get_client_ip(_request(remote_addr=""))


def test_allauth_and_axes_use_the_same_rule(settings):
    from axes.helpers import get_client_ip_address

    settings.OFFRAMP_TRUSTED_PROXY_COUNT = 1
    request = _request(forwarded=f"{VISITOR_B}, {VISITOR_A}")
    assert get_adapter(request).get_client_ip(request) == VISITOR_A
    assert get_client_ip_address(request) == VISITOR_A
    settings.OFFRAMP_TRUSTED_PROXY_COUNT = 0
    assert get_adapter(request).get_client_ip(request) == PROXY
    assert get_client_ip_address(request) == PROXY


# ---- the public help form's per-address limit ------------------------------------------------------

def _send_help(client):
    return client.post(reverse("help_request", args=["northstar"]), {
        "name": "Rosalind", "phone": "+1 718 555 0199", "email": "", "when_to_reach": "after 6 pm",
        "worry": "My nephew shares hateful videos.", "language": "en",
        "started": help_page.form_token(issued_at=time.time() - 10)})


def test_without_trusted_proxies_a_forged_header_does_not_escape_the_help_form_limit(world, settings):
    settings.OFFRAMP_TRUSTED_PROXY_COUNT = 0
    statuses = [_send_help(_through(forwarded=f"192.0.2.{n}", remote_addr=VISITOR_A)).status_code
                for n in range(help_page.PER_ADDRESS_PER_HOUR + 1)]
    assert statuses == [302] * help_page.PER_ADDRESS_PER_HOUR + [429]
    assert HelpRequest.objects.count() == help_page.PER_ADDRESS_PER_HOUR
    # Another address is its own visitor.
    assert _send_help(_through(remote_addr=VISITOR_B)).status_code == 302


def test_behind_one_proxy_visitors_are_limited_separately_on_the_help_form(world, settings):
    settings.OFFRAMP_TRUSTED_PROXY_COUNT = 1
    for _ in range(help_page.PER_ADDRESS_PER_HOUR):
        assert _send_help(_through(forwarded=VISITOR_A)).status_code == 302
    assert _send_help(_through(forwarded=VISITOR_A)).status_code == 429
    # A forged leftmost entry does not make visitor A someone else.
    assert _send_help(_through(forwarded=f"{VISITOR_B}, {VISITOR_A}")).status_code == 429
    # Visitor B, through the same proxy, is not held back by A.
    assert _send_help(_through(forwarded=VISITOR_B)).status_code == 302


# ---- the sign-in lockout (django-axes) and allauth's per-address limit ----------------------------

EMAIL = "manager@northstar.test"


def _sign_in(client, email=EMAIL, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def _lock_out(client):
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        _sign_in(client, password="wrong-password-123")


def test_without_trusted_proxies_a_forged_header_does_not_escape_the_lockout(world, settings):
    settings.OFFRAMP_TRUSTED_PROXY_COUNT = 0
    _lock_out(_through(forwarded=VISITOR_A, remote_addr=VISITOR_A))
    locked = _sign_in(_through(forwarded=VISITOR_B, remote_addr=VISITOR_A))
    assert locked.status_code == 429 and "Too many failed sign-in attempts" in locked.content.decode()
    assert _sign_in(_through(remote_addr=VISITOR_B)).status_code == 302


def test_behind_one_proxy_locking_out_one_visitor_leaves_another_alone(world, settings):
    settings.OFFRAMP_TRUSTED_PROXY_COUNT = 1
    _lock_out(_through(forwarded=VISITOR_A))
    assert _sign_in(_through(forwarded=VISITOR_A)).status_code == 429
    assert _sign_in(_through(forwarded=f"{VISITOR_B}, {VISITOR_A}")).status_code == 429  # forged leftmost
    assert _sign_in(_through(forwarded=VISITOR_B)).status_code == 302  # same account, same proxy


def test_behind_one_proxy_allauth_limits_each_visitor_on_its_own(world, settings):
    settings.OFFRAMP_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    for n in range(3):  # a different account each time: axes locks none of them
        _sign_in(_through(forwarded=VISITOR_A), email=f"nobody{n}@northstar.test", password="wrong-password-123")
    limited = _sign_in(_through(forwarded=f"{VISITOR_B}, {VISITOR_A}"))
    assert limited.status_code == 200 and "Too many failed login attempts" in limited.content.decode()
    assert _sign_in(_through(forwarded=VISITOR_B)).status_code == 302
