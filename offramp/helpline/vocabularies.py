"""The helpline's vocabularies (organisation-editable lists of taxonomy terms). The quality review's
questions are a questionnaire now (questionnaires.py), no longer a vocabulary."""

from django.utils.translation import gettext_lazy as _

from offramp.core.vocabularies import register

IDEOLOGY = register("ideology", _("Movement or ideology of concern"))
SIGN = register("sign", _("Sign observed"))
NEED = register("need", _("Underlying need"))
COACHING_TOPIC = register("coaching_topic", _("Coaching topic"))
