"""The append-only, hash-chained audit trail."""

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from offramp.core.models import AuditChainHead, AuditEvent

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


def audit_read(actor, *, action: str, object_type: str, count: int, detail: dict | None = None) -> AuditEvent:
    """A list or search of personal data: what kind, how many; never the terms searched."""
    return audit_record(actor=actor.user, organization=actor.organization, action=action,
                        object_type=object_type, detail={"count": count, **(detail or {})})


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    problem: str = ""


def audit_verify(batch_size: int = 5000) -> VerifyResult:
    """Recompute the chain. Names the first event that was altered, inserted or removed."""
    prev_hash = GENESIS_HASH
    expected_id = 1
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(pk__gte=expected_id).order_by("pk")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.pk != expected_id:
                return VerifyResult(False, checked, expected_id, f"event {expected_id} is missing")
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
