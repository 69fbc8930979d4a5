import csv
import itertools

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offramp.core import record_labels
from offramp.core.access import READ_AUDIT
from offramp.core.audit import Action, audit, audit_record
from offramp.core.decorators import public, staff
from offramp.core.figures import (
    PERIODS,
    READ_FIGURES,
    build,
    csv_rows,
    figures_for,
    period_param,
    table_get,
)
from offramp.core.forms import ApiTokenForm, AuditFilterForm
from offramp.core.middleware import SESSION_ORG_KEY
from offramp.core.paging import window
from offramp.core.selectors import api_tokens_for, audit_events, notifications_for
from offramp.core.services import (
    api_token_create,
    api_token_revoke,
    notification_open,
    notifications_mark_read,
)
from offramp.core.spreadsheets import safe_cell
from offramp.core.workqueue import home_panels, lands_on_figures, work_queue_groups


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
    """The home page: what is due, grouped by case. Evaluators and auditors have no work here and start
    on the figures instead (after signing in too, which comes here)."""
    actor = request.actor
    if lands_on_figures(actor):
        return redirect("figures")
    context = {
        "groups": work_queue_groups(actor),
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
@require_POST
def notification_open_view(request, notification_id):
    """Follow a notification's link; a routine one is read once opened (POST: it changes state)."""
    note = notification_open(actor=request.actor, notification_id=notification_id)
    return redirect(note.url if url_has_allowed_host_and_scheme(note.url, allowed_hosts=None) and note.url
                    else "notifications")


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


def _audit_query(request) -> tuple[AuditFilterForm, QuerySet]:
    """The filters asked for and the events they select; a form with a mistake selects none (and says why)."""
    form = AuditFilterForm(request.GET or None, actor=request.actor)
    if form.is_bound and not form.is_valid():
        return form, audit_events(request.actor).none()
    return form, audit_events(request.actor, **(form.filters() if form.is_bound else {}))


def _with_records(actor, events) -> list:
    """Each event with its record named as the apps register (core.record_labels): one lookup per type
    of record on the page, never one per row."""
    events = list(events)
    labels = record_labels.labels_for(actor, ((e.object_type, e.object_id) for e in events))
    for event in events:
        kind = record_labels.kind(event.object_type)
        event.record_title = kind.title if kind else event.object_type.replace("_", " ")
        event.record_label = labels.get((event.object_type, event.object_id), "")
    return events


@staff(READ_AUDIT)
def audit_view(request):
    form, events = _audit_query(request)
    page = window(events, request.GET.get("page"), size=50)
    page.object_list = _with_records(request.actor, page.object_list)
    actions = dict(form.fields["action"].choices)  # type: ignore[attr-defined]
    for event in page.object_list:
        event.action_label = actions.get(event.action, event.action)
    return render(request, "core/audit.html", {"form": form, "page": page})


class _Echo:
    def write(self, value):
        return value


@staff(READ_AUDIT)
def audit_export(request):
    form, events = _audit_query(request)
    with transaction.atomic():
        audit_record(actor=request.user, organization=request.actor.organization, action=Action.EXPORT,
                     object_type="audit_event", detail={"filters": form.described() if form.is_bound and
                                                        form.is_valid() else {}})
    writer = csv.writer(_Echo())
    header = ["id", "at", "actor", "action", "object_type", "object_id", "record", "reason", "detail", "hash"]

    def rows():
        chunk: list = []
        for event in itertools.chain(events.iterator(chunk_size=2000), [None]):
            if event is not None:
                chunk.append(event)
            if chunk and (event is None or len(chunk) == 2000):
                for e in _with_records(request.actor, chunk):
                    yield [e.pk, e.at.isoformat(), e.actor.email if e.actor else "", e.action, e.object_type,
                           e.object_id, e.record_label, e.reason, e.detail, e.hash]
                chunk = []

    lines = (writer.writerow([safe_cell(v) for v in row]) for row in itertools.chain([header], rows()))
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
        "figures": figures, "weeks": period.weeks, "periods": PERIODS, "period": period,
        "threshold": request.actor.organization.small_cell_threshold,
        "complementary": any(drawn.rows.complementary for drawn in figures),
    })


@staff(READ_FIGURES)
def figures_export(request, key):
    """One figures table as CSV, for the same period, with exactly the cells of the page's table (hidden
    cells as "<N" or "≥N"), audited like the page; a table the actor may not read is refused as on the
    API (404 unknown, 403 not theirs). The BOM lets spreadsheet programs read "≥" as UTF-8."""
    table = table_get(request.actor, key)
    period = period_param(request.GET.get("weeks"))
    drawn = build(request.actor, table, period)
    audit(request.actor, Action.EXPORT, object_type="figures", object_id=table.key, detail={"weeks": period.weeks})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in csv_rows(drawn):
        writer.writerow([safe_cell(cell) for cell in row])
    day = timezone.localdate(period.until).isoformat()
    name = f"figures-{table.key.replace('.', '-').replace('_', '-')}-{period.weeks}-weeks-{day}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
