"""What each organisation role may do with people's records. Seeing a person needs `core.casework`
and a case the actor may open (or having added them); see selectors.people_visible_to."""

from django.utils.translation import gettext_lazy as _

from offramp.core.access import declare
from offramp.core.models import Role

EDIT = declare("people.edit", (Role.SUPERVISOR, Role.CASE_MANAGER, Role.HELPLINE_RESPONDER),
               _("Add people and change their details, contacts and relationships"))
