"""The groups' pages: the sessions, and one session with its report."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from offramp.core.audit import Action, audit_read
from offramp.core.decorators import staff

from . import selectors, services
from .forms import ReportForm
from .permissions import RUN_SESSIONS

SHOWN = 50


@staff(RUN_SESSIONS)
def session_list_view(request):
    sessions = list(selectors.sessions_visible_to(request.actor)[:SHOWN])
    audit_read(request.actor, action=Action.LIST, object_type="group_session", count=len(sessions))
    return render(request, "peer_groups/session_list.html", {"sessions": sessions})


@staff(RUN_SESSIONS)
def session_detail_view(request, session_id):
    session = selectors.session_get(request.actor, session_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_report_write(actor=request.actor, session_id=session.pk,
                                          report=form.cleaned_data["report"])
        except ValidationError as error:
            form.add_error("report", error.message_dict.get("report", error.messages))
        else:
            return redirect("peer_groups:session_detail", session_id=session.pk)
    return render(request, "peer_groups/session_detail.html", {"session": session, "form": form})
