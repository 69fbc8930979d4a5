from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ContactMethod, Relationship


class PersonForm(forms.Form):
    given_name = forms.CharField(label=_("First name or nickname"), required=False, max_length=200)
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=200)
    aliases = forms.CharField(label=_("Other names (one per line)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    pronouns = forms.CharField(label=_("Pronouns"), required=False, max_length=40)
    languages = forms.CharField(label=_("Languages"), required=False, max_length=120,
                                help_text=_("e.g. English, Spanish"))
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))


class NewPersonForm(PersonForm):
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    email = forms.CharField(label=_("E-mail"), required=False, max_length=254)

    def contacts(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"kind": kind, "value": data[kind]}
            for kind in (ContactMethod.Kind.PHONE, ContactMethod.Kind.EMAIL)
            if data.get(kind)
        ]


class ContactForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactMethod.Kind.choices)
    value = forms.CharField(label=_("Contact detail"), max_length=500)
    label = forms.CharField(label=_("Label"), required=False, max_length=60)
    safe_to_contact = forms.BooleanField(label=_("Safe to contact"), required=False, initial=True)


class RelationshipForm(forms.Form):
    kind = forms.ChoiceField(label=_("is"), choices=Relationship.Kind.choices)
    other = forms.UUIDField(label=_("Person"), widget=forms.Select)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].widget.choices = [("", "—")] + [(p.pk, p.display_name) for p in people]
        self.unnamed = {p.pk for p in people if p.anonymous}

    def clean_other(self):
        # The finder never offers someone not named yet (an anonymous caller): nor is one accepted by id.
        # Someone the actor may not see is the service's to refuse (404, as for a missing id).
        if self.cleaned_data["other"] in self.unnamed:
            raise forms.ValidationError(_("This person has no name yet: give them one on their page first."))
        return self.cleaned_data["other"]


class SearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    email = forms.CharField(label=_("E-mail"), required=False, max_length=254)
