"""The API's base classes: every app's API views stand on these (see docs/architecture.md)."""

from collections.abc import Callable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions, generics, serializers
from rest_framework.permissions import SAFE_METHODS
from rest_framework.views import APIView

from offramp.core.access import Actor, Forbidden, Permission
from offramp.core.audit import Action, audit_read

from .authentication import actor_of


def _unknown_fields(serializer: serializers.Serializer, data: Mapping, prefix: str = "") -> list[str]:
    """The names in a body (nested objects and lists of objects too, as `contacts[0].kind`) that the
    serializer does not know."""
    names = []
    for key, value in data.items():
        name = f"{prefix}{str(key)[:60]}"
        field = serializer.fields.get(key)
        if field is None:
            names.append(name)
        elif isinstance(field, serializers.ListSerializer) and isinstance(value, list):
            for index, item in enumerate(value[:100]):
                if isinstance(item, Mapping) and isinstance(field.child, serializers.Serializer):
                    names += _unknown_fields(field.child, item, f"{name}[{index}].")
        elif isinstance(field, serializers.Serializer) and isinstance(value, Mapping):
            names += _unknown_fields(field, value, f"{name}.")
    return names


class ActorView(APIView):
    """Base: the acting member, with the permission this endpoint needs."""

    permission: Permission | None = None
    write_permission: Permission | None = None  # for changes, where they need more than reading (the service checks too)
    access_policy = "api:staff"
    # The records the URL names, checked before a body's errors are answered, so a request about
    # someone else's record gets the same 404 whatever its body: {URL keyword: selector(actor, id)}.
    targets: dict[str, Callable[[Actor, Any], object]] = {}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        writing = request.method not in SAFE_METHODS
        needed = self.write_permission if writing and self.write_permission else self.permission
        if needed is not None and not actor_of(request).can(needed):
            raise Forbidden(audit={"object_type": "permission", "object_id": needed.key})
        # A token request reaches here without the session's organisation: read and write times in its
        # zone, as the pages do (OrganizationMiddleware turns it off when the request ends).
        timezone.activate(ZoneInfo(actor_of(request).organization.time_zone))

    @property
    def actor(self) -> Actor:
        return actor_of(self.request)

    def check_targets(self) -> None:
        for keyword, check in self.targets.items():
            check(self.actor, self.kwargs[keyword])

    def parse(self, serializer_class, data=None) -> dict:
        """The body, validated strictly: an object, with no field the endpoint does not know (read-only
        fields such as an id may come back as they were read, and are ignored)."""
        data = self.request.data if data is None else data
        serializer = serializer_class(data=data)
        errors = {} if serializer.is_valid() else dict(serializer.errors)
        if isinstance(data, Mapping):
            unknown = sorted(_unknown_fields(serializer, data))
            if unknown:
                errors["unknown_fields"] = [_("This endpoint does not take: %(names)s.") % {"names": ", ".join(unknown)}]
        if errors:
            self.check_targets()
            raise exceptions.ValidationError(errors)
        return serializer.validated_data


class ListView(ActorView, generics.GenericAPIView):
    def page(self, queryset, serializer_class, audit_type: str):
        page = self.paginate_queryset(queryset)
        if page is None:  # only without a paginator, and settings always name one
            raise ImproperlyConfigured("The API's list views need DEFAULT_PAGINATION_CLASS.")
        audit_read(self.actor, action=Action.LIST, object_type=audit_type, count=len(page))
        return self.get_paginated_response(serializer_class(page, many=True).data)
