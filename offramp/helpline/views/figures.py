"""The program lead's dashboard: the helpline's figures as charts with their tables."""

from functools import partial

from django.shortcuts import render
from django.utils.translation import gettext as _

from offramp.core.audit import Action, audit_read
from offramp.core.charts import bar_chart
from offramp.core.decorators import staff
from offramp.core.figures import dated

from ..figures import PERIODS, helpline_figures, survey_comments, weeks_param
from ..permissions import READ_FIGURES, SUPERVISE


@staff(READ_FIGURES)
def helpline_dashboard_view(request):
    figures = helpline_figures(request.actor, weeks=weeks_param(request.GET.get("weeks")))
    audit_read(request.actor, action=Action.VIEW, object_type="helpline_dashboard", count=figures["total"].value)
    chart = partial(bar_chart, label_heading=_("Group"), count_heading=_("Contacts"), empty=_("No contacts in this period."))
    charts = [
        chart(dated(figures["by_week"]), id="chart-week", title=_("Contacts by week"),
              label_heading=_("Week beginning")),
        chart(figures["by_channel"], id="chart-channel", title=_("By channel")),
        chart(figures["by_relationship"], id="chart-relationship",
              title=_("Caller's relationship to the person of concern")),
        chart(figures["by_ideology"], id="chart-ideology", title=_("Movements or ideologies of concern")),
    ]
    # The survey's comments are for supervisors only (the rest of the page is for evaluators and auditors too).
    comments = survey_comments(request.actor, weeks=figures["weeks"]) if request.actor.can(SUPERVISE) else None
    return render(request, "helpline/dashboard.html", {"figures": figures, "charts": charts, "periods": PERIODS,
                                                       "survey_comments": comments})
