"""JSON bodies: objects only where a view expects one, and never deeper than a person would write."""


from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


def _depth(value) -> int:
    """Nesting depth, walked without recursion so a hostile body cannot exhaust the stack."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
        else:
            if _depth(data) <= settings.OFFRAMP_MAX_JSON_DEPTH:
                return data
        raise ParseError(_("The body nests deeper than %(n)d levels.") % {"n": settings.OFFRAMP_MAX_JSON_DEPTH})
