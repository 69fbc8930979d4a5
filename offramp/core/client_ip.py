"""The visitor's address, for rate limits and the sign-in lockout: one rule for every caller.

Behind a reverse proxy REMOTE_ADDR is the proxy's own address, shared by every visitor. The
visitor's address is then in X-Forwarded-For, but only the entries the trusted proxies appended
can be believed: anyone can send the header with forged entries already in it, and each proxy
appends to what it received. So with N trusted proxies in front (OFFRAMP_TRUSTED_PROXY_COUNT) the
visitor is the Nth entry from the right, never the leftmost. With N = 0 (the default) the header
is ignored and REMOTE_ADDR is the visitor.

A header that is missing, too short or not an address falls back to REMOTE_ADDR: such requests
then share the proxy's address, which limits them more, never less.
"""

import ipaddress

from django.conf import settings

DEFAULT_HEADER = "HTTP_X_FORWARDED_FOR"


def _address(value: str) -> str:
    """The address in a normal form, or "" when the value is not one."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def client_ip(request) -> str:
    """The visitor's IP address as a string, or "" when not even REMOTE_ADDR holds one."""
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    count = getattr(settings, "OFFRAMP_TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    header = request.META.get(getattr(settings, "OFFRAMP_CLIENT_IP_HEADER", DEFAULT_HEADER) or DEFAULT_HEADER)
    entries = header.split(",") if header else []
    if len(entries) < count:
        return remote
    return _address(entries[-count]) or remote


def client_ip_or_none(request) -> str | None:
    """For django-axes (AXES_CLIENT_IP_CALLABLE), which records an unknown address as None."""
    return client_ip(request) or None
