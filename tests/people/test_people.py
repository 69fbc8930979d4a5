"""People: create, edit, contact methods, relationships, search through the blind index (exact here;
names spelt differently in tests/people/test_fuzzy_search.py)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from offramp.people import services
from offramp.people.models import PersonIdentifier
from offramp.people.selectors import person_search


@pytest.mark.parametrize("query", [
    {"name": "zephyrine"}, {"name": "ZEPHYRINE"}, {"name": "Zephyrine  Quillbottom"},
    {"phone": "202-555-0147"}, {"phone": "+1 (202) 555 0147"}, {"email": "ZQ@Example.org "},
])
def test_exact_search_finds_normalised_forms(world, query):
    assert list(person_search(world.actor("manager"), **query)) == [world.client_person]


@pytest.mark.parametrize("query", [{"name": "bartholomew"}, {"name": "ze"}, {"phone": "555 0147"},
                                   {"email": "zq@example.com"}])
def test_partial_or_wrong_values_find_no_one(world, query):
    assert list(person_search(world.actor("manager"), **query)) == []


def test_aliases_and_accents_are_searchable(world):
    actor = world.actor("responder")
    person = services.person_create(actor=actor, given_name="José", family_name="Núñez", aliases="Pepe\nJ.N.")
    for name in ("jose nunez", "Pepe", "NUNEZ"):
        assert list(person_search(actor, name=name)) == [person]


def test_blind_index_holds_no_plain_values(world):
    digests = list(PersonIdentifier.objects.values_list("digest", flat=True))
    assert digests and all(len(d) == 64 for d in digests)
    assert not any("zephyrine" in d or "2025550147" in d for d in digests)


def test_blind_index_differs_between_organisations(world):
    from offramp.core.crypto import blind_index

    assert blind_index(world.org.pk, "name", "smith") != blind_index(world.other_org.pk, "name", "smith")


def test_editing_names_updates_the_index(world):
    actor = world.actor("manager")
    services.person_update(actor=actor, person_id=world.client_person.pk, given_name="Zephy", family_name="Quill")
    assert list(person_search(actor, name="zephy quill")) == [world.client_person]
    assert list(person_search(actor, name="quillbottom")) == [world.mother]


def test_invalid_details_get_specific_messages(world):
    actor = world.actor("manager")
    with pytest.raises(ValidationError) as error:
        services.person_create(actor=actor, given_name="", family_name="", date_of_birth=date(2999, 1, 1))
    assert set(error.value.message_dict) == {"given_name", "date_of_birth"}
    with pytest.raises(ValidationError) as error:
        services.contact_method_add(actor=actor, person_id=world.client_person.pk, kind="email", value="not-an-email")
    assert "e-mail address like" in str(error.value)
    with pytest.raises(ValidationError):
        services.contact_method_add(actor=actor, person_id=world.client_person.pk, kind="phone", value="12")


def test_form_keeps_typed_values_on_error(world):
    response = world.client("manager").post(reverse("person_create"), {
        "given_name": "Tamsin", "family_name": "Oduya", "email": "tamsin-at-example", "date_of_birth": "2010-02-30"})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="Tamsin"' in body and 'value="Oduya"' in body and "Enter a valid date." in body


def test_create_person_page_with_contacts(world):
    response = world.client("responder").post(reverse("person_create"), {
        "given_name": "Tamsin", "family_name": "Oduya", "phone": "(212) 555-0199", "email": "t.oduya@example.org"})
    assert response.status_code == 302
    page = world.client("responder").get(response["Location"]).content.decode()
    assert "Tamsin Oduya" in page and "t.oduya@example.org" in page


def test_relationships_show_only_people_the_viewer_may_see(world):
    manager = world.actor("manager")
    hidden = services.person_create(actor=world.actor("supervisor"), given_name="Hollis", family_name="Brandywine")
    services.relationship_add(actor=world.actor("supervisor"), person_id=hidden.pk, kind="friend",
                              other_id=world.client_person.pk)
    services.relationship_add(actor=manager, person_id=world.mother.pk, kind="parent", other_id=world.client_person.pk)
    mentor_view = world.client("mentor").get(reverse("person_detail", args=[world.client_person.pk])).content.decode()
    assert "Marguerite" in mentor_view and "Hollis" not in mentor_view


def test_roles_without_editing_rights_cannot_create_people(world):
    assert world.client("mentor").get(reverse("person_create")).status_code == 403
    with pytest.raises(Exception):  # noqa: B017 - Forbidden
        services.person_create(actor=world.actor("mentor"), given_name="X")


def test_finder_on_case_page_adds_participant(world):
    client = world.client("manager")
    newcomer = services.person_create(actor=world.actor("manager"), given_name="Calloway", family_name="Pemberton")
    page = client.post(reverse("case_detail", args=[world.case.pk]), {"find-name": "pemberton"}).content.decode()
    assert "Calloway Pemberton" in page
    response = client.post(reverse("case_participant_add", args=[world.case.pk]),
                           {"person": str(newcomer.pk), "role": "collateral"})
    assert response.status_code == 302
    assert world.case.participants.filter(person=newcomer, role="collateral").exists()


def test_supervisor_people_pages_skip_people_only_on_restricted_cases(world):
    from offramp.cases.services import case_open
    from offramp.people.selectors import people_page

    manager = world.actor("manager")
    hidden = services.person_create(actor=manager, given_name="Ottoline", family_name="Hidden")
    case_open(actor=manager, kind="prevention", restricted=True, participants=[(hidden.pk, "client")])
    extra = [services.person_create(actor=manager, given_name=f"Visible{i}", family_name="Person") for i in range(30)]
    for person in extra:
        case_open(actor=manager, kind="prevention", participants=[(person.pk, "client")])
    supervisor = world.actor("supervisor")
    first, second = people_page(supervisor, 1), people_page(supervisor, 2)
    seen = [p.pk for p in first] + [p.pk for p in second]
    assert len(first) == 25 and first.has_next and second.has_previous and not second.has_next
    assert hidden.pk not in seen and len(seen) == len(set(seen)) == 32  # 30 new, plus client and mother
    api = world.client("supervisor").get("/api/v1/people/", {"page": 2}).json()
    assert api["previous"] and api["next"] is None and len(api["results"]) == 7
