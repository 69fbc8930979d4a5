"""A case plan (C5): SMART goals for the people on a case, tied to the wellness dimensions (C4) and the
change targets (C2), their progress, and the interventions and tasks the team gives each other."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from offramp.cases.models import Case
from offramp.core.crypto import EncryptedTextField
from offramp.core.models import Organization, OrganizationQuerySet
from offramp.people.models import Person


class CasePlan(models.Model):
    """One per case, made with its first goal."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    objects = OrganizationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"plan {self.pk}"


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class Goal(models.Model):
    """A SMART goal: what (statement), measured how, to what target, by when, why achievable, why relevant.
    `progress` is the latest update's percentage, kept here so lists read no history. A stage-fit caution
    (C3) the worker saw and proceeded past is kept with who and when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(CasePlan, on_delete=models.PROTECT, related_name="goals")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    statement = EncryptedTextField()
    measure = EncryptedTextField()
    target = EncryptedTextField()
    target_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    due_on = models.DateField()
    achievable = EncryptedTextField()
    relevant = EncryptedTextField()
    dimensions = models.JSONField(default=list, blank=True)
    targets = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    drop_reason = EncryptedTextField()
    progress = models.PositiveSmallIntegerField(default=0)
    achieved_at = models.DateTimeField(null=True, blank=True)
    achieved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    caution = models.JSONField(default=list, blank=True)  # [{"target", "stage", "person"}] proceeded past
    caution_accepted_at = models.DateTimeField(null=True, blank=True)
    caution_accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                            null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["case", "status"], name="plan_goal_case_status"),
                   models.Index(fields=["organization", "achieved_at"], name="plan_goal_achieved")]

    def __str__(self) -> str:
        return f"goal {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == GoalStatus.OPEN


class ProgressKind(models.TextChoices):
    MEASURE = "measure", _("A measured value")
    MILESTONE = "milestone", _("A milestone")


class ProgressUpdate(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="updates")
    kind = models.CharField(max_length=16, choices=ProgressKind.choices)
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    milestone = EncryptedTextField()
    note = EncryptedTextField()
    percent = models.PositiveSmallIntegerField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["goal", "recorded_at"], name="plan_progress_goal")]

    def __str__(self) -> str:
        return f"progress {self.pk}"


class TaskKind(models.TextChoices):
    INTERVENTION = "intervention", _("Intervention")
    TASK = "task", _("Task")


class PlanTask(models.Model):
    """An intervention or a task on the plan, given to a member of the case's team, due on a day: it is on
    their work queue until it is marked done."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(CasePlan, on_delete=models.PROTECT, related_name="tasks")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="tasks", null=True, blank=True)
    kind = models.CharField(max_length=16, choices=TaskKind.choices, default=TaskKind.TASK)
    description = EncryptedTextField()
    targets = models.JSONField(default=list, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                null=True, blank=True)
    caution = models.JSONField(default=list, blank=True)
    caution_accepted_at = models.DateTimeField(null=True, blank=True)
    caution_accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                            null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["assignee", "done_at", "due_on"], name="plan_task_queue"),
                   models.Index(fields=["case", "done_at"], name="plan_task_case")]

    def __str__(self) -> str:
        return f"task {self.pk}"
