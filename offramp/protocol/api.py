"""The protocol's API, on the shared base classes: the same selectors and services as the pages."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from offramp.api.fields import MomentField
from offramp.api.views import ActorView, ListView

from . import selectors, services
from .models import Watch
from .services import MAX_SESSIONS, MAX_TEXT


def _case(actor, case_id):
    return selectors.protocol_case(actor, case_id)


def _any_case(actor, case_id):
    return selectors.protocol_case(actor, case_id, family=False)


class _RecordOut(serializers.Serializer):
    id = serializers.UUIDField()
    recorded_by = serializers.CharField(source="recorded_by.display_name")
    recorded_at = MomentField()
    updated_at = MomentField()


class EvaluationOut(_RecordOut):
    worries = serializers.CharField()
    needs = serializers.CharField()
    openings = serializers.CharField()
    diagnostic = serializers.UUIDField(source="diagnostic_id", allow_null=True)


class PlanOut(_RecordOut):
    family_goals = serializers.CharField()
    person_goals = serializers.CharField()
    tasks = serializers.CharField()
    review_on = serializers.DateField(allow_null=True)


class MonitoringOut(_RecordOut):
    observed_on = serializers.DateField()
    changes = serializers.CharField()


class CoachingOut(_RecordOut):
    topics = serializers.CharField()
    family_goals = serializers.CharField()
    sessions_planned = serializers.IntegerField()
    sessions_held = serializers.IntegerField()


class CheckInOut(_RecordOut):
    month = serializers.IntegerField()
    held_on = serializers.DateField()
    watch = serializers.CharField()
    worrying = serializers.BooleanField()
    notes = serializers.CharField()


def _text(**kwargs):
    return serializers.CharField(max_length=MAX_TEXT, **kwargs)


class EvaluationIn(serializers.Serializer):
    worries = _text()
    needs = _text()
    openings = _text()
    diagnostic = serializers.UUIDField(required=False, allow_null=True)


class PlanIn(serializers.Serializer):
    family_goals = _text()
    person_goals = _text()
    tasks = _text()
    review_on = serializers.DateField(required=False, allow_null=True)


class MonitoringIn(serializers.Serializer):
    observed_on = serializers.DateField()
    changes = _text()


class CoachingIn(serializers.Serializer):
    topics = _text()
    family_goals = _text()
    sessions_planned = serializers.IntegerField(min_value=0, max_value=MAX_SESSIONS, required=False, default=0)
    sessions_held = serializers.IntegerField(min_value=0, max_value=MAX_SESSIONS, required=False, default=0)


class CheckInIn(serializers.Serializer):
    held_on = serializers.DateField()
    watch = serializers.ChoiceField(choices=Watch.choices)
    notes = _text(required=False, allow_blank=True, default="")


def _out(serializer_class, record):
    return serializer_class(record).data if record is not None else None


class ProtocolView(ActorView):
    """A family case's protocol: its stage, what the stage still needs, each stage's record, the family's
    outcomes and the aftercare once resolved."""

    permission = selectors.READ

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, case_id):
        case, _access = selectors.protocol_case(self.actor, case_id)
        records = selectors.case_records(self.actor, case)
        outcomes = selectors.family_outcomes(self.actor, case)
        care = selectors.aftercare(self.actor, case)
        return Response({
            "case": str(case.pk), "status": case.status, "missing": selectors.missing_for(case, records),
            "evaluation": _out(EvaluationOut, records.evaluation), "plan": _out(PlanOut, records.plan),
            "monitoring": MonitoringOut(records.monitoring, many=True).data,
            "coaching": _out(CoachingOut, records.coaching),
            "family_outcomes": None if outcomes is None else {
                "assessment": str(outcomes["assessment"].pk),
                "ratings": [{k: row[k] for k in ("label", "value", "before", "change")} for row in outcomes["rows"]]},
            "aftercare": None if care is None else _aftercare(care),
        })


def _aftercare(care) -> dict:
    return {"resolved_at": MomentField().to_representation(care.resolution.at),
            "check_ins": [{"month": slot.month, "due_on": slot.due_on.isoformat(), "state": slot.state,
                           "check_in": _out(CheckInOut, slot.check_in)} for slot in care.slots]}


class _OneRecordView(ActorView):
    permission = selectors.READ
    targets = {"case_id": _case}
    input_class: type[serializers.Serializer]
    output_class: type[serializers.Serializer]

    def save(self, case_id, data):
        raise NotImplementedError

    def post(self, request, case_id):
        record = self.save(case_id, self.parse(self.input_class))
        return Response(self.output_class(record).data, status=status.HTTP_200_OK)


class EvaluationView(_OneRecordView):
    input_class, output_class = EvaluationIn, EvaluationOut

    @extend_schema(request=EvaluationIn, responses=EvaluationOut)
    def post(self, request, case_id):
        return super().post(request, case_id)

    def save(self, case_id, data):
        return services.family_evaluation_save(actor=self.actor, case_id=case_id, worries=data["worries"],
                                               needs=data["needs"], openings=data["openings"],
                                               diagnostic_id=data.get("diagnostic"))


class PlanView(_OneRecordView):
    input_class, output_class = PlanIn, PlanOut

    @extend_schema(request=PlanIn, responses=PlanOut)
    def post(self, request, case_id):
        return super().post(request, case_id)

    def save(self, case_id, data):
        return services.intervention_plan_save(actor=self.actor, case_id=case_id, family_goals=data["family_goals"],
                                               person_goals=data["person_goals"], tasks=data["tasks"],
                                               review_on=data.get("review_on"))


class CoachingView(_OneRecordView):
    input_class, output_class = CoachingIn, CoachingOut

    @extend_schema(request=CoachingIn, responses=CoachingOut)
    def post(self, request, case_id):
        return super().post(request, case_id)

    def save(self, case_id, data):
        return services.coaching_plan_save(actor=self.actor, case_id=case_id, **data)


class MonitoringView(ListView):
    """A family case's monitoring entries, newest first; POST adds one."""

    permission = selectors.READ
    serializer_class = MonitoringOut
    targets = {"case_id": _case}

    @extend_schema(responses=MonitoringOut(many=True))
    def get(self, request, case_id):
        case, _access = selectors.protocol_case(self.actor, case_id)
        return self.page(selectors.monitoring_entries(self.actor, case), MonitoringOut, "monitoring_entry")

    @extend_schema(request=MonitoringIn, responses={201: MonitoringOut})
    def post(self, request, case_id):
        entry = services.monitoring_entry_add(actor=self.actor, case_id=case_id, **self.parse(MonitoringIn))
        return Response(MonitoringOut(entry).data, status=status.HTTP_201_CREATED)


class CheckInsView(ActorView):
    """A resolved case's aftercare schedule; POST records its next check-in."""

    permission = selectors.READ
    targets = {"case_id": _any_case}

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, case_id):
        case, _access = selectors.protocol_case(self.actor, case_id, family=False)
        care = selectors.aftercare(self.actor, case)
        return Response(None if care is None else _aftercare(care))

    @extend_schema(request=CheckInIn, responses={201: CheckInOut})
    def post(self, request, case_id):
        check_in = services.aftercare_check_in_record(actor=self.actor, case_id=case_id, **self.parse(CheckInIn))
        return Response(CheckInOut(check_in).data, status=status.HTTP_201_CREATED)
