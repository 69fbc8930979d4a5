"""`{{ contact.received_at|waiting:now }}` and `{{ clock.due_at|due:now }}`: how long something has waited
("waiting 2 hours") and how late or when due it is ("3 days late", "due tomorrow"), in the same words
as the work queue (core.workqueue.waited and lateness, the one place they are said). `now` is the
page's one moment, so every row of a page is measured from the same instant."""

from datetime import datetime

from django import template
from django.utils import timezone

from offramp.core.workqueue import lateness, waited

register = template.Library()


@register.filter
def waiting(since: datetime | None, now: datetime | None = None) -> str:
    return waited(since, now or timezone.now()) if since else ""


@register.filter
def due(when: datetime | None, now: datetime | None = None) -> str:
    if not when:
        return ""
    now, zone = now or timezone.now(), timezone.get_current_timezone()
    return lateness(when, now, timezone.localtime(now, zone).date(), zone)
