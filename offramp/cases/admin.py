from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from offramp.core.admin import OrgScopedAdmin

from . import resolution
from .models import ResolutionCriterion


class ResolutionCriterionForm(forms.ModelForm):
    """The record a criterion rests on is picked from the records apps register, never typed."""

    record = forms.ChoiceField(label=_("rests on the record"), required=False, choices=(),
                               help_text=_("Resolving is refused while this record does not support it yet "
                                           "(a supervisor may override with a reason)."))

    class Meta:
        model = ResolutionCriterion
        fields = ["organization", "kind", "text", "record", "position", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = resolution.choices()


@admin.register(ResolutionCriterion)
class ResolutionCriterionAdmin(OrgScopedAdmin):
    form = ResolutionCriterionForm
    list_display = ["text", "kind", "record", "position", "active", "organization"]
    list_filter = ["kind", "active"]
