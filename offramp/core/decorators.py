"""Every view declares its access policy; a test fails for any route that does not."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django_htmx.http import HttpResponseClientRedirect

from offramp.core.access import Forbidden

PUBLIC = "public"
STAFF = "staff"


def public(view):
    view.access_policy = PUBLIC
    return view


def staff(*roles: str):
    """A signed-in member of the current organisation; with roles, one of those roles."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                if getattr(request, "htmx", False):  # a fragment request: take the whole page to sign-in
                    return HttpResponseClientRedirect(redirect_to_login(request.htmx.current_url_abs_path or "/").url)
                return redirect_to_login(request.get_full_path())
            if request.actor is None:
                return render(request, "core/no_organization.html", status=403)
            if roles and not request.actor.has(*roles):
                raise Forbidden
            return view(request, *args, **kwargs)

        wrapper.access_policy = f"{STAFF}:{','.join(roles) or 'any'}"
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
    return wrapper
