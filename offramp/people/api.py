"""The API of people: listing, finding, reading and changing people, their contacts and relationships."""

from functools import partial

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from offramp.api.fields import MomentField
from offramp.api.views import ActorView, ListView
from offramp.core.access import CASEWORK
from offramp.core.audit import Action, audit_read

from . import selectors as people_selectors
from . import services as people_services
from .models import ContactMethod, Relationship


class ContactOut(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field, popped by DRF's metaclass; Field.label is untouched
    safe_to_contact = serializers.BooleanField()


class PersonOut(serializers.Serializer):
    id = serializers.UUIDField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    aliases = serializers.ListField(source="alias_list", child=serializers.CharField())
    date_of_birth = serializers.CharField(allow_null=True)
    pronouns = serializers.CharField()
    languages = serializers.CharField()
    created_at = MomentField()


class PersonDetailOut(PersonOut):
    contact_methods = ContactOut(many=True, source="contact_methods.all")


class ContactIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ContactMethod.Kind.choices)
    value = serializers.CharField(max_length=500)
    label = serializers.CharField(max_length=60, required=False, default="", allow_blank=True)  # type: ignore[assignment]  # a declared field, popped by DRF's metaclass; Field.label is untouched
    safe_to_contact = serializers.BooleanField(required=False, default=True)


class PersonIn(serializers.Serializer):
    given_name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    family_name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    aliases = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    pronouns = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    languages = serializers.CharField(max_length=120, required=False, default="", allow_blank=True)


class PersonCreateIn(PersonIn):
    contacts = ContactIn(many=True, required=False, default=list)


class RelationshipIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Relationship.Kind.choices)
    other = serializers.UUIDField()


class SearchIn(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, default="", allow_blank=True)


# What each URL id names, checked without writing a view event (the service audits the work).
_person = partial(people_selectors.person_get, audit=False)


class PeopleView(ListView):
    permission = CASEWORK
    serializer_class = PersonOut

    @extend_schema(responses=PersonOut(many=True))
    def get(self, request):
        page = self.paginator.use_window(people_selectors.people_page(self.actor, request.query_params.get("page")),
                                         request)
        audit_read(self.actor, action=Action.LIST, object_type="person", count=len(page))
        return self.get_paginated_response(PersonOut(page, many=True).data)

    @extend_schema(request=PersonCreateIn, responses={201: PersonDetailOut})
    def post(self, request):
        person = people_services.person_create(actor=self.actor, **self.parse(PersonCreateIn))
        return Response(PersonDetailOut(person).data, status=status.HTTP_201_CREATED)


class PeopleSearchView(ActorView):
    """Exact-match search. POST, so that names and numbers never appear in URLs or access logs."""

    permission = CASEWORK

    @extend_schema(request=SearchIn, responses=PersonOut(many=True))
    def post(self, request):
        terms = self.parse(SearchIn)
        if not any(terms.values()):
            raise ValidationError({"name": _("Give a name, a phone number or an e-mail address to search for.")})
        people = people_selectors.person_search(self.actor, **terms)
        people_selectors.audit_person_search(self.actor, terms=terms, count=len(people))
        return Response(PersonOut(people, many=True).data)


class PersonView(ActorView):
    permission = CASEWORK
    targets = {"person_id": _person}

    @extend_schema(responses=PersonDetailOut)
    def get(self, request, person_id):
        return Response(PersonDetailOut(people_selectors.person_get(self.actor, person_id)).data)

    @extend_schema(request=PersonIn, responses=PersonDetailOut)
    def put(self, request, person_id):
        person = people_services.person_update(actor=self.actor, person_id=person_id, **self.parse(PersonIn))
        return Response(PersonDetailOut(person).data)


class PersonContactsView(ActorView):
    permission = CASEWORK
    targets = {"person_id": _person}

    @extend_schema(request=ContactIn, responses={201: ContactOut})
    def post(self, request, person_id):
        contact = people_services.contact_method_add(actor=self.actor, person_id=person_id, **self.parse(ContactIn))
        return Response(ContactOut(contact).data, status=status.HTTP_201_CREATED)


class PersonRelationshipsView(ActorView):
    permission = CASEWORK
    targets = {"person_id": _person}

    @extend_schema(request=RelationshipIn, responses={201: None})
    def post(self, request, person_id):
        data = self.parse(RelationshipIn)
        people_services.relationship_add(actor=self.actor, person_id=person_id, kind=data["kind"], other_id=data["other"])
        return Response(status=status.HTTP_201_CREATED)


class PersonContactView(ActorView):
    permission = CASEWORK

    @extend_schema(responses={204: None})
    def delete(self, request, person_id, contact_id):
        people_services.contact_method_remove(actor=self.actor, person_id=person_id, contact_id=contact_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
