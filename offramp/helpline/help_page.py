"""What protects the public help page, which has no login and no JavaScript, without third-party
services; the organisation its address names; and what every public page (the help page, its
thanks, the survey) shares: its language and the quick exit (`public_page`). Nothing here writes to the database (storing a
request is `services.web_requests.help_request_submit`).

Abuse controls, in order: a rate limit per address and one for everyone (cache counters), a
honeypot field people never see, and a form token: signed, with the time the form was shown and a
random nonce. It must be at least a few seconds old (people take time to type), at most a couple of
hours, and it works once (the nonce is spent in the cache), so one fetched page cannot be replayed
by a script. A refused token sends the form back with what was typed and a fresh token.
The rate limit counts the visitor's address (offramp.core.client_ip), not REMOTE_ADDR, which
behind a reverse proxy is the proxy's, shared by everyone.
"""

import secrets
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import translation

from offramp.core.models import Organization

SALT = "offramp.help-request"
MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 2 * 3600
PER_ADDRESS_PER_HOUR = 5
EVERYONE_PER_HOUR = 300
QUICK_EXIT_DEFAULT = Organization._meta.get_field("quick_exit_url").get_default()


def organization_for_help_page(slug: str) -> Organization | None:
    return Organization.objects.filter(slug=slug).first()


def form_token(*, issued_at: float | None = None) -> str:
    """The hidden token of a freshly shown form: when it was shown, and a nonce that works once."""
    started = time.time() if issued_at is None else issued_at
    return signing.dumps([started, secrets.token_urlsafe(16)], salt=SALT)


def filled_too_fast(token: str) -> bool:
    """True when the form must be sent back to be sent again: a token that is forged, sent sooner than
    a person could type, older than MAX_FORM_AGE_SECONDS or already used. An accepted token is spent."""
    try:
        started, nonce = signing.loads(token, salt=SALT, max_age=MAX_FORM_AGE_SECONDS)
        age = time.time() - float(started)
    except (signing.BadSignature, TypeError, ValueError):
        return True
    if not MIN_FILL_SECONDS <= age <= MAX_FORM_AGE_SECONDS:
        return True
    return not cache.add(f"help-token:{nonce}", 1, timeout=MAX_FORM_AGE_SECONDS)


def over_rate_limit(address: str) -> bool:
    """Counts this attempt; true when the address or everyone together has sent too many this hour."""
    hour = int(time.time() // 3600)
    for key, limit in ((f"help:{address}:{hour}", PER_ADDRESS_PER_HOUR), (f"help:all:{hour}", EVERYONE_PER_HOUR)):
        cache.add(key, 0, timeout=3700)
        if cache.incr(key) > limit:
            return True
    return False


# ---- the public pages' language and quick exit --------------------------------------------------

LANGUAGE_PARAM = "lang"


def chosen_language(request) -> str | None:
    """The language the visitor picked with the switch at the top of a public page (?lang=es), if any."""
    code = request.GET.get(LANGUAGE_PARAM, "")
    return code if code in dict(settings.LANGUAGES) else None


def public_page(request, organization: Organization | None) -> dict:
    """Put a public page (help request, its thanks, the survey) in its language and give what
    `helpline/public_base.html` draws at the top: the quick exit and the language switch.

    The page speaks the organisation's public language whatever the browser's Accept-Language or a
    language cookie says, so the page an organisation publishes reads the same for everyone who opens
    it; the visitor picks another with the switch, a plain link (?lang=xx) that the form carries to the
    thanks page. A page with no organisation (an unknown survey link) keeps the site's usual choice."""
    code = chosen_language(request) or (organization.public_language if organization else None)
    if code:
        translation.activate(code)
        request.LANGUAGE_CODE = code
    current = translation.get_language()
    switch = [{"code": lang, "name": translation.get_language_info(lang)["name_local"],
               "url": f"{request.path}?{urlencode({LANGUAGE_PARAM: lang})}", "current": lang == current}
              for lang, _name in settings.LANGUAGES]
    return {"organization": organization, "language_switch": switch,
            "quick_exit_url": organization.quick_exit_url if organization else QUICK_EXIT_DEFAULT}


def with_chosen_language(request, url: str) -> str:
    """`url` carrying the language the visitor picked, for the redirect after the form is sent."""
    code = chosen_language(request)
    return f"{url}?{urlencode({LANGUAGE_PARAM: code})}" if code else url
