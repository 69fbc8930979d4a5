"""A support group session: when, on which topic, how many came, its facilitator's report."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from offramp.core.crypto import EncryptedTextField
from offramp.core.models import Organization, OrganizationQuerySet, TaxonomyTerm


class GroupSession(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(TaxonomyTerm, on_delete=models.PROTECT, related_name="+", verbose_name=_("topic"))
    held_at = models.DateTimeField(_("held at"))
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attendance = models.PositiveIntegerField(_("attendance"))
    # A family's case whose people came (the case's timeline shows the session); most sessions have none.
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    report = EncryptedTextField()
    reported_at = models.DateTimeField(null=True, blank=True)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["-held_at", "-pk"]
        indexes = [models.Index(fields=["organization", "held_at"]),
                   models.Index(fields=["facilitator", "reported_at"])]

    def __str__(self) -> str:
        return f"{self.topic} {self.held_at:%Y-%m-%d}"
