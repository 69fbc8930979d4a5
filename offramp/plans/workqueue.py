"""The plans' share of each user's work queue: the interventions and tasks given to them, on the cases they
may still open, due by the end of their day. Grouped under the case's reference with its client and case
manager, like the cases' own items; the excerpt is the start of what to do."""

from zoneinfo import ZoneInfo

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from offramp.cases.models import CaseParticipant, CaseTeamMember, ParticipantRole, TeamRole
from offramp.cases.permissions import MANAGING_TEAM_ROLES
from offramp.core.access import Actor
from offramp.core.workqueue import QueueCounts, QueueItem, excerpt

from .models import TaskKind
from .permissions import READ
from .selectors import task_due_at, tasks_visible_to, today

KIND = "plan_task"


def _mine(actor: Actor):
    return tasks_visible_to(actor).filter(assignee=actor.user, done_at__isnull=True)


def _context(actor: Actor, case) -> dict:
    """The case's clients and case managers (prefetched), for its heading on the queue."""
    owners = [m for m in case.managers if m.role == TeamRole.CASE_MANAGER] or case.managers
    return {"person_name": ", ".join(p.person.display_name for p in case.clients),
            "owner": ", ".join(str(_("you")) if m.user_id == actor.user.pk else m.user.display_name for m in owners)}


def queue_items(actor: Actor, limit: int) -> list[QueueItem]:
    """Three queries whatever their number: the tasks with their cases (only cases the actor may open), the
    cases' clients and their case managers."""
    if not actor.can(READ):
        return []
    tasks = list(_mine(actor).select_related("case").order_by("due_on", "created_at").prefetch_related(
        Prefetch("case__participants", to_attr="clients", queryset=CaseParticipant.objects.filter(
            role=ParticipantRole.CLIENT).select_related("person").order_by("added_at")),
        Prefetch("case__team", to_attr="managers", queryset=CaseTeamMember.objects.filter(
            role__in=MANAGING_TEAM_ROLES, removed_at__isnull=True).select_related("user").order_by("added_at")),
    )[:limit])
    tz = ZoneInfo(actor.organization.time_zone)
    return [
        QueueItem(kind=KIND,
                  label=_("Carry out the planned intervention") if task.kind == TaskKind.INTERVENTION
                  else _("Do the task on the plan"),
                  reference=task.case.reference, due_at=task_due_at(task, tz), due_on=task.due_on,
                  url=reverse("plans:plan", args=[task.case_id]) + f"#task-{task.pk}",
                  case_id=str(task.case_id), case_url=reverse("case_detail", args=[task.case_id]),
                  excerpt=excerpt(task.description), **_context(actor, task.case))
        for task in tasks
    ]


def queue_counts(actor: Actor) -> QueueCounts:
    if not actor.can(READ):
        return QueueCounts()
    on = today(actor)
    counts = _mine(actor).aggregate(due=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=on)),
                                    due_today=Count("pk", filter=Q(due_on=on)))
    return QueueCounts(due=counts["due"], overdue=counts["overdue"], due_today=counts["due_today"])


