"""The instruments API, on the shared base classes: the same services and selectors as the pages."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from offramp.api.fields import MomentField
from offramp.api.views import ActorView, ListView

from . import definition as spec
from . import selectors, services
from .models import Informant


class VersionRefOut(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.IntegerField()


class InstrumentOut(serializers.Serializer):
    id = serializers.UUIDField()
    key = serializers.CharField()
    title = serializers.CharField()
    current_version = VersionRefOut(allow_null=True)


class VersionOut(serializers.Serializer):
    id = serializers.UUIDField()
    instrument = serializers.UUIDField(source="instrument_id")
    key = serializers.CharField(source="instrument.key")
    number = serializers.IntegerField()
    definition = serializers.JSONField()
    created_at = MomentField()


class ResponseStartIn(serializers.Serializer):
    version = serializers.UUIDField(required=False)
    instrument_key = serializers.CharField(required=False, max_length=64)
    subject_type = serializers.CharField(required=False, allow_blank=True, max_length=40)
    subject_id = serializers.CharField(required=False, allow_blank=True, max_length=64)
    informant = serializers.ChoiceField(choices=Informant.choices, required=False)
    informant_relationship = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def validate(self, attrs):
        if not attrs.get("version") and not attrs.get("instrument_key"):
            raise serializers.ValidationError({"version": _("Give the version's id or the instrument's key.")})
        return attrs


class AnswersIn(serializers.Serializer):
    answers = serializers.DictField(child=serializers.JSONField(allow_null=True), required=False)
    agency = serializers.CharField(required=False, allow_blank=True, max_length=200)


class ContributionOut(serializers.Serializer):
    id = serializers.UUIDField()
    author = serializers.CharField(source="author.display_name")
    agency = serializers.SerializerMethodField()
    answers = serializers.JSONField(source="answer_data")
    created_at = MomentField()

    def get_agency(self, contribution) -> str:
        return contribution.agency or ""


class ResponseOut(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.UUIDField(source="version_id")
    subject_type = serializers.CharField()
    subject_id = serializers.CharField()
    status = serializers.CharField()
    informant = serializers.CharField()
    informant_relationship = serializers.SerializerMethodField()
    answers = serializers.JSONField(source="answer_data")
    scores = serializers.JSONField()
    created_at = MomentField()
    completed_at = MomentField(allow_null=True)

    def get_informant_relationship(self, response) -> str:
        return response.informant_relationship or ""


class InstrumentsView(ListView):
    """Instruments of the organisation; POST a definition (org admins) to import it as a new instrument or a
    new version (FORMAT.md)."""

    serializer_class = InstrumentOut

    @extend_schema(responses=InstrumentOut(many=True))
    def get(self, request):
        return self.page(selectors.instruments_for(self.actor), InstrumentOut, "instrument")

    @extend_schema(request=dict, responses={201: VersionOut})
    def post(self, request):
        try:
            version = services.instrument_import(actor=self.actor, data=request.data)
        except spec.DefinitionError as error:
            raise exceptions.ValidationError({"definition": error.messages}) from None
        return Response(VersionOut(version).data, status=status.HTTP_201_CREATED)


class VersionView(ActorView):
    @extend_schema(responses=VersionOut)
    def get(self, request, version_id):
        return Response(VersionOut(selectors.version_get(self.actor, version_id)).data)


class ResponsesView(ActorView):
    @extend_schema(request=ResponseStartIn, responses={201: ResponseOut})
    def post(self, request):
        data = self.parse(ResponseStartIn)
        response = services.response_start(
            actor=self.actor, version_id=data.get("version"), instrument_key=data.get("instrument_key", ""),
            subject_type=data.get("subject_type", ""), subject_id=data.get("subject_id", ""),
            informant=data.get("informant", Informant.SELF),
            informant_relationship=data.get("informant_relationship", ""))
        return Response(ResponseOut(response).data, status=status.HTTP_201_CREATED)


class ResponseView(ActorView):
    @extend_schema(responses=ResponseOut)
    def get(self, request, response_id):
        response = selectors.response_get(self.actor, response_id, audit=True)
        contributions = list(selectors.response_contributions(response))
        return Response({**ResponseOut(response).data,
                         "contributions": ContributionOut(contributions, many=True).data})


_response = selectors.response_get


class ResponseContributionsView(ActorView):
    targets = {"response_id": _response}

    @extend_schema(request=AnswersIn, responses={201: ContributionOut})
    def post(self, request, response_id):
        data = self.parse(AnswersIn)
        contribution = services.response_contribute(actor=self.actor, response_id=response_id,
                                                    answers=data.get("answers", {}), agency=data.get("agency", ""))
        if contribution is None:
            raise exceptions.ValidationError({"answers": [_("Give at least one answer.")]})
        return Response(ContributionOut(contribution).data, status=status.HTTP_201_CREATED)


class ResponseCompleteView(ActorView):
    targets = {"response_id": _response}

    @extend_schema(request=AnswersIn, responses=ResponseOut)
    def post(self, request, response_id):
        data = self.parse(AnswersIn, request.data if request.data else {})
        response = services.response_complete(actor=self.actor, response_id=response_id,
                                              answers=data.get("answers") or None, agency=data.get("agency", ""))
        return Response(ResponseOut(response).data)

