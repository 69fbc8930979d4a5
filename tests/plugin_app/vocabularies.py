"""The app's vocabulary: the topics an organisation runs its groups on."""

from django.utils.translation import gettext_lazy as _

from offramp.core.vocabularies import register

TOPIC = register("peer_group_topic", _("Support group topic"))
