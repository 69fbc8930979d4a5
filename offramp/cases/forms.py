from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from offramp.core.forms import ColleagueField
from offramp.core.models import TaxonomyTerm
from offramp.core.widgets import QuickSelect

from . import vocabularies
from .models import CaseKind, CaseStatus, Channel, Direction, NoteType, ParticipantRole, TeamRole
from .selectors import case_owners


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CaseOpenForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of case"), choices=CaseKind.choices)
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What brought this case here, in plain words. Stored encrypted."),
    )
    restricted = forms.BooleanField(
        label=_("Restricted: only the case team may open it"), required=False,
        help_text=_("For cases that need extra discretion; supervisors must break the glass to read them."),
    )


class CaseFilterForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), required=False, max_length=24)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any"))] + CaseStatus.choices,
                               widget=QuickSelect)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any"))] + CaseKind.choices,
                             widget=QuickSelect)
    owner = forms.TypedChoiceField(label=_("Owner"), required=False, coerce=int, empty_value=None, widget=QuickSelect,
                                   error_messages={"invalid_choice": _("Choose an owner from the list.")})
    mine = forms.BooleanField(label=_("Only cases I am on"), required=False, label_suffix="")
    overdue = forms.BooleanField(label=_("Only cases with a late reply"), required=False, label_suffix="")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        # Plain (id, name) pairs and a select drawn in one pass: an organisation may have thousands.
        cast(forms.ChoiceField, self.fields["owner"]).choices = [("", _("Anyone"))] + [
            (pk, name or email) for pk, name, email in case_owners(actor).values_list("pk", "display_name", "email")]

    def filters(self) -> dict:
        """The selector's keyword arguments from the valid fields (an invalid one carries its message)."""
        data = self.cleaned_data if self.is_bound else {}
        return {name: value for name, value in data.items() if value}


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Move to"), choices=CaseStatus.choices)
    reason = forms.CharField(label=_("Why"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    closure_reason = forms.ChoiceField(label=_("Reason for closing"), required=False)
    override_reason = forms.CharField(
        label=_("Move on anyway: why (supervisors)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when the move is refused for something missing; kept on the move and in the audit trail."),
    )

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        terms = TaxonomyTerm.objects.filter(
            organization=organization, vocabulary=vocabularies.CLOSURE_REASON, active=True
        ).values_list("label", flat=True)
        self.fields["closure_reason"].choices = [("", "—")] + [(t, t) for t in terms]


class ParticipantForm(forms.Form):
    person = forms.UUIDField(label=_("Person"), widget=forms.Select)
    role = forms.ChoiceField(label=_("Role in the case"), choices=ParticipantRole.choices)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].widget.choices = [("", "—")] + [(p.pk, p.display_name) for p in people]
        self.unnamed = {p.pk for p in people if p.anonymous}

    def clean_person(self):
        # The finder never offers someone not named yet (an anonymous caller): nor is one accepted by id.
        # Someone the actor may not see is the service's to refuse (404, as for a missing id).
        if self.cleaned_data["person"] in self.unnamed:
            raise forms.ValidationError(_("This person has no name yet: give them one on their page first."))
        return self.cleaned_data["person"]


class TeamMemberForm(forms.Form):
    member = ColleagueField(label=_("Colleague"), widget=QuickSelect,
                            help_text=_("Staff of your organisation not on the team yet, with their roles."))
    role = forms.ChoiceField(label=_("Team role"), choices=TeamRole.choices)
    profession = forms.CharField(label=_("Profession (for other professionals)"), required=False, max_length=120)

    def __init__(self, *args, candidates=(), **kwargs):
        """`candidates`: (user id, label) pairs, from selectors.team_candidates."""
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["member"]).choices = [("", _("Choose a colleague")), *candidates]


class NoteForm(forms.Form):
    note_type = forms.ChoiceField(label=_("Type"), choices=NoteType.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    direction = forms.ChoiceField(label=_("Who reached out"), choices=Direction.choices)
    with_participant = forms.UUIDField(
        label=_("With"), required=False, widget=forms.Select,
        help_text=_("Left empty, a message or call is with the client (when the case has one). A client's "
                    "message must be answered within one working day, by a reply to them."),
    )
    occurred_at = forms.DateTimeField(label=_("When it happened"), widget=DateTimeInput())
    narrative = forms.CharField(
        label=_("What happened and what was said"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Record what happened and was said, not guesses about motives or causes."),
    )

    def __init__(self, *args, participants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["with_participant"].widget.choices = [("", "—")] + [
            (p.pk, f"{p.person.display_name} ({p.get_role_display()})") for p in participants
        ]
        if not self.is_bound and "occurred_at" not in self.initial:
            self.initial["occurred_at"] = timezone.localtime().replace(second=0, microsecond=0)


class AddendumForm(forms.Form):
    narrative = forms.CharField(label=_("Addendum"), max_length=20000, widget=forms.Textarea(attrs={"rows": 3}))


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to open this case now?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the audit trail; the case's supervisor is told."),
    )


class DelayForm(forms.Form):
    reason = forms.CharField(label=_("Why the reply can wait"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    until = forms.DateTimeField(label=_("Reply due by"), widget=DateTimeInput())
