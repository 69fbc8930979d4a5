"""The helpline's vocabularies (organisation-editable lists of taxonomy terms)."""

from django.utils.translation import gettext_lazy as _

from offramp.core.vocabularies import register

IDEOLOGY = register("ideology", _("Movement or ideology of concern"))
SIGN = register("sign", _("Sign observed"))
NEED = register("need", _("Underlying need"))
COACHING_TOPIC = register("coaching_topic", _("Coaching topic"))
REVIEW_QUESTION = register("review_question", _("Helpline quality-review question"))
