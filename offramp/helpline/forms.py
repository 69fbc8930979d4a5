from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Resource, ResourceCategory

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
