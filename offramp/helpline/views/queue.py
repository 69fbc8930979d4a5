"""The helpline page (what is waiting: unassigned contacts, web requests, follow-ups, safety
concerns awaiting a consultation, family cases) and who takes a contact forward: claim, release,
a supervisor's assignment."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offramp.cases.models import CaseKind
from offramp.cases.selectors import case_list
from offramp.core.audit import Action, audit_read
from offramp.core.decorators import staff
from offramp.core.paging import window
from offramp.core.selectors import colleagues

from .. import selectors
from ..filters import ContactFilterForm
from ..permissions import ANSWER, SUPERVISE
from ..services.queue import contact_assign, contact_claim, contact_release
from ._common import assign_form, contact_action, one_click

QUEUE_SHOWN = 20  # per list on the helpline page, oldest or most urgent first
EXCERPT_LENGTH = 90  # characters of what was said, in the list of contacts


def main_concern(contact) -> dict:
    """What a contact was mainly about, for its row: its first movement (or "unclear"), its first sign
    and the start of what was said. Read from the prefetched terms, so no query per row; the summary is
    decrypted only here, for a helpline member (the list's reader)."""
    ideologies, signs = list(contact.ideologies.all()), list(contact.signs.all())
    summary = " ".join((contact.summary or "").split())
    return {
        "ideology": ideologies[0].label if ideologies else "",
        "more_ideologies": len(ideologies) - 1 if ideologies else 0,
        "unclear": contact.ideology_unclear,
        "sign": signs[0].label if signs else "",
        "excerpt": summary if len(summary) <= EXCERPT_LENGTH else summary[:EXCERPT_LENGTH].rsplit(" ", 1)[0] + "…",
    }


@staff(ANSWER)
def helpline_queue_view(request):
    return queue_page(request)


def queue_page(request, *, assign_error: dict | None = None, status: int = 200):
    """The helpline page; drawn again by a refused assignment of a web request, with its message."""
    actor = request.actor
    now = timezone.now()
    search = ContactFilterForm(request.GET or None, actor=actor)
    search.is_valid()  # an invalid field is left out of the filters and shows its message
    recent = window(selectors.contacts_filtered(actor, **search.filters()), request.GET.get("page"))
    for contact in recent:
        contact.concern = main_concern(contact)  # type: ignore[attr-defined]  # read by the template only
    audit_read(actor, action=Action.LIST, object_type="helpline_contact", count=len(recent))
    web_requests = list(selectors.help_requests_waiting(actor)[:50])
    flagged = selectors.flags_on_requests(actor, web_requests)
    for web_request in web_requests:
        web_request.flag = flagged.get(web_request.pk)  # type: ignore[attr-defined]  # read by the template only
    family_cases = list(case_list(actor, kind=CaseKind.FAMILY_SUPPORT, mine=True)
                        .exclude(status__in=["resolved", "closed"])[:20])
    audit_read(actor, action=Action.LIST, object_type="help_request", count=len(web_requests))
    end_of_today = timezone.localtime().replace(hour=23, minute=59, second=59)
    follow_ups = selectors.open_follow_ups(actor).select_related("contact").order_by("due_at")
    return render(request, "helpline/queue.html", {
        "recent": recent,
        "search": search,
        "follow_ups_due": list(follow_ups.filter(due_at__lte=end_of_today)[:QUEUE_SHOWN]),
        "follow_ups_later": list(follow_ups.filter(due_at__gt=end_of_today)[:QUEUE_SHOWN]),
        "awaiting": selectors.awaiting_consultation(actor).order_by("emergency_alerted_at")[:50],
        "web_requests": web_requests,
        "unassigned": list(selectors.unassigned_contacts(actor)[:QUEUE_SHOWN]),
        "family_cases": family_cases,
        "unread_feedback": selectors.unread_feedback_count(actor),
        "is_supervisor": actor.can(SUPERVISE),
        "assign_error": assign_error or {},
        # Who a supervisor may give a new web request to, read once for the page's pickers.
        "assignees": list(colleagues(actor, ANSWER.roles)) if actor.can(SUPERVISE) and any(
            r.status == r.Status.NEW for r in web_requests) else [],
        "on_call": selectors.on_call_now(actor.organization),
        "shown": QUEUE_SHOWN,
        "now": now,
        "drawn_at": f"{now.timestamp():.6f}",  # where the poll for new web requests starts counting
    }, status=status)


@staff(ANSWER)
@require_POST
def contact_claim_view(request, contact_id):
    contact = one_click(request, contact_claim, contact_id=contact_id)
    if contact is None:
        return redirect("helpline_queue")
    messages.success(request, _("%(ref)s is yours to take forward.") % {"ref": contact.reference})
    return redirect("contact_detail", contact.pk)


@staff(ANSWER)
@require_POST
def contact_release_view(request, contact_id):
    contact = one_click(request, contact_release, contact_id=contact_id)
    if contact is None:
        return redirect("contact_detail", contact_id)
    messages.success(request, _("%(ref)s is back in the team's unassigned list.") % {"ref": contact.reference})
    return redirect("contact_detail", contact.pk)


@staff(SUPERVISE)
@require_POST
def contact_assign_view(request, contact_id):
    return contact_action(request, contact_id, partial(assign_form, request.actor), contact_assign,
                          "assign_form", _("Contact assigned; they have been told."))
