from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission


class HasOrganization(BasePermission):
    """Signed in (token or verified session) and acting within an organisation."""

    message = _("Sign in with an API token or a session of a member of an organisation.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and getattr(request._request, "actor", None))
