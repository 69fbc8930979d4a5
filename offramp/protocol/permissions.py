"""Who may read and write the family protocol's records and the aftercare check-ins. Reading follows the
case (its team, supervisors, live grants: `cases.selectors.case_visibility`); writing needs a team role
that writes notes on the case. External professionals read the case but not these records: what a family
says about their worries stays with the organisation's casework staff. Moving a case past a stage whose
record is missing is the supervisor's (core.supervise, checked by the cases' transition service)."""

from django.utils.translation import gettext_lazy as _

from offramp.cases.models import TeamRole
from offramp.core.access import CASEWORK, declare

READ = declare("protocol.read", CASEWORK.roles,
               _("Read and write the family protocol's records and aftercare check-ins on the cases they may open "
                 "(writing as for notes)"))

# Whose work queue shows an aftercare check-in that is due: the case's case managers.
AFTERCARE_TEAM_ROLES = (TeamRole.CASE_MANAGER,)
