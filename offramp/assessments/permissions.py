"""Who may read and record assessments. Reading follows the case (its team, supervisors, live grants,
`cases.selectors.case_visibility`); recording needs a team role that writes notes on the case
(`case_access(...).write_notes`). External professionals read the case but not its assessments: a
suicide screen or a stage of change stays with the organisation's casework staff."""

from django.utils.translation import gettext_lazy as _

from offramp.cases.models import TeamRole
from offramp.core.access import CASEWORK, SUPERVISE, declare

READ = declare("assessments.read", CASEWORK.roles,
               _("Read and record assessments on the cases they may open (recording as for notes)"))

# Who a positive suicide-risk screen alerts: the case's supervisors on its team, else every supervisor.
ALERTED_TEAM_ROLES = (TeamRole.SUPERVISOR,)
ALERTED_ROLES = SUPERVISE.roles
CLOSE_ALERTS = SUPERVISE  # a supervisor says a positive screen's alerts have been taken up
