"""The API: one view per resource, calling the same services and selectors as the pages."""

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import APIView

from offramp.cases import lifecycle
from offramp.cases import selectors as case_selectors
from offramp.cases import services as case_services
from offramp.core.access import CASEWORK_ROLES, Actor, Forbidden
from offramp.core.audit import Action, audit_read
from offramp.core.models import Role
from offramp.core.selectors import audit_events
from offramp.core.workqueue import work_queue
from offramp.helpline import contacts as helpline_contacts
from offramp.helpline import reports as helpline_reports
from offramp.helpline import selectors as helpline_selectors
from offramp.helpline import services as helpline_services
from offramp.helpline.selectors import HELPLINE_ROLES
from offramp.people import selectors as people_selectors
from offramp.people import services as people_services

from . import serializers as s
from .authentication import actor_of

# What each URL id names, checked without writing a view event (the service audits the work).
_person = partial(people_selectors.person_get, audit=False)
_case = partial(case_selectors.case_get, audit_action=None)
_contact = partial(helpline_selectors.contact_get, audit=False)


class ActorView(APIView):
    """Base: the acting member, with the organisation roles this endpoint needs."""

    roles: tuple[str, ...] = ()
    write_roles: tuple[str, ...] = ()  # for changes, where they need more than reading (the service checks too)
    access_policy = "api:staff"
    # The records the URL names, checked before a body's errors are answered, so a request about
    # someone else's record gets the same 404 whatever its body: {URL keyword: selector(actor, id)}.
    targets: dict[str, Callable[[Actor, Any], object]] = {}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        roles = self.write_roles if request.method not in SAFE_METHODS and self.write_roles else self.roles
        if roles and not actor_of(request).has(*roles):
            raise Forbidden

    @property
    def actor(self) -> Actor:
        return actor_of(self.request)

    def check_targets(self) -> None:
        for keyword, check in self.targets.items():
            check(self.actor, self.kwargs[keyword])

    def parse(self, serializer_class, data=None) -> dict:
        """The body, validated strictly: an object, with no field the endpoint does not know (read-only
        fields such as an id may come back as they were read, and are ignored)."""
        data = self.request.data if data is None else data
        serializer = serializer_class(data=data)
        errors = {} if serializer.is_valid() else dict(serializer.errors)
        if isinstance(data, Mapping):
            unknown = sorted(str(key)[:60] for key in data if key not in serializer.fields)
            if unknown:
                errors["unknown_fields"] = [_("This endpoint does not take: %(names)s.") % {"names": ", ".join(unknown)}]
        if errors:
            self.check_targets()
            raise exceptions.ValidationError(errors)
        return serializer.validated_data


class ListView(ActorView, generics.GenericAPIView):
    def page(self, queryset, serializer_class, audit_type: str):
        page = self.paginate_queryset(queryset)
        audit_read(self.actor, action=Action.LIST, object_type=audit_type, count=len(page))
        return self.get_paginated_response(serializer_class(page, many=True).data)


class MeView(ActorView):
    @extend_schema(responses=s.MeOut)
    def get(self, request):
        actor = self.actor
        return Response(s.MeOut({"email": actor.user.email, "display_name": actor.user.display_name,
                                 "organization": actor.organization.name, "roles": sorted(actor.roles)}).data)


class PeopleView(ListView):
    roles = CASEWORK_ROLES
    serializer_class = s.PersonOut

    @extend_schema(responses=s.PersonOut(many=True))
    def get(self, request):
        page = self.paginator.use_window(people_selectors.people_page(self.actor, request.query_params.get("page")),
                                         request)
        audit_read(self.actor, action=Action.LIST, object_type="person", count=len(page))
        return self.get_paginated_response(s.PersonOut(page, many=True).data)

    @extend_schema(request=s.PersonCreateIn, responses={201: s.PersonDetailOut})
    def post(self, request):
        person = people_services.person_create(actor=self.actor, **self.parse(s.PersonCreateIn))
        return Response(s.PersonDetailOut(person).data, status=status.HTTP_201_CREATED)


class PeopleSearchView(ActorView):
    """Exact-match search. POST, so that names and numbers never appear in URLs or access logs."""

    roles = CASEWORK_ROLES

    @extend_schema(request=s.SearchIn, responses=s.PersonOut(many=True))
    def post(self, request):
        terms = self.parse(s.SearchIn)
        if not any(terms.values()):
            raise ValidationError({"name": _("Give a name, a phone number or an e-mail address to search for.")})
        people = people_selectors.person_search(self.actor, **terms)
        people_selectors.audit_person_search(self.actor, terms=terms, count=len(people))
        return Response(s.PersonOut(people, many=True).data)


class PersonView(ActorView):
    roles = CASEWORK_ROLES
    targets = {"person_id": _person}

    @extend_schema(responses=s.PersonDetailOut)
    def get(self, request, person_id):
        return Response(s.PersonDetailOut(people_selectors.person_get(self.actor, person_id)).data)

    @extend_schema(request=s.PersonIn, responses=s.PersonDetailOut)
    def put(self, request, person_id):
        person = people_services.person_update(actor=self.actor, person_id=person_id, **self.parse(s.PersonIn))
        return Response(s.PersonDetailOut(person).data)


class PersonContactsView(ActorView):
    roles = CASEWORK_ROLES
    targets = {"person_id": _person}

    @extend_schema(request=s.ContactIn, responses={201: s.ContactOut})
    def post(self, request, person_id):
        contact = people_services.contact_method_add(actor=self.actor, person_id=person_id, **self.parse(s.ContactIn))
        return Response(s.ContactOut(contact).data, status=status.HTTP_201_CREATED)


class PersonRelationshipsView(ActorView):
    roles = CASEWORK_ROLES
    targets = {"person_id": _person}

    @extend_schema(request=s.RelationshipIn, responses={201: None})
    def post(self, request, person_id):
        data = self.parse(s.RelationshipIn)
        people_services.relationship_add(actor=self.actor, person_id=person_id, kind=data["kind"], other_id=data["other"])
        return Response(status=status.HTTP_201_CREATED)


class CasesView(ListView):
    roles = CASEWORK_ROLES
    serializer_class = s.CaseOut

    @extend_schema(responses=s.CaseOut(many=True))
    def get(self, request):
        params = request.query_params
        cases = case_selectors.case_list(self.actor, status=params.get("status", ""), kind=params.get("kind", ""),
                                         mine=params.get("mine") == "true", reference=params.get("reference", ""))
        return self.page(cases, s.CaseOut, "case")

    @extend_schema(request=s.CaseIn, responses={201: s.CaseOut})
    def post(self, request):
        case = case_services.case_open(actor=self.actor, **self.parse(s.CaseIn))
        return Response(s.CaseOut(case).data, status=status.HTTP_201_CREATED)


def _case_detail(actor: Actor, case, access) -> dict:
    data = {
        **s.CaseOut(case).data,
        "summary": case.summary,
        "participants": s.ParticipantOut(case_selectors.case_participants(case), many=True).data,
        "team": s.TeamOut(case_selectors.case_team(case), many=True).data,
        "allowed_transitions": [m.to_status for m in lifecycle.allowed_moves(case.kind, case.status, case.status_before_pause)]
        if access.manage else [],
    }
    return data


class CaseView(ActorView):
    roles = CASEWORK_ROLES

    @extend_schema(responses=s.CaseDetailOut)
    def get(self, request, case_id):
        case, access = case_selectors.case_get(self.actor, case_id)
        return Response(_case_detail(self.actor, case, access))


class CaseTransitionView(ActorView):
    roles = CASEWORK_ROLES
    targets = {"case_id": _case}

    @extend_schema(request=s.TransitionIn, responses=s.CaseOut)
    def post(self, request, case_id):
        case = case_services.case_transition(actor=self.actor, case_id=case_id, **self.parse(s.TransitionIn))
        return Response(s.CaseOut(case).data)


class CaseParticipantsView(ActorView):
    roles = CASEWORK_ROLES
    targets = {"case_id": _case}

    @extend_schema(request=s.ParticipantIn, responses={201: s.ParticipantOut})
    def post(self, request, case_id):
        data = self.parse(s.ParticipantIn)
        participant = case_services.case_participant_add(actor=self.actor, case_id=case_id,
                                                         person_id=data["person"], role=data["role"])
        return Response(s.ParticipantOut(participant).data, status=status.HTTP_201_CREATED)


class CaseTeamView(ActorView):
    roles = CASEWORK_ROLES
    targets = {"case_id": _case}

    @extend_schema(request=s.TeamIn, responses={201: s.TeamOut})
    def post(self, request, case_id):
        member = case_services.case_team_add_by_email(actor=self.actor, case_id=case_id, **self.parse(s.TeamIn))
        return Response(s.TeamOut(member).data, status=status.HTTP_201_CREATED)


class CaseBreakGlassView(ActorView):
    roles = (Role.SUPERVISOR,)
    targets = {"case_id": case_selectors.break_glass_case}

    @extend_schema(request=s.ReasonIn, responses={201: None})
    def post(self, request, case_id):
        case_services.case_break_glass(actor=self.actor, case_id=case_id, **self.parse(s.ReasonIn))
        return Response(status=status.HTTP_201_CREATED)


class CaseNotesView(ListView):
    roles = CASEWORK_ROLES
    targets = {"case_id": _case}
    serializer_class = s.NoteOut

    @extend_schema(responses=s.NoteOut(many=True))
    def get(self, request, case_id):
        case, _access = case_selectors.case_get(self.actor, case_id)
        notes = case_selectors.case_timeline(self.actor, case).prefetch_related(None).select_related("author")
        return self.page(notes, s.NoteOut, "note")

    @extend_schema(request=s.NoteIn, responses={201: s.NoteOut})
    def post(self, request, case_id):
        note = case_services.note_create(actor=self.actor, case_id=case_id, **self.parse(s.NoteIn))
        return Response(s.NoteOut(note).data, status=status.HTTP_201_CREATED)


class NoteView(ActorView):
    roles = CASEWORK_ROLES
    targets = {"note_id": case_selectors.note_get}

    @extend_schema(request=s.NoteUpdateIn, responses=s.NoteOut)
    def put(self, request, note_id):
        """Change your own draft; signed notes are final (add an addendum instead)."""
        return Response(s.NoteOut(case_services.note_update(actor=self.actor, note_id=note_id,
                                                            **self.parse(s.NoteUpdateIn))).data)


class ClockDelayView(ActorView):
    roles = (Role.SUPERVISOR,)
    targets = {"clock_id": case_selectors.response_clock_get}

    @extend_schema(request=s.DelayIn, responses=s.ClockOut)
    def post(self, request, clock_id):
        """A supervisor authorises a later reply to a client's message (E1)."""
        clock = case_services.response_delay_authorise(actor=self.actor, clock_id=clock_id, **self.parse(s.DelayIn))
        return Response(s.ClockOut(clock).data)


class PersonContactView(ActorView):
    roles = CASEWORK_ROLES

    @extend_schema(responses={204: None})
    def delete(self, request, person_id, contact_id):
        people_services.contact_method_remove(actor=self.actor, person_id=person_id, contact_id=contact_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class NoteSignView(ActorView):
    roles = CASEWORK_ROLES

    @extend_schema(request=None, responses=s.NoteOut)
    def post(self, request, note_id):
        return Response(s.NoteOut(case_services.note_sign(actor=self.actor, note_id=note_id)).data)


class NoteAddendumView(ActorView):
    roles = CASEWORK_ROLES
    targets = {"note_id": case_selectors.note_get}

    @extend_schema(request=s.AddendumIn, responses={201: s.NoteOut})
    def post(self, request, note_id):
        note = case_services.note_add_addendum(actor=self.actor, note_id=note_id, **self.parse(s.AddendumIn))
        return Response(s.NoteOut(note).data, status=status.HTTP_201_CREATED)


class WorkQueueView(ActorView):
    @extend_schema(responses=s.QueueItemOut(many=True))
    def get(self, request):
        return Response(s.QueueItemOut(work_queue(self.actor), many=True).data)


class AuditEventsView(ListView):
    roles = (Role.ORG_ADMIN, Role.AUDITOR)
    serializer_class = s.AuditEventOut

    @extend_schema(responses=s.AuditEventOut(many=True))
    def get(self, request):
        params = request.query_params
        events = audit_events(self.actor, action=params.get("action", ""), object_type=params.get("object_type", ""),
                              object_id=params.get("object_id", ""))
        return self.page(events, s.AuditEventOut, "audit_event")


class ResourcesView(ListView):
    serializer_class = s.ResourceSerializer
    write_roles = (Role.ORG_ADMIN,)

    @extend_schema(parameters=[OpenApiParameter(name, str, required=False)
                               for name in ("q", "category", "language", "region")],
                   responses=s.ResourceSerializer(many=True))
    def get(self, request):
        params = {k: request.query_params.get(k, "") for k in ("q", "category", "language", "region")}
        resources = helpline_selectors.resources_for(self.actor, include_unlisted=self.actor.has(Role.ORG_ADMIN),
                                                     **params)
        return self.page(resources, s.ResourceSerializer, "resource")

    @extend_schema(request=s.ResourceIn, responses={201: s.ResourceSerializer})
    def post(self, request):
        resource = helpline_services.resource_create(actor=self.actor, data=self.parse(s.ResourceIn))
        return Response(s.ResourceSerializer(resource).data, status=status.HTTP_201_CREATED)


class ResourceView(ActorView):
    write_roles = (Role.ORG_ADMIN,)
    targets = {"resource_id": helpline_selectors.resource_get}

    @extend_schema(responses=s.ResourceSerializer)
    def get(self, request, resource_id):
        return Response(s.ResourceSerializer(helpline_selectors.resource_get(self.actor, resource_id)).data)

    @extend_schema(request=s.ResourceIn, responses=s.ResourceSerializer)
    def put(self, request, resource_id):
        resource = helpline_services.resource_update(actor=self.actor, resource_id=resource_id,
                                                     data=self.parse(s.ResourceIn))
        return Response(s.ResourceSerializer(resource).data)


class ContactsView(ListView):
    roles = HELPLINE_ROLES
    serializer_class = s.HelplineContactOut

    @extend_schema(responses=s.HelplineContactOut(many=True))
    def get(self, request):
        contacts = helpline_selectors.contacts_visible_to(self.actor).order_by("-received_at")
        return self.page(contacts, s.HelplineContactOut, "helpline_contact")

    @extend_schema(request=s.HelplineContactIn, responses={201: s.HelplineContactOut})
    def post(self, request):
        data = self.parse(s.HelplineContactIn)
        terms = {field: data.pop(field) for field in helpline_contacts.TERM_FIELDS}
        contact = helpline_contacts.contact_log(actor=self.actor, terms=terms,
                                                resource_ids=data.pop("resources_given"), **data)
        return Response(s.HelplineContactOut(contact).data, status=status.HTTP_201_CREATED)


class ContactView(ActorView):
    roles = HELPLINE_ROLES

    @extend_schema(responses=s.HelplineContactOut)
    def get(self, request, contact_id):
        return Response(s.HelplineContactOut(helpline_selectors.contact_get(self.actor, contact_id)).data)


class ContactClaimView(ActorView):
    """Take on a contact nobody has taken yet."""

    roles = HELPLINE_ROLES

    @extend_schema(request=None, responses=s.HelplineContactOut)
    def post(self, request, contact_id):
        return Response(s.HelplineContactOut(helpline_contacts.contact_claim(actor=self.actor,
                                                                           contact_id=contact_id)).data)


class ContactReleaseView(ActorView):
    """Hand a contact back to the team's unassigned list."""

    roles = HELPLINE_ROLES

    @extend_schema(request=None, responses=s.HelplineContactOut)
    def post(self, request, contact_id):
        return Response(s.HelplineContactOut(helpline_contacts.contact_release(actor=self.actor,
                                                                             contact_id=contact_id)).data)


class ContactAssignView(ActorView):
    """Supervisors: give a contact to a responder, named by e-mail."""

    roles = (Role.SUPERVISOR,)
    targets = {"contact_id": _contact}

    @extend_schema(request=s.AssignIn, responses=s.HelplineContactOut)
    def post(self, request, contact_id):
        contact = helpline_contacts.contact_assign(actor=self.actor, contact_id=contact_id, **self.parse(s.AssignIn))
        return Response(s.HelplineContactOut(contact).data)


class ContactMergeView(ActorView):
    """Fold a duplicate contact (named by reference) into this one, with the reason."""

    roles = HELPLINE_ROLES
    targets = {"contact_id": _contact}

    @extend_schema(request=s.MergeIn, responses={201: s.ContactMergeOut})
    def post(self, request, contact_id):
        merge = helpline_contacts.contact_merge(actor=self.actor, contact_id=contact_id, **self.parse(s.MergeIn))
        return Response(s.ContactMergeOut(merge).data, status=status.HTTP_201_CREATED)


class HelpRequestsView(ListView):
    """Public call-back requests waiting: new ones, and those the caller of the API has claimed."""

    roles = HELPLINE_ROLES
    serializer_class = s.HelpRequestOut

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "user_id": self.actor.user.pk}

    @extend_schema(responses=s.HelpRequestOut(many=True))
    def get(self, request):
        page = self.paginate_queryset(helpline_selectors.help_requests_waiting(self.actor))
        audit_read(self.actor, action=Action.LIST, object_type="help_request", count=len(page))
        return self.get_paginated_response(s.HelpRequestOut(page, many=True, context=self.get_serializer_context()).data)


class HelpRequestClaimView(ActorView):
    roles = HELPLINE_ROLES

    @extend_schema(request=None, responses=s.HelpRequestOut)
    def post(self, request, request_id):
        help_request = helpline_contacts.help_request_claim(actor=self.actor, request_id=request_id)
        return Response(s.HelpRequestOut(help_request, context={"user_id": self.actor.user.pk}).data)


class HelpRequestAssignView(ActorView):
    """Supervisors: give a web request to a responder, named by e-mail."""

    roles = (Role.SUPERVISOR,)
    targets = {"request_id": helpline_selectors.help_request_get}

    @extend_schema(request=s.AssignIn, responses=s.HelpRequestOut)
    def post(self, request, request_id):
        help_request = helpline_contacts.help_request_assign(actor=self.actor, request_id=request_id,
                                                             **self.parse(s.AssignIn))
        return Response(s.HelpRequestOut(help_request, context={"user_id": self.actor.user.pk}).data)


class HelpRequestDoneView(ActorView):
    roles = HELPLINE_ROLES

    @extend_schema(request=None, responses=s.HelpRequestOut)
    def post(self, request, request_id):
        help_request = helpline_contacts.help_request_done(actor=self.actor, request_id=request_id)
        return Response(s.HelpRequestOut(help_request, context={"user_id": self.actor.user.pk}).data)


class ContactFollowUpsView(ActorView):
    roles = HELPLINE_ROLES
    targets = {"contact_id": _contact}

    @extend_schema(request=s.FollowUpIn, responses={201: s.FollowUpOut})
    def post(self, request, contact_id):
        follow_up = helpline_contacts.follow_up_schedule(actor=self.actor, contact_id=contact_id,
                                                         **self.parse(s.FollowUpIn))
        return Response(s.FollowUpOut(follow_up).data, status=status.HTTP_201_CREATED)


class ContactAddendaView(ActorView):
    """What was added to a contact after it was saved; the contact itself is never rewritten."""

    roles = HELPLINE_ROLES
    targets = {"contact_id": _contact}

    @extend_schema(responses=s.ContactAddendumOut(many=True))
    def get(self, request, contact_id):
        contact = helpline_selectors.contact_get(self.actor, contact_id)
        return Response(s.ContactAddendumOut(helpline_selectors.contact_addenda(contact), many=True).data)

    @extend_schema(request=s.ContactAddendumIn, responses={201: s.ContactAddendumOut})
    def post(self, request, contact_id):
        addendum = helpline_contacts.contact_addendum_add(actor=self.actor, contact_id=contact_id,
                                                          **self.parse(s.ContactAddendumIn))
        return Response(s.ContactAddendumOut(addendum).data, status=status.HTTP_201_CREATED)


class FollowUpDoneView(ActorView):
    roles = HELPLINE_ROLES

    @extend_schema(request=None, responses=s.FollowUpOut)
    def post(self, request, follow_up_id):
        return Response(s.FollowUpOut(helpline_contacts.follow_up_complete(actor=self.actor,
                                                                         follow_up_id=follow_up_id)).data)


class HelplineFiguresView(ActorView):
    """De-identified helpline figures; counts below the organisation's threshold come as "<N", and a
    larger count hidden so that a small one cannot be worked out from the total as "≥N"
    (offramp.core.disclosure)."""

    roles = helpline_reports.REPORT_ROLES

    @extend_schema(parameters=[OpenApiParameter("weeks", int, required=False)], responses=dict)
    def get(self, request):
        figures = helpline_reports.helpline_figures(self.actor,
                                                    weeks=helpline_reports.weeks_param(request.query_params.get("weeks")))
        audit_read(self.actor, action=Action.VIEW, object_type="helpline_dashboard", count=figures["total"].value)

        def plain(value):  # a Cell is a count or "<N"/"≥N"; a Table a list of {"label", "count"}
            return value.as_json() if hasattr(value, "as_json") else value

        return Response({key: plain(value) for key, value in figures.items()})
