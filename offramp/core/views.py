import csv
import itertools

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.db import transaction
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offramp.core.access import READ_AUDIT
from offramp.core.audit import Action, audit, audit_record
from offramp.core.decorators import public, staff
from offramp.core.figures import PERIODS, READ_FIGURES, figures_for, period_param
from offramp.core.forms import ApiTokenForm, AuditFilterForm
from offramp.core.middleware import SESSION_ORG_KEY
from offramp.core.paging import window
from offramp.core.selectors import api_tokens_for, audit_events, notifications_for
from offramp.core.services import api_token_create, api_token_revoke, notifications_mark_read
from offramp.core.spreadsheets import safe_cell
from offramp.core.workqueue import home_panels, work_queue


def bad_request_view(request, exception=None):
    """Django's 400 handler. Only our own BadRequest messages are shown: they are written for the user
    and name no data; other refusals (oversized bodies, bad hosts) get the general wording."""
    message = str(exception) if type(exception) is BadRequest else ""
    return render(request, "400.html", {"message": message}, status=400)


@public
def not_offered(request, **kwargs):
    """Account pages of the sign-in library that staff must not have: their e-mail address is their
    identity in the organisation, set by its admins (a self-set address could be another's)."""
    raise Http404


@public
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@staff()
def work_queue_view(request):
    actor = request.actor
    context = {
        "items": work_queue(actor),
        "notifications": notifications_for(actor).filter(read_at__isnull=True)[:10],
        "panels": home_panels(actor),
    }
    return render(request, "core/work_queue.html", context)


@staff()
@require_POST
def organization_switch(request):
    wanted = request.POST.get("organization", "")
    if any(str(org.pk) == wanted for org in request.actor.organizations):
        request.session[SESSION_ORG_KEY] = wanted
    return redirect("work_queue")


@staff()
def notifications_view(request):
    if request.method == "POST":
        notifications_mark_read(actor=request.actor)
        return redirect("notifications")
    page = window(notifications_for(request.actor), request.GET.get("page"), size=50)
    return render(request, "core/notifications.html", {"page": page})


@staff()
def settings_view(request):
    form = ApiTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        _token, new_secret = api_token_create(actor=request.actor, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    return render(request, "core/settings.html", {
        "form": form, "tokens": api_tokens_for(request.actor), "new_secret": new_secret,
    })


@staff()
@require_POST
def api_token_revoke_view(request, token_id: int):
    api_token_revoke(actor=request.actor, token_id=token_id)
    messages.success(request, _("The token was revoked; anything using it stops working now."))
    return redirect("settings")


@staff(READ_AUDIT)
def audit_view(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_events(request.actor, **{k: v for k, v in filters.items() if v})
    page = window(events, request.GET.get("page"), size=50)
    return render(request, "core/audit.html", {"form": form, "page": page})


class _Echo:
    def write(self, value):
        return value


@staff(READ_AUDIT)
def audit_export(request):
    form = AuditFilterForm(request.GET or None)
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    events = audit_events(request.actor, **filters)
    with transaction.atomic():
        audit_record(actor=request.user, organization=request.actor.organization, action=Action.EXPORT,
                     object_type="audit_event", detail={"filters": filters})
    writer = csv.writer(_Echo())
    header = ["id", "at", "actor", "action", "object_type", "object_id", "reason", "detail", "hash"]
    rows = (
        [e.pk, e.at.isoformat(), e.actor.email if e.actor else "", e.action, e.object_type,
         e.object_id, e.reason, e.detail, e.hash]
        for e in events.iterator(chunk_size=2000)
    )
    lines = (writer.writerow([safe_cell(v) for v in row]) for row in itertools.chain([header], rows))
    response = StreamingHttpResponse(lines, content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="offramp-audit.csv"'
    return response


@staff(READ_FIGURES)
def figures_view(request):
    """Every figures table the actor may read, for one of the periods: counts only, small cells hidden."""
    period = period_param(request.GET.get("weeks"))
    figures = figures_for(request.actor, period)
    audit(request.actor, Action.VIEW, object_type="figures",
          detail={"weeks": period.weeks, "tables": [drawn.key for drawn in figures]})
    return render(request, "core/figures.html", {
        "figures": figures, "weeks": period.weeks, "periods": PERIODS,
        "threshold": request.actor.organization.small_cell_threshold,
        "complementary": any(drawn.rows.complementary for drawn in figures),
    })
