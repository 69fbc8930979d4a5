"""Who may read and write case plans. Reading follows the case (its team, supervisors, live grants,
`cases.selectors.case_visibility`); writing needs a team role that writes notes on the case
(`case_access(...).write_notes`), as for notes and assessments. External professionals read the case but
not its plan: goals and the interventions behind them stay with the organisation's casework staff."""

from django.utils.translation import gettext_lazy as _

from offramp.cases.permissions import WRITING_TEAM_ROLES
from offramp.core.access import CASEWORK, declare
from offramp.core.figures import READ_FIGURES

READ = declare("plans.read", CASEWORK.roles,
               _("Read and write case plans on the cases they may open (writing as for notes)"))

# Who a task or intervention may be given to: a member of the case's team in a role that writes on it.
ASSIGNABLE_TEAM_ROLES = WRITING_TEAM_ROLES
# The goals reached, as a de-identified figure.
FIGURES = READ_FIGURES
