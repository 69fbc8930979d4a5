"""State changes in core: organisations, memberships, notifications, API tokens.

Each public service is its own outermost transaction (`transaction.atomic(durable=True)`); a part that
other apps' services use inside their own transaction is named `*_within`."""

import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor, NotFound
from offramp.core.audit import Action, audit, audit_record
from offramp.core.calendar import org_today
from offramp.core.crypto import keys_ensure
from offramp.core.db import integer_ids
from offramp.core.models import (
    ApiToken,
    Membership,
    Notification,
    Organization,
    ReferenceSequence,
    User,
)

TOKEN_PREFIX = "ofr_"  # noqa: S105 - a public prefix that makes leaked tokens recognisable


@transaction.atomic(durable=True)
def organization_create(*, name: str, slug: str, actor_user: User | None = None, **settings: Any) -> Organization:
    """A new organisation with its keys (from the command line, the admin or the demo: no Actor yet)."""
    org = Organization(name=name, slug=slug, **settings)
    org.full_clean()
    org.save()
    keys_ensure(org.pk)
    audit_record(actor=actor_user, organization=org, action=Action.CREATE,
                 object_type="organization", object_id=org.pk)
    return org


def next_reference_within(*, organization: Organization, kind: str, prefix: str) -> str:
    """PREFIX-YEAR-NNNNN for the record the calling service is making, in that service's transaction:
    the sequence's row stays locked until it commits, so concurrent requests never share a number, and
    a service that fails uses up no number."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_reference_within is a part of a service's transaction; it was called outside one.")
    year = org_today(organization).year
    sequence, _created = ReferenceSequence.objects.select_for_update().get_or_create(
        organization=organization, kind=kind, year=year
    )
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{prefix}-{year}-{sequence.last:05d}"


@transaction.atomic(durable=True)
def membership_grant(*, organization: Organization, user: User, role: str, actor_user: User | None = None) -> Membership:
    """A role in an organisation (from the command line, the demo or tests: no Actor); granting it again changes nothing."""
    membership, created = Membership.objects.get_or_create(user=user, organization=organization, role=role)
    if created:
        audit_record(actor=actor_user, organization=organization, action=Action.CREATE,
                     object_type="membership", object_id=membership.pk, detail={"role": role, "user": user.pk})
    return membership


@transaction.atomic(durable=True)
def notification_send(*, user: User, organization: Organization, message: str, url: str = "") -> Notification:
    """A notification on its own (the daily reminder of overdue work)."""
    return notification_send_within(user=user, organization=organization, message=message, url=url)


def notification_send_within(*, user: User, organization: Organization, message: str, url: str = "",
                              urgent: bool = False) -> Notification:
    """A notification about what the calling service did, in its transaction: in the app at once, by
    e-mail once that transaction commits (never with personal data: the message names a reference).
    An urgent one stays at the top until `notifications_clear_within` says its work is done."""
    note = Notification.objects.create(user=user, organization=organization, message=message, url=url, urgent=urgent)

    def _mail() -> None:
        from offramp.core.tasks import send_notification_email

        send_notification_email.delay(note.pk)

    transaction.on_commit(_mail)
    return note


def notifications_clear_within(*, organization: Organization, url: str, user: User | None = None) -> int:
    """The work the notifications pointing at `url` asked for is done: they leave everyone's list
    (or only `user`'s), urgent ones included. Inside the calling service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notifications_clear_within runs inside the calling service's transaction")
    notes = Notification.objects.filter(organization=organization, url=url, read_at__isnull=True)
    return (notes.filter(user=user) if user else notes).update(read_at=timezone.now())


CONSULTATION_MIN, CONSULTATION_MAX = 10, 4000


def consultation_record_within(*, actor: Actor, record: Any, text: str, supervisor: int | str | None,
                               candidates: QuerySet[User], may_consult_self: bool, url: str,
                               confirm_message: str) -> User:
    """R1: the consultation with a supervisor about a safety concern, on `record` (a helpline contact, a
    positive screen: any model with `consultation`, `consulted_with`, `consulted_at` and
    `consultation_confirmed_at`), in the calling service's transaction, once: a consultation recorded stands.
    The supervisor is picked among `candidates` (the supervisors who may open the record; or is the actor,
    when `may_consult_self` and none is named); a
    supervisor recording their own consultation has confirmed it, anyone else's is confirmed from the
    urgent `confirm_message` they are sent. The concern's urgent alerts (at `url`) have been acted on and
    leave everyone's list. Returns the supervisor consulted; ValidationError by field otherwise."""
    if record.consulted_at is not None:
        raise ValidationError(_("A consultation is already recorded here: add anything new as a note or an addition."))
    text = (text or "").strip()
    consulted = (candidates.filter(pk__in=integer_ids([supervisor])).first() if supervisor
                 else (actor.user if may_consult_self else None))
    errors = {}
    if consulted is None:
        errors["supervisor"] = _("Choose the supervisor you consulted.")
    if len(text) < CONSULTATION_MIN:
        errors["text"] = _("Record what was decided, in at least %(n)d characters.") % {"n": CONSULTATION_MIN}
    elif len(text) > CONSULTATION_MAX or "\x00" in text:
        errors["text"] = _("Write at most %(n)d characters of plain text.") % {"n": CONSULTATION_MAX}
    if errors or consulted is None:  # no supervisor is always one of the errors
        raise ValidationError(errors)
    now = timezone.now()
    record.consultation, record.consulted_with, record.consulted_at = text, consulted, now
    record.consultation_confirmed_at = now if consulted == actor.user else None
    record.save(update_fields=["consultation", "consulted_with", "consulted_at", "consultation_confirmed_at"])
    notifications_clear_within(organization=actor.organization, url=url)
    if record.consultation_confirmed_at is None:
        notification_send_within(user=consulted, organization=actor.organization, url=url, urgent=True,
                                 message=confirm_message)
    return consulted


def consultation_confirm_within(*, actor: Actor, record: Any, url: str) -> bool:
    """The supervisor named in `record`'s consultation confirms it (refused for anyone else), in the calling
    service's transaction; their request to confirm leaves their list. True when it was not confirmed yet."""
    if record.consulted_with_id is None or record.consulted_with_id != actor.user.pk:
        raise ValidationError(_("Only the supervisor named in the consultation can confirm it."))
    confirmed_now = record.consultation_confirmed_at is None
    if confirmed_now:
        record.consultation_confirmed_at = timezone.now()
        record.save(update_fields=["consultation_confirmed_at"])
    notifications_clear_within(organization=actor.organization, url=url, user=actor.user)
    return confirmed_now


@transaction.atomic(durable=True)
def notifications_mark_read(*, actor: Actor) -> int:
    """Mark the actor's routine notifications read; urgent ones stay until acted on."""
    return Notification.objects.filter(
        user=actor.user, organization=actor.organization, read_at__isnull=True, urgent=False
    ).update(read_at=timezone.now())


@transaction.atomic(durable=True)
def notification_open(*, actor: Actor, notification_id: int | str) -> Notification:
    """Open one of the actor's notifications: a routine one is read once opened."""
    note = Notification.objects.for_actor(actor).filter(user=actor.user, pk__in=integer_ids([notification_id])).first()
    if note is None:
        raise NotFound
    if not note.urgent and note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return note


def _token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic(durable=True)
def api_token_create(*, actor: Actor, name: str) -> tuple[ApiToken, str]:
    """Returns the token and its secret; the secret is shown once and never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor.user, organization=actor.organization, name=name.strip()[:100] or "API token",
        prefix=secret[:12], digest=_token_digest(secret),
    )
    audit(actor, Action.TOKEN, object_type="api_token", object_id=token.pk, detail={"op": "create"})
    return token, secret


@transaction.atomic(durable=True)
def api_token_revoke(*, actor: Actor, token_id: int) -> None:
    """One of the actor's own tokens in this organisation (those the settings page lists)."""
    token = (ApiToken.objects.select_for_update()
             .filter(pk=token_id, user=actor.user, organization=actor.organization, revoked_at__isnull=True).first())
    if token is None:
        raise NotFound
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit(actor, Action.TOKEN, object_type="api_token", object_id=token.pk, detail={"op": "revoke"})


@transaction.atomic(durable=True)
def api_token_authenticate(*, secret: str) -> ApiToken | None:
    """The live token with this secret, its use noted; None for anything else (the caller refuses)."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user", "organization")
        .filter(digest=_token_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token

