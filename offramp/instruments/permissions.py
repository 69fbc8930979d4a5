"""Who may manage questionnaire definitions and read anonymous answers. Who may read or answer a
questionnaire about a record is the record's app's rule (subjects.register_subject)."""

from django.utils.translation import gettext_lazy as _

from offramp.core.access import ADMINISTER, declare
from offramp.core.models import Role

MANAGE = ADMINISTER  # import, version and export definitions
READ_ANONYMOUS = declare("instruments.read_anonymous", (Role.ORG_ADMIN, Role.SUPERVISOR),
                         _("Read questionnaires answered by no identified person (surveys, reviews)"))
