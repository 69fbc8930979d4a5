"""Login policy: staff accounts are made by admins, never by sign-up; everyone has a second factor."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import PermissionDenied

from .client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        """allauth's rate limits count per address: the same address the rest of the site uses."""
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")  # as allauth's own adapter does
        return address


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def may_skip_second_factor(user) -> bool:
    """Only generated demo users, and only while demo mode is on (production refuses demo mode)."""
    return bool(settings.OFFRAMP_DEMO_MODE and getattr(user, "is_demo", False))


SESSION_MFA_KEY = "offramp_mfa_ok"


def second_factor_done(request) -> bool:
    """Signed in with a second factor (allauth asks for it at login when the user has one),
    or a demo account in demo mode. Remembered in the session to save a query per request."""
    if request.session.get(SESSION_MFA_KEY):
        return True
    if has_second_factor(request.user):
        request.session[SESSION_MFA_KEY] = True
        return True
    return may_skip_second_factor(request.user)


def login_throttle_username(request, credentials) -> str | None:
    """The e-mail being tried, whether axes sees allauth's credentials or the raw form."""
    value = None
    for key, candidate in (credentials or {}).items():
        # allauth passes its LoginMethod enum as the key
        if getattr(key, "value", key) in ("email", "username", "login") and candidate:
            value = candidate
    if not value and request is not None:
        value = request.POST.get("login")
    return value.strip().lower() if value else None
