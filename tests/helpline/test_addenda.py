"""Adding to a saved contact: what was forgotten or learned later, and resources sent afterwards.
The contact itself is never rewritten (E2)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from offramp.core.models import AuditEvent, Role
from offramp.helpline.models import ContactAddendum, Resource
from offramp.helpline.services import contacts, merges
from tests.conftest import make_user


@pytest.fixture
def contact(world):
    return contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                                summary="She is worried about her son's new friends.")


@pytest.fixture
def counselling(world):
    return Resource.objects.create(organization=world.org, name="Harbour Family Counselling", category="family")


def test_a_colleague_adds_what_was_learned_later_and_a_resource_sent(world, contact, counselling):
    colleague = make_user("responder2@northstar.test", world.org, Role.HELPLINE_RESPONDER)
    world.users["responder2"] = colleague
    response = world.client("responder2").post(reverse("contact_addendum", args=[contact.pk]), {
        "text": "She rang back: the school counsellor is now involved.", "resource_ids": [str(counselling.pk)]})
    assert response.status_code == 302
    page = world.client("responder").get(reverse("contact_detail", args=[contact.pk])).content.decode()
    added = page[page.index('id="addenda-heading"'):]
    assert "She rang back: the school counsellor is now involved." in added and "Responder2" in added
    assert "Harbour Family Counselling" in added
    contact.refresh_from_db()
    assert contact.summary == "She is worried about her son's new friends."  # the contact stays as it was
    assert list(contact.resources_given.all()) == [counselling]
    addendum = ContactAddendum.objects.get()
    assert AuditEvent.objects.filter(object_type="contact_addendum", object_id=str(addendum.pk),
                                     detail__contact=str(contact.pk)).exists()


def test_an_empty_addition_is_explained_and_the_ticks_are_kept(world, contact, counselling):
    response = world.client("responder").post(reverse("contact_addendum", args=[contact.pk]), {
        "text": "   ", "resource_ids": [str(counselling.pk)]})
    body = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in body  # the form's own check, before the service's
    assert re.search(rf'<input[^>]*name="resource_ids" value="{counselling.pk}"[^>]*checked', body)
    assert not ContactAddendum.objects.exists()


def test_another_organisations_resource_is_refused(world, contact):
    theirs = Resource.objects.create(organization=world.other_org, name="Across the river", category="family")
    response = world.client("responder").post(reverse("contact_addendum", args=[contact.pk]), {
        "text": "Sent a leaflet.", "resource_ids": [str(theirs.pk)]})
    assert response.status_code == 400 and not ContactAddendum.objects.exists()


@pytest.mark.parametrize("persona", ["manager", "mentor", "evaluator", "auditor", "admin"])
def test_only_the_helpline_adds_to_contacts(world, contact, persona):
    assert world.client(persona).post(reverse("contact_addendum", args=[contact.pk]),
                                      {"text": "Not mine to add."}).status_code == 403
    assert world.client(persona).get(f"/api/v1/contacts/{contact.pk}/addenda/").status_code == 403
    assert not ContactAddendum.objects.exists()


def test_another_organisation_sees_and_adds_nothing(world, contact):
    contacts.contact_addendum_add(actor=world.actor("responder"), contact_id=contact.pk, text="Private detail.")
    outsider = world.client("outsider")
    assert outsider.post(reverse("contact_addendum", args=[contact.pk]), {"text": "x"}).status_code == 404
    api = outsider.get(f"/api/v1/contacts/{contact.pk}/addenda/")
    assert api.status_code == 404 and "Private detail." not in api.content.decode()
    assert Client().get(f"/api/v1/contacts/{contact.pk}/addenda/").status_code in (401, 403)
    assert ContactAddendum.objects.count() == 1


def test_addenda_through_the_api(world, contact, counselling):
    client = world.client("responder")
    refused = client.post(f"/api/v1/contacts/{contact.pk}/addenda/", {"text": ""}, content_type="application/json")
    assert refused.status_code == 400 and "text" in refused.json()
    made = client.post(f"/api/v1/contacts/{contact.pk}/addenda/",
                       {"text": "Sent the counselling details by text.", "resource_ids": [str(counselling.pk)]},
                       content_type="application/json")
    assert made.status_code == 201 and made.json()["resources_added"] == [str(counselling.pk)]
    listed = client.get(f"/api/v1/contacts/{contact.pk}/addenda/").json()
    assert [a["text"] for a in listed] == ["Sent the counselling details by text."]


def test_a_merge_keeps_the_duplicates_additions(world, contact):
    duplicate = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent")
    contacts.contact_addendum_add(actor=world.actor("responder"), contact_id=duplicate.pk, text="Noted on the copy.")
    merges.contact_merge(actor=world.actor("supervisor"), contact_id=contact.pk,
                         duplicate_reference=duplicate.reference, reason="The same call, logged twice.")
    assert [a.text for a in ContactAddendum.objects.filter(contact=contact)] == ["Noted on the copy."]
