"""How the records named in the audit trail are shown and found: a registry the apps fill.

An audit event names its record by type and id (it holds no personal data). The audit trail shows a
reference instead (a case's "NSE-2026-00012", a contact's reference, a person's name for those allowed
to see it), and filters by a reference typed by the reader. Core knows none of the apps' models: each
app registers, in `AppConfig.ready()`, a `RecordKind` per object type it audits:

- `labels(actor, ids)`: the labels of these records, `{id: label}`, in **one** query for all of them
  (the page asks once per type shown, never once per row), and only for records of the actor's
  organisation: an id of another organisation's record (a refused attempt names one) gets no label.
- `find(actor, text)`: the ids of the actor's organisation's records of this type whose reference is
  `text` (optional; a type without it cannot be found by reference). It never looks outside the
  actor's organisation, so the filter cannot be used to learn whether another organisation has a
  record: it answers the same "no events" either way.

A label may be personal (a person's name): the app decides who sees it, and gives the others a
neutral label.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from offramp.core.access import Actor, is_uuid
from offramp.core.db import integer_ids


@dataclass(frozen=True)
class RecordKind:
    object_type: str
    title: Any  # a (lazy) translated name: "Case"
    labels: Callable[[Actor, list[str]], dict[str, str]]
    find: Callable[[Actor, str], list[str]] | None = None


_kinds: dict[str, RecordKind] = {}


def register(kind: RecordKind) -> None:
    _kinds[kind.object_type] = kind


def kinds() -> list[RecordKind]:
    """Every registered kind, by title (for the record-type filter)."""
    return sorted(_kinds.values(), key=lambda kind: str(kind.title).casefold())


def kind(object_type: str) -> RecordKind | None:
    return _kinds.get(object_type)


def uuid_ids(ids: Iterable[str]) -> list[str]:
    """The ids that can be a UUID primary key (an event may name a malformed one that was refused)."""
    return [str(value) for value in ids if is_uuid(value)]


def int_ids(ids: Iterable[str]) -> list[int]:
    return integer_ids(ids)


UNKNOWN = _("not found")


def labels_for(actor: Actor, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Labels for (object type, id) pairs: one call (one query) per registered type among them. A pair of
    an unregistered type, or whose record is not the organisation's (or no longer exists), is left out."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for object_type, object_id in pairs:
        if object_type in _kinds and object_id:
            wanted[object_type].add(object_id)
    labels: dict[tuple[str, str], str] = {}
    for object_type, ids in wanted.items():
        for object_id, label in _kinds[object_type].labels(actor, sorted(ids)).items():
            labels[(object_type, str(object_id))] = label
    return labels


def find(actor: Actor, object_type: str, text: str) -> dict[str, list[str]]:
    """The actor's organisation's records whose reference is `text`: {object type: [ids]}, for one type or
    (no type) every type that can be found by reference. Empty when nothing matches."""
    text = (text or "").strip()
    if not text:
        return {}
    candidates = [_kinds[object_type]] if object_type in _kinds else [] if object_type else list(_kinds.values())
    found = {}
    for candidate in candidates:
        if candidate.find is not None:
            ids = [str(value) for value in candidate.find(actor, text)]
            if ids:
                found[candidate.object_type] = ids
    return found
