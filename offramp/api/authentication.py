from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from offramp.core.access import Actor, actor_for
from offramp.core.auth import second_factor_done
from offramp.core.middleware import SESSION_ORG_KEY
from offramp.core.services import api_token_authenticate


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer ofr_…`: a per-user token bound to one organisation."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the header as 'Authorization: Bearer <token>'."))
        token = api_token_authenticate(secret=header[1])
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is unknown or revoked."))
        actor = actor_for(token.user, token.organization_id)
        if actor is None or actor.organization.pk != token.organization_id:
            raise exceptions.AuthenticationFailed(_("The token's owner no longer belongs to its organisation."))
        request._request.actor = actor
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """The browser session, but only once the second factor is done (as for pages)."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if not second_factor_done(request._request):
            raise exceptions.PermissionDenied(_("Set up your second factor first."))
        request._request.actor = actor_for(user, request._request.session.get(SESSION_ORG_KEY))
        return result


def actor_of(request) -> Actor:
    return request._request.actor


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "offramp.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A token from your settings page."}


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "offramp.api.authentication.VerifiedSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "offramp_session"}
