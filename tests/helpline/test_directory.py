"""The resource directory: every member searches it; org admins edit, import and export it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from offramp.core.models import AuditEvent
from offramp.helpline.models import Resource
from offramp.helpline.services.directory import resource_create

ENTRY = {"name": "Harborview Family Counselling", "category": "mental_health", "languages": "English, Spanish",
         "region": "County", "description": "Trauma-informed family therapy", "active": "on"}


@pytest.fixture
def entry(world):
    return resource_create(actor=world.actor("admin"), data=ENTRY)


@pytest.mark.parametrize("persona", ["manager", "mentor", "responder", "trainer", "evaluator", "auditor", "admin"])
def test_every_member_can_search(world, entry, persona):
    page = world.client(persona).get(reverse("resource_list"), {"q": "trauma family", "language": "spanish"})
    assert page.status_code == 200 and "Harborview Family Counselling" in page.content.decode()


def test_words_and_filters_narrow_the_list(world, entry):
    client = world.client("manager")
    assert "Harborview" not in client.get(reverse("resource_list"), {"q": "housing"}).content.decode()
    assert "Harborview" not in client.get(reverse("resource_list"), {"category": "legal"}).content.decode()


def test_only_org_admins_edit(world, entry):
    assert world.client("manager").get(reverse("resource_create")).status_code == 403
    assert world.client("supervisor").post(reverse("resource_edit", args=[entry.pk]), ENTRY).status_code == 403
    response = world.client("admin").post(reverse("resource_edit", args=[entry.pk]), {**ENTRY, "region": "State"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.region == "State"
    assert AuditEvent.objects.filter(object_type="resource", action="update").exists()


def test_other_organisation_cannot_see_or_edit(world, entry):
    assert world.client("outsider").get(reverse("resource_detail", args=[entry.pk])).status_code == 404
    assert world.client("outsider").post(reverse("resource_edit", args=[entry.pk]), ENTRY).status_code == 404
    assert "Harborview" not in world.client("outsider").get(reverse("resource_list")).content.decode()
    assert world.client("outsider").get(f"/api/v1/resources/{entry.pk}/").status_code == 404


def test_bad_input_keeps_what_was_typed(world):
    response = world.client("admin").post(reverse("resource_create"), {**ENTRY, "email": "not-an-email"})
    assert response.status_code == 400
    assert 'value="Harborview Family Counselling"' in response.content.decode()
    assert not Resource.objects.exists()


def test_duplicate_names_are_refused(world, entry):
    response = world.client("admin").post(reverse("resource_create"), {**ENTRY, "name": "harborview family counselling"})
    assert response.status_code == 400 and "already has an entry" in response.content.decode()


def _upload(client, text: str):
    return client.post(reverse("resource_import"), {"file": SimpleUploadedFile("d.csv", text.encode(), "text/csv")},
                       follow=True)


def test_export_then_import_round_trip(world, entry):
    client = world.client("admin")
    exported = client.get(reverse("resource_export")).content.decode()
    assert exported.splitlines()[0].startswith("name,category,")
    Resource.objects.all().delete()
    page = _upload(client, exported)
    assert "Imported: 1 new, 0 updated." in page.content.decode()
    assert Resource.objects.get().description == "Trauma-informed family therapy"
    page = _upload(client, exported.replace("County", "Whole state"))
    assert "0 new, 1 updated" in page.content.decode() and Resource.objects.get().region == "Whole state"


def test_import_with_a_bad_row_saves_nothing_and_names_the_row(world):
    text = ("name,category,email\n"
            "Good Place,housing,good@example.org\n"
            "Bad Place,nonsense,bad-email\n")
    page = _upload(world.client("admin"), text).content.decode()
    assert "Row 3, category" in page and "Row 3, email" in page and "Nothing was imported" in page
    assert not Resource.objects.exists()


def test_import_refuses_unknown_columns_and_other_roles(world):
    assert "Unknown columns: password" in _upload(world.client("admin"), "name,password\nx,y\n").content.decode()
    assert world.client("manager").post(reverse("resource_import")).status_code == 403


def test_api(world, entry):
    listing = world.client("mentor").get("/api/v1/resources/", {"q": "family"})
    assert [r["name"] for r in listing.json()["results"]] == ["Harborview Family Counselling"]
    created = world.client("admin").post("/api/v1/resources/", {"name": "Legal Aid", "category": "legal"},
                                         content_type="application/json")
    assert created.status_code == 201
    refused = world.client("admin").post("/api/v1/resources/", {"name": "", "category": "x"},
                                         content_type="application/json")
    assert refused.status_code == 400 and {"name", "category"} <= set(refused.json())
    assert world.client("mentor").post("/api/v1/resources/", {"name": "X", "category": "legal"},
                                       content_type="application/json").status_code == 403
