"""The main menu: each app registers its links from its `AppConfig.ready()`, with the permission that
shows them; core names none of them (its own Work queue, Notifications and Settings frame the list in
base.html):

    from offramp.core import navigation
    navigation.register(navigation.MenuItem(_("Groups"), "group_list", permissions.RUN_SESSIONS, order=80,
                                            active=("groups",)))

An item is marked as the current page (`aria-current="page"`) when the page's URL name or its namespace
is one of `active` (by default, the item's own URL name).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from offramp.core.access import Actor, Permission


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url_name: str  # reversed without arguments
    permission: Permission | None  # None: every member of the organisation
    order: int = 100
    active: tuple[str, ...] = ()  # URL names ("case_list") or namespaces ("instruments"); () means url_name

    def current(self, request) -> bool:
        match = getattr(request, "resolver_match", None)
        if match is None:
            return False
        names = self.active or (self.url_name,)
        return match.view_name in names or bool(match.namespace and match.namespace in names)


@dataclass(frozen=True)
class Link:
    """A menu item as one actor sees it on one page."""

    label: str | Promise
    url: str
    current: bool


_items: dict[str, MenuItem] = {}


def register(item: MenuItem) -> MenuItem:
    """Register (or replace, by URL name) a link."""
    _items[item.url_name] = item
    return item


def unregister(url_name: str) -> None:
    _items.pop(url_name, None)


def items() -> list[MenuItem]:
    return sorted(_items.values(), key=lambda item: (item.order, item.url_name))


def menu(actor: Actor, request=None) -> list[Link]:
    """The links this actor may follow, in order, the current page's marked."""
    return [Link(label=item.label, url=reverse(item.url_name), current=request is not None and item.current(request))
            for item in items() if item.permission is None or actor.can(item.permission)]
