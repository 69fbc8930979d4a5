"""The helpline's tables on the figures page (core.figures): the dashboard's counts by week, channel,
relationship and movement, with the same cells hidden as on the dashboard (they are suppressed together
with its total there and here alike, so the two pages cannot be read against each other)."""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from offramp.core.access import Actor
from offramp.core.disclosure import Table
from offramp.core.figures import FiguresTable, Period

from .figures import helpline_figures
from .permissions import READ_FIGURES


def _figures(actor: Actor, period: Period) -> dict:
    """The dashboard's figures, computed once for all four tables of a request."""
    key = ("helpline", actor.user.pk, actor.organization.pk)
    if key not in period.shared:
        period.shared[key] = helpline_figures(actor, weeks=period.weeks)
    return period.shared[key]


def _part(name: str) -> Callable[[Actor, Period], Table]:
    def build(actor: Actor, period: Period) -> Table:
        return _figures(actor, period)[name]

    return build


TABLES = [
    FiguresTable("helpline.contacts_by_week", _("Helpline contacts by week"), READ_FIGURES, _part("by_week"),
                 order=100, label_heading=_("Week beginning"), count_heading=_("Contacts"), chart=True, dates=True),
    FiguresTable("helpline.contacts_by_channel", _("Helpline contacts by channel"), READ_FIGURES,
                 _part("by_channel"), order=110, label_heading=_("Channel"), count_heading=_("Contacts"), chart=True),
    FiguresTable("helpline.contacts_by_relationship", _("Helpline callers' relationship to the person of concern"),
                 READ_FIGURES, _part("by_relationship"), order=120, label_heading=_("Relationship"),
                 count_heading=_("Contacts"), chart=True),
    FiguresTable("helpline.movements_of_concern", _("Movements or ideologies of concern in helpline contacts"),
                 READ_FIGURES, _part("by_ideology"), order=130, label_heading=_("Movement or ideology"),
                 count_heading=_("Contacts"), chart=True,
                 description=_("A contact may name several, or none: these rows add up to no total.")),
]
