"""An assessment: one instrument's response about one person on a case; the joint decisions taken on it."""

import json
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from offramp.cases.models import Case
from offramp.core.crypto import EncryptedTextField
from offramp.core.models import Organization, OrganizationQuerySet
from offramp.instruments.models import InstrumentResponse
from offramp.people.models import Person


class Assessment(models.Model):
    """The answers live in the engine's response (subject "assessment", this id); this row ties it to the
    case and the participant it is about."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    instrument_key = models.SlugField(max_length=64)
    response = models.OneToOneField(InstrumentResponse, on_delete=models.PROTECT, related_name="+")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # A positive suicide-risk screen's consultation with a supervisor (R1), as on a helpline contact: what
    # was decided, with whom, when, and when the supervisor confirmed it.
    consultation = EncryptedTextField()
    consulted_with = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                       null=True, blank=True)
    consulted_at = models.DateTimeField(null=True, blank=True)
    consultation_confirmed_at = models.DateTimeField(null=True, blank=True)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["case", "created_at"], name="assessment_case_recent")]

    def __str__(self) -> str:
        return f"{self.instrument_key} {self.pk}"


class AssessmentDecision(models.Model):
    """A decision the agencies on the case took together on an assessment (C7): what was decided and which
    agencies took it, both encrypted, and who recorded it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="decisions")
    decision = EncryptedTextField()
    agencies = EncryptedTextField()  # JSON: the list of the agencies' names
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"decision {self.pk}"

    @property
    def agency_list(self) -> list[str]:
        return json.loads(self.agencies) if self.agencies else []
