"""People not known by name: a family case opened from an anonymous helpline contact makes placeholder
people ("Anonymous caller", "Person of concern") who are shown as such on their case and kept out of
People, the finder, the pickers and the API's list and search until someone names them."""

from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from offramp.cases.models import Case
from offramp.helpline.services import contacts
from offramp.people import services
from offramp.people.models import Person


def _anonymous_case(world):
    contact = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                                   caller_phone="+1 212 555 0199")
    world.client("responder").post(reverse("contact_open_case", args=[contact.pk]))
    case = Case.objects.get(helpline_contacts=contact)
    people = {p.role: p.person for p in case.participants.select_related("person")}
    return case, people["client"], people["person_of_concern"]


def _listed(client, person) -> bool:
    return reverse("person_detail", args=[person.pk]) in client.get(reverse("person_list")).content.decode()


def test_the_placeholder_people_of_an_anonymous_contact_are_marked_and_shown_as_such_on_their_case(world):
    case, caller, concern = _anonymous_case(world)
    assert caller.anonymous and concern.anonymous
    assert caller.given_name == "Anonymous caller" and concern.given_name == "Person of concern"
    page = world.client("responder").get(reverse("case_detail", args=[case.pk])).content.decode()
    link = f'<a href="{reverse("person_detail", args=[caller.pk])}" class="anonymous">Anonymous caller</a>'
    assert link in page and "(not named yet)" in page
    # Still reachable from the case.
    person_page = world.client("responder").get(reverse("person_detail", args=[caller.pk]))
    assert person_page.status_code == 200 and "Not named yet" in person_page.content.decode()


def test_a_named_caller_and_person_of_concern_are_people_like_any_other(world):
    contact = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                                   caller_name="Wilhelmina", concern_name="Bertram")
    world.client("responder").post(reverse("contact_open_case", args=[contact.pk]))
    case = Case.objects.get(helpline_contacts=contact)
    assert not any(p.person.anonymous for p in case.participants.select_related("person"))
    assert all(_listed(world.client("responder"), p.person) for p in case.participants.select_related("person"))


@pytest.mark.parametrize("persona", ["responder", "supervisor"])  # the creator, and someone who sees everyone
def test_anonymous_people_stay_out_of_the_people_list_and_search(world, persona):
    case, caller, concern = _anonymous_case(world)
    client = world.client(persona)
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 200  # they can see the case
    assert not _listed(client, caller) and not _listed(client, concern)
    for terms in ({"name": "Anonymous caller"}, {"name": "anonymous"}, {"phone": "+1 212 555 0199"}):
        found = client.post(reverse("person_list"), terms).content.decode()
        assert reverse("person_detail", args=[caller.pk]) not in found
        api = client.post("/api/v1/people/search/", terms, content_type="application/json").json()
        assert api == []
    listed = client.get("/api/v1/people/").json()
    ids = {row["id"] for row in listed["results"]}
    assert str(caller.pk) not in ids and str(concern.pk) not in ids


def test_anonymous_people_are_not_offered_or_accepted_by_the_pickers(world):
    case, caller, _concern = _anonymous_case(world)
    client = world.client("supervisor")
    # The finder on another person's page (relationship picker) finds no one by the placeholder or phone.
    page = client.post(reverse("person_detail", args=[world.client_person.pk]),
                       {"find-phone": "+1 212 555 0199", "find-name": ""}).content.decode()
    assert f'value="{caller.pk}"' not in page
    refused = client.post(reverse("relationship_add", args=[world.client_person.pk]),
                          {"kind": "friend", "other": str(caller.pk)})
    assert refused.status_code == 400
    assert not world.client_person.relationships.filter(other=caller).exists()
    # The case's "add a person" picker refuses them too.
    refused = world.client("supervisor").post(reverse("case_participant_add", args=[world.case.pk]),
                                           {"person": str(caller.pk), "role": "collateral"})
    assert refused.status_code == 400 and "has no name yet" in refused.content.decode()
    assert not world.case.participants.filter(person=caller).exists()


def test_giving_a_name_clears_the_flag_and_brings_them_into_lists_and_search(world):
    _case, caller, concern = _anonymous_case(world)
    client = world.client("responder")
    form = client.get(reverse("person_edit", args=[caller.pk])).content.decode()
    assert 'value="Anonymous caller"' not in form  # the form asks for their name
    response = client.post(reverse("person_edit", args=[caller.pk]), {"given_name": "Wilhelmina", "family_name": ""})
    assert response.status_code == 302
    caller.refresh_from_db()
    assert not caller.anonymous and _listed(client, caller)
    found = client.post(reverse("person_list"), {"name": "wilhelmina"}).content.decode()
    assert reverse("person_detail", args=[caller.pk]) in found
    # The placeholder given back unchanged (through the API) does not name them.
    response = client.put(f"/api/v1/people/{concern.pk}/", {"given_name": "Person of concern"},
                          content_type="application/json")
    assert response.status_code == 200
    concern.refresh_from_db()
    assert concern.anonymous and not _listed(client, concern)
    services.person_update(actor=world.actor("responder"), person_id=concern.pk, given_name="Bertram")
    concern.refresh_from_db()
    assert not concern.anonymous


def test_another_organisation_cannot_reach_an_anonymous_person(world):
    _case, caller, _concern = _anonymous_case(world)
    assert world.client("outsider").get(reverse("person_detail", args=[caller.pk])).status_code == 404
    assert world.client("outsider").get(f"/api/v1/people/{caller.pk}/").status_code == 404


@pytest.fixture
def _audit_table_flushable(transactional_db):
    """The test ends with a flush (DELETE on SQLite), which the append-only triggers refuse."""
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_delete")
            cursor.execute("DELETE FROM core_auditevent")
            for statement in import_module("offramp.core.migrations.0002_audit_chain").SQLITE:
                cursor.execute(statement)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_audit_table_flushable")
def test_the_migration_marks_the_placeholder_people_already_made():
    from offramp.core.services import organization_create
    from tests.conftest import make_user

    org = organization_create(name="Northstar Exit", slug="northstar")
    user = make_user("manager@northstar.test", org)
    final = MigrationExecutor(connection).loader.graph.leaf_nodes()
    executor = MigrationExecutor(connection)
    executor.migrate([("people", "0001_initial")])
    executor.loader.build_graph()
    old = executor.loader.project_state([("people", "0001_initial")]).apps.get_model("people", "Person")
    made = {name: old.objects.create(organization_id=org.pk, given_name=name, family_name=family,
                                     created_by_id=user.pk).pk
            for name, family in (("Anonymous caller", ""), ("Persona que preocupa", ""),
                                 ("Person of concern", "Smith"), ("Wilhelmina", ""))}
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(final)
    flags = dict(Person.objects.values_list("pk", "anonymous"))
    assert flags == {made["Anonymous caller"]: True, made["Persona que preocupa"]: True,
                     made["Person of concern"]: False, made["Wilhelmina"]: False}
