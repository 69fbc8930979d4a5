from django import forms
from django.utils.translation import gettext_lazy as _

from .services import MAX_REPORT


class ReportForm(forms.Form):
    report = forms.CharField(label=_("Report"), max_length=MAX_REPORT, widget=forms.Textarea(attrs={"rows": 5}))
