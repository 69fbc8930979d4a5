"""The aftercare's share of the work queue: a resolved case's next check-in, on its case managers' queue
from a week before it is due. Read in two queries whatever the number of cases (the counts in one)."""

from datetime import datetime, time, timedelta

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.cases.models import CaseParticipant, CaseStatus, CaseTransition, ParticipantRole
from offramp.cases.selectors import cases_visible_to, team_case_ids
from offramp.core.access import Actor
from offramp.core.workqueue import QueueCounts, QueueItem, end_of_today

from .models import AftercareCheckIn
from .permissions import AFTERCARE_TEAM_ROLES, READ
from .selectors import AFTERCARE_MONTHS, DAYS_PER_MONTH, QUEUE_NOTICE, due_on

# Aftercare ends with its last check-in; a case resolved longer ago than this is no longer followed.
FOLLOWED_FOR = timedelta(days=round(max(AFTERCARE_MONTHS) * DAYS_PER_MONTH) + 90)


def _due(actor: Actor, *, names: bool = False) -> list[tuple]:
    """(case, month, due datetime) of each followed case's next check-in falling due within the notice: one
    query (check-ins are held in order, so their number says which is next), and one for the clients' names."""
    if not actor.can(READ):
        return []
    now = timezone.now()
    latest = CaseTransition.objects.filter(case=OuterRef("pk"), to_status=CaseStatus.RESOLVED).order_by("-at")
    held = (AftercareCheckIn.objects.filter(case=OuterRef("pk"), resolution__at__gte=OuterRef("resolved_at"))
            .order_by().values("case").annotate(n=Count("pk")).values("n"))
    cases = (cases_visible_to(actor).filter(status=CaseStatus.RESOLVED,
                                            pk__in=team_case_ids(actor, roles=AFTERCARE_TEAM_ROLES))
             .annotate(resolved_at=Subquery(latest.values("at")[:1]))
             .filter(resolved_at__gte=now - FOLLOWED_FOR)
             .annotate(held=Coalesce(Subquery(held), 0)).filter(held__lt=len(AFTERCARE_MONTHS)))
    if names:
        cases = cases.prefetch_related(Prefetch("participants", to_attr="clients", queryset=CaseParticipant.objects.filter(
            role__in=(ParticipantRole.CLIENT, ParticipantRole.PERSON_OF_CONCERN)).select_related("person")))
    horizon = timezone.localdate() + QUEUE_NOTICE
    due = []
    for case in cases:
        month = AFTERCARE_MONTHS[case.held]
        day = due_on(case.resolved_at, month)
        if day <= horizon:
            due.append((case, month, timezone.make_aware(datetime.combine(day, time(9)))))
    return sorted(due, key=lambda row: row[2])


def queue_items(actor: Actor, limit: int) -> list[QueueItem]:
    return [
        QueueItem(
            kind="aftercare",
            label=_("Aftercare check-in (%(n)d months after resolution)") % {"n": month} if month > 1
            else _("Aftercare check-in (one month after resolution)"),
            reference=case.reference, due_at=due_at,
            url=reverse("protocol:check_in", args=[case.pk]),
            case_id=str(case.pk), case_url=reverse("case_detail", args=[case.pk]),
            person_name=", ".join(p.person.display_name for p in case.clients),
        )
        for case, month, due_at in _due(actor, names=True)[:limit]
    ]


def queue_counts(actor: Actor) -> QueueCounts:
    due = _due(actor)
    now, day_ends = timezone.now(), end_of_today(actor)
    return QueueCounts(due=len(due), overdue=sum(1 for _c, _m, at in due if at < now),
                       due_today=sum(1 for _c, _m, at in due if now <= at < day_ends))
