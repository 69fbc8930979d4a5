"""The API of cases: cases, their people and team, moves, notes and reply clocks."""

from functools import partial

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from offramp.api.fields import MomentField
from offramp.api.views import ActorView, ListView
from offramp.core.access import Actor
from offramp.core.db import integer_ids

from . import lifecycle, resolution
from . import permissions as case_permissions
from . import selectors as case_selectors
from . import services as case_services
from .models import CaseKind, CaseStatus, Channel, Direction, NoteType, ParticipantRole, TeamRole


class CaseOut(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    restricted = serializers.BooleanField()
    opened_at = MomentField()
    closed_at = MomentField(allow_null=True)


class ParticipantOut(serializers.Serializer):
    id = serializers.UUIDField()
    person = serializers.UUIDField(source="person_id")
    name = serializers.CharField(source="person.display_name")
    role = serializers.CharField()


class TeamOut(serializers.Serializer):
    id = serializers.IntegerField()
    user = serializers.IntegerField(source="user_id")
    name = serializers.CharField(source="user.display_name")
    role = serializers.CharField()


class RecordStateOut(serializers.Serializer):
    summary = serializers.CharField()
    missing = serializers.CharField(help_text="Why the record does not support resolving yet; empty when it does.")
    url = serializers.CharField()


class CriterionOut(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    record = RecordStateOut(allow_null=True, help_text="The record the criterion rests on, where it stands now.")


class CaseDetailOut(CaseOut):
    summary = serializers.CharField(allow_null=True)
    participants = ParticipantOut(many=True)
    team = TeamOut(many=True)
    allowed_transitions = serializers.ListField(child=serializers.CharField())
    resolution_criteria = CriterionOut(many=True, help_text="For those who manage the case, while it is open: "
                                       "the criteria a move to 'resolved' gives evidence for, by id.")


class CaseIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    summary = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)
    restricted = serializers.BooleanField(required=False, default=False)


class TransitionIn(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=CaseStatus.choices)
    reason = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    closure_reason = serializers.CharField(max_length=120, required=False, default="", allow_blank=True)
    evidence = serializers.DictField(child=serializers.CharField(max_length=2000), required=False, default=dict,
                                     help_text="Resolution criterion id → evidence, for a move to 'resolved'.")
    override_reason = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True, help_text=(
        "A supervisor's reason for making a move that is refused for something missing (the refusal's 'gate')."))


class ParticipantIn(serializers.Serializer):
    person = serializers.UUIDField()
    role = serializers.ChoiceField(choices=ParticipantRole.choices)


class TeamIn(serializers.Serializer):
    member = serializers.IntegerField(help_text=(
        "User id of the colleague, an active member of your organisation whose role fits the team role (an "
        "external professional only as 'other'). Replaces `email`."))
    role = serializers.ChoiceField(choices=TeamRole.choices)
    profession = serializers.CharField(max_length=120, required=False, default="", allow_blank=True)


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class NoteOut(serializers.Serializer):
    id = serializers.UUIDField()
    case = serializers.UUIDField(source="case_id")
    author = serializers.CharField(source="author.display_name")
    note_type = serializers.CharField()
    channel = serializers.CharField()
    direction = serializers.CharField()
    occurred_at = MomentField()
    narrative = serializers.CharField()
    signed_at = MomentField(allow_null=True)
    documented_late = serializers.BooleanField()
    addendum_to = serializers.UUIDField(source="addendum_to_id", allow_null=True)


class NoteIn(serializers.Serializer):
    note_type = serializers.ChoiceField(choices=NoteType.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    direction = serializers.ChoiceField(choices=Direction.choices)
    occurred_at = MomentField()
    narrative = serializers.CharField(max_length=20000)
    with_participant_id = serializers.UUIDField(required=False, allow_null=True, default=None)
    sign = serializers.BooleanField(required=False, default=False)


class NoteUpdateIn(serializers.Serializer):
    note_type = serializers.ChoiceField(choices=NoteType.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    direction = serializers.ChoiceField(choices=Direction.choices)
    occurred_at = MomentField()
    narrative = serializers.CharField(max_length=20000)


class DelayIn(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)
    until = MomentField()


class ClockOut(serializers.Serializer):
    id = serializers.UUIDField()
    case = serializers.UUIDField(source="case_id")
    received_at = MomentField()
    due_at = MomentField()
    delayed_until = MomentField(allow_null=True)
    state = serializers.CharField()


class AddendumIn(serializers.Serializer):
    narrative = serializers.CharField(max_length=20000)


# What each URL id names, checked without writing a view event (the service audits the work).
_case = partial(case_selectors.case_get, audit_action=None)


class CasesView(ListView):
    permission = case_permissions.READ
    serializer_class = CaseOut

    @extend_schema(responses=CaseOut(many=True))
    def get(self, request):
        params = request.query_params
        owner = None
        if params.get("owner"):
            owner = case_selectors.case_owners(self.actor).filter(pk__in=integer_ids([params["owner"]])).first()
            if owner is None:
                raise ValidationError({"owner": _("No case manager or supervisor of your organisation has this id.")})
        cases = case_selectors.case_list(self.actor, status=params.get("status", ""), kind=params.get("kind", ""),
                                         mine=params.get("mine") == "true", reference=params.get("reference", ""),
                                         owner=owner, overdue=params.get("overdue") == "true")
        return self.page(cases, CaseOut, "case")

    @extend_schema(request=CaseIn, responses={201: CaseOut})
    def post(self, request):
        case = case_services.case_open(actor=self.actor, **self.parse(CaseIn))
        return Response(CaseOut(case).data, status=status.HTTP_201_CREATED)


def _case_detail(actor: Actor, case, access) -> dict:
    data = {
        **CaseOut(case).data,
        "summary": case.summary,
        "participants": ParticipantOut(case_selectors.case_participants(case), many=True).data,
        "team": TeamOut(case_selectors.case_team(case), many=True).data,
        "allowed_transitions": [m.to_status for m in lifecycle.allowed_moves(case.kind, case.status, case.status_before_pause)]
        if access.manage else [],
        "resolution_criteria": [_criterion(actor, case, c) for c in case_selectors.resolution_criteria(case)]
        if access.manage and case.is_open else [],
    }
    return data


def _criterion(actor: Actor, case, criterion) -> dict:
    state = resolution.state(actor, case, criterion)
    return {"id": criterion.pk, "text": criterion.text,
            "record": {"summary": state.summary, "missing": state.missing, "url": state.url} if state else None}


class CaseView(ActorView):
    permission = case_permissions.READ

    @extend_schema(responses=CaseDetailOut)
    def get(self, request, case_id):
        case, access = case_selectors.case_get(self.actor, case_id)
        return Response(_case_detail(self.actor, case, access))


class CaseTransitionView(ActorView):
    permission = case_permissions.READ
    targets = {"case_id": _case}

    @extend_schema(request=TransitionIn, responses=CaseOut)
    def post(self, request, case_id):
        case = case_services.case_transition(actor=self.actor, case_id=case_id, **self.parse(TransitionIn))
        return Response(CaseOut(case).data)


class CaseParticipantsView(ActorView):
    permission = case_permissions.READ
    targets = {"case_id": _case}

    @extend_schema(request=ParticipantIn, responses={201: ParticipantOut})
    def post(self, request, case_id):
        data = self.parse(ParticipantIn)
        participant = case_services.case_participant_add(actor=self.actor, case_id=case_id,
                                                         person_id=data["person"], role=data["role"])
        return Response(ParticipantOut(participant).data, status=status.HTTP_201_CREATED)


class CaseTeamView(ActorView):
    permission = case_permissions.READ
    targets = {"case_id": _case}

    @extend_schema(request=TeamIn, responses={201: TeamOut})
    def post(self, request, case_id):
        member = case_services.case_team_add(actor=self.actor, case_id=case_id, **self.parse(TeamIn))
        return Response(TeamOut(member).data, status=status.HTTP_201_CREATED)


class CaseBreakGlassView(ActorView):
    permission = case_permissions.BREAK_GLASS
    targets = {"case_id": case_selectors.break_glass_case}

    @extend_schema(request=ReasonIn, responses={201: None})
    def post(self, request, case_id):
        case_services.case_break_glass(actor=self.actor, case_id=case_id, **self.parse(ReasonIn))
        return Response(status=status.HTTP_201_CREATED)


class CaseNotesView(ListView):
    permission = case_permissions.READ
    targets = {"case_id": _case}
    serializer_class = NoteOut

    @extend_schema(responses=NoteOut(many=True))
    def get(self, request, case_id):
        case, _access = case_selectors.case_get(self.actor, case_id)
        notes = case_selectors.case_timeline(self.actor, case).prefetch_related(None).select_related("author")
        return self.page(notes, NoteOut, "note")

    @extend_schema(request=NoteIn, responses={201: NoteOut})
    def post(self, request, case_id):
        note = case_services.note_create(actor=self.actor, case_id=case_id, **self.parse(NoteIn))
        return Response(NoteOut(note).data, status=status.HTTP_201_CREATED)


class NoteView(ActorView):
    permission = case_permissions.READ
    targets = {"note_id": case_selectors.note_get}

    @extend_schema(request=NoteUpdateIn, responses=NoteOut)
    def put(self, request, note_id):
        """Change your own draft; signed notes are final (add an addendum instead)."""
        return Response(NoteOut(case_services.note_update(actor=self.actor, note_id=note_id,
                                                            **self.parse(NoteUpdateIn))).data)


class ClockDelayView(ActorView):
    permission = case_permissions.AUTHORISE_DELAY
    targets = {"clock_id": case_selectors.response_clock_get}

    @extend_schema(request=DelayIn, responses=ClockOut)
    def post(self, request, clock_id):
        """A supervisor authorises a later reply to a client's message (E1)."""
        clock = case_services.response_delay_authorise(actor=self.actor, clock_id=clock_id, **self.parse(DelayIn))
        return Response(ClockOut(clock).data)


class NoteSignView(ActorView):
    permission = case_permissions.READ

    @extend_schema(request=None, responses=NoteOut)
    def post(self, request, note_id):
        return Response(NoteOut(case_services.note_sign(actor=self.actor, note_id=note_id)).data)


class NoteAddendumView(ActorView):
    permission = case_permissions.READ
    targets = {"note_id": case_selectors.note_get}

    @extend_schema(request=AddendumIn, responses={201: NoteOut})
    def post(self, request, note_id):
        note = case_services.note_add_addendum(actor=self.actor, note_id=note_id, **self.parse(AddendumIn))
        return Response(NoteOut(note).data, status=status.HTTP_201_CREATED)
