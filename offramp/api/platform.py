"""The platform's own endpoints (core's, which imports no API code): who is asking, their work queue,
the audit trail and the figures the apps publish. Each domain app keeps its endpoints in its own api.py."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse

from offramp.api.fields import MomentField
from offramp.core.access import READ_AUDIT
from offramp.core.audit import Action, audit
from offramp.core.figures import PERIODS, READ_FIGURES, build, period_param, table_get, tables_for
from offramp.core.selectors import audit_events
from offramp.core.workqueue import work_queue

from .views import ActorView, ListView


class QueueItemOut(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field, popped by DRF's metaclass; Field.label is untouched
    reference = serializers.CharField()
    due_at = MomentField()
    overdue = serializers.BooleanField()
    url = serializers.CharField()
    # Context, empty where the provider has none or the caller may not see it (as on the page).
    case_id = serializers.CharField()
    person_name = serializers.CharField()
    excerpt = serializers.CharField()
    owner = serializers.CharField()


class AuditEventOut(serializers.Serializer):
    id = serializers.IntegerField()
    at = MomentField()
    actor = serializers.IntegerField(source="actor_id", allow_null=True)
    action = serializers.CharField()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    reason = serializers.CharField()
    detail = serializers.JSONField()
    hash = serializers.CharField()


class MeOut(serializers.Serializer):
    id = serializers.IntegerField(help_text="Your user id, as colleagues are named in assignments and teams.")
    email = serializers.EmailField()
    display_name = serializers.CharField()
    organization = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())


class MeView(ActorView):
    @extend_schema(responses=MeOut)
    def get(self, request):
        actor = self.actor
        return Response(MeOut({"id": actor.user.pk, "email": actor.user.email,
                                 "display_name": actor.user.display_name, "organization": actor.organization.name,
                                 "roles": sorted(actor.roles)}).data)


class WorkQueueView(ActorView):
    @extend_schema(responses=QueueItemOut(many=True))
    def get(self, request):
        return Response(QueueItemOut(work_queue(self.actor), many=True).data)


class AuditEventsView(ListView):
    permission = READ_AUDIT
    serializer_class = AuditEventOut

    @extend_schema(responses=AuditEventOut(many=True))
    def get(self, request):
        params = request.query_params
        events = audit_events(self.actor, action=params.get("action", ""), object_type=params.get("object_type", ""),
                              object_id=params.get("object_id", ""))
        return self.page(events, AuditEventOut, "audit_event")


class FiguresTableOut(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()


class FiguresIndexOut(serializers.Serializer):
    periods = serializers.ListField(child=serializers.IntegerField())
    tables = FiguresTableOut(many=True)


class FiguresRowOut(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field, popped by DRF's metaclass
    count = serializers.JSONField(help_text='A whole number, or "<N" (a small count) or "≥N" (hidden so that a '
                                            "small one cannot be worked out from the total).")


class FiguresOut(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    weeks = serializers.IntegerField()
    threshold = serializers.IntegerField()
    rows = FiguresRowOut(many=True)
    total = serializers.JSONField(allow_null=True)


def _figures_url(request, key: str) -> str:
    return reverse("api_figures_table", args=[key], request=request)


class FiguresView(ActorView):
    """The de-identified figures tables the apps publish, those the caller may read."""

    permission = READ_FIGURES

    @extend_schema(operation_id="figures_list", responses=FiguresIndexOut)
    def get(self, request):
        tables = [{"key": table.key, "title": str(table.title), "url": _figures_url(request, table.key)}
                  for table in tables_for(self.actor)]
        return Response(FiguresIndexOut({"periods": list(PERIODS), "tables": tables}).data)


class FiguresTableView(ActorView):
    """One figures table for a period (?weeks=, one of the periods the index lists): counts below the
    organisation's threshold come as "<N", and a larger count hidden so that a small one cannot be worked
    out from the total as "≥N" (offramp.core.disclosure)."""

    permission = READ_FIGURES

    @extend_schema(operation_id="figures_table", parameters=[OpenApiParameter("weeks", int, required=False)],
                   responses=FiguresOut)
    def get(self, request, key: str):
        table = table_get(self.actor, key)
        period = period_param(request.query_params.get("weeks"))
        drawn = build(self.actor, table, period)
        audit(self.actor, Action.VIEW, object_type="figures", object_id=table.key, detail={"weeks": period.weeks})
        rows = drawn.rows
        return Response(FiguresOut({
            "key": table.key, "title": str(table.title), "weeks": period.weeks,
            "threshold": self.actor.organization.small_cell_threshold,
            "rows": [{"key": row.key, "label": row.label, "count": row.cell.as_json()} for row in rows],
            "total": rows.total.as_json() if rows.total is not None else None,
        }).data)
