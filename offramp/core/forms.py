from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from offramp.core.text import phone_problem


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form's own fields, keeping what the user typed."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class ColleagueField(forms.ChoiceField):
    """Pick a colleague from a list (never a typed e-mail or id); the form sets `choices` from
    core.selectors.colleagues. The service decides whether the pick is allowed (core.selectors.colleague),
    so its message comes with the form's other problems."""

    def valid_value(self, value) -> bool:
        return True

    def set_colleagues(self, users, *, blank: str = "") -> None:
        self.choices = ([("", blank)] if blank or not self.required else []) + [(u.pk, u.display_name) for u in users]


class ConsultationForm(forms.Form):
    """R1: the consultation with a supervisor about a safety concern (a helpline contact, a positive screen).
    Whoever is on call comes first in the list and is offered first."""

    supervisor = ColleagueField(label=_("Supervisor consulted"), help_text=_(
        "Whoever is on call comes first. They confirm the consultation from their alert."))
    text = forms.CharField(label=_("What was decided"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, supervisors=(), on_call=(), **kwargs):
        super().__init__(*args, **kwargs)
        first = [user for user in supervisors if user in on_call]
        field = self.fields["supervisor"]
        assert isinstance(field, ColleagueField)
        field.set_colleagues(first + [user for user in supervisors if user not in first])
        if first:
            self.initial.setdefault("supervisor", first[0].pk)


class PhoneField(forms.CharField):
    """A phone number checked by the one rule (core.text.phone_problem) in the organisation's country,
    which the form gives with `PhoneField.set_country(form, country)`."""

    country = ""

    @staticmethod
    def set_country(form: forms.Form, country: str) -> None:
        for field in form.fields.values():
            if isinstance(field, PhoneField):
                field.country = country

    def validate(self, value) -> None:
        super().validate(value)
        problem = phone_problem((value or "").strip(), country=self.country)
        if problem:
            raise ValidationError(problem)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100,
                           help_text=_("What will use it, e.g. 'reporting script'."))


class AuditFilterForm(forms.Form):
    """The audit trail's filters: what was done, by whom (a colleague picked by name), to which record (its
    type and reference, as the apps register them in core.record_labels), when (days in the organisation's
    time zone); the record id stays for links and scripts."""

    action = forms.ChoiceField(label=_("Action"), required=False, choices=[
        ("", _("Any")), ("view", _("View")), ("list", _("List")), ("search", _("Search")),
        ("export", _("Export")), ("create", _("Create")), ("update", _("Change")),
        ("denied", _("Refused")), ("break_glass", _("Break the glass")), ("token", _("API token")),
        ("login", _("Signed in")), ("login_failed", _("Sign-in failed")), ("lockout", _("Locked out")),
    ])
    who = forms.TypedChoiceField(label=_("Who"), required=False, coerce=int, empty_value=None,
                                 error_messages={"invalid_choice": _("Choose someone from the list.")})
    object_type = forms.RegexField(label=_("Record type"), required=False, regex=r"^[a-z_]{1,32}$",
                                   widget=forms.Select)
    reference = forms.CharField(label=_("Reference"), required=False, max_length=200,
                                help_text=_("A case, contact or web request reference."))
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    object_id = forms.CharField(label=_("Record id"), required=False, max_length=64)

    def __init__(self, *args, actor, **kwargs):
        from offramp.core import record_labels
        from offramp.core.models import User

        super().__init__(*args, **kwargs)
        self.actor = actor
        members = User.objects.filter(memberships__organization=actor.organization).distinct().order_by(
            "display_name", "email")
        self.fields["who"].choices = [("", _("Anyone"))] + [  # type: ignore[attr-defined]
            (user.pk, f"{user.display_name} ({user.email})" if user.display_name else user.email) for user in members]
        # The types the apps name (a type they do not, like "figures", can still be given in the address).
        self.fields["object_type"].widget.choices = [("", _("Any"))] + [
            (kind.object_type, kind.title) for kind in record_labels.kinds()]

    def clean_object_type(self) -> str:
        return (self.cleaned_data.get("object_type") or "").strip()

    def clean(self):
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end of the period comes before its start."))
        return data

    def filters(self) -> dict:
        """The audit_events keyword arguments of a valid form. A reference is looked up (in the
        organisation only) before it reaches the query: no match means no events."""
        from datetime import datetime, time, timedelta
        from zoneinfo import ZoneInfo

        from offramp.core import record_labels

        data = self.cleaned_data
        zone = ZoneInfo(self.actor.organization.time_zone)
        filters: dict = {key: data[key] for key in ("action", "object_type", "object_id") if data.get(key)}
        if data.get("who"):
            filters["user_id"] = data["who"]
        if data.get("date_from"):
            filters["since"] = datetime.combine(data["date_from"], time.min, tzinfo=zone)
        if data.get("date_to"):
            filters["until"] = datetime.combine(data["date_to"] + timedelta(days=1), time.min, tzinfo=zone)
        if data.get("reference"):
            filters["records"] = record_labels.find(self.actor, data.get("object_type", ""), data["reference"])
        return filters

    def described(self) -> dict:
        """The filters as the export's audit event records them: never the reference typed (it may be a name)."""
        data = self.cleaned_data
        described = {key: str(data[key]) for key in ("action", "object_type", "object_id", "who", "date_from",
                                                     "date_to") if data.get(key)}
        if data.get("reference"):
            described["reference"] = "given"
        return described
