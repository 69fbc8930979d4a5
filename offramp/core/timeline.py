"""Timelines of a case and of a person: what each app contributes, merged newest first.

Apps register providers in their AppConfig.ready, as for the work queue (cases: notes and their
addenda; helpline: contacts). A provider answers for one subject ("case" or "person") with at most
`limit` of its entries beyond a cursor, in the direction asked, through one query of its own. The
timeline merges them and pages with a cursor (the last entry shown), so no page counts anything and
every page costs the same whatever the length of the history.

Entries are ordered by (time, kind, key), newest first; kind and key break ties between entries of
the same moment, so a cursor names one exact place in the merged order.
"""

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.core.exceptions import BadRequest
from django.db.models import Q
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from offramp.core.access import Actor

PAGE_SIZE = 25
SUBJECTS = ("case", "person")


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # the provider's kind, e.g. "note"
    key: str  # the record's id: ties at the same moment, and the page anchor
    template: str  # the template that draws it, given `entry` (and the page's context)
    item: object
    url: str = ""  # where the record opens, for those who may open it

    @property
    def order(self) -> tuple:
        return (self.at, self.kind, self.key)


@dataclass(frozen=True)
class Bound:
    """Entries strictly beyond this place: older than it, or newer."""

    at: datetime
    kind: str
    key: str
    older: bool = True

    def encode(self) -> str:
        raw = f"{self.at.isoformat()}|{self.kind}|{self.key}"
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str, *, older: bool) -> "Bound":
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
            at_text, kind, key = raw.split("|")
            at = parse_datetime(at_text)
        except (ValueError, UnicodeDecodeError):
            at = None
        if at is None or at.tzinfo is None:
            raise BadRequest(_("This link to a place in the timeline is damaged; open the case again."))
        return cls(at=at, kind=kind, key=key, older=older)

    def condition(self, *, kind: str, at_field: str, key_field: str = "pk") -> Q:
        """The query condition for a provider of `kind`: its rows beyond this place."""
        beyond = "lt" if self.older else "gt"
        tie = Q(**{at_field: self.at})
        if kind == self.kind:
            tie &= Q(**{f"{key_field}__{beyond}": self.key})
        elif (kind < self.kind) != self.older:
            tie = Q(pk__in=[])  # this provider's entries at that moment are on the near side
        return Q(**{f"{at_field}__{beyond}": self.at}) | tie

    def ordering(self, *, at_field: str, key_field: str = "pk") -> list[str]:
        sign = "-" if self.older else ""
        return [f"{sign}{at_field}", f"{sign}{key_field}"]


NEWEST = Bound(at=datetime.max, kind="", key="", older=True)  # the first page: no condition


Subject = TypeVar("Subject")  # the subject's model (a case, a person), which core does not know


@dataclass(frozen=True)
class Provider(Generic[Subject]):
    subject: str  # "case" or "person"
    kind: str
    # (actor, subject record, bound, limit) -> entries beyond the bound, nearest first. The subject
    # has already been authorised by its page; a provider still applies its own record rules.
    entries: Callable[[Actor, Subject, Bound, int], list[Entry]]


_providers: dict[str, list[Provider[Any]]] = {subject: [] for subject in SUBJECTS}


def register(provider: Provider[Any]) -> None:
    _providers[provider.subject].append(provider)


def unregister(provider: Provider[Any]) -> None:
    _providers[provider.subject].remove(provider)


@dataclass(frozen=True)
class TimelinePage:
    entries: list[Entry]
    older: str  # cursor of the next older page, or ""
    newer: str  # cursor of the next newer page, or ""


def timeline(actor: Actor, subject: str, record, *, before: str = "", after: str = "",
             size: int = PAGE_SIZE) -> TimelinePage:
    """One page of the subject's timeline, newest first: the newest, or the entries just older than
    `before`, or just newer than `after` (cursors from an earlier page)."""
    bound = (Bound.decode(before, older=True) if before else
             Bound.decode(after, older=False) if after else NEWEST)
    entries = [entry for provider in _providers[subject] for entry in provider.entries(actor, record, bound, size + 1)]
    entries.sort(key=lambda entry: entry.order, reverse=bound.older)
    more = len(entries) > size
    page = entries[:size]
    if not bound.older:
        page.reverse()
    if not page:
        return TimelinePage(entries=[], older="", newer="")
    # Going back in time, more lies beyond only if the providers had more; anything newer than a
    # page reached from a cursor exists (we came from there). The same, mirrored, going forward.
    has_older = more if bound.older else True
    has_newer = (bound is not NEWEST) if bound.older else more
    return TimelinePage(
        entries=page,
        older=_cursor(page[-1], older=True) if has_older else "",
        newer=_cursor(page[0], older=False) if has_newer else "",
    )


def _cursor(entry: Entry, *, older: bool) -> str:
    return Bound(at=entry.at, kind=entry.kind, key=entry.key, older=older).encode()


def bounded(queryset, bound: Bound, *, kind: str, at_field: str, limit: int, key_field: str = "pk"):
    """A provider's query: its rows beyond the bound, nearest first, at most `limit`."""
    if bound is not NEWEST:
        queryset = queryset.filter(bound.condition(kind=kind, at_field=at_field, key_field=key_field))
    return queryset.order_by(*bound.ordering(at_field=at_field, key_field=key_field))[:limit]
