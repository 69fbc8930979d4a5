"""The helpline: directory, contacts, follow-ups, web requests, drafts, flags, surveys, merges and quality reviews."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from offramp.core.blind_index import BlindIndexField
from offramp.core.crypto import EncryptedTextField
from offramp.core.models import Organization, OrganizationQuerySet


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
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="resource_unique_name")]
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")

    def __str__(self) -> str:
        return self.name


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("E-mail")
    WEB = "web", _("Web request")
    CHAT = "chat", _("Chat")
    WALK_IN = "walk_in", _("Walk-in")


class CallerRelationship(models.TextChoices):
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling")
    PARTNER = "partner", _("Partner")
    CHILD = "child", _("Child")
    FRIEND = "friend", _("Friend")
    TEACHER = "teacher", _("Teacher or school staff")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    FAITH_LEADER = "faith_leader", _("Faith leader")
    EMPLOYER = "employer", _("Employer")
    SELF = "self", _("Self")
    OTHER = "other", _("Other")


class AgeBand(models.TextChoices):
    UNKNOWN = "", _("Not known")
    UNDER_13 = "under_13", _("Under 13")
    TEEN = "13_17", _("13 to 17")
    YOUNG_ADULT = "18_24", _("18 to 24")
    ADULT = "25_39", _("25 to 39")
    OLDER = "40_plus", _("40 or older")


SAFETY_FLAGS = ("immediate_danger", "threat_to_others", "self_harm", "vulnerable_at_risk")


class SafetyAnswer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_ASKED = "not_asked", _("Not asked")


class HelplineContact(models.Model):
    """One call, message or visit to the helpline. The caller may stay anonymous (H1)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="helpline_contacts")
    reference = models.CharField(max_length=24)
    received_at = models.DateTimeField(_("when"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=10, choices=ContactChannel.choices)
    inbound = models.BooleanField(_("they contacted us"), default=True)
    responder = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    caller_name = EncryptedTextField()
    caller_phone = EncryptedTextField()
    caller_email = EncryptedTextField()
    caller_relationship = models.CharField(_("caller is the person's"), max_length=16,
                                           choices=CallerRelationship.choices)
    # Blind-index digests of the caller's phone and e-mail, to recognise a repeat caller; filled on save.
    caller_phone_digest = BlindIndexField(source="caller_phone", kind="phone")
    caller_email_digest = BlindIndexField(source="caller_email", kind="email")
    concern_name = EncryptedTextField()
    concern_age_band = models.CharField(_("age"), max_length=10, choices=AgeBand.choices, blank=True)
    concern_gender = models.CharField(_("gender"), max_length=40, blank=True)
    concern_region = models.CharField(_("region"), max_length=100, blank=True)
    ideologies = models.ManyToManyField("core.TaxonomyTerm", related_name="+", blank=True)
    ideology_unclear = models.BooleanField(_("ideology unclear"), default=False)
    signs = models.ManyToManyField("core.TaxonomyTerm", related_name="+", blank=True)
    needs = models.ManyToManyField("core.TaxonomyTerm", related_name="+", blank=True)
    coaching_topics = models.ManyToManyField("core.TaxonomyTerm", related_name="+", blank=True)
    resources_given = models.ManyToManyField(Resource, related_name="+", blank=True)
    openings = EncryptedTextField()
    summary = EncryptedTextField()
    immediate_danger = models.BooleanField(_("someone is in immediate danger"), default=False)
    threat_to_others = models.BooleanField(_("a threat to others was described"), default=False)
    self_harm = models.BooleanField(_("risk of suicide or self-harm"), default=False)
    vulnerable_at_risk = models.BooleanField(_("a child or vulnerable adult is at risk"), default=False)
    # Each safety question is answered yes (its flag above), no, or not asked: the ones not asked,
    # by flag name, and why (H4). Contacts logged before this was recorded read as all asked.
    safety_unasked = models.JSONField(default=list, blank=True)
    safety_unasked_reason = EncryptedTextField()
    emergency_alerted_at = models.DateTimeField(null=True, blank=True)
    # Who the safety alert went to: the supervisors on call, or every supervisor when none was.
    emergency_alerted = models.ManyToManyField("core.User", related_name="+", blank=True)
    consultation = EncryptedTextField()
    consulted_with = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    consulted_at = models.DateTimeField(null=True, blank=True)
    # The consulted supervisor's own confirmation (R1); set at once when they record it themselves.
    consultation_confirmed_at = models.DateTimeField(null=True, blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="helpline_contacts")
    # Who carries the contact forward; empty while it waits in the queue for someone to claim it.
    assigned_to = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # A duplicate folded into another contact; kept for the record, hidden from lists and figures.
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "reference"], name="contact_unique_reference")]
        indexes = [
            models.Index(fields=["organization", "-received_at"], name="contact_org_recent"),
            models.Index(fields=["organization", "assigned_to", "received_at"], name="contact_assignee"),
            # A case's contacts on its timeline, newest first, one page at a time.
            models.Index(fields=["case", "-received_at", "-id"], name="contact_case_recent"),
            # Safety concerns still waiting for a consultation (R1): a handful among many contacts.
            models.Index(fields=["organization", "emergency_alerted_at"], name="contact_awaiting_consult",
                         condition=models.Q(emergency_alerted_at__isnull=False, consulted_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def safety_concern(self) -> bool:
        return any(getattr(self, flag) for flag in SAFETY_FLAGS)

    def safety_answers(self) -> list[tuple[str, str]]:
        """(flag, answer) for each safety question, the answer one of SafetyAnswer's values."""
        return [(flag, SafetyAnswer.YES if getattr(self, flag) else
                 SafetyAnswer.NOT_ASKED if flag in (self.safety_unasked or []) else SafetyAnswer.NO)
                for flag in SAFETY_FLAGS]

    @property
    def consultation_awaiting_confirmation(self) -> bool:
        return bool(self.consulted_at) and not self.consultation_confirmed_at


class FollowUp(models.Model):
    """A promised call-back or check-in; it lands on the assignee's work queue with its due time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(HelplineContact, on_delete=models.CASCADE, related_name="follow_ups")
    assigned_to = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField(_("due"))
    note = EncryptedTextField()
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["assigned_to", "done_at", "due_at"], name="followup_open")]


class HelpRequest(models.Model):
    """A confidential call-back request from the public page. Everything identifying is encrypted."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CLAIMED = "claimed", _("Claimed")
        DONE = "done", _("Done")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="help_requests")
    reference = models.CharField(max_length=24)
    name = EncryptedTextField()
    phone = EncryptedTextField()
    email = EncryptedTextField()
    when_to_reach = EncryptedTextField()
    worry = EncryptedTextField()
    language = models.CharField(_("preferred language"), max_length=10, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.NEW)
    claimed_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    claimed_at = models.DateTimeField(null=True, blank=True)
    contact = models.ForeignKey(HelplineContact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["organization", "status", "created_at"], name="helprequest_queue")]

    def __str__(self) -> str:
        return self.reference


class ContactDraft(models.Model):
    """What a responder has typed into the contact screen so far, saved as they type, encrypted,
    so a reload, a crash or a closed tab loses nothing. One per responder; gone once saved."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="+")
    data = EncryptedTextField()  # the form's fields as JSON
    form_key = models.CharField(max_length=40, blank=True)  # which rendering of the form it came from
    closed_key = models.CharField(max_length=40, blank=True)  # a form already saved as a contact
    updated_at = models.DateTimeField(default=timezone.now)
    # "Alert now" pressed on a safety "yes" before the contact was saved: the alert links here.
    alerted_at = models.DateTimeField(null=True, blank=True)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "user"], name="one_contact_draft")]


class CallerFlag(models.Model):
    """A supervisor's warning about an abusive or hostile caller, for a set period, with the reason.
    Matched by the blind index of their phone or e-mail; the number itself is not kept here."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, db_index=True)
    block = models.BooleanField(_("do not take calls"), default=False)
    reason = EncryptedTextField()
    until = models.DateTimeField(_("until"))
    set_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    objects = OrganizationQuerySet.as_manager()


class SurveyInvitation(models.Model):
    """A one-time link to the anonymous post-contact survey. Deliberately not linked to the contact,
    so answers can never be tied to a caller; an answer is an anonymous response to the organisation's
    survey questionnaire (offramp.instruments) that keeps no trace of the link."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    used_at = models.DateTimeField(null=True, blank=True)
    objects = OrganizationQuerySet.as_manager()


class ContactMerge(models.Model):
    """The record of a duplicate contact folded into another: who, when, why and what was carried over."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    survivor = models.ForeignKey(HelplineContact, on_delete=models.PROTECT, related_name="merges")
    duplicate = models.OneToOneField(HelplineContact, on_delete=models.PROTECT, related_name="+")
    merged_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(default=timezone.now)
    reason = EncryptedTextField()
    carried = models.JSONField(default=list)  # names of what came over from the duplicate, never values
    objects = OrganizationQuerySet.as_manager()


class ContactAddendum(models.Model):
    """Something added to a contact after it was saved: what was forgotten or learned later, and
    resources sent afterwards. The contact itself is never rewritten (E2)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(HelplineContact, on_delete=models.CASCADE, related_name="addenda")
    author = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField()
    resources_added = models.ManyToManyField(Resource, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    objects = OrganizationQuerySet.as_manager()


class ContactReview(models.Model):
    """A supervisor's quality review of one contact (Q9): the answers are a response to the
    organisation's quality-review questionnaire about the contact (`response`, on the version it was
    answered on; a revision is a new response); the responder who took the contact reads the feedback."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(HelplineContact, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    responder = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    response = models.ForeignKey("instruments.InstrumentResponse", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    feedback = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contact", "reviewer"], name="one_review_per_reviewer")]
        indexes = [models.Index(fields=["organization", "responder", "read_at"], name="review_feedback")]


class OnCallShift(models.Model):
    """A supervisor on call for the helpline's safety alerts (H4, R1) over a period."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    supervisor = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    phone = models.CharField(_("phone on this shift"), max_length=40, blank=True)
    created_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["organization", "ends_at"], name="oncall_current")]
