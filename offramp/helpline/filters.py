"""The helpline page's search and filters over contacts: a GET form that keeps its values, works without
JavaScript and refuses what it cannot use with a message beside the field (never a server error)."""

from datetime import date
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from offramp.core.access import Actor
from offramp.core.widgets import QuickSelect

from . import selectors, vocabularies
from .models import ContactChannel

EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)
UNCLEAR = "unclear"


class ContactFilterForm(forms.Form):
    caller = forms.CharField(label=_("Caller's phone or e-mail"), required=False, max_length=254,
                             help_text=_("Finds contacts from exactly this number or address."))
    received_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    received_to = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label=_("Channel"), required=False,
                                choices=[("", _("Any"))] + ContactChannel.choices, widget=QuickSelect)
    responder = forms.TypedChoiceField(label=_("Responder"), required=False, coerce=int, empty_value=None,
                                       widget=QuickSelect,
                                       error_messages={"invalid_choice": _("Choose a responder from the list.")})
    concern = forms.ChoiceField(label=_("Movement or ideology"), required=False, widget=QuickSelect)
    assigned = forms.ChoiceField(label=_("Taken forward"), required=False, choices=[
        ("", _("Assigned or not")), ("yes", _("Assigned")), ("no", _("Unassigned"))], widget=QuickSelect)
    safety = forms.BooleanField(label=_("Only a safety answer of yes"), required=False, label_suffix="")

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        cast(forms.ChoiceField, self.fields["responder"]).choices = [("", _("Anyone"))] + [
            (pk, name or email) for pk, name, email in selectors.helpline_staff(actor)
            .values_list("pk", "display_name", "email")]
        self.terms = {str(term.pk): term for term in selectors.terms_for(actor, vocabularies.IDEOLOGY)
                      .order_by("position", "label")}
        cast(forms.ChoiceField, self.fields["concern"]).choices = ([("", _("Any")), (UNCLEAR, _("Unclear"))]
                                          + [(pk, term.label) for pk, term in self.terms.items()])
        for name in ("received_from", "received_to"):
            self.fields[name].widget.attrs.update({"min": EARLIEST.isoformat(), "max": LATEST.isoformat()})

    def _clean_day(self, name: str) -> date | None:
        day = self.cleaned_data.get(name)
        if day is not None and not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(_("Give a date between %(first)s and %(last)s.") % {
                "first": EARLIEST.year, "last": LATEST.year})
        return day

    def clean_received_from(self):
        return self._clean_day("received_from")

    def clean_received_to(self):
        return self._clean_day("received_to")

    def clean_caller(self) -> str:
        caller = self.cleaned_data["caller"].strip()
        if caller and not selectors.caller_digests(self.actor, phone=caller, email=caller if "@" in caller else ""):
            raise forms.ValidationError(_("Type the caller's phone number or e-mail address; names cannot be "
                                          "searched here."))
        return caller

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("received_from"), cleaned.get("received_to")
        if start and end and end < start:
            self.add_error("received_to", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> dict:
        """The selector's keyword arguments from the fields that are valid (an invalid one is left out
        and carries its message)."""
        data = self.cleaned_data if self.is_bound else {}
        concern = data.get("concern") or ""
        return {
            "received_from": data.get("received_from"), "received_to": data.get("received_to"),
            "channel": data.get("channel") or "", "responder": data.get("responder"),
            "ideology": self.terms.get(concern), "ideology_unclear": concern == UNCLEAR,
            "safety": bool(data.get("safety")), "assigned": data.get("assigned") or "",
            "caller": data.get("caller") or "",
        }

    @property
    def active(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)
