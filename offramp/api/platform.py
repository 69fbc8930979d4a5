"""The platform's own endpoints (core's, which imports no API code): who is asking, their work queue,
and the audit trail. Each domain app keeps its endpoints in its own api.py."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from offramp.api.fields import MomentField
from offramp.core.models import Role
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
    email = serializers.EmailField()
    display_name = serializers.CharField()
    organization = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())


class MeView(ActorView):
    @extend_schema(responses=MeOut)
    def get(self, request):
        actor = self.actor
        return Response(MeOut({"email": actor.user.email, "display_name": actor.user.display_name,
                                 "organization": actor.organization.name, "roles": sorted(actor.roles)}).data)


class WorkQueueView(ActorView):
    @extend_schema(responses=QueueItemOut(many=True))
    def get(self, request):
        return Response(QueueItemOut(work_queue(self.actor), many=True).data)


class AuditEventsView(ListView):
    roles = (Role.ORG_ADMIN, Role.AUDITOR)
    serializer_class = AuditEventOut

    @extend_schema(responses=AuditEventOut(many=True))
    def get(self, request):
        params = request.query_params
        events = audit_events(self.actor, action=params.get("action", ""), object_type=params.get("object_type", ""),
                              object_id=params.get("object_id", ""))
        return self.page(events, AuditEventOut, "audit_event")
