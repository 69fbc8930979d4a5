"""`{{ contact|label:"channel" }}`: a choice field's display label, as `get_channel_display` gives,
without its cost. Django's get_FOO_display hashes every (value, label) pair of the field on each
call, and hashing a lazy label translates it: a list of 20 contacts paid for hundreds of
translations. Here the labels are looked up by value in a map made once per field."""

from functools import cache

from django import template

register = template.Library()


@cache
def _labels(model, name: str) -> dict:
    return dict(model._meta.get_field(name).flatchoices)


@register.filter
def label(obj, name: str):
    value = getattr(obj, name)
    return _labels(type(obj), name).get(value, value)
