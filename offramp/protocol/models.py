"""The family protocol's records (H2), one per stage of a family-support case, and aftercare check-ins
after any case's resolution. Narrative is encrypted; each record belongs to its case's organisation."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from offramp.assessments.models import Assessment
from offramp.cases.models import Case, CaseTransition
from offramp.core.crypto import EncryptedTextField
from offramp.core.models import Organization, OrganizationQuerySet


class _Record(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        abstract = True


class FamilyEvaluation(_Record):
    """Evaluation: the family's worries in their words, and the person of concern's underlying needs and
    openings as the family sees them (H3), with the social diagnostic a family member answered."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="family_evaluation")
    worries = EncryptedTextField()
    needs = EncryptedTextField()
    openings = EncryptedTextField()
    diagnostic = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")


class InterventionPlan(_Record):
    """The specific intervention plan agreed with the family: goals for the family and for the person,
    and who does what."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="intervention_plan")
    family_goals = EncryptedTextField()
    person_goals = EncryptedTextField()
    tasks = EncryptedTextField()  # who does what
    review_on = models.DateField(null=True, blank=True)


class MonitoringEntry(_Record):
    """Monitoring: a dated entry of what changed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="monitoring_entries")
    observed_on = models.DateField()
    changes = EncryptedTextField()

    class Meta:
        indexes = [models.Index(fields=["case", "-observed_on"], name="monitoring_case_recent")]


class CoachingPlan(_Record):
    """The family's coaching: topics, sessions planned and held, and the family's own goals (their
    relationship with and influence on the person). Its outcomes are the `family-outcomes` assessments."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="coaching_plan")
    topics = EncryptedTextField()
    family_goals = EncryptedTextField()
    sessions_planned = models.PositiveSmallIntegerField(default=0)
    sessions_held = models.PositiveSmallIntegerField(default=0)


class Watch(models.TextChoices):
    """What an aftercare check-in found (the relapse and withdrawal-pressure watch)."""

    STEADY = "steady", _("Steady: no sign of relapse or pressure")
    PRESSURE = "pressure", _("Withdrawal pressure: former contacts pulling them back")
    RELAPSE = "relapse", _("Signs of relapse")
    NO_CONTACT = "no_contact", _("Could not reach them")


WORRYING = (Watch.PRESSURE, Watch.RELAPSE)


class AftercareCheckIn(_Record):
    """A light-touch check-in after a case's resolution (at 1, 3 and 6 months of it), tied to the move
    that resolved it: a case resolved again starts its aftercare afresh."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="aftercare_check_ins")
    resolution = models.ForeignKey(CaseTransition, on_delete=models.CASCADE, related_name="+")
    month = models.PositiveSmallIntegerField()  # which of the scheduled check-ins (months after resolution)
    held_on = models.DateField()
    watch = models.CharField(max_length=12, choices=Watch.choices)
    notes = EncryptedTextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resolution", "month"], name="aftercare_once_per_month")]
        indexes = [models.Index(fields=["case", "-held_on"], name="aftercare_case_recent")]

    @property
    def worrying(self) -> bool:
        return self.watch in WORRYING
