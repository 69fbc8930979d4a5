"""Serializer fields of our own, where DRF's fall over on hostile input."""

from rest_framework import serializers


class MomentField(serializers.DateTimeField):
    """A date and time. DRF checks a naive value's existence in the zone by converting it to UTC,
    which overflows at the calendar's edge (9999-12-31T23:59) instead of answering 'out of range'."""

    def enforce_timezone(self, value):
        try:
            return super().enforce_timezone(value)
        except OverflowError:
            self.fail("overflow")
