"""What each organisation role may do with cases, and what each team role gives on a case.

Reading a case needs `cases.read` and a place on its team, or the supervisor's view of unrestricted
cases, or a live access grant. `cases.read` is the casework roles (core.access.CASEWORK) and the
external professional: someone from a partner agency (probation, social services) on the team of some
cases, who reads those cases and nothing else (E3: what identifies a person stays within the case's
multidisciplinary team). They are on a team as an "other professional", which reads and writes nothing
(what they tell the team is recorded by its case manager); not being casework staff, they find no people,
open no person's page, open no case, and see no helpline, figures or audit trail."""

from django.utils.translation import gettext_lazy as _

from offramp.core.access import CASEWORK, Actor, declare
from offramp.core.models import Role

from .models import TeamRole

READ = declare("cases.read", CASEWORK.roles | {Role.EXTERNAL_PROFESSIONAL},
               _("Read the cases whose team they are on (external professionals: only those)"))
OPEN = declare("cases.open", (Role.CASE_MANAGER, Role.SUPERVISOR, Role.HELPLINE_RESPONDER),
               _("Open a case (helpline responders: family-support cases, from a contact)"))
OPEN_ANY_KIND = declare("cases.open_any_kind", (Role.CASE_MANAGER, Role.SUPERVISOR), _("Open a case of any kind"))
SEE_ALL = declare("cases.see_all", (Role.SUPERVISOR,),
                  _("Open and manage every unrestricted case; see that restricted ones exist"))
BREAK_GLASS = declare("cases.break_glass", (Role.SUPERVISOR,),
                      _("Open a restricted case for a few hours, with a reason"))
AUTHORISE_DELAY = declare("cases.authorise_delay", (Role.SUPERVISOR,), _("Authorise a later reply to a client"))

# Team roles on a case: who may write notes, who manages (team, participants, lifecycle).
WRITING_TEAM_ROLES = (TeamRole.CASE_MANAGER, TeamRole.SUPERVISOR, TeamRole.PEER_MENTOR, TeamRole.RESPONDER)
MANAGING_TEAM_ROLES = (TeamRole.CASE_MANAGER, TeamRole.SUPERVISOR)

# The organisation roles a colleague needs to take each team role.
TEAM_ROLE_NEEDS: dict[str, frozenset[str]] = {
    TeamRole.CASE_MANAGER: frozenset({Role.CASE_MANAGER}),
    TeamRole.PEER_MENTOR: frozenset({Role.PEER_MENTOR}),
    TeamRole.SUPERVISOR: frozenset({Role.SUPERVISOR}),
    TeamRole.RESPONDER: frozenset({Role.HELPLINE_RESPONDER}),
    TeamRole.OTHER: READ.roles,
}

# The team role the person who opens a case takes, by their organisation role (first that applies).
_OPENER_TEAM_ROLE = ((Role.CASE_MANAGER, TeamRole.CASE_MANAGER), (Role.SUPERVISOR, TeamRole.SUPERVISOR),
                     (Role.HELPLINE_RESPONDER, TeamRole.RESPONDER))


def opener_team_role(actor: Actor) -> str:
    return next(team_role for role, team_role in _OPENER_TEAM_ROLE if role in actor.roles)
