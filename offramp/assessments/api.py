"""The assessments API, on the shared base classes: the same selectors and services as the pages (answers
are added with the engine's `response_contribute`): assessments, their results, the agencies' joint
decisions and comparisons."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from offramp.api.fields import MomentField
from offramp.api.views import ActorView, ListView
from offramp.cases.selectors import case_get
from offramp.instruments import services as instrument_services
from offramp.instruments.api import AnswersIn, ContributionOut
from offramp.instruments.models import Informant
from offramp.instruments.selectors import response_contributions

from . import catalogue, charts, results, selectors, services
from .permissions import READ


class AssessmentOut(serializers.Serializer):
    id = serializers.UUIDField()
    case = serializers.UUIDField(source="case_id")
    person = serializers.UUIDField(source="person_id")
    instrument_key = serializers.CharField()
    version = serializers.IntegerField(source="response.version.number")
    status = serializers.CharField(source="response.status")
    informant = serializers.CharField(source="response.informant")
    informant_relationship = serializers.SerializerMethodField()
    started_by = serializers.CharField(source="started_by.display_name")
    created_at = MomentField()
    completed_at = MomentField(source="response.completed_at", allow_null=True)

    def get_informant_relationship(self, assessment) -> str:
        return assessment.response.informant_relationship or ""


class ConsultationOut(serializers.Serializer):
    supervisor = serializers.IntegerField(source="consulted_with_id")
    supervisor_name = serializers.CharField(source="consulted_with.display_name")
    text = serializers.CharField(source="consultation")
    at = MomentField(source="consulted_at")
    confirmed_at = MomentField(source="consultation_confirmed_at", allow_null=True)


class ConsultationIn(serializers.Serializer):
    supervisor = serializers.IntegerField(required=False, allow_null=True,
                                          help_text="User id of the supervisor consulted, an active supervisor of your organisation; "
                                                    "a supervisor recording their own consultation leaves it out.")
    text = serializers.CharField(max_length=4000, help_text="What was decided.")


class AssessmentDetailOut(AssessmentOut):
    answers = serializers.JSONField(source="response.answer_data")
    scores = serializers.JSONField(source="response.scores")
    result = serializers.SerializerMethodField()
    consultation = serializers.SerializerMethodField()

    @extend_schema_field(ConsultationOut(allow_null=True))
    def get_consultation(self, assessment) -> dict | None:
        """A positive screen's consultation with a supervisor (R1), once recorded."""
        return ConsultationOut(assessment).data if assessment.consulted_at else None

    def get_result(self, assessment) -> dict | None:
        """What the app makes of the answers: the screen's result and its causes, the stages of change."""
        response = assessment.response
        if not response.is_complete:
            return None
        definition, answers = response.version.definition, response.answer_data
        if assessment.instrument_key == catalogue.ASQ:
            screen = results.screen(definition, answers)
            return {"screen": screen.result, "label": screen.label, "causes": screen.causes}
        if assessment.instrument_key == catalogue.STAGE_OF_CHANGE:
            return {"stages": [{"target": s.target, "stage": s.value, "text": s.text, "regression": s.regression,
                                "shift": s.shift} for s in results.stages(definition, answers)]}
        if assessment.instrument_key == catalogue.SOCIAL_DIAGNOSTIC:
            return {"factors": [{"factor": f.key, "section": f.section, "label": f.label, "rated_as": list(f.ratings),
                                 "text": f.text, "evidence": f.evidence} for f in results.factors(definition, answers)],
                    "needs": results.answered_items(definition, answers, results.NEEDS_ITEMS)}
        if assessment.instrument_key == catalogue.RISK_PROTECTIVE:
            found = results.danger(definition, answers)
            return {"danger": {"level": found.level, "label": found.label, "causes": found.causes},
                    "scores": results.domain_scores(definition, response.scores)}
        if assessment.instrument_key == catalogue.STAGE_OF_EXIT:
            stage = results.exit_stage(definition, answers)
            return {"stage": stage.value, "text": stage.text, "regression": stage.regression,
                    "own_reasons": stage.reasons}
        if assessment.instrument_key == catalogue.INFLUENCES:
            return {"prevention": results.answered_items(
                definition, answers, (catalogue.PREVENTION_LEVEL, catalogue.JUSTICE_STATUS, catalogue.AUTHORITY))}
        if assessment.instrument_key not in catalogue.BUILT_IN:  # an imported tool: its flagged answers, named
            found = results.danger(definition, answers)
            return {"danger": {"level": found.level, "label": found.label, "causes": found.causes},
                    "scores": results.domain_scores(definition, response.scores)}
        if assessment.instrument_key in (catalogue.WELLNESS, catalogue.FAMILY_OUTCOMES):
            return {"ratings": results.rating_items(definition, answers),
                    "scores": results.domain_scores(definition, response.scores)}
        return None


class DecisionOut(serializers.Serializer):
    id = serializers.UUIDField()
    decision = serializers.CharField()
    agencies = serializers.ListField(child=serializers.CharField(), source="agency_list")
    recorded_by = serializers.CharField(source="recorded_by.display_name")
    created_at = MomentField()


class DecisionIn(serializers.Serializer):
    decision = serializers.CharField(max_length=services.MAX_DECISION)
    agencies = serializers.ListField(child=serializers.CharField(max_length=services.MAX_AGENCY_NAME),
                                     min_length=1, max_length=services.MAX_AGENCIES)


class AssessmentStartIn(serializers.Serializer):
    person = serializers.UUIDField()
    instrument_key = serializers.CharField(max_length=64)  # built in, or imported by the organisation
    informant = serializers.ChoiceField(choices=Informant.choices, required=False)
    informant_relationship = serializers.CharField(required=False, allow_blank=True, max_length=200)


def _case(actor, case_id):
    return case_get(actor, case_id, audit_action=None)


def _assessment(actor, assessment_id):
    return selectors.assessment_get(actor, assessment_id, audit_action=None)


class CaseAssessmentsView(ListView):
    """A case's assessments; POST starts one about a person on the case."""

    permission = READ
    serializer_class = AssessmentOut
    targets = {"case_id": _case}

    @extend_schema(responses=AssessmentOut(many=True))
    def get(self, request, case_id):
        case, _access = case_get(self.actor, case_id, audit_action=None)
        return self.page(selectors.case_assessments(self.actor, case), AssessmentOut, "assessment")

    @extend_schema(request=AssessmentStartIn, responses={201: AssessmentOut})
    def post(self, request, case_id):
        data = self.parse(AssessmentStartIn)
        assessment = services.assessment_start(
            actor=self.actor, case_id=case_id, person_id=data["person"], instrument_key=data["instrument_key"],
            informant=data.get("informant", Informant.SELF), informant_relationship=data.get("informant_relationship", ""))
        return Response(AssessmentOut(selectors.assessment_get(self.actor, assessment.pk, audit_action=None)).data,
                        status=status.HTTP_201_CREATED)


class AssessmentView(ActorView):
    permission = READ

    @extend_schema(responses=AssessmentDetailOut)
    def get(self, request, assessment_id):
        assessment = selectors.assessment_get(self.actor, assessment_id)
        contributions = list(response_contributions(assessment.response))
        return Response({**AssessmentDetailOut(assessment).data,
                         "contributions": ContributionOut(contributions, many=True).data,
                         "decisions": DecisionOut(selectors.assessment_decisions(self.actor, assessment),
                                                  many=True).data})


class AssessmentDecisionsView(ActorView):
    """A joint decision of the agencies on a complete assessment (C7)."""

    permission = READ
    targets = {"assessment_id": _assessment}

    @extend_schema(request=DecisionIn, responses={201: DecisionOut})
    def post(self, request, assessment_id):
        data = self.parse(DecisionIn)
        decision = services.assessment_decide(actor=self.actor, assessment_id=assessment_id,
                                              decision=data["decision"], agencies=data["agencies"])
        return Response(DecisionOut(decision).data, status=status.HTTP_201_CREATED)


class AssessmentCompareView(ActorView):
    """An assessment beside an earlier (or later) one of the same person and instrument."""

    permission = READ

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, assessment_id, other_id):
        before, after = selectors.assessment_pair(self.actor, assessment_id, other_id)
        compared = charts.comparison_of(before, after)
        chart = compared["chart"]
        return Response({
            "before": str(before.pk), "after": str(after.pk),
            "items": [{key: row[key] for key in ("key", "label", "before", "after", "before_text", "after_text",
                                                 "changed")} for row in compared["items"]],
            "domains": compared["domains"],
            "chart": [{"label": row["label"], "before": row["before"], "after": row["after"],
                       "changed": row["changed"]} for row in chart["rows"]] if chart else []})


class AssessmentContributionsView(ActorView):
    permission = READ
    targets = {"assessment_id": _assessment}

    @extend_schema(request=AnswersIn, responses={201: ContributionOut})
    def post(self, request, assessment_id):
        data = self.parse(AnswersIn)
        assessment = selectors.assessment_get(self.actor, assessment_id, write=True, audit_action=None)
        contribution = instrument_services.response_contribute(
            actor=self.actor, response_id=assessment.response_id, answers=data.get("answers", {}),
            agency=data.get("agency", ""))
        if contribution is None:
            raise exceptions.ValidationError({"answers": [_("Give at least one answer.")]})
        return Response(ContributionOut(contribution).data, status=status.HTTP_201_CREATED)


class AssessmentConsultationView(ActorView):
    """R1: record the consultation with a supervisor about a positive screen (clears its urgent alerts)."""

    permission = READ
    targets = {"assessment_id": _assessment}

    @extend_schema(request=ConsultationIn, responses={201: AssessmentDetailOut})
    def post(self, request, assessment_id):
        data = self.parse(ConsultationIn)
        services.assessment_record_consultation(actor=self.actor, assessment_id=assessment_id, text=data["text"],
                                                supervisor=data.get("supervisor"))
        return Response(AssessmentDetailOut(_assessment(self.actor, assessment_id)).data,
                        status=status.HTTP_201_CREATED)


class AssessmentConsultationConfirmView(ActorView):
    """The consulted supervisor confirms the consultation recorded with them."""

    permission = READ
    targets = {"assessment_id": _assessment}

    @extend_schema(request=None, responses=AssessmentDetailOut)
    def post(self, request, assessment_id):
        services.assessment_confirm_consultation(actor=self.actor, assessment_id=assessment_id)
        return Response(AssessmentDetailOut(_assessment(self.actor, assessment_id)).data)


class AssessmentCompleteView(ActorView):
    permission = READ
    targets = {"assessment_id": _assessment}

    @extend_schema(request=AnswersIn, responses=AssessmentDetailOut)
    def post(self, request, assessment_id):
        data = self.parse(AnswersIn, request.data if request.data else {})
        services.assessment_complete(actor=self.actor, assessment_id=assessment_id,
                                     answers=data.get("answers") or None, agency=data.get("agency", ""))
        return Response(AssessmentDetailOut(selectors.assessment_get(self.actor, assessment_id, audit_action=None)).data)
