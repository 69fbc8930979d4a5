"""Starting an assessment: the person is picked from the case's participants, never typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from offramp.instruments.forms import StartForm

from . import catalogue


class AssessmentStartForm(forms.Form):
    person = forms.ChoiceField(label=_("Who the assessment is about"))
    instrument_key = forms.ChoiceField(label=_("Assessment"))
    informant = StartForm.base_fields["informant"]
    informant_relationship = StartForm.base_fields["informant_relationship"]

    def __init__(self, *args, participants=(), imported=(), **kwargs):
        super().__init__(*args, **kwargs)
        people: dict[str, str] = {}
        for p in participants:  # a person on the case in two roles is offered once
            people.setdefault(str(p.person_id), f"{p.person.display_name} ({p.get_role_display()})")
        self.fields["person"].choices = list(people.items())
        self.fields["instrument_key"].choices = catalogue.choices() + [(i.key, i.title) for i in imported]
        self.fields["informant"].help_text = _("Completed from an informant (a parent, a partner) when the person "
                                               "is out of reach: say who in the next field.")


class DecisionForm(forms.Form):
    """A decision the agencies on the case took together (C7), and the agencies that took it."""

    decision = forms.CharField(label=_("The joint decision"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    agencies = forms.CharField(label=_("The agencies that took it"), max_length=4200,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("One agency a line, e.g. Probation service."))
