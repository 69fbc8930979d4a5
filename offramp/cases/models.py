"""Cases, their participants and team, lifecycle, resolution evidence, notes and clocks."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from offramp.core.crypto import EncryptedTextField
from offramp.core.models import Organization, OrganizationQuerySet
from offramp.people.models import Person


class CaseKind(models.TextChoices):
    FAMILY_SUPPORT = "family_support", _("Family support")
    INDIVIDUAL_EXIT = "individual_exit", _("Individual exit")
    PREVENTION = "prevention", _("Prevention")


class CaseStatus(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")
    INTAKE = "intake", _("Intake")
    ASSESSMENT = "assessment", _("Assessment")
    ACTIVE = "active", _("Active")
    MONITORING = "monitoring", _("Monitoring")
    EVALUATION = "evaluation", _("Evaluation")
    PLAN = "plan", _("Intervention plan")
    COACHING = "coaching", _("Coaching")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    PAUSED = "paused", _("Paused")


class Case(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(_("reference"), max_length=24)
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices)
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.INQUIRY)
    status_before_pause = models.CharField(max_length=12, choices=CaseStatus.choices, blank=True)
    restricted = models.BooleanField(
        _("restricted"), default=False,
        help_text=_("Only the case team sees a restricted case; supervisors must break the glass."),
    )
    summary = EncryptedTextField()
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(max_length=120, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "reference"], name="case_unique_reference")
        ]
        indexes = [
            models.Index(fields=["organization", "-opened_at"], name="case_org_recent"),
            models.Index(fields=["organization", "status", "-opened_at"], name="case_org_status"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status not in (CaseStatus.RESOLVED, CaseStatus.CLOSED)


class ParticipantRole(models.TextChoices):
    CLIENT = "client", _("Client")
    PERSON_OF_CONCERN = "person_of_concern", _("Person of concern")
    FAMILY_MEMBER = "family_member", _("Family member")
    COLLATERAL = "collateral", _("Collateral contact")


class CaseParticipant(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    added_at = models.DateTimeField(default=timezone.now)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person", "role"], name="participant_unique_role")
        ]


class TeamRole(models.TextChoices):
    CASE_MANAGER = "case_manager", _("Case manager")
    PEER_MENTOR = "peer_mentor", _("Peer mentor")
    SUPERVISOR = "supervisor", _("Supervisor")
    RESPONDER = "responder", _("Helpline responder")
    OTHER = "other", _("Other professional (read only)")


class CaseTeamMember(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_teams")
    role = models.CharField(_("role"), max_length=16, choices=TeamRole.choices)
    profession = models.CharField(_("profession"), max_length=120, blank=True)
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "removed_at", "case"], name="team_user_active")]


class CaseTransition(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=CaseStatus.choices)
    to_status = models.CharField(max_length=12, choices=CaseStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = EncryptedTextField()
    # A supervisor's reason for making a move the registered checks refused (cases.gates); empty otherwise.
    override_reason = EncryptedTextField()
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]


class ResolutionCriterion(models.Model):
    """The organisation's written criteria for resolving a case of a kind (H2)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="resolution_criteria")
    kind = models.CharField(_("case kind"), max_length=20, choices=CaseKind.choices)
    text = models.CharField(_("criterion"), max_length=300)
    # A record another app holds that the criterion rests on (cases.resolution), e.g. "plans.goals".
    record = models.CharField(_("rests on the record"), max_length=40, blank=True, default="")
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "position", "pk"]
        verbose_name = _("resolution criterion")
        verbose_name_plural = _("resolution criteria")

    def __str__(self) -> str:
        return self.text


class ResolutionEvidence(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="resolution_evidence")
    criterion = models.ForeignKey(ResolutionCriterion, on_delete=models.PROTECT, related_name="+")
    evidence = EncryptedTextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    objects = OrganizationQuerySet.as_manager()


class NoteType(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CALL = "call", _("Call")
    MESSAGE = "message", _("Message")
    GROUP = "group", _("Group")
    COLLATERAL = "collateral", _("Collateral contact")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("E-mail")
    CHAT = "chat", _("Chat or social media")
    LETTER = "letter", _("Letter")


class Direction(models.TextChoices):
    INBOUND = "inbound", _("From them")
    OUTBOUND = "outbound", _("From us")
    BOTH = "both", _("Both ways")


class Note(models.Model):
    """A case note (encounter). Signed notes are immutable; corrections are addenda."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note_type = models.CharField(_("type"), max_length=12, choices=NoteType.choices)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    with_participant = models.ForeignKey(
        CaseParticipant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    occurred_at = models.DateTimeField(_("when it happened"))
    narrative = EncryptedTextField()
    addendum_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="addenda")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    signed_at = models.DateTimeField(null=True, blank=True)
    documented_late = models.BooleanField(default=False)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["case", "-occurred_at"], name="note_case_timeline"),
            models.Index(fields=["author", "signed_at"], name="note_author_drafts"),
        ]

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class ResponseClock(models.Model):
    """E1: an inbound message from a client is answered within one working day, or delayed with authority."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="response_clocks")
    inbound_note = models.OneToOneField(Note, on_delete=models.CASCADE, related_name="response_clock")
    # Who wrote: only a reply to them clears the clock (empty on clocks opened before this was kept).
    participant = models.ForeignKey(CaseParticipant, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="+")
    received_at = models.DateTimeField()
    due_at = models.DateTimeField(db_index=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by_note = models.ForeignKey(Note, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    delay_reason = EncryptedTextField()
    delay_authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delayed_until = models.DateTimeField(null=True, blank=True)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["case", "cleared_at"], name="clock_case_open")]

    @property
    def effective_due(self):
        return self.delayed_until or self.due_at

    @property
    def state(self) -> str:
        if self.cleared_at:
            return "cleared"
        return "overdue" if self.effective_due < timezone.now() else "due"
