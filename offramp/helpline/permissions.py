"""What each organisation role may do on the helpline."""

from django.utils.translation import gettext_lazy as _

from offramp.core.access import declare
from offramp.core.models import Role

ANSWER = declare("helpline.answer", (Role.HELPLINE_RESPONDER, Role.SUPERVISOR),
                 _("Answer the helpline: log contacts, take web requests, follow up, send surveys"))
SUPERVISE = declare("helpline.supervise", (Role.SUPERVISOR,),
                    _("Give contacts and web requests to colleagues, flag callers, review quality, be consulted"))
SEE_ROTA = declare("helpline.see_rota", (Role.HELPLINE_RESPONDER, Role.SUPERVISOR, Role.ORG_ADMIN),
                   _("See who is on call"))
EDIT_ROTA = declare("helpline.edit_rota", (Role.SUPERVISOR, Role.ORG_ADMIN), _("Change the on-call rota"))
EDIT_DIRECTORY = declare("helpline.edit_directory", (Role.ORG_ADMIN,),
                         _("Add, change, import and hide resources in the directory"))
READ_FIGURES = declare("helpline.read_figures", (Role.SUPERVISOR, Role.EVALUATOR, Role.ORG_ADMIN, Role.AUDITOR),
                       _("Read the helpline's de-identified figures"))
# Who may be on call or be consulted on a contact: an organisation role, not a permission to act.
ON_CALL_ROLE = Role.SUPERVISOR
