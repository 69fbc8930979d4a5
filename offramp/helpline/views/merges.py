"""Merging a duplicate contact into the one on the page."""

from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offramp.core.decorators import staff

from ..forms import MergeForm
from ..permissions import ANSWER
from ..services.merges import contact_merge
from ._common import contact_action


@staff(ANSWER)
@require_POST
def contact_merge_view(request, contact_id):
    return contact_action(request, contact_id, MergeForm, contact_merge,
                          "merge_form", _("The duplicate is merged into this contact; the merge is on record."))
