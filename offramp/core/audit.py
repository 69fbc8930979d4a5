"""The append-only, hash-chained audit trail."""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from offramp.core.models import AuditChainHead, AuditEvent

if TYPE_CHECKING:
    from offramp.core.access import Actor

GENESIS_HASH = "0" * 64


class Action:
    VIEW = "view"
    LIST = "list"
    SEARCH = "search"
    EXPORT = "export"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    DENIED = "denied"
    BREAK_GLASS = "break_glass"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOCKOUT = "lockout"
    TOKEN = "token"  # noqa: S105 - an action name


def _digest(prev_hash: str, event: AuditEvent) -> str:
    body = {
        "id": event.pk,
        "at": event.at.isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "organization": str(event.organization_id) if event.organization_id else None,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "reason": event.reason,
        "detail": event.detail,
    }
    payload = prev_hash + json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def audit_record(
    *, actor, organization, action: str, object_type: str = "", object_id="", reason: str = "",
    detail: dict | None = None,
) -> AuditEvent:
    """Append one event. Runs inside the caller's transaction, so work and record commit together."""
    with transaction.atomic():
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_id": 0, "last_hash": GENESIS_HASH}
        )
        event = AuditEvent(
            id=head.last_id + 1,
            at=timezone.now(),
            actor_id=getattr(actor, "pk", actor),
            organization_id=getattr(organization, "pk", organization),
            action=action,
            object_type=object_type,
            object_id=str(object_id) if object_id else "",
            reason=reason,
            detail=detail or {},
            prev_hash=head.last_hash,
        )
        event.hash = _digest(head.last_hash, event)
        AuditEvent.objects.bulk_create([event])
        AuditChainHead.objects.filter(pk=1).update(last_id=event.pk, last_hash=event.hash)
    return event


def audit(actor: "Actor", action: str, *, object_type: str = "", object_id: object = "", reason: str = "",
          detail: dict | None = None) -> AuditEvent:
    """What an actor did, to which record: the one way services and selectors write the trail."""
    return audit_record(actor=actor.user, organization=actor.organization, action=action,
                        object_type=object_type, object_id=object_id, reason=reason, detail=detail)


def audit_read(actor: "Actor", *, action: str, object_type: str, count: int, detail: dict | None = None) -> AuditEvent:
    """A list or search of personal data: what kind, how many; never the terms searched."""
    return audit_record(actor=actor.user, organization=actor.organization, action=action,
                        object_type=object_type, detail={"count": count, **(detail or {})})


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    problem: str = ""


class _Unreadable:
    """A row the database holds but that no longer loads as an event: a field was overwritten with a
    value of the wrong type (an organisation id that is not a UUID, a date that is not a date)."""

    def __init__(self, pk: int):
        self.pk = pk


_UNREADABLE_ERRORS = (ValueError, TypeError, ValidationError, OverflowError)


def _events_from(first_id: int, batch_size: int) -> Iterator[AuditEvent | _Unreadable]:
    """Events in id order from first_id on; a batch that fails to load is read row by row so the
    unreadable one is named and the rows before it are still checked."""
    while True:
        batch: list[AuditEvent | _Unreadable]
        try:
            batch = list(AuditEvent.objects.filter(pk__gte=first_id).order_by("pk")[:batch_size])
        except _UNREADABLE_ERRORS:
            ids = list(AuditEvent.objects.filter(pk__gte=first_id).order_by("pk")
                       .values_list("pk", flat=True)[:batch_size])
            batch = []
            for pk in ids:
                try:
                    batch.append(AuditEvent.objects.get(pk=pk))
                except _UNREADABLE_ERRORS:
                    batch.append(_Unreadable(pk))
                    break
        if not batch:
            return
        yield from batch
        first_id = batch[-1].pk + 1


def audit_verify(batch_size: int = 5000) -> VerifyResult:
    """Recompute the chain. Names the first event that was altered, inserted, removed or made unreadable."""
    prev_hash = GENESIS_HASH
    expected_id = 1
    checked = 0
    last_id = 0
    for event in _events_from(1, batch_size):
        if event.pk != expected_id:
            return VerifyResult(False, checked, expected_id, f"event {expected_id} is missing")
        if isinstance(event, _Unreadable) or event.at is None:
            return VerifyResult(False, checked, event.pk, "was altered: a field no longer holds a valid value")
        if event.prev_hash != prev_hash:
            return VerifyResult(False, checked, event.pk, "does not follow the event before it")
        if _digest(prev_hash, event) != event.hash:
            return VerifyResult(False, checked, event.pk, "was altered after it was written")
        prev_hash = event.hash
        last_id = event.pk
        expected_id += 1
        checked += 1
    head = AuditChainHead.objects.get(pk=1)
    if head.last_id != last_id or head.last_hash != prev_hash:
        return VerifyResult(False, checked, last_id + 1, f"events after {last_id} were removed")
    return VerifyResult(True, checked)
