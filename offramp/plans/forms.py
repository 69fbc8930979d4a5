"""The plan's forms: the person is picked from the case's participants and a task's assignee from its team,
never typed; dimensions and targets from the assessments app's lists. The stage-fit confirmation appears
only once the service has raised the caution."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from offramp.core.forms import ColleagueField

from .labels import dimension_choices, target_choices
from .models import ProgressKind, TaskKind

TEXT = forms.Textarea(attrs={"rows": 2})
CONFIRM = _("I have read the stage-fit caution and proceed")


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Confirmable(forms.Form):
    def __init__(self, *args, caution: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if caution:
            self.fields["accept_caution"] = forms.BooleanField(label=CONFIRM, required=False)


class GoalForm(_Confirmable):
    person = forms.ChoiceField(label=_("Who the goal is for"))
    statement = forms.CharField(label=_("The goal (specific)"), widget=TEXT, max_length=4000,
                                help_text=_("What the person will do or reach, in their words where possible."))
    measure = forms.CharField(label=_("How it is measured"), widget=TEXT, max_length=4000)
    target = forms.CharField(label=_("The target"), widget=TEXT, max_length=4000,
                             help_text=_("What counts as reached, e.g. \"three job applications a week\"."))
    target_value = forms.DecimalField(label=_("The target as a number (optional)"), required=False,
                                      max_digits=12, decimal_places=2,
                                      help_text=_("With a number, a measured value shows progress towards it."))
    due_on = forms.DateField(label=_("Due by"), widget=_date_input())
    achievable = forms.CharField(label=_("Why it is achievable"), widget=TEXT, max_length=4000)
    relevant = forms.CharField(label=_("Why it is relevant"), widget=TEXT, max_length=4000)
    dimensions = forms.MultipleChoiceField(label=_("Wellness dimensions"), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    targets = forms.MultipleChoiceField(label=_("Change targets"), required=False, widget=forms.CheckboxSelectMultiple,
                                        help_text=_("Goals on ideology or identity are cautioned while the person "
                                                    "is at an early stage of change."))

    def __init__(self, *args, participants=(), fixed_person: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        people: dict[str, str] = {}
        for p in participants:  # a person on the case in two roles is offered once
            people.setdefault(str(p.person_id), f"{p.person.display_name} ({p.get_role_display()})")
        cast(forms.ChoiceField, self.fields["person"]).choices = list(people.items())
        if fixed_person:
            del self.fields["person"]
        cast(forms.ChoiceField, self.fields["dimensions"]).choices = dimension_choices()
        cast(forms.ChoiceField, self.fields["targets"]).choices = target_choices()


class ProgressForm(forms.Form):
    kind = forms.ChoiceField(label=_("Progress recorded as"), choices=ProgressKind.choices,
                             widget=forms.RadioSelect)
    value = forms.DecimalField(label=_("Value measured"), required=False, max_digits=12, decimal_places=2)
    milestone = forms.CharField(label=_("Milestone reached"), required=False, widget=TEXT, max_length=4000)
    percent = forms.IntegerField(label=_("How far towards the target (%)"), required=False, min_value=0,
                                 max_value=100,
                                 help_text=_("Worked out from the value when the goal has a numeric target."))
    note = forms.CharField(label=_("Note"), required=False, widget=TEXT, max_length=4000)


class DropForm(forms.Form):
    reason = forms.CharField(label=_("Why the goal is dropped"), widget=TEXT, max_length=4000)


class TaskForm(_Confirmable):
    kind = forms.ChoiceField(label=_("Kind"), choices=TaskKind.choices)
    description = forms.CharField(label=_("What to do"), widget=TEXT, max_length=4000)
    assignee = ColleagueField(label=_("Who does it"))
    due_on = forms.DateField(label=_("Due by"), widget=_date_input())
    goal = forms.ChoiceField(label=_("The goal it serves (optional)"), required=False)
    targets = forms.MultipleChoiceField(label=_("Change targets it works on"), required=False,
                                        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, team=(), goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].set_colleagues(team)
        self.fields["goal"].choices = [("", _("No particular goal"))] + [
            (str(goal.pk), goal.statement[:80]) for goal in goals]
        self.fields["targets"].choices = target_choices()
