"""Background work. Tasks take ids; with no broker configured they run eagerly."""

import logging

from celery import shared_task
from django.utils.translation import gettext as _

from offramp.core.models import Notification

logger = logging.getLogger(__name__)


@shared_task
def send_notification_email(notification_id: int) -> None:
    from offramp.core.mail import send_plain_mail

    note = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if note is None or not note.user.email:
        return
    try:
        send_plain_mail(to=note.user.email, subject=_("Offramp: %(message)s") % {"message": note.message[:80]},
                        body=note.message)
    except OSError as error:  # smtplib's errors are OSErrors, and name the address refused: never log them
        # The notification is in the app either way; an eager run must not turn the request into an error.
        logger.warning("Notification %s: the e-mail could not be sent (%s).", notification_id, type(error).__name__)


@shared_task
def refresh_planner_statistics() -> None:
    """Nightly: keep the query planner's statistics fresh (SQLite has no autovacuum to do it)."""
    from offramp.core.db import refresh_planner_statistics as refresh

    refresh()


@shared_task
def send_due_reminders() -> int:
    """Periodic: remind each user of overdue work. Due states are computed when read."""
    from offramp.core.workqueue import send_overdue_reminders

    return send_overdue_reminders()
