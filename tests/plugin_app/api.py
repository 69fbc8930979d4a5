"""The groups' API: sessions, listed, recorded and read."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from offramp.api.fields import MomentField
from offramp.api.views import ActorView, ListView

from . import selectors, services
from .permissions import RUN_SESSIONS


class SessionOut(serializers.Serializer):
    id = serializers.UUIDField()
    topic = serializers.CharField(source="topic.label")
    held_at = MomentField()
    attendance = serializers.IntegerField()
    case = serializers.UUIDField(source="case_id", allow_null=True)
    reported = serializers.SerializerMethodField()

    def get_reported(self, session) -> bool:
        return session.reported_at is not None


class SessionIn(serializers.Serializer):
    topic = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    held_at = MomentField()
    attendance = serializers.IntegerField(min_value=0, max_value=services.MAX_ATTENDANCE)
    case = serializers.UUIDField(required=False, allow_null=True, default=None)


class SessionsView(ListView):
    permission = RUN_SESSIONS
    serializer_class = SessionOut

    @extend_schema(responses=SessionOut(many=True))
    def get(self, request):
        return self.page(selectors.sessions_visible_to(self.actor), SessionOut, "group_session")

    @extend_schema(request=SessionIn, responses={201: SessionOut})
    def post(self, request):
        data = self.parse(SessionIn)
        session = services.session_record(actor=self.actor, topic_id=data["topic"], held_at=data["held_at"],
                                          attendance=data["attendance"], case_id=data["case"])
        return Response(SessionOut(session).data, status=status.HTTP_201_CREATED)


class SessionView(ActorView):
    permission = RUN_SESSIONS

    @extend_schema(responses=SessionOut)
    def get(self, request, session_id):
        return Response(SessionOut(selectors.session_get(self.actor, session_id)).data)
