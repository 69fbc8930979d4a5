"""People served by the organisation: clients, people of concern, family members, collaterals."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from offramp.core.crypto import EncryptedTextField
from offramp.core.models import Organization, OrganizationQuerySet


class Person(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="people")
    given_name = EncryptedTextField()
    family_name = EncryptedTextField()
    aliases = EncryptedTextField()  # one per line
    date_of_birth = EncryptedTextField()  # ISO date
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    languages = models.CharField(_("languages"), max_length=120, blank=True)
    # Someone the organisation does not know by name yet (an anonymous caller, an unnamed person of
    # concern): their name is a placeholder. Kept out of lists, search and pickers until named; reachable
    # from their case. Giving them a name clears it.
    anonymous = models.BooleanField(_("anonymous"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["organization", "-created_at"], name="person_org_recent")]

    def __str__(self) -> str:
        return f"person {self.pk}"  # never a name: str() ends up in logs and admin messages

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part) or str(_("(no name)"))

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in (self.aliases or "").splitlines() if line.strip()]


class ContactMethod(models.Model):
    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        ADDRESS = "address", _("Address")
        HANDLE = "handle", _("Online handle")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contact_methods")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = EncryptedTextField()
    label = models.CharField(_("label"), max_length=60, blank=True, help_text=_("e.g. mobile, work, or the platform of a handle"))
    safe_to_contact = models.BooleanField(
        _("safe to contact"), default=True,
        help_text=_("Untick when a message here could put the person at risk (someone else reads it)."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class Relationship(models.Model):
    class Kind(models.TextChoices):
        PARENT = "parent", _("parent of")
        CHILD = "child", _("child of")
        SIBLING = "sibling", _("sibling of")
        PARTNER = "partner", _("partner of")
        RELATIVE = "relative", _("relative of")
        FRIEND = "friend", _("friend of")
        TEACHER = "teacher", _("teacher of")
        OTHER = "other", _("connected to")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    kind = models.CharField(_("relationship"), max_length=10, choices=Kind.choices)
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reverse_relationships")
    created_at = models.DateTimeField(default=timezone.now)
    objects = OrganizationQuerySet.as_manager()


class PersonIdentifier(models.Model):
    """Blind index: keyed HMACs of normalised names, phones and e-mails for exact-match search."""

    class Kind(models.TextChoices):
        NAME = "name"
        PHONE = "phone"
        EMAIL = "email"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    digest = models.CharField(max_length=64)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["organization", "kind", "digest"], name="person_blind_index")]
