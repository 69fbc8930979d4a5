"""Sign-ins in the audit trail: who signed in, failed or was locked out — the account, never what was typed."""

from uuid import UUID

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from offramp.core.audit import Action, audit_record
from offramp.core.auth import login_throttle_username
from offramp.core.models import Membership, User


def _account_event(user: User | None, action: str, **detail) -> None:
    """One event in each organisation the account belongs to, so each one's admins see it; an
    address that matches no account is recorded as such, without the address."""
    organizations: list[UUID | None] = list(Membership.objects.filter(user=user).values_list("organization_id", flat=True)
                         .distinct()) if user else []
    with transaction.atomic():
        for organization in organizations or [None]:
            audit_record(actor=user, organization=organization, action=action, object_type="user",
                         object_id=user.pk if user else "", detail={"known_account": user is not None, **detail})


def _account(email: str | None) -> User | None:
    return User.objects.filter(email__iexact=email).first() if email else None


@receiver(user_logged_in, dispatch_uid="offramp-audit-login")
def _audit_login(sender, request, user, **kwargs) -> None:
    _account_event(user, Action.LOGIN)


@receiver(user_login_failed, dispatch_uid="offramp-audit-login-failed")
def _audit_login_failed(sender, credentials, request=None, **kwargs) -> None:
    _account_event(_account(login_throttle_username(request, credentials)), Action.LOGIN_FAILED)


@receiver(user_locked_out, dispatch_uid="offramp-audit-lockout")
def _audit_lockout(sender, request=None, username=None, **kwargs) -> None:
    _account_event(_account(username), Action.LOCKOUT)
