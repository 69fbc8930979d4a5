"""The protocol's forms: one per stage's record, and the aftercare check-in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Watch


def _area(label, help_text="", rows=4, required=True):
    return forms.CharField(label=label, help_text=help_text, max_length=20000, required=required,
                           widget=forms.Textarea(attrs={"rows": rows}))


class DateInput(forms.DateInput):
    input_type = "date"


class EvaluationForm(forms.Form):
    worries = _area(_("What worries the family"), _("In their words, as they told it."))
    needs = _area(_("The person's underlying needs, as the family sees them"),
                  _("Anxiety, trauma, mental health, belonging, work: what may lie behind it."))
    openings = _area(_("Openings"), _("People, interests and needs through which the family and mentors can "
                                      "re-engage with the person."))
    diagnostic = forms.ChoiceField(label=_("Social diagnostic"), required=False,
                                   help_text=_("The social diagnostic answered by a family member, when there is one."))

    def __init__(self, *args, diagnostics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["diagnostic"].choices = [("", "—")] + [
            (str(a.pk), f"{a.created_at:%Y-%m-%d} · {a.person.display_name}"
                        + (f" ({a.response.informant_relationship})" if a.response.informant_relationship else ""))
            for a in diagnostics]


class PlanForm(forms.Form):
    family_goals = _area(_("Goals for the family"))
    person_goals = _area(_("Goals for the person of concern"))
    tasks = _area(_("Who does what"), _("The family, the mentor, the case manager, other services."))
    review_on = forms.DateField(label=_("Review the plan on"), required=False, widget=DateInput())


class MonitoringForm(forms.Form):
    observed_on = forms.DateField(label=_("When"), widget=DateInput())
    changes = _area(_("What changed"), _("What the family and the team saw: better, worse or new."))


class CoachingForm(forms.Form):
    topics = _area(_("Coaching topics"), _("For example: open questions, staying in contact, boundaries, "
                                           "what to do in a crisis."))
    family_goals = _area(_("The family's own goals"), _("Their relationship with the person and their influence "
                                                        "on them, as the family puts it."))
    sessions_planned = forms.IntegerField(label=_("Sessions planned"), min_value=0, max_value=200, initial=0)
    sessions_held = forms.IntegerField(label=_("Sessions held"), min_value=0, max_value=200, initial=0)


class CheckInForm(forms.Form):
    held_on = forms.DateField(label=_("When the check-in was held"), widget=DateInput())
    watch = forms.ChoiceField(label=_("Relapse and withdrawal-pressure watch"), choices=Watch.choices,
                              widget=forms.RadioSelect)
    notes = _area(_("Notes"), _("What was said; anything the team should know."), rows=3, required=False)
