"""Flagging (or blocking) the caller of a contact, from the contact page."""

from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offramp.core.decorators import staff

from ..forms import CallerFlagForm
from ..permissions import SUPERVISE
from ..services.flags import caller_flag_set
from ._common import contact_action


@staff(SUPERVISE)
@require_POST
def caller_flag_view(request, contact_id):
    return contact_action(request, contact_id, CallerFlagForm, caller_flag_set,
                          "flag_form", _("The caller is flagged."))
