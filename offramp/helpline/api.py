"""The API of the helpline: contacts, follow-ups, web requests, the directory and the figures."""

from functools import partial

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from offramp.api.fields import MomentField
from offramp.api.views import ActorView, ListView
from offramp.core.audit import Action, audit_read

from . import figures as helpline_figures
from . import selectors as helpline_selectors
from .models import SAFETY_FLAGS, AgeBand, CallerRelationship, ContactChannel, Resource
from .permissions import ANSWER, EDIT_DIRECTORY, READ_FIGURES, SUPERVISE
from .services import contacts as contact_services
from .services import directory as directory_services
from .services import follow_ups as follow_up_services
from .services import merges as merge_services
from .services import queue as queue_services
from .services import web_requests as web_request_services


class ResourceSerializer(serializers.ModelSerializer):
    """A directory entry. Writes are validated by the same form as the pages and the CSV import."""

    class Meta:
        model = Resource
        fields = ["id", "name", "category", "description", "eligibility", "languages", "region", "hours",
                  "how_to_refer", "phone", "email", "website", "notes", "active", "updated_at"]
        read_only_fields = ["id", "updated_at"]


class ResourceIn(serializers.Serializer):
    """A directory entry as sent: text where text is expected (a list or object is refused), and the
    entry's id and update time accepted back unchanged; its content is checked by the directory's form."""

    id = serializers.UUIDField(read_only=True)
    updated_at = MomentField(read_only=True)
    name = serializers.CharField(max_length=200, allow_blank=True)
    category = serializers.CharField(max_length=20, allow_blank=True)
    description = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)
    eligibility = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    languages = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    region = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    hours = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    how_to_refer = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, default="", allow_blank=True)
    website = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    notes = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)
    active = serializers.BooleanField(required=False, default=True)


class HelplineContactIn(serializers.Serializer):
    channel = serializers.ChoiceField(choices=ContactChannel.choices)
    inbound = serializers.BooleanField(default=True)
    received_at = MomentField(required=False, allow_null=True, default=None)
    caller_relationship = serializers.ChoiceField(choices=CallerRelationship.choices)
    caller_name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    caller_phone = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    caller_email = serializers.EmailField(required=False, default="", allow_blank=True)
    concern_name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    concern_age_band = serializers.ChoiceField(choices=AgeBand.choices, required=False, default="")
    concern_gender = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    concern_region = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    ideologies = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    ideology_unclear = serializers.BooleanField(default=False)
    signs = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    needs = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    coaching_topics = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    resources_given = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)
    openings = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)
    summary = serializers.CharField(max_length=20000, required=False, default="", allow_blank=True)
    immediate_danger = serializers.BooleanField(default=False)
    threat_to_others = serializers.BooleanField(default=False)
    self_harm = serializers.BooleanField(default=False)
    vulnerable_at_risk = serializers.BooleanField(default=False)
    safety_unasked = serializers.ListField(
        child=serializers.ChoiceField(choices=SAFETY_FLAGS), required=False, default=list,
        help_text="Safety questions not asked (a false flag otherwise means the answer was no); say why below.")
    safety_unasked_reason = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)
    leave_unassigned = serializers.BooleanField(default=False, help_text="Leave it for the team to claim.")
    help_request = serializers.UUIDField(required=False, allow_null=True, default=None,
                                         help_text="The web request (claimed by you) this contact calls back; "
                                                   "it is answered and leaves the queue.")


class HelplineContactOut(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    received_at = MomentField()
    channel = serializers.CharField()
    inbound = serializers.BooleanField()
    caller_relationship = serializers.CharField()
    caller_name = serializers.CharField(allow_null=True)
    caller_phone = serializers.CharField(allow_null=True)
    caller_email = serializers.CharField(allow_null=True)
    concern_name = serializers.CharField(allow_null=True)
    concern_age_band = serializers.CharField()
    concern_gender = serializers.CharField()
    concern_region = serializers.CharField()
    ideology_unclear = serializers.BooleanField()
    openings = serializers.CharField(allow_null=True)
    summary = serializers.CharField(allow_null=True)
    immediate_danger = serializers.BooleanField()
    threat_to_others = serializers.BooleanField()
    self_harm = serializers.BooleanField()
    vulnerable_at_risk = serializers.BooleanField()
    safety_unasked = serializers.ListField(child=serializers.CharField())
    safety_unasked_reason = serializers.CharField(allow_null=True)
    safety_concern = serializers.BooleanField()
    emergency_alerted_at = MomentField(allow_null=True)
    consulted_at = MomentField(allow_null=True)
    consultation_confirmed_at = MomentField(allow_null=True)
    responder = serializers.IntegerField(source="responder_id")
    assigned_to = serializers.IntegerField(source="assigned_to_id", allow_null=True,
                                           help_text="User id of who takes it forward; null while unassigned.")
    case = serializers.UUIDField(source="case_id", allow_null=True)


class FollowUpIn(serializers.Serializer):
    due_at = MomentField()
    assignee = serializers.IntegerField(required=False, default=None, allow_null=True, help_text=(
        "User id of the helpline responder or supervisor of your organisation who keeps it; empty for you."))
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class FollowUpOut(serializers.Serializer):
    id = serializers.UUIDField()
    contact = serializers.UUIDField(source="contact_id")
    assigned_to = serializers.IntegerField(source="assigned_to_id")
    due_at = MomentField()
    done_at = MomentField(allow_null=True)


class ContactAddendumIn(serializers.Serializer):
    text = serializers.CharField(max_length=8000)
    resource_ids = serializers.ListField(child=serializers.UUIDField(), required=False, default=list,
                                         help_text="Directory entries sent afterwards; added to the resources given.")


class ContactAddendumOut(serializers.Serializer):
    id = serializers.UUIDField()
    contact = serializers.UUIDField(source="contact_id")
    author = serializers.IntegerField(source="author_id")
    text = serializers.CharField()
    resources_added = serializers.SerializerMethodField()
    created_at = MomentField()

    def get_resources_added(self, addendum) -> list[str]:
        return [str(r.pk) for r in addendum.resources_added.all()]


class AssignIn(serializers.Serializer):
    assignee = serializers.IntegerField(help_text=(
        "User id of a helpline responder or supervisor of your organisation (as in `responder` and "
        "`assigned_to`; yours is in /api/v1/me/). Replaces `assignee_email`."))


class MergeIn(serializers.Serializer):
    duplicate_reference = serializers.CharField(max_length=24)
    reason = serializers.CharField(max_length=1000)


class ContactMergeOut(serializers.Serializer):
    id = serializers.UUIDField()
    survivor = serializers.UUIDField(source="survivor_id")
    duplicate = serializers.UUIDField(source="duplicate_id")
    merged_at = MomentField()
    carried = serializers.ListField(child=serializers.CharField())


REACH_FIELDS = ("name", "phone", "email", "when_to_reach", "worry")


class HelpRequestOut(serializers.Serializer):
    """A public call-back request. How to reach the person, and what worries them, only for the
    responder who claimed it (as on the page)."""

    id = serializers.UUIDField()
    reference = serializers.CharField()
    created_at = MomentField()
    status = serializers.CharField()
    language = serializers.CharField()
    claimed_by = serializers.IntegerField(source="claimed_by_id", allow_null=True)
    claimed_at = MomentField(allow_null=True)
    contact = serializers.UUIDField(source="contact_id", allow_null=True, help_text="The contact that answered it.")
    name = serializers.CharField(allow_null=True, required=False)
    phone = serializers.CharField(allow_null=True, required=False)
    email = serializers.CharField(allow_null=True, required=False)
    when_to_reach = serializers.CharField(allow_null=True, required=False)
    worry = serializers.CharField(allow_null=True, required=False)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.claimed_by_id != self.context.get("user_id"):
            for field in REACH_FIELDS:
                data.pop(field, None)
        return data


# What each URL id names, checked without writing a view event (the service audits the work).
_contact = partial(helpline_selectors.contact_get, audit=False)


class ResourcesView(ListView):
    serializer_class = ResourceSerializer
    write_permission = EDIT_DIRECTORY

    @extend_schema(parameters=[OpenApiParameter(name, str, required=False)
                               for name in ("q", "category", "language", "region")],
                   responses=ResourceSerializer(many=True))
    def get(self, request):
        params = {k: request.query_params.get(k, "") for k in ("q", "category", "language", "region")}
        resources = helpline_selectors.resources_for(self.actor, include_unlisted=self.actor.can(EDIT_DIRECTORY),
                                                     **params)
        return self.page(resources, ResourceSerializer, "resource")

    @extend_schema(request=ResourceIn, responses={201: ResourceSerializer})
    def post(self, request):
        resource = directory_services.resource_create(actor=self.actor, data=self.parse(ResourceIn))
        return Response(ResourceSerializer(resource).data, status=status.HTTP_201_CREATED)


class ResourceView(ActorView):
    write_permission = EDIT_DIRECTORY
    targets = {"resource_id": helpline_selectors.resource_get}

    @extend_schema(responses=ResourceSerializer)
    def get(self, request, resource_id):
        return Response(ResourceSerializer(helpline_selectors.resource_get(self.actor, resource_id)).data)

    @extend_schema(request=ResourceIn, responses=ResourceSerializer)
    def put(self, request, resource_id):
        resource = directory_services.resource_update(actor=self.actor, resource_id=resource_id,
                                                     data=self.parse(ResourceIn))
        return Response(ResourceSerializer(resource).data)


class ContactsView(ListView):
    permission = ANSWER
    serializer_class = HelplineContactOut

    @extend_schema(responses=HelplineContactOut(many=True))
    def get(self, request):
        contacts = helpline_selectors.contacts_visible_to(self.actor).order_by("-received_at")
        return self.page(contacts, HelplineContactOut, "helpline_contact")

    @extend_schema(request=HelplineContactIn, responses={201: HelplineContactOut})
    def post(self, request):
        data = self.parse(HelplineContactIn)
        terms = {field: data.pop(field) for field in contact_services.TERM_FIELDS}
        contact = contact_services.contact_log(actor=self.actor, terms=terms,
                                               resource_ids=data.pop("resources_given"), **data)
        return Response(HelplineContactOut(contact).data, status=status.HTTP_201_CREATED)


class ContactView(ActorView):
    permission = ANSWER

    @extend_schema(responses=HelplineContactOut)
    def get(self, request, contact_id):
        return Response(HelplineContactOut(helpline_selectors.contact_get(self.actor, contact_id)).data)


class ContactClaimView(ActorView):
    """Take on a contact nobody has taken yet."""

    permission = ANSWER

    @extend_schema(request=None, responses=HelplineContactOut)
    def post(self, request, contact_id):
        return Response(HelplineContactOut(queue_services.contact_claim(actor=self.actor,
                                                                        contact_id=contact_id)).data)


class ContactReleaseView(ActorView):
    """Hand a contact back to the team's unassigned list."""

    permission = ANSWER

    @extend_schema(request=None, responses=HelplineContactOut)
    def post(self, request, contact_id):
        return Response(HelplineContactOut(queue_services.contact_release(actor=self.actor,
                                                                          contact_id=contact_id)).data)


class ContactAssignView(ActorView):
    """Supervisors: give a contact to a responder or supervisor, by user id."""

    permission = SUPERVISE
    targets = {"contact_id": _contact}

    @extend_schema(request=AssignIn, responses=HelplineContactOut)
    def post(self, request, contact_id):
        contact = queue_services.contact_assign(actor=self.actor, contact_id=contact_id, **self.parse(AssignIn))
        return Response(HelplineContactOut(contact).data)


class ContactMergeView(ActorView):
    """Fold a duplicate contact (named by reference) into this one, with the reason."""

    permission = ANSWER
    targets = {"contact_id": _contact}

    @extend_schema(request=MergeIn, responses={201: ContactMergeOut})
    def post(self, request, contact_id):
        merge = merge_services.contact_merge(actor=self.actor, contact_id=contact_id, **self.parse(MergeIn))
        return Response(ContactMergeOut(merge).data, status=status.HTTP_201_CREATED)


class HelpRequestsView(ListView):
    """Public call-back requests waiting: new ones, and those the caller of the API has claimed."""

    permission = ANSWER
    serializer_class = HelpRequestOut

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "user_id": self.actor.user.pk}

    @extend_schema(responses=HelpRequestOut(many=True))
    def get(self, request):
        page = self.paginate_queryset(helpline_selectors.help_requests_waiting(self.actor))
        audit_read(self.actor, action=Action.LIST, object_type="help_request", count=len(page))
        return self.get_paginated_response(HelpRequestOut(page, many=True, context=self.get_serializer_context()).data)


class HelpRequestClaimView(ActorView):
    permission = ANSWER

    @extend_schema(request=None, responses=HelpRequestOut)
    def post(self, request, request_id):
        help_request = web_request_services.help_request_claim(actor=self.actor, request_id=request_id)
        return Response(HelpRequestOut(help_request, context={"user_id": self.actor.user.pk}).data)


class HelpRequestAssignView(ActorView):
    """Supervisors: give a web request to a responder or supervisor, by user id."""

    permission = SUPERVISE
    targets = {"request_id": helpline_selectors.help_request_get}

    @extend_schema(request=AssignIn, responses=HelpRequestOut)
    def post(self, request, request_id):
        help_request = web_request_services.help_request_assign(actor=self.actor, request_id=request_id,
                                                                **self.parse(AssignIn))
        return Response(HelpRequestOut(help_request, context={"user_id": self.actor.user.pk}).data)


class HelpRequestDoneView(ActorView):
    permission = ANSWER

    @extend_schema(request=None, responses=HelpRequestOut)
    def post(self, request, request_id):
        help_request = web_request_services.help_request_done(actor=self.actor, request_id=request_id)
        return Response(HelpRequestOut(help_request, context={"user_id": self.actor.user.pk}).data)


class ContactFollowUpsView(ActorView):
    permission = ANSWER
    targets = {"contact_id": _contact}

    @extend_schema(request=FollowUpIn, responses={201: FollowUpOut})
    def post(self, request, contact_id):
        follow_up = follow_up_services.follow_up_schedule(actor=self.actor, contact_id=contact_id,
                                                          **self.parse(FollowUpIn))
        return Response(FollowUpOut(follow_up).data, status=status.HTTP_201_CREATED)


class ContactAddendaView(ActorView):
    """What was added to a contact after it was saved; the contact itself is never rewritten."""

    permission = ANSWER
    targets = {"contact_id": _contact}

    @extend_schema(responses=ContactAddendumOut(many=True))
    def get(self, request, contact_id):
        contact = helpline_selectors.contact_get(self.actor, contact_id)
        return Response(ContactAddendumOut(helpline_selectors.contact_addenda(contact), many=True).data)

    @extend_schema(request=ContactAddendumIn, responses={201: ContactAddendumOut})
    def post(self, request, contact_id):
        addendum = contact_services.contact_addendum_add(actor=self.actor, contact_id=contact_id,
                                                         **self.parse(ContactAddendumIn))
        return Response(ContactAddendumOut(addendum).data, status=status.HTTP_201_CREATED)


class FollowUpDoneView(ActorView):
    permission = ANSWER

    @extend_schema(request=None, responses=FollowUpOut)
    def post(self, request, follow_up_id):
        return Response(FollowUpOut(follow_up_services.follow_up_complete(actor=self.actor,
                                                                          follow_up_id=follow_up_id)).data)


class HelplineFiguresView(ActorView):
    """De-identified helpline figures; counts below the organisation's threshold come as "<N", and a
    larger count hidden so that a small one cannot be worked out from the total as "≥N"
    (offramp.core.disclosure)."""

    permission = READ_FIGURES

    @extend_schema(parameters=[OpenApiParameter("weeks", int, required=False)], responses=dict)
    def get(self, request):
        figures = helpline_figures.helpline_figures(self.actor,
                                                    weeks=helpline_figures.weeks_param(request.query_params.get("weeks")))
        audit_read(self.actor, action=Action.VIEW, object_type="helpline_dashboard", count=figures["total"].value)

        def plain(value):  # a Cell is a count or "<N"/"≥N"; a Table a list of {"label", "count"}
            return value.as_json() if hasattr(value, "as_json") else value

        return Response({key: plain(value) for key, value in figures.items()})
