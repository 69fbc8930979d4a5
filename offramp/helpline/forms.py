"""The helpline's forms: the directory, the contact screen and the forms posted from the contact page, the
on-call rota, and the public pages (the help request and the anonymous survey)."""

import uuid

from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from offramp.core.forms import ColleagueField, PhoneField
from offramp.core.text import clean_form_line
from offramp.instruments import definition as spec
from offramp.instruments.forms import answer_field, initial_answer, special_choices, stored_answer

from .models import (
    SAFETY_FLAGS,
    AgeBand,
    CallerRelationship,
    ContactChannel,
    Resource,
    ResourceCategory,
    SafetyAnswer,
)

RESOURCE_FIELDS = ["name", "category", "description", "eligibility", "languages", "region", "hours",
                   "how_to_refer", "phone", "email", "website", "notes", "active"]


class ResourceForm(forms.ModelForm):
    """Validates one directory entry, from the page, the API or a CSV row."""

    website = forms.URLField(label=_("website"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Resource
        fields = RESOURCE_FIELDS
        widgets = {field: forms.Textarea(attrs={"rows": 3})
                   for field in ("description", "eligibility", "how_to_refer", "notes")}

    def clean_name(self) -> str:
        name = clean_form_line(self.cleaned_data.get("name"), field="name")
        if not name:
            raise forms.ValidationError(_("Give the entry a name."))
        return name


class ResourceFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("Any"))] + ResourceCategory.choices)
    language = forms.CharField(label=_("Language"), required=False, max_length=60)
    region = forms.CharField(label=_("Region"), required=False, max_length=100)


class ResourceImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_(
        "UTF-8, with a header row naming the columns as in the export. Rows whose name already "
        "exists update that entry."))


# Leaving the phone or e-mail field asks the server whether this caller has been in touch before.
REPEAT_CALLER_CHECK = {
    "hx-post": reverse_lazy("contact_lookup"), "hx-trigger": "change", "hx-target": "#repeat-caller",
    "hx-include": "[name=caller_phone],[name=caller_email]", "hx-swap": "innerHTML",
}


class SafetyQuestion(forms.ChoiceField):
    """A safety question on the contact screen: yes, no or not asked, never left blank (H4)."""

    def __init__(self, *, label) -> None:
        super().__init__(label=label, choices=SafetyAnswer.choices, widget=forms.RadioSelect,
                         error_messages={"required": _("Answer this safety question: yes, no or not asked.")})


class ContactForm(forms.Form):
    """The one screen a responder fills in while on the call."""

    channel = forms.ChoiceField(label=_("How they got in touch"), choices=ContactChannel.choices)
    inbound = forms.BooleanField(label=_("They contacted us"), required=False, initial=True)
    received_at = forms.DateTimeField(label=_("When"), required=False, widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"), help_text=_("Leave empty for now."))
    caller_name = forms.CharField(label=_("Caller's name (optional)"), required=False, max_length=200,
                                  help_text=_("A caller may stay anonymous."))
    caller_phone = forms.CharField(label=_("Caller's phone (optional)"), required=False, max_length=40,
                                   widget=forms.TextInput(attrs=REPEAT_CALLER_CHECK))
    # Checked by contact_log with the caller's phone, so both problems are named together.
    caller_email = forms.CharField(label=_("Caller's e-mail (optional)"), required=False, max_length=320,
                                   widget=forms.EmailInput(attrs=REPEAT_CALLER_CHECK))
    caller_relationship = forms.ChoiceField(label=_("The caller is the person's"), choices=CallerRelationship.choices)
    concern_name = forms.CharField(label=_("Name of the person of concern (optional)"), required=False, max_length=200)
    concern_age_band = forms.ChoiceField(label=_("Their age"), required=False, choices=AgeBand.choices)
    concern_gender = forms.CharField(label=_("Their gender"), required=False, max_length=40)
    concern_region = forms.CharField(label=_("Where they live (region)"), required=False, max_length=100)
    ideologies = forms.MultipleChoiceField(label=_("Movements or ideologies of concern"), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    ideology_unclear = forms.BooleanField(label=_("Unclear"), required=False)
    signs = forms.MultipleChoiceField(label=_("Signs observed"), required=False, widget=forms.CheckboxSelectMultiple)
    needs = forms.MultipleChoiceField(label=_("Underlying needs seen"), required=False,
                                      widget=forms.CheckboxSelectMultiple)
    openings = forms.CharField(label=_("Openings: trusted people, interests, needs to re-engage through"),
                               required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    immediate_danger = SafetyQuestion(label=_("Is someone in immediate danger?"))
    threat_to_others = SafetyQuestion(label=_("Was a threat to others described?"))
    self_harm = SafetyQuestion(label=_("Is there a risk of suicide or self-harm?"))
    vulnerable_at_risk = SafetyQuestion(label=_("Is a child or vulnerable adult at risk?"))
    safety_unasked_reason = forms.CharField(
        label=_("Why a safety question was not asked"), required=False, max_length=500,
        help_text=_("Only when you chose 'Not asked', e.g. the caller hung up or a third party was listening."))
    coaching_topics = forms.MultipleChoiceField(label=_("Coaching given"), required=False,
                                                widget=forms.CheckboxSelectMultiple)
    resources_given = forms.MultipleChoiceField(label=_("Resources given"), required=False,
                                                widget=forms.CheckboxSelectMultiple)
    summary = forms.CharField(label=_("What was said"), required=False, max_length=20000,
                              widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("Record without judgement what the caller described."))
    leave_unassigned = forms.BooleanField(
        label=_("Leave it for the team to pick up"), required=False,
        help_text=_("For a message you noted but will not follow up yourself: it waits, unassigned, in the "
                    "helpline queue until someone claims it."))

    follow_up_at = forms.DateTimeField(
        label=_("Follow up by (optional)"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("A promise to get back to the caller: it goes on your work queue when the contact is saved."))

    draft_key = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    help_request = forms.UUIDField(required=False, widget=forms.HiddenInput)  # the web request this answers

    TERM_FIELDS = ("ideologies", "signs", "needs", "coaching_topics")

    def service_arguments(self) -> dict:
        """cleaned_data as contact_log takes it: each safety answer a yes flag or a question not asked."""
        data = dict(self.cleaned_data)
        answers = {flag: data.pop(flag) for flag in SAFETY_FLAGS}
        data.update({flag: answer == SafetyAnswer.YES for flag, answer in answers.items()})
        data["safety_unasked"] = [flag for flag, answer in answers.items() if answer == SafetyAnswer.NOT_ASKED]
        return data

    def __init__(self, *args, terms: dict, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("draft_key", uuid.uuid4().hex)
        for field in self.TERM_FIELDS:
            self._choice_field(field).choices = [(str(t.pk), t.label) for t in terms[field]]
        self._choice_field("resources_given").choices = [(str(r.pk), r.name) for r in resources]

    def _choice_field(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        if not isinstance(field, forms.ChoiceField):
            raise TypeError(f"{name} must be a choice field")
        return field


class AddendumForm(forms.Form):
    text = forms.CharField(label=_("What you are adding"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("What was forgotten or learned after the contact was saved. The contact "
                                       "itself stays as it was."))
    resource_ids = forms.MultipleChoiceField(label=_("Resources sent afterwards"), required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource_ids"].choices = [(str(r.pk), r.name) for r in resources]


class FollowUpForm(forms.Form):
    due_at = forms.DateTimeField(label=_("Follow up by"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    assignee = ColleagueField(label=_("Who keeps it"), required=False,
                              help_text=_("A helpline responder or supervisor; you, unless you choose someone."))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, colleagues=(), me=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, ColleagueField)
        field.set_colleagues([user for user in colleagues if user != me], blank=_("You"))


class AttachCaseForm(forms.Form):
    case_reference = forms.CharField(label=_("Case reference"), max_length=24,
                                     help_text=_("For a later contact about a family already supported."))


class CallerFlagForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    days = forms.IntegerField(label=_("For how many days"), min_value=1, max_value=365, initial=30)
    block = forms.BooleanField(label=_("Block: do not take their calls"), required=False)


class AssignForm(forms.Form):
    assignee = ColleagueField(label=_("Give it to"),
                              help_text=_("A helpline responder or supervisor of your organisation."))

    def __init__(self, *args, colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, ColleagueField)
        field.set_colleagues(colleagues, blank=_("Choose a colleague"))


class MergeForm(forms.Form):
    duplicate_reference = forms.CharField(label=_("Reference of the duplicate"), max_length=24,
                                          help_text=_("The other record of this same conversation, e.g. HL-2026-00042. "
                                                      "It is folded into this one."))
    reason = forms.CharField(label=_("Why they are the same contact"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))


def _add_questions(form: forms.Form, definition: dict, prefix: str, answers: dict) -> list[str]:
    """Fields asking a questionnaire's items (offramp.instruments), each named `<prefix><item key>`, and,
    where an item allows special answers, `s_<item key>` for them; opened with the answers given. An
    item is required on the form when it is required and nothing can excuse it (no condition, no
    special answer); the service checks the rest. Returns the fields' names in order."""
    names = []
    for item in spec.iter_items(definition):
        key, name = item["key"], f"{prefix}{item['key']}"
        field = form.fields[name] = answer_field(item)
        specials = special_choices(item)
        field.required = bool(item.get("required")) and "show_if" not in item and not specials
        field.initial = initial_answer(item, answers.get(key))
        names.append(name)
        if specials:
            form.fields[f"s_{key}"] = forms.ChoiceField(
                label=_("Or mark it as"), required=False, widget=forms.RadioSelect,
                choices=[("", _("Answered above")), *specials], initial=spec.special_of(answers.get(key)) or "")
            names.append(f"s_{key}")
    return names


def _answers(form: forms.Form, definition: dict, prefix: str) -> dict:
    """What the form's questions were answered, keyed by item, for the items shown by those answers."""
    given = {}
    for item in spec.iter_items(definition):
        key = item["key"]
        value = stored_answer(item, form.cleaned_data.get(f"{prefix}{key}"))
        special = form.cleaned_data.get(f"s_{key}") or ""
        if special and value is not None:
            form.add_error(f"{prefix}{key}", _("Give an answer or mark it as “%(special)s”, not both.")
                           % {"special": dict(special_choices(item))[special]})
        elif special:
            given[key] = {"special": special}
        elif value is not None:
            given[key] = value
    visible = spec.visible_keys(definition, given)
    return {key: value for key, value in given.items() if key in visible}


class ReviewForm(forms.Form):
    """The organisation's quality-review questions (its current version of the questionnaire), and
    feedback for the responder."""

    feedback = forms.CharField(label=_("Feedback for the responder"), max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 4}),
                               help_text=_("What went well, and one thing to try next time."))

    def __init__(self, *args, definition: dict, answers: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.order_fields([*_add_questions(self, definition, "q_", answers or {}), "feedback"])

    def clean(self):
        super().clean()
        return {"feedback": self.cleaned_data.get("feedback", ""),
                "answers": _answers(self, self.definition, "q_")}


LOCAL_DATETIME = {"type": "datetime-local"}


class OnCallShiftForm(forms.Form):
    supervisor = ColleagueField(label=_("Supervisor on call"))
    phone = forms.CharField(label=_("Phone to reach them on this shift"), required=False, max_length=40,
                            help_text=_("Shown to a responder on a call with a safety concern."))
    starts_at = forms.DateTimeField(label=_("From"), widget=forms.DateTimeInput(attrs=LOCAL_DATETIME,
                                                                                  format="%Y-%m-%dT%H:%M"))
    ends_at = forms.DateTimeField(label=_("Until"), widget=forms.DateTimeInput(attrs=LOCAL_DATETIME,
                                                                                format="%Y-%m-%dT%H:%M"))

    def __init__(self, *args, supervisors=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["supervisor"]
        assert isinstance(field, ColleagueField)
        field.set_colleagues(supervisors)


# ---- the public pages (no login): the help request and the anonymous survey --------------------

class HelpRequestForm(forms.Form):
    """The public help page's form; `started` carries the form token (services.web_requests)."""

    name = forms.CharField(label=_("Your first name (optional)"), required=False, max_length=100)
    phone = PhoneField(label=_("Phone number"), required=False, max_length=40)
    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254)
    when_to_reach = forms.CharField(label=_("When is it safe to reach you?"), required=False,
                                    max_length=300, help_text=_("e.g. weekdays after 6 pm"))
    worry = forms.CharField(label=_("What worries you?"), max_length=3000,
                            widget=forms.Textarea(attrs={"rows": 5}),
                            help_text=_("A few words are enough. Do not include anything you want to keep private from us."))
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
    confirm_by_email = forms.BooleanField(
        label=_("Send me a confirmation e-mail"), required=False,
        help_text=_("Leave this unticked if someone else may read your e-mail."))
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=100,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, country: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        PhoneField.set_country(self, country)

    def clean_name(self) -> str:
        return clean_form_line(self.cleaned_data.get("name"), field="name")

    def clean_when_to_reach(self) -> str:
        return clean_form_line(self.cleaned_data.get("when_to_reach"), field="when_to_reach")

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email"):
            raise forms.ValidationError(_("Give a phone number or an e-mail address so we can reach you."))
        return data


class SurveyForm(forms.Form):
    """The anonymous survey's questions, from the organisation's version of it, each field named by its
    item; the cleaned data are the answers, keyed by item."""

    def __init__(self, *args, definition: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        _add_questions(self, definition, "", {})

    def clean(self):
        super().clean()
        return _answers(self, self.definition, "")
