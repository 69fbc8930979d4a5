"""The helpline. So far: the resource directory of partner organisations and services."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from offramp.core.models import Organization


class ResourceCategory(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency and crisis")
    MENTAL_HEALTH = "mental_health", _("Mental health and counselling")
    EXIT = "exit", _("Exit and disengagement programs")
    FAMILY = "family", _("Family support")
    YOUTH = "youth", _("Youth services")
    EDUCATION = "education", _("Education")
    EMPLOYMENT = "employment", _("Employment and training")
    HOUSING = "housing", _("Housing")
    LEGAL = "legal", _("Legal advice")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    VICTIM_SUPPORT = "victim_support", _("Victim support")
    FAITH = "faith", _("Faith and community")
    OTHER = "other", _("Other")


class Resource(models.Model):
    """A partner organisation or service in the directory. Not personal data: no encryption."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="resources")
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=ResourceCategory.choices)
    description = models.TextField(_("what they offer"), blank=True, max_length=4000)
    eligibility = models.TextField(_("who is eligible"), blank=True, max_length=2000)
    languages = models.CharField(_("languages"), max_length=200, blank=True, help_text=_("e.g. English, Spanish"))
    region = models.CharField(_("region served"), max_length=200, blank=True)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    how_to_refer = models.TextField(_("how to refer"), blank=True, max_length=2000)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    active = models.BooleanField(_("listed"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="resource_unique_name")]
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")

    def __str__(self) -> str:
        return self.name
