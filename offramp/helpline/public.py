"""The public help request: no login, no JavaScript, protected without third-party services.

Abuse controls, in order: a rate limit per address and one for everyone (cache counters), a
honeypot field people never see, and a form token: signed, with the time the form was shown and a
random nonce. It must be at least a few seconds old (people take time to type), at most a couple of
hours, and it works once (the nonce is spent in the cache), so one fetched page cannot be replayed
by a script. A refused token sends the form back with what was typed and a fresh token.
The rate limit counts the visitor's address (offramp.core.client_ip), not REMOTE_ADDR, which
behind a reverse proxy is the proxy's, shared by everyone.
None of the answers says anything about the organisation's records.
"""

import logging
import secrets
import smtplib
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from offramp.core.audit import audit_record
from offramp.core.services import next_reference, send_plain_mail
from offramp.core.text import clean_form_line

from .models import HelpRequest
from .selectors import contact_get

logger = logging.getLogger(__name__)

SALT = "offramp.help-request"
MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 2 * 3600
PER_ADDRESS_PER_HOUR = 5
EVERYONE_PER_HOUR = 300


class HelpRequestForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your first name (optional)"), required=False, max_length=100)
    phone = forms.CharField(label=gettext_lazy("Phone number"), required=False, max_length=40)
    email = forms.EmailField(label=gettext_lazy("E-mail address"), required=False, max_length=254)
    when_to_reach = forms.CharField(label=gettext_lazy("When is it safe to reach you?"), required=False,
                                    max_length=300, help_text=gettext_lazy("e.g. weekdays after 6 pm"))
    worry = forms.CharField(label=gettext_lazy("What worries you?"), max_length=3000,
                            widget=forms.Textarea(attrs={"rows": 5}),
                            help_text=gettext_lazy("A few words are enough. Do not include anything you want to keep private from us."))
    language = forms.ChoiceField(label=gettext_lazy("Preferred language"), choices=settings.LANGUAGES)
    confirm_by_email = forms.BooleanField(
        label=gettext_lazy("Send me a confirmation e-mail"), required=False,
        help_text=gettext_lazy("Leave this unticked if someone else may read your e-mail."))
    website = forms.CharField(label=gettext_lazy("Leave this field empty"), required=False, max_length=100,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))
    started = forms.CharField(widget=forms.HiddenInput)

    def clean_name(self) -> str:
        return clean_form_line(self.cleaned_data.get("name"), field="name")

    def clean_when_to_reach(self) -> str:
        return clean_form_line(self.cleaned_data.get("when_to_reach"), field="when_to_reach")

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email"):
            raise forms.ValidationError(_("Give a phone number or an e-mail address so we can reach you."))
        return data


def organization_for_help_page(slug: str):
    from offramp.core.models import Organization

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


def help_request_submit(*, organization, data: dict) -> HelpRequest:
    with transaction.atomic():
        request = HelpRequest.objects.create(
            organization=organization,
            reference=next_reference(organization=organization, kind="help_request", prefix="WEB"),
            name=data["name"].strip(), phone=data["phone"].strip(), email=data["email"].strip(),
            when_to_reach=data["when_to_reach"].strip(), worry=data["worry"].strip(), language=data["language"],
        )
        audit_record(actor=None, organization=organization, action="create", object_type="help_request",
                     object_id=request.pk, detail={"via": "public page"})
        if request.email and data.get("confirm_by_email"):
            transaction.on_commit(lambda: _confirm(request.email))
    return request


def _confirm(address: str) -> None:
    """Best effort, after the request is stored. A mail server's refusal names the address it refused,
    so it is neither raised (the visitor would see an error for a request that was received) nor logged."""
    try:
        send_plain_mail(to=address, subject=_("We received your request"),
                        body=_("Thank you for reaching out. Someone will contact you as you asked. "
                               "If anyone is in immediate danger, call 911 now."))
    except OSError as error:  # smtplib's errors are OSErrors
        logger.warning("A web request's confirmation e-mail could not be sent (%s).",
                                            type(error).__name__)


# ---- the anonymous post-contact survey ---------------------------------------------------------

class SurveyForm(forms.Form):
    helpful = forms.TypedChoiceField(label=gettext_lazy("How helpful was talking to us?"), coerce=int,
                                     choices=[(5, gettext_lazy("Very helpful")), (4, gettext_lazy("Helpful")),
                                              (3, gettext_lazy("Somewhat")), (2, gettext_lazy("A little")),
                                              (1, gettext_lazy("Not helpful"))], widget=forms.RadioSelect)
    felt_heard = forms.TypedChoiceField(label=gettext_lazy("Did you feel listened to without judgement?"),
                                        coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))])
    would_recommend = forms.TypedChoiceField(label=gettext_lazy("Would you recommend us to someone in your place?"),
                                             coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                             choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))])
    comment = forms.CharField(label=gettext_lazy("Anything else? (optional — please do not write names)"),
                              required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


def survey_invitation_create(*, actor):
    """A fresh one-time link. Audited without naming the contact it was offered after."""
    import secrets

    from offramp.core.access import require_role
    from offramp.core.models import Role

    from .models import SurveyInvitation

    require_role(actor, Role.HELPLINE_RESPONDER, Role.SUPERVISOR)
    with transaction.atomic():
        invitation = SurveyInvitation.objects.create(organization=actor.organization,
                                                     token=secrets.token_urlsafe(24))
        audit_record(actor=actor.user, organization=actor.organization, action="create",
                     object_type="survey_invitation")
    return invitation


def survey_invitation_email(*, actor, contact_id, link_for) -> None:
    """E-mail a fresh survey link to a caller who gave an e-mail address. The address is read from the
    contact and handed to the mailer; nothing records which link went to whom. The message names
    no organisation and no call: someone else may read the caller's mail."""
    contact = contact_get(actor, contact_id, audit=False)
    if not contact.caller_email:
        raise ValidationError(_("This caller gave no e-mail address: make a link and send it another way."))
    invitation = survey_invitation_create(actor=actor)
    try:
        send_plain_mail(to=contact.caller_email, subject=_("A short, anonymous survey"), body=_(
            "Thank you for getting in touch. If you have two minutes, this short survey helps us do better: "
            "%(link)s\n\nYour answers are anonymous: they are not linked to your name or your conversation. "
            "The link works once.") % {"link": link_for(invitation.token)})
    except (OSError, smtplib.SMTPException):
        raise ValidationError(_("The e-mail could not be sent. Make a link and send it another way.")) from None


def survey_open(token: str) -> bool:
    from .models import SurveyInvitation

    return SurveyInvitation.objects.filter(token=token, used_at__isnull=True).exists()


def survey_submit(*, token: str, data: dict) -> bool:
    """Records the answers once per link; the response keeps no trace of the link."""
    from django.utils import timezone

    from .models import SurveyInvitation, SurveyResponse

    with transaction.atomic():
        invitation = SurveyInvitation.objects.select_for_update().filter(token=token, used_at__isnull=True).first()
        if invitation is None:
            return False
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        SurveyResponse.objects.create(organization=invitation.organization, helpful=data["helpful"],
                                      felt_heard=data["felt_heard"], would_recommend=data["would_recommend"],
                                      comment=data["comment"].strip())
    return True
