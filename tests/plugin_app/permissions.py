"""What each organisation role may do with group sessions."""

from django.utils.translation import gettext_lazy as _

from offramp.core.access import declare
from offramp.core.models import Role

RUN_SESSIONS = declare("peer_groups.run_sessions", (Role.GROUP_FACILITATOR, Role.SUPERVISOR),
                       _("Record support group sessions and their reports"))
READ_FIGURES = declare("peer_groups.read_figures", (Role.SUPERVISOR, Role.EVALUATOR),
                       _("Read the support groups' figures"))
