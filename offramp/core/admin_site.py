from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from offramp.core.access import Forbidden
from offramp.core.models import Membership, Role


def admin_org_ids(user) -> set:
    """Organisations in which the user is an org admin (superusers: all, as None)."""
    return set(
        Membership.objects.filter(user=user, role=Role.ORG_ADMIN).values_list("organization_id", flat=True)
    )


class OfframpAdminSite(admin.AdminSite):
    """Configuration for org admins (their own organisations only) and superusers.
    No personal data of clients is reachable here: people, cases and notes live in the pages."""

    site_header = _("Offramp configuration")
    site_title = _("Offramp configuration")
    index_title = _("Configuration")

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_authenticated and (user.is_superuser or bool(admin_org_ids(user)))

    def admin_view(self, view, cacheable=False):
        guarded = super().admin_view(view, cacheable)

        @wraps(view)
        def refuse_signed_in_outsiders(request, *args, **kwargs):
            # Django would send a signed-in person without the right to the admin's sign-in page.
            if request.user.is_authenticated and not self.has_permission(request):
                raise Forbidden
            return guarded(request, *args, **kwargs)

        return refuse_signed_in_outsiders

    def login(self, request, extra_context=None):
        """Signed out: sign in through the site. Signed in without the right (Django sends them here
        too): a refusal, audited like any other, not a loop between two sign-in pages."""
        if request.user.is_authenticated:
            raise Forbidden
        return redirect_to_login(request.get_full_path(), reverse("account_login"))
