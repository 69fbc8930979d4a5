"""Every view declares its access policy; a test fails for any route that does not."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django_htmx.http import HttpResponseClientRedirect

from offramp.core.access import Forbidden, Permission

PUBLIC = "public"
STAFF = "staff"


def public(view):
    view.access_policy = PUBLIC
    return view


def staff(permission: Permission | None = None):
    """A signed-in member of the current organisation; with a permission, one whose roles grant it.
    The route-policy test reads the permission back (`view.permission`)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                if getattr(request, "htmx", False):  # a fragment request: take the whole page to sign-in
                    return HttpResponseClientRedirect(redirect_to_login(request.htmx.current_url_abs_path or "/").url)
                return redirect_to_login(request.get_full_path())
            if request.actor is None:
                return render(request, "core/no_organization.html", status=403)
            if permission is not None and not request.actor.can(permission):
                raise Forbidden(audit={"object_type": "permission", "object_id": permission.key})
            return view(request, *args, **kwargs)

        wrapper.access_policy = f"{STAFF}:{permission or 'any'}"
        wrapper.permission = permission
        return wrapper

    return decorator


def background_poll(view):
    """A page asking for news on its own (not someone at work): it does not push the idle-session
    expiry forward, so an unattended screen still signs out."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.background_poll = True
        return view(request, *args, **kwargs)

    wrapper.access_policy = getattr(view, "access_policy", None)
    wrapper.permission = getattr(view, "permission", None)
    return wrapper
