"""Instruments as data: versioned definitions, responses attached to any app's record, attributed contributions."""

import json
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from offramp.core.crypto import EncryptedTextField
from offramp.core.models import Organization, OrganizationQuerySet


class Instrument(models.Model):
    """A questionnaire of one organisation, named by a key; its definitions are its versions."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    key = models.SlugField(_("key"), max_length=64)
    title = models.CharField(_("title"), max_length=1000)  # the current version's English title, for lists
    current_version = models.ForeignKey("InstrumentVersion", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "key"], name="instrument_unique_key")]

    def __str__(self) -> str:
        return self.key


class InstrumentVersion(models.Model):
    """One definition of an instrument. Never edited once saved: a change is a new version, and responses
    keep the version they were given on."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    definition = models.JSONField()
    # None: a definition an app ships, which the organisation got on first use (imported by no one).
    created_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["instrument", "number"], name="instrument_version_unique")]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.instrument_id} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("An instrument version is never changed; import a new version instead.")
        super().save(*args, **kwargs)


class Informant(models.TextChoices):
    SELF = "self", _("The person themselves")
    INFORMANT = "informant", _("An informant")


class InstrumentResponse(models.Model):
    """Answers to one version, about one subject (any app's record, by type and id) or about nothing (an
    anonymous survey). The answers are the contributions merged in order, encrypted; domain scores are
    numbers and threshold labels only, kept plain for figures."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        COMPLETE = "complete", _("Complete")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="responses")
    subject_type = models.CharField(max_length=40, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    informant = models.CharField(max_length=10, choices=Informant.choices, default=Informant.SELF)
    informant_relationship = EncryptedTextField()  # e.g. "mother", when completed from an informant
    answers = EncryptedTextField()  # JSON: item key -> answer
    scores = models.JSONField(default=dict)  # domain key -> {"value", "answered", "band", "label"}
    # None: answered by someone not signed in (an anonymous survey's public page); such a response keeps
    # no contribution, and its times are the start of the organisation's day.
    started_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["organization", "subject_type", "subject_id", "created_at"],
                                name="instrument_response_subject")]

    @property
    def answer_data(self) -> dict:
        return json.loads(self.answers) if self.answers else {}

    @property
    def is_complete(self) -> bool:
        return self.status == self.Status.COMPLETE


class Contribution(models.Model):
    """What one person added to a response, attributed: who, from which agency, which answers, when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    response = models.ForeignKey(InstrumentResponse, on_delete=models.CASCADE, related_name="contributions")
    author = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    agency = EncryptedTextField()
    answers = EncryptedTextField()  # JSON: the answers given in this contribution
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    @property
    def answer_data(self) -> dict:
        return json.loads(self.answers) if self.answers else {}
