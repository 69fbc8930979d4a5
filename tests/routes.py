"""Every route of the URL configuration, with ids filled in, for tests that walk them all.

Ids in URLs are real records of the standing cast where the route names one we have, and otherwise
an id nobody has (the `route_records` fixture in conftest.py holds the real ones)."""

import re
import uuid

from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_PREFIXES = ("static/", "accounts/", "i18n/")


def _routes(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.pattern.converters


def _url(route: str, converters: dict, records: dict) -> str:
    def value(match):
        name = match.group(2)
        if name in records:
            return str(records[name])
        return "987654321" if type(converters[name]).__name__ == "IntConverter" else str(uuid.uuid4())

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


def hostile_routes(records: dict):
    for route, converters in _routes():
        if route.startswith(SKIPPED_PREFIXES) or "(?P" in route:
            continue
        yield _url(route, converters, records)
