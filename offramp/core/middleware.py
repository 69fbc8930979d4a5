from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from offramp.core.access import DENIAL_ATTRIBUTE, actor_for, is_uuid, note_denial
from offramp.core.audit import Action, audit_record
from offramp.core.auth import second_factor_done
from offramp.core.services import api_token_authenticate

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
    """The one place a refusal is audited: every 403 or 404 answered to a signed-in user (pages, API,
    admin, whatever raised or returned it) writes one `denied` event, once the refused work has rolled
    back. A refusal raised through `deny()` names its object; any other names the route."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in REFUSALS:
            _audit_refusal(request, response.status_code)
        return response

    def process_exception(self, request, exception):
        note_denial(request, exception)


REFUSALS = (403, 404)


def _token_holder(request):
    """Who sent an API token with a request that never reached the API's authentication (a URL that
    does not exist): they are signed in all the same, and their refusal is audited like any other."""
    header = request.META.get("HTTP_AUTHORIZATION", "").split()
    if len(header) == 2 and header[0] == "Bearer":
        token = api_token_authenticate(secret=header[1])
        if token is not None:
            request.actor = actor_for(token.user, token.organization_id)
            return token.user
    return None


def _audit_refusal(request, status: int) -> None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        user = _token_holder(request) if request.path.startswith("/api/") else None
        if user is None:
            return
    actor = getattr(request, "actor", None)
    match = request.resolver_match
    about = getattr(request, DENIAL_ATTRIBUTE, None) or {
        "object_type": "route",
        "object_id": next((str(v)[:64] for v in (match.kwargs.values() if match else ()) if is_uuid(v) or
                           str(v).isdigit()), ""),
    }
    audit_record(actor=user, organization=actor.organization if actor else None, action=Action.DENIED,
                 detail={"route": match.view_name if match else "", "method": request.method[:10],
                         "status": status}, **about)


class NoStoreMiddleware:
    """Pages and API answers for a signed-in user carry personal data: no browser or proxy keeps them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith("/api/"):
            patch_cache_control(response, no_store=True, private=True)
        return response


class RequestSizeLimitMiddleware:
    """Refuse an oversized body before anything reads it (Django limits only form fields it parses)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0:
            return HttpResponseBadRequest(_("The request's length is not a number."), content_type="text/plain")
        if length > settings.OFFRAMP_MAX_REQUEST_BYTES:
            return HttpResponse(_("The request is too large."), status=413, content_type="text/plain")
        return self.get_response(request)


class IdleAwareSessionMiddleware(SessionMiddleware):
    """Sessions expire after the idle limit, pushed forward by every request (SESSION_SAVE_EVERY_REQUEST)
    except background polls, which are not activity."""

    def process_response(self, request, response):
        if getattr(request, "background_poll", False) and not request.session.modified:
            return response
        return super().process_response(request, response)
