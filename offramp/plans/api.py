"""The plans API, on the shared base classes: the same selectors and services as the pages. A goal or task
refused with the stage-fit caution answers 400 with the caution under `accept_caution`; sending
`"accept_caution": true` proceeds, and the record then shows the caution it proceeded past."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from offramp.api.fields import MomentField
from offramp.api.views import ActorView, ListView
from offramp.assessments.catalogue import DIMENSIONS, TARGETS
from offramp.cases.selectors import case_get

from . import selectors, services
from .models import ProgressKind, TaskKind
from .permissions import READ

TEXT_LIMIT = 4000


class CautionOut(serializers.Serializer):
    person = serializers.CharField()
    target = serializers.CharField()
    stage = serializers.IntegerField()


class _Caution(serializers.Serializer):
    """The stage-fit caution the worker proceeded past, if any: when, by whom, and on what."""

    def to_representation(self, record):
        return {"accepted": bool(record.caution), "cautions": CautionOut(record.caution or [], many=True).data,
                "accepted_by": record.caution_accepted_by.display_name if record.caution_accepted_by_id else None,
                "accepted_at": MomentField().to_representation(record.caution_accepted_at)
                if record.caution_accepted_at else None}


class ProgressOut(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    milestone = serializers.CharField()
    note = serializers.CharField()
    percent = serializers.IntegerField()
    recorded_by = serializers.CharField(source="recorded_by.display_name")
    recorded_at = MomentField()


class GoalOut(serializers.Serializer):
    id = serializers.UUIDField()
    case = serializers.UUIDField(source="case_id")
    person = serializers.UUIDField(source="person_id")
    statement = serializers.CharField()
    measure = serializers.CharField()
    target = serializers.CharField()
    target_value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    due_on = serializers.DateField()
    achievable = serializers.CharField()
    relevant = serializers.CharField()
    dimensions = serializers.ListField(child=serializers.CharField())
    targets = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField()
    drop_reason = serializers.CharField(allow_null=True)
    progress = serializers.IntegerField()
    achieved_at = MomentField(allow_null=True)
    achieved_by = serializers.CharField(source="achieved_by.display_name", allow_null=True, default=None)
    stage_caution = _Caution(source="*")
    created_by = serializers.CharField(source="created_by.display_name")
    created_at = MomentField()


class GoalDetailOut(GoalOut):
    updates = ProgressOut(many=True)


class GoalIn(serializers.Serializer):
    person = serializers.UUIDField()
    statement = serializers.CharField(max_length=TEXT_LIMIT)
    measure = serializers.CharField(max_length=TEXT_LIMIT)
    target = serializers.CharField(max_length=TEXT_LIMIT)
    target_value = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    due_on = serializers.DateField()
    achievable = serializers.CharField(max_length=TEXT_LIMIT)
    relevant = serializers.CharField(max_length=TEXT_LIMIT)
    dimensions = serializers.ListField(child=serializers.ChoiceField(choices=DIMENSIONS), required=False,
                                       max_length=len(DIMENSIONS) * 2)
    targets = serializers.ListField(child=serializers.ChoiceField(choices=TARGETS), required=False,
                                    max_length=len(TARGETS) * 2)
    accept_caution = serializers.BooleanField(required=False, default=False)


class GoalChangeIn(GoalIn):
    person = None  # type: ignore[assignment]  # a goal's person stays

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "accept_caution":
                field.required = False


class ProgressIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ProgressKind.choices)
    value = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    milestone = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT)
    percent = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)
    note = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT)


class DropIn(serializers.Serializer):
    reason = serializers.CharField(max_length=TEXT_LIMIT)


class TaskOut(serializers.Serializer):
    id = serializers.UUIDField()
    case = serializers.UUIDField(source="case_id")
    goal = serializers.UUIDField(source="goal_id", allow_null=True)
    kind = serializers.CharField()
    description = serializers.CharField()
    targets = serializers.ListField(child=serializers.CharField())
    assignee = serializers.IntegerField(source="assignee_id")
    assignee_name = serializers.CharField(source="assignee.display_name")
    due_on = serializers.DateField()
    done_at = MomentField(allow_null=True)
    done_by = serializers.CharField(source="done_by.display_name", allow_null=True, default=None)
    stage_caution = _Caution(source="*")
    created_at = MomentField()


class TaskIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=TaskKind.choices)
    description = serializers.CharField(max_length=TEXT_LIMIT)
    assignee = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    due_on = serializers.DateField()
    goal = serializers.UUIDField(required=False, allow_null=True)
    targets = serializers.ListField(child=serializers.ChoiceField(choices=TARGETS), required=False,
                                    max_length=len(TARGETS) * 2)
    accept_caution = serializers.BooleanField(required=False, default=False)


def _case(actor, case_id):
    return case_get(actor, case_id, audit_action=None)


def _goal(actor, goal_id):
    return selectors.goal_get(actor, goal_id, audit_action=None)


def _task(actor, task_id):
    return selectors.task_get(actor, task_id, audit_action=None)


def _goal_detail(actor, goal_id) -> dict:
    goal = selectors.goal_get(actor, goal_id, audit_action=None)
    return {**GoalOut(goal).data, "updates": ProgressOut(selectors.goal_updates(actor, goal), many=True).data}


_GOAL_FIELDS = ("statement", "measure", "target", "target_value", "due_on", "achievable", "relevant", "dimensions",
                "targets")


class CaseGoalsView(ListView):
    """A case's goals; POST adds one for a person on the case."""

    permission = READ
    serializer_class = GoalOut
    targets = {"case_id": _case}

    @extend_schema(responses=GoalOut(many=True))
    def get(self, request, case_id):
        case, _access = case_get(self.actor, case_id, audit_action=None)
        return self.page(selectors.case_goals(self.actor, case), GoalOut, "plan_goal")

    @extend_schema(request=GoalIn, responses={201: GoalOut})
    def post(self, request, case_id):
        data = self.parse(GoalIn)
        goal = services.goal_create(actor=self.actor, case_id=case_id, person_id=data["person"],
                                    accept_caution=data.get("accept_caution", False),
                                    **{name: data.get(name) for name in _GOAL_FIELDS})
        return Response(GoalOut(selectors.goal_get(self.actor, goal.pk, audit_action=None)).data,
                        status=status.HTTP_201_CREATED)


class GoalView(ActorView):
    """A goal with its progress history; PATCH changes what is sent of an open goal."""

    permission = READ
    targets = {"goal_id": _goal}

    @extend_schema(responses=GoalDetailOut)
    def get(self, request, goal_id):
        selectors.goal_get(self.actor, goal_id)  # audited as a view
        return Response(_goal_detail(self.actor, goal_id))

    @extend_schema(request=GoalChangeIn, responses=GoalDetailOut)
    def patch(self, request, goal_id):
        goal = selectors.goal_get(self.actor, goal_id, write=True, audit_action=None)
        data = self.parse(GoalChangeIn)
        current = {name: getattr(goal, name) for name in _GOAL_FIELDS}
        services.goal_update(actor=self.actor, goal_id=goal.pk, accept_caution=data.get("accept_caution", False),
                             **{**current, **{name: data[name] for name in _GOAL_FIELDS if name in data}})
        return Response(_goal_detail(self.actor, goal.pk))


class GoalProgressView(ActorView):
    permission = READ
    targets = {"goal_id": _goal}

    @extend_schema(request=ProgressIn, responses={201: ProgressOut})
    def post(self, request, goal_id):
        data = self.parse(ProgressIn)
        update = services.goal_progress_record(actor=self.actor, goal_id=goal_id, kind=data["kind"],
                                               value=data.get("value"), milestone=data.get("milestone", ""),
                                               percent=data.get("percent"), note=data.get("note", ""))
        update.recorded_by = self.actor.user
        return Response(ProgressOut(update).data, status=status.HTTP_201_CREATED)


class GoalAchieveView(ActorView):
    permission = READ
    targets = {"goal_id": _goal}

    @extend_schema(request=None, responses=GoalDetailOut)
    def post(self, request, goal_id):
        services.goal_achieve(actor=self.actor, goal_id=goal_id)
        return Response(_goal_detail(self.actor, goal_id))


class GoalDropView(ActorView):
    permission = READ
    targets = {"goal_id": _goal}

    @extend_schema(request=DropIn, responses=GoalDetailOut)
    def post(self, request, goal_id):
        data = self.parse(DropIn)
        services.goal_drop(actor=self.actor, goal_id=goal_id, reason=data["reason"])
        return Response(_goal_detail(self.actor, goal_id))


class CaseTasksView(ListView):
    """A case's interventions and tasks; POST gives one to a member of its team."""

    permission = READ
    serializer_class = TaskOut
    targets = {"case_id": _case}

    @extend_schema(responses=TaskOut(many=True))
    def get(self, request, case_id):
        case, _access = case_get(self.actor, case_id, audit_action=None)
        return self.page(selectors.case_tasks(self.actor, case), TaskOut, "plan_task")

    @extend_schema(request=TaskIn, responses={201: TaskOut})
    def post(self, request, case_id):
        data = self.parse(TaskIn)
        task = services.task_create(actor=self.actor, case_id=case_id, kind=data["kind"],
                                    description=data["description"], assignee_id=data["assignee"],
                                    due_on=data["due_on"], goal_id=data.get("goal"), targets=data.get("targets"),
                                    accept_caution=data.get("accept_caution", False))
        return Response(TaskOut(selectors.task_get(self.actor, task.pk, audit_action=None)).data,
                        status=status.HTTP_201_CREATED)


class TaskDoneView(ActorView):
    permission = READ
    targets = {"task_id": _task}

    @extend_schema(request=None, responses=TaskOut)
    def post(self, request, task_id):
        services.task_done(actor=self.actor, task_id=task_id)
        return Response(TaskOut(selectors.task_get(self.actor, task_id, audit_action=None)).data)


