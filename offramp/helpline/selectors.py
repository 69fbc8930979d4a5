"""Reads of the resource directory: every member of the organisation may search it."""

from django.db.models import Q, QuerySet

from offramp.core.access import Actor, deny, is_uuid

from .models import Resource

SEARCHED_FIELDS = ("name", "description", "eligibility", "region", "how_to_refer", "notes", "languages")


def resources_for(actor: Actor, *, q: str = "", category: str = "", language: str = "", region: str = "",
                  include_unlisted: bool = False) -> QuerySet[Resource]:
    """Every word must appear somewhere in the entry (any case); filters narrow further."""
    resources = Resource.objects.filter(organization=actor.organization)
    if not include_unlisted:
        resources = resources.filter(active=True)
    for word in q.split()[:10]:
        match = Q()
        for field in SEARCHED_FIELDS:
            match |= Q(**{f"{field}__icontains": word})
        resources = resources.filter(match)
    if category:
        resources = resources.filter(category=category)
    if language.strip():
        resources = resources.filter(languages__icontains=language.strip())
    if region.strip():
        resources = resources.filter(region__icontains=region.strip())
    return resources.order_by("name")


def resource_get(actor: Actor, resource_id) -> Resource:
    resource = (Resource.objects.filter(pk=resource_id, organization=actor.organization).first()
                if is_uuid(resource_id) else None)
    if resource is None:
        deny(actor, "resource", resource_id)
    return resource
