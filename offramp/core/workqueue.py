"""Each user's home page: what is due, overdue or waiting for them, most urgent first.

Apps register providers (cases today; helpline follow-ups later) in their AppConfig.ready.
Due states are computed when read, so they are right even when no worker runs.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from offramp.core.access import Actor


@dataclass(frozen=True)
class QueueItem:
    kind: str
    label: str  # never a person's name: a case reference and what is due
    reference: str
    due_at: datetime
    url: str

    @property
    def overdue(self) -> bool:
        return self.due_at < timezone.now()

    @property
    def due_soon(self) -> bool:
        return not self.overdue and self.due_at < timezone.now() + timedelta(hours=8)


@dataclass
class QueueCounts:
    due: int = 0
    overdue: int = 0

    def __add__(self, other: "QueueCounts") -> "QueueCounts":
        return QueueCounts(self.due + other.due, self.overdue + other.overdue)


@dataclass(frozen=True)
class Provider:
    items: Callable[[Actor, int], list[QueueItem]]
    counts: Callable[[Actor], QueueCounts]


_providers: list[Provider] = []


def register(provider: Provider) -> None:
    _providers.append(provider)


@dataclass(frozen=True)
class Panel:
    """A section an app adds below the queue on the home page: `context(actor)` gives what its
    template needs, or None when the panel has nothing for this actor."""

    template: str
    context: Callable[[Actor], dict | None]


_panels: list[Panel] = []


def register_panel(panel: Panel) -> None:
    _panels.append(panel)


def home_panels(actor: Actor) -> list[tuple[str, dict]]:
    return [(panel.template, context) for panel in _panels if (context := panel.context(actor)) is not None]


def work_queue(actor: Actor, limit: int = 50) -> list[QueueItem]:
    items = [item for provider in _providers for item in provider.items(actor, limit)]
    return sorted(items, key=lambda item: item.due_at)[:limit]


def work_counts(actor: Actor) -> QueueCounts:
    total = QueueCounts()
    for provider in _providers:
        total = total + provider.counts(actor)
    return total


def send_overdue_reminders() -> int:
    """Notify each member with overdue work, at most once a day."""
    from offramp.core.access import actor_for
    from offramp.core.models import Membership, Notification
    from offramp.core.services import notification_send

    sent = 0
    since = timezone.now() - timedelta(days=1)
    pairs = Membership.objects.filter(user__is_active=True).values_list("user_id", "organization_id").distinct()
    for user_id, org_id in pairs:
        if Notification.objects.filter(user_id=user_id, organization_id=org_id, url="/",
                                       created_at__gte=since).exists():
            continue
        from offramp.core.models import User

        actor = actor_for(User.objects.get(pk=user_id), org_id)
        if actor is None:  # the pairs come from memberships, so every one has an actor
            raise RuntimeError(f"no actor for a member of organisation {org_id}")
        counts = work_counts(actor)
        if counts.overdue:
            from django.utils.translation import gettext as _

            notification_send(user=actor.user, organization=actor.organization, url="/",
                              message=_("You have %(count)d overdue items in your work queue.") % {"count": counts.overdue})
            sent += 1
    return sent
