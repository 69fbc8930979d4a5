"""The cases app's vocabularies (organisation-editable lists of taxonomy terms)."""

from django.utils.translation import gettext_lazy as _

from offramp.core.vocabularies import register

CLOSURE_REASON = register("closure_reason", _("Reason for closing a case"))
PROFESSION = register("profession", _("Profession of another team member"))
