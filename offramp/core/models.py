"""Organisations (tenants), staff users, memberships and roles, keys, audit, notifications."""

import re
import uuid
from datetime import time
from typing import TYPE_CHECKING, Self
from zoneinfo import available_timezones

import holidays
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from offramp.core import vocabularies
from offramp.core.crypto import EncryptedTextField

if TYPE_CHECKING:
    from offramp.core.access import Actor


class OrganizationQuerySet(models.QuerySet):
    """Every model with an `organization` uses this manager: reads start from `for_actor(actor)`,
    the floor under every selector (the selector narrows it to what the actor may see)."""

    def for_actor(self, actor: "Actor") -> Self:
        return self.filter(organization=actor.organization)

    def of(self, organization: "Organization | uuid.UUID | str") -> Self:
        """For work done for an organisation without a person acting (scheduled work, public pages)."""
        return self.filter(organization=organization)


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("Organisation admin")
    SUPERVISOR = "supervisor", _("Supervisor")
    CASE_MANAGER = "case_manager", _("Case manager")
    PEER_MENTOR = "peer_mentor", _("Peer mentor")
    HELPLINE_RESPONDER = "helpline_responder", _("Helpline responder")
    GROUP_FACILITATOR = "group_facilitator", _("Group facilitator")
    TRAINER = "trainer", _("Trainer")
    EVALUATOR = "evaluator", _("Evaluator")
    AUDITOR = "auditor", _("Auditor")
    # From a partner agency (probation, social services, school...), on the team of some cases only (E3).
    EXTERNAL_PROFESSIONAL = "external_professional", _("External professional")


# A number as people dial it: digits and spaces, with an optional + in front.
_DIALLABLE = re.compile(r"\+?[0-9][0-9 ]{0,18}")

DEFAULT_CONFIDENTIALITY_LIMITS = _(
    "What you tell us stays confidential, with these limits. The staff who answer you may discuss "
    "it with their supervisor and the colleagues who help them. If a child or a vulnerable adult is "
    "being abused or neglected, the law requires us to report it. If someone's life is in danger, or "
    "someone is about to hurt others, we must act to protect them, which can mean calling the "
    "emergency services. Whenever we can, we will tell you first."
)


class Organization(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    country = models.CharField(_("country (ISO code)"), max_length=2, default="US")
    subdivision = models.CharField(_("state or region code"), max_length=10, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/New_York")
    workday_start = models.TimeField(_("working day starts"), default=time(9, 0))
    workday_end = models.TimeField(_("working day ends"), default=time(17, 0))
    working_weekdays = models.CharField(
        _("working weekdays"), max_length=7, default="01234",
        help_text=_("Digits for the working weekdays: 0 is Monday, 6 is Sunday."),
    )
    case_reference_prefix = models.CharField(_("case reference prefix"), max_length=8, default="OFR")
    small_cell_threshold = models.PositiveSmallIntegerField(
        _("smallest count shown in reports"), default=11,
        help_text=_("Counts from 1 up to this number minus one are shown as '<N', so no one can be singled out."),
    )
    emergency_guidance = models.TextField(
        _("emergency guidance"), blank=True,
        help_text=_("Shown at once when a helpline contact reports danger: who to call, who inside."),
    )
    # What the public pages and the helpline screens tell people to call: never hard-coded, since
    # the organisations of one installation may work in different countries.
    emergency_number = models.CharField(
        _("emergency number"), max_length=20, default="911",
        help_text=_("The number to call when life is in danger, as people dial it (for example 911 or 112)."),
    )
    crisis_line = models.CharField(
        _("crisis line"), max_length=20, blank=True, default="988",
        help_text=_("The suicide and mental-health crisis line (for example 988 or 024). Leave empty if there is none."),
    )
    public_language = models.CharField(
        _("language of the public pages"), max_length=8, choices=settings.LANGUAGES, default="en",
        help_text=_("The help request and survey pages open in this language, whatever the visitor's browser "
                    "asks; a link at the top of each page shows them in the other language."),
    )
    confidentiality_limits = models.TextField(
        _("limits of confidentiality"), blank=True,
        help_text=_("Shown on the public help page and on the helpline's contact screen: when what people tell "
                    "you is shared (colleagues, mandated reporting, duty to warn). Leave empty for the standard "
                    "wording."),
    )
    quick_exit_url = models.URLField(
        _("quick exit address"), default="https://www.bbc.com/weather",
        help_text=_("Where the 'Leave this site quickly' button of the public pages goes: a neutral https site."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def confidentiality_limits_shown(self) -> str:
        """The organisation's own words on the limits of confidentiality (E4), or the standard wording."""
        return self.confidentiality_limits.strip() or str(DEFAULT_CONFIDENTIALITY_LIMITS)

    def clean(self) -> None:
        """The calendar every clock reads (a wrong value here would stop every page of the organisation),
        and the numbers and exit the public pages give people in danger."""
        errors = {}
        if self.time_zone not in available_timezones():
            errors["time_zone"] = _("Choose a time zone such as America/New_York or Europe/Madrid.")
        days = self.working_weekdays or ""
        if not days or any(day not in "0123456" for day in days) or len(set(days)) != len(days):
            errors["working_weekdays"] = _("Give each working weekday once, as digits from 0 (Monday) to 6 (Sunday).")
        if self.workday_start and self.workday_end and self.workday_start >= self.workday_end:
            errors["workday_end"] = _("The working day must end after it starts.")
        try:
            holidays.country_holidays(self.country, subdiv=self.subdivision or None)
        except NotImplementedError:
            errors["subdivision" if self.subdivision else "country"] = _(
                "Offramp has no public holidays for this country and region; check the codes.")
        if self.small_cell_threshold is not None and not 3 <= self.small_cell_threshold <= 100:
            errors["small_cell_threshold"] = _("Choose a number from 3 to 100.")
        if not _DIALLABLE.fullmatch((self.emergency_number or "").strip()):
            errors["emergency_number"] = _("Give the emergency number as people dial it: digits, spaces and + only.")
        if self.crisis_line and not _DIALLABLE.fullmatch(self.crisis_line.strip()):
            errors["crisis_line"] = _("Give the crisis line as people dial it: digits, spaces and + only, or leave it empty.")
        if self.quick_exit_url and not self.quick_exit_url.lower().startswith("https://"):
            errors["quick_exit_url"] = _("Give an address that starts with https://.")
        if errors:
            raise ValidationError(errors)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff. Clients and callers are People, never Users."""

    email = models.EmailField(_("e-mail"), unique=True)
    display_name = models.CharField(_("name"), max_length=150)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    # Only users created by `offramp seed --scale demo` may skip the second factor, and only in demo mode.
    is_demo = models.BooleanField(default=False, editable=False)
    date_joined = models.DateTimeField(default=timezone.now, editable=False)

    objects = UserManager()
    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")

    def __str__(self) -> str:
        return self.display_name or self.email

    def clean(self) -> None:
        """One account per address, whatever its capitals (sign-in compares them lower-cased)."""
        super().clean()
        self.email = (self.email or "").strip().lower()


class Membership(models.Model):
    """One role a user holds in one organisation; a user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique_role")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organization}"


class OrganizationKey(models.Model):
    """A per-organisation key, wrapped (encrypted) by the master key from the environment."""

    class Purpose(models.TextChoices):
        DATA = "data"
        INDEX = "index"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="keys")
    purpose = models.CharField(max_length=8, choices=Purpose.choices)
    version = models.PositiveIntegerField()
    wrapped_key = models.BinaryField()
    master_key_id = models.CharField(max_length=16)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "purpose", "version"], name="orgkey_unique_version")
        ]


class TaxonomyTerm(models.Model):
    """An organisation-editable term in a named vocabulary (closure reasons, ideologies, signs …)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="terms")
    vocabulary = models.CharField(_("vocabulary"), max_length=32, choices=vocabularies.choices)
    label = models.CharField(_("label"), max_length=120)
    guidance = models.TextField(
        _("coaching guidance"), blank=True,
        help_text=_("For movements, signs and needs: shown beside the helpline contact form when ticked."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["vocabulary", "position", "label"]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")

    def __str__(self) -> str:
        return self.label


class ReferenceSequence(models.Model):
    """Numbers the non-identifying references (OFR-2026-00042) per organisation, kind and year."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind", "year"], name="reference_sequence_unique")
        ]


class AuditEvent(models.Model):
    """Append-only, hash-chained record of who did what to which record, when and why.

    Holds no personal data: objects are named by type and id. Foreign keys are not
    constrained so that deleting a user or organisation never rewrites history.
    """

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    organization = models.ForeignKey(
        Organization, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    action = models.CharField(max_length=32)
    object_type = models.CharField(max_length=32, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    reason = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["organization", "-id"], name="audit_org_recent")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")


class AuditChainHead(models.Model):
    """Single row locked while appending, so concurrent writers extend one chain."""

    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)


class Notification(models.Model):
    """An in-app notice. Text never names a person: it points at a case reference."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    # A safety alert: kept apart at the top until the work it asks for is done (read_at is then set
    # by the service that did it), never cleared by opening it or by "mark all as read".
    urgent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "organization", "read_at"], name="notification_unread")]

    @property
    def urgent_waiting(self) -> bool:
        return self.urgent and self.read_at is None


class ApiToken(models.Model):
    """A per-user API token for one organisation. Only a SHA-256 digest of the secret is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]


class AccessGrantKind(models.TextChoices):
    BREAK_GLASS = "break_glass", _("Break the glass")
    REFERRAL = "referral", _("Referral")
    TRANSFER = "transfer", _("Transfer")
    CONSENT = "consent", _("Consent")


class AccessScope(models.TextChoices):
    READ = "read", _("Read")
    WRITE = "write", _("Read and write")


class AccessGrant(models.Model):
    """Time-boxed access to one record beyond what roles and teams give: who, what, why, until.

    Selectors honour active grants (core.grants), so a break-the-glass, a referral to a partner
    organisation, a transfer or consent-based access is one row, not a change to every selector.
    The record belongs to `organization`; the grantee is a user, acting in `grantee_organization`
    (the same organisation unless the grant crosses to a partner).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=AccessGrantKind.choices)
    scope = models.CharField(_("scope"), max_length=8, choices=AccessScope.choices, default=AccessScope.READ)
    object_type = models.CharField(max_length=32)
    object_id = models.UUIDField()
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    grantee_organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField()
    granted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "grantee_organization", "object_type", "expires_at"],
                                name="accessgrant_grantee_active")]
        constraints = [models.CheckConstraint(condition=models.Q(expires_at__gt=models.F("granted_at")),
                                              name="accessgrant_ends_after_start")]
