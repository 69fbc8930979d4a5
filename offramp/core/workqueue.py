"""Each user's home page: what is due, overdue or waiting for them, grouped by case, most urgent first.

Apps register providers (cases: notes to sign and replies due; the helpline: follow-ups) in their
AppConfig.ready. A provider reads its items in a fixed number of queries, whatever their number, and
fills the optional context (the client's name, an excerpt, the case's owner) only where the actor may
see it: core shows what it is given and decides nothing about access.
Due states are computed when read, so they are right even when no worker runs.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from offramp.core.access import ADMINISTER, CASEWORK, Actor, actor_for
from offramp.core.figures import READ_FIGURES
from offramp.core.models import Membership, Notification, User
from offramp.core.services import notification_send

EXCERPT_LENGTH = 80


@dataclass(frozen=True)
class QueueItem:
    kind: str
    label: str  # never a person's name: what is due ("Reply to the client's message")
    reference: str  # the case's or contact's reference, or what else names the item
    due_at: datetime
    url: str
    # Optional context (fields added later keep their defaults, so older providers keep working).
    # A provider fills person_name and excerpt only for an actor allowed to see them.
    case_id: str = ""  # items of one case are grouped under its heading
    case_url: str = ""
    person_name: str = ""  # the client's name
    owner: str = ""  # who carries the case (its case manager)
    excerpt: str = ""  # the start of the message to answer or the note to finish
    waiting_since: datetime | None = None  # when what is waiting arrived (a client's message)
    group: str = ""  # the heading of items tied to no case; the item's label when empty
    due_on: date | None = None  # due on a whole day (due_at is then the end of that day): shown as the day

    @property
    def overdue(self) -> bool:
        return self.due_at < timezone.now()

    @property
    def due_soon(self) -> bool:
        return not self.overdue and self.due_at < timezone.now() + timedelta(hours=8)


def excerpt(text: str | None, length: int = EXCERPT_LENGTH) -> str:
    """The first words of a text on one line, cut at a word with an ellipsis when longer."""
    flat = " ".join((text or "").split())
    if len(flat) <= length:
        return flat
    cut = flat[:length].rsplit(" ", 1)[0] if " " in flat[:length] else flat[:length]
    return cut.rstrip(" ,.;:") + "…"


def end_of_today(actor: Actor, now: datetime | None = None) -> datetime:
    """Midnight ending the organisation's day, for counting what is due today."""
    tz = ZoneInfo(actor.organization.time_zone)
    today = timezone.localtime(now or timezone.now(), tz).date()
    return datetime.combine(today + timedelta(days=1), time.min, tzinfo=tz)


@dataclass
class QueueCounts:
    due: int = 0  # everything open on the queue, overdue included
    overdue: int = 0
    due_today: int = 0  # not overdue yet, due before the organisation's day ends

    def __add__(self, other: "QueueCounts") -> "QueueCounts":
        return QueueCounts(self.due + other.due, self.overdue + other.overdue, self.due_today + other.due_today)

    @property
    def later(self) -> int:
        return max(0, self.due - self.overdue - self.due_today)

    @property
    def summary(self) -> str:
        """"10 overdue, 2 due today, 3 due later": each number says what it counts."""
        parts = []
        if self.overdue:
            parts.append(ngettext("%(count)s overdue", "%(count)s overdue", self.overdue) % {"count": self.overdue})
        if self.due_today:
            parts.append(ngettext("%(count)s due today", "%(count)s due today", self.due_today)
                         % {"count": self.due_today})
        if self.later:
            parts.append(ngettext("%(count)s due later", "%(count)s due later", self.later) % {"count": self.later})
        return ", ".join(parts) if parts else _("Nothing is due.")


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


def lands_on_figures(actor: Actor) -> bool:
    """Members whose roles bring no casework, helpline or administration (evaluators, auditors) start
    on the figures they came for, not on a work queue that is always empty."""
    return actor.can(READ_FIGURES) and not actor.can(CASEWORK) and not actor.can(ADMINISTER)


# What the page shows of each item and group.

def _amount(delta: timedelta, days: str, hours: str, minutes: str) -> str:
    """Days, else hours, else minutes (at least one) in `delta`, said with the plural forms given."""
    seconds = max(0, int(delta.total_seconds()))
    if seconds >= 86400:
        return days
    if seconds >= 3600:
        return hours
    return minutes


def lateness(due_at: datetime, now: datetime, today: date, tz: tzinfo) -> str:
    """'3 days late', '2 hours late', 'due today', 'due tomorrow', 'due in 4 days'."""
    if due_at < now:
        late = now - due_at
        n_days, n_hours, n_minutes = late.days, int(late.total_seconds() // 3600), max(1, int(late.total_seconds() // 60))
        return _amount(
            late,
            ngettext("%(count)s day late", "%(count)s days late", n_days) % {"count": n_days},
            ngettext("%(count)s hour late", "%(count)s hours late", n_hours) % {"count": n_hours},
            ngettext("%(count)s minute late", "%(count)s minutes late", n_minutes) % {"count": n_minutes},
        )
    days_ahead = (timezone.localtime(due_at, tz).date() - today).days
    if days_ahead <= 0:
        return _("due today")
    if days_ahead == 1:
        return _("due tomorrow")
    return ngettext("due in %(count)s day", "due in %(count)s days", days_ahead) % {"count": days_ahead}


def waited(since: datetime, now: datetime) -> str:
    """'waiting 2 hours', 'waiting 3 days', 'waiting 5 minutes'."""
    delta = now - since
    n_days, n_hours, n_minutes = delta.days, int(delta.total_seconds() // 3600), max(1, int(delta.total_seconds() // 60))
    return _amount(
        delta,
        ngettext("waiting %(count)s day", "waiting %(count)s days", n_days) % {"count": n_days},
        ngettext("waiting %(count)s hour", "waiting %(count)s hours", n_hours) % {"count": n_hours},
        ngettext("waiting %(count)s minute", "waiting %(count)s minutes", n_minutes) % {"count": n_minutes},
    )


@dataclass(frozen=True)
class Row:
    item: QueueItem
    state: str  # "overdue", "today" or "later": the badge, with words that say the same
    when: str  # "3 days late", "due today"
    waiting: str  # "waiting 2 hours", or ""


@dataclass
class Group:
    """A case's items under its heading, or items tied to no case under a heading of their own."""

    heading: str
    case_url: str = ""
    person_name: str = ""
    owner: str = ""
    rows: list[Row] = field(default_factory=list)

    @property
    def is_case(self) -> bool:
        return bool(self.case_url)


def work_queue_groups(actor: Actor, limit: int = 50) -> list[Group]:
    """The queue as the home page shows it: grouped by case, groups ordered by their most urgent item."""
    now = timezone.now()
    tz = ZoneInfo(actor.organization.time_zone)
    today = timezone.localtime(now, tz).date()
    groups: dict[tuple[str, str], Group] = {}
    for item in work_queue(actor, limit):  # most urgent first, so a group's first item is its most urgent
        key = ("case", item.case_id) if item.case_id else ("other", item.group or item.label)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(heading=item.reference if item.case_id else item.group or item.label,
                                        case_url=item.case_url if item.case_id else "")
        group.person_name = group.person_name or item.person_name
        group.owner = group.owner or item.owner
        if item.due_at < now:
            state = "overdue"
        elif timezone.localtime(item.due_at, tz).date() <= today:
            state = "today"
        else:
            state = "later"
        group.rows.append(Row(item=item, state=state, when=lateness(item.due_at, now, today, tz),
                              waiting=waited(item.waiting_since, now) if item.waiting_since else ""))
    return list(groups.values())


def send_overdue_reminders() -> int:
    """Notify each member with overdue work, at most once a day."""
    sent = 0
    since = timezone.now() - timedelta(days=1)
    pairs = Membership.objects.filter(user__is_active=True).values_list("user_id", "organization_id").distinct()
    for user_id, org_id in pairs:
        if Notification.objects.filter(user_id=user_id, organization_id=org_id, url="/",
                                       created_at__gte=since).exists():
            continue
        actor = actor_for(User.objects.get(pk=user_id), org_id)
        if actor is None:  # the pairs come from memberships, so every one has an actor
            raise RuntimeError(f"no actor for a member of organisation {org_id}")
        counts = work_counts(actor)
        if counts.overdue:
            notification_send(user=actor.user, organization=actor.organization, url="/",
                              message=ngettext("You have %(count)d overdue item in your work queue.",
                                               "You have %(count)d overdue items in your work queue.",
                                               counts.overdue) % {"count": counts.overdue})
            sent += 1
    return sent
