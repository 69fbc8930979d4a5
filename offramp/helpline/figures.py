"""The program lead's helpline figures: counts only, no identities, small cells suppressed. A read
(a selector module beside `selectors.py`): it writes nothing, and its callers audit the view."""

from collections import Counter
from datetime import datetime, time, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from django.core.exceptions import BadRequest
from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.core.access import Actor, require
from offramp.core.calendar import org_today
from offramp.core.disclosure import Cell, suppress, suppress_together
from offramp.core.paging import whole_number_param
from offramp.instruments.selectors import anonymous_texts, domain_counts

from . import questionnaires
from .models import (
    SAFETY_FLAGS,
    CallerRelationship,
    ContactChannel,
    HelplineContact,
    HelpRequest,
)
from .permissions import READ_FIGURES, SUPERVISE

PERIODS = (4, 12, 26, 52)


def weeks_param(value) -> int:
    """The period asked for (?weeks=), one of PERIODS on the page and in the API alike: any other
    length would let two requests a week apart be subtracted to undo the small-cell suppression."""
    weeks = whole_number_param(value, default=12, minimum=1, maximum=max(PERIODS))
    if weeks not in PERIODS:
        raise BadRequest(_("Choose a period of %(periods)s or %(last)s weeks.") % {
            "periods": ", ".join(str(period) for period in PERIODS[:-1]), "last": PERIODS[-1]})
    return weeks


def helpline_figures(actor: Actor, *, weeks: int = 12) -> dict:
    require(actor, READ_FIGURES)
    threshold = actor.organization.small_cell_threshold
    zone = ZoneInfo(actor.organization.time_zone)  # weeks are the organisation's, on the page and in the API
    since = timezone.now() - timedelta(weeks=weeks)
    # Duplicates folded into another contact are not counted twice.
    contacts = HelplineContact.objects.for_actor(actor).filter(received_at__gte=since,
                                              merged_into__isnull=True)
    safety = Q()
    for flag in SAFETY_FLAGS:
        safety |= Q(**{flag: True})
    totals = contacts.aggregate(total=Count("pk"), safety=Count("pk", filter=safety),
                                unasked=Count("pk", filter=~Q(safety_unasked=[])))
    by_week = contacts.annotate(week=TruncWeek("received_at", tzinfo=zone)).values("week").annotate(n=Count("pk")).order_by("week")
    by_channel = contacts.values("channel").annotate(n=Count("pk")).order_by("channel")
    by_relationship = contacts.values("caller_relationship").annotate(n=Count("pk")).order_by("caller_relationship")
    by_ideology = _by_ideology(contacts)
    waits = [
        (claimed - created).total_seconds() / 3600
        for created, claimed in HelpRequest.objects.filter(
            organization=actor.organization, created_at__gte=since, claimed_at__isnull=False
        ).values_list("created_at", "claimed_at")
        if claimed is not None  # always, by the filter
    ]
    # The survey's answers are anonymous responses kept with the start of their day: the period's first day
    # onwards, counted from their scores (questionnaires.SURVEY_POSITIVE), never from the answers.
    first_day = datetime.combine(org_today(actor.organization) - timedelta(weeks=weeks), time.min, tzinfo=zone)
    survey = domain_counts(actor, questionnaires.SURVEY, since=first_day, at_least=questionnaires.SURVEY_POSITIVE)
    # The weeks, the channels, the relationships and the safety concern (with or without) each add up to
    # the page's total: suppressed together, so that no table gives a small count away from the total.
    shared = suppress_together({
        "by_week": [(timezone.localtime(r["week"], zone).date().isoformat(), r["n"]) for r in by_week],
        "by_channel": [(r["channel"], r["n"]) for r in by_channel],
        "by_relationship": [(r["caller_relationship"], r["n"]) for r in by_relationship],
        "safety": [("with", totals["safety"]), ("without", totals["total"] - totals["safety"])],
    }, threshold=threshold, total=totals["total"])
    total, with_safety = shared["safety"].total, shared["safety"].rows[0].cell
    if total is None:  # suppress_together gives every table the shared total
        raise ValueError("suppress_together returned a table without its total")
    share = None if total.suppressed or with_safety.suppressed or not totals["total"] else round(
        100 * totals["safety"] / totals["total"])
    return {
        "weeks": weeks,
        "threshold": threshold,
        "total": total,
        "with_safety": with_safety,
        "safety_share": share,
        # Contacts where a safety question was not asked (H4), counted apart from "no".
        "safety_not_asked": Cell(totals["unasked"], threshold),
        "by_week": shared["by_week"],
        "by_channel": shared["by_channel"].relabel(dict(ContactChannel.choices)).ranked(),
        "by_relationship": shared["by_relationship"].relabel(dict(CallerRelationship.choices)).ranked(),
        # A contact may name several movements, or none: these rows add up to no published total.
        "by_ideology": suppress(by_ideology, threshold=threshold).ranked(),
        "web_requests_answered": Cell(len(waits), threshold),
        "median_hours_to_first_response": round(median(waits), 1) if len(waits) >= threshold else None,
        "surveys": Cell(survey["n"], threshold),
        # Shares only once enough people answered that no one's answer can be worked out.
        "survey_shares": {key: round(100 * survey[key] / survey["n"]) for key in ("helpful", "heard", "recommend")}
        if survey["n"] >= threshold else None,
    }


def survey_comments(actor: Actor, *, weeks: int = 12) -> dict:
    """The survey's free-text comments for the period, for supervisors: shown only once the period has
    at least the organisation's small-cell threshold of answers, sorted by their text, never with a
    contact, a caller, a responder or a time (the answers keep none; the period is all that is said).
    Below the threshold, how many more answers are needed."""
    require(actor, SUPERVISE)
    threshold = actor.organization.small_cell_threshold
    zone = ZoneInfo(actor.organization.time_zone)
    first_day = datetime.combine(org_today(actor.organization) - timedelta(weeks=weeks), time.min, tzinfo=zone)
    n, texts = anonymous_texts(actor, questionnaires.SURVEY, item=questionnaires.SURVEY_COMMENT, since=first_day)
    shown = n >= threshold
    # The same words written several times are listed once, with how many times (the order stays by text).
    comments = [{"text": text, "times": times} for text, times in Counter(texts).items()] if shown else []
    return {"weeks": weeks, "threshold": threshold, "shown": shown, "comments": comments,
            "answers_needed": 0 if shown else threshold - n}


def _by_ideology(contacts) -> list[tuple[str, int]]:
    through = HelplineContact.ideologies.through
    rows = (through.objects.filter(helplinecontact__in=contacts).values("taxonomyterm__label")
            .annotate(n=Count("pk")).order_by("-n"))
    counted = [(r["taxonomyterm__label"], r["n"]) for r in rows]
    unclear = contacts.filter(ideology_unclear=True).count()
    return counted + ([(_("Unclear"), unclear)] if unclear else [])
