from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form's own fields, keeping what the user typed."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100,
                           help_text=_("What will use it, e.g. 'reporting script'."))


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[
        ("", _("Any")), ("view", _("View")), ("list", _("List")), ("search", _("Search")),
        ("export", _("Export")), ("create", _("Create")), ("update", _("Change")),
        ("denied", _("Refused")), ("break_glass", _("Break the glass")), ("token", _("API token")),
        ("login", _("Signed in")), ("login_failed", _("Sign-in failed")), ("lockout", _("Locked out")),
    ])
    object_type = forms.CharField(label=_("Record type"), required=False, max_length=32)
    object_id = forms.CharField(label=_("Record id"), required=False, max_length=64)

