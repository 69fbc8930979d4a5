from zoneinfo import ZoneInfo

from django.contrib.sessions.middleware import SessionMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from offramp.core.access import actor_for, record_denial
from offramp.core.auth import second_factor_done

SESSION_ORG_KEY = "offramp_organization"
_OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/api/", "/help/", "/survey/")


class SecondFactorRequiredMiddleware:
    """Staff without a second factor are sent to set one up before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(_OPEN_PREFIXES):
            if not second_factor_done(request):
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class OrganizationMiddleware:
    """`request.actor`: the user acting in the organisation chosen in their session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = _actor(request)
        if request.actor is not None:
            timezone.activate(ZoneInfo(request.actor.organization.time_zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def _actor(request):
    if not request.user.is_authenticated:
        return None
    return actor_for(request.user, request.session.get(SESSION_ORG_KEY))


class AuditDenialsMiddleware:
    """Writes the audit event of a refused access once the refused work has rolled back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        record_denial(exception)


class IdleAwareSessionMiddleware(SessionMiddleware):
    """Sessions expire after the idle limit, pushed forward by every request (SESSION_SAVE_EVERY_REQUEST)
    except background polls, which are not activity."""

    def process_response(self, request, response):
        if getattr(request, "background_poll", False) and not request.session.modified:
            return response
        return super().process_response(request, response)
