"""`{{ contact|label:"channel" }}`: a choice field's display label, as `get_channel_display` gives,
without its cost. Django's get_FOO_display hashes every (value, label) pair of the field on each
call, and hashing a lazy label translates it: a list of 20 contacts paid for hundreds of
translations. Here the labels are looked up by value in a map made once per field."""

from functools import cache

from django import template
from django.db import models

register = template.Library()


@cache
def _labels(model: type[models.Model], name: str) -> dict:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a field with choices")
    return dict(field.flatchoices)


@register.filter
def label(obj: models.Model, name: str) -> object:
    value = getattr(obj, name)
    return _labels(type(obj), name).get(value, value)
