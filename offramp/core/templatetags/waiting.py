"""`{{ contact.received_at|waiting:now }}`: how long something has waited, as staff say it ("waiting
2 h 10 min", "waiting 3 days"), for queues ordered oldest first. `now` is the page's one moment, so
every row of a page is measured from the same instant."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


def waiting_text(since: datetime, now: datetime | None = None) -> str:
    minutes = max(0, int(((now or timezone.now()) - since).total_seconds() // 60))
    if minutes < 1:
        return _("waiting under a minute")
    if minutes < 60:
        return _("waiting %(minutes)s min") % {"minutes": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return (_("waiting %(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes} if minutes
                else _("waiting %(hours)s h") % {"hours": hours})
    days, hours = divmod(hours, 24)
    return ngettext("waiting %(days)s day", "waiting %(days)s days", days) % {"days": days}


@register.filter
def waiting(since: datetime | None, now: datetime | None = None) -> str:
    return waiting_text(since, now) if since else ""


def due_text(due: datetime, now: datetime | None = None) -> str:
    """How late something is ("3 days late", "5 h late"), or when it is due ("due today", "due in 2 days")."""
    now = now or timezone.now()
    if due < now:
        hours = int((now - due).total_seconds() // 3600)
        if hours < 24:
            return _("%(hours)s h late") % {"hours": hours} if hours else _("just late")
        return ngettext("%(count)s day late", "%(count)s days late", hours // 24) % {"count": hours // 24}
    days = (timezone.localdate(due) - timezone.localdate(now)).days
    if days == 0:
        return _("due today")
    if days == 1:
        return _("due tomorrow")
    return ngettext("due in %(count)s day", "due in %(count)s days", days) % {"count": days}


@register.filter
def due(when: datetime | None, now: datetime | None = None) -> str:
    return due_text(when, now) if when else ""
