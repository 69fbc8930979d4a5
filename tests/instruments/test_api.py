"""The API end to end, as org admin and as case manager; other organisations get 404."""

import copy
import json

from offramp.instruments.models import Instrument, InstrumentResponse

from .conftest import SUBJECT


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_admin_imports_lists_and_reads_a_definition(world, example):
    client = world.client("admin")
    created = _post(client, "/api/v1/instruments/", example)
    assert created.status_code == 201 and created.json()["number"] == 1
    changed = copy.deepcopy(example)
    changed["title"] = "Revised"
    assert _post(client, "/api/v1/instruments/", changed).json()["number"] == 2
    listing = client.get("/api/v1/instruments/").json()
    assert [(i["key"], i["current_version"]["number"]) for i in listing["results"]] == [("wellbeing-checkin", 2)]
    version = client.get(f"/api/v1/instruments/versions/{created.json()['id']}/").json()
    assert version["definition"] == example and version["number"] == 1


def test_import_errors_name_place_and_problem(world, example):
    example["sections"][0]["items"][0]["key"] = "mood"
    response = _post(world.client("admin"), "/api/v1/instruments/", example)
    assert response.status_code == 400
    assert "sections[0].items[1].key: duplicate key “mood” (also at sections[0].items[0].key)" in \
        response.json()["definition"]
    assert _post(world.client("admin"), "/api/v1/instruments/", [1, 2]).status_code == 400
    assert not Instrument.objects.exists()


def test_case_manager_may_not_import(world, example):
    assert _post(world.client("manager"), "/api/v1/instruments/", example).status_code == 403


def test_case_manager_starts_contributes_completes_and_reads(world, version, test_subject):
    client = world.client("manager")
    started = _post(client, "/api/v1/instruments/responses/", {
        "instrument_key": "wellbeing-checkin", "subject_type": SUBJECT, "subject_id": "subject-1"})
    assert started.status_code == 201, started.json()
    response_id = started.json()["id"]
    contributed = _post(client, f"/api/v1/instruments/responses/{response_id}/contributions/",
                        {"answers": {"sleep": "patchy", "mood": 3}, "agency": "Northstar"})
    assert contributed.status_code == 201 and contributed.json()["agency"] == "Northstar"
    refused = _post(client, f"/api/v1/instruments/responses/{response_id}/complete/", {})
    assert refused.status_code == 400 and set(refused.json()) == {"someone_to_talk_to", "old_contacts"}
    bad = _post(client, f"/api/v1/instruments/responses/{response_id}/contributions/", {"answers": {"mood": 99}})
    assert bad.status_code == 400 and "mood" in bad.json()
    done = _post(client, f"/api/v1/instruments/responses/{response_id}/complete/",
                 {"answers": {"someone_to_talk_to": "yes", "old_contacts": {"special": "no_information"}}})
    assert done.status_code == 200 and done.json()["status"] == "complete"
    assert done.json()["scores"]["wellbeing"]["value"] == 6
    read = client.get(f"/api/v1/instruments/responses/{response_id}/").json()
    assert read["answers"]["old_contacts"] == {"special": "no_information"}
    assert [c["agency"] for c in read["contributions"]] == ["Northstar", ""]


def test_api_access_follows_the_subject_and_the_organisation(world, version, test_subject):
    started = _post(world.client("manager"), "/api/v1/instruments/responses/",
                    {"version": str(version.pk), "subject_type": SUBJECT, "subject_id": "subject-1"})
    response_id = started.json()["id"]
    assert _post(world.client("manager"), "/api/v1/instruments/responses/",
                 {"version": str(version.pk), "subject_type": SUBJECT, "subject_id": "subject-7"}).status_code == 404
    outsider = world.client("outsider")
    assert outsider.get(f"/api/v1/instruments/responses/{response_id}/").status_code == 404
    assert outsider.get(f"/api/v1/instruments/versions/{version.pk}/").status_code == 404
    assert _post(outsider, f"/api/v1/instruments/responses/{response_id}/contributions/",
                 {"answers": {"mood": 2}}).status_code == 404
    assert _post(outsider, "/api/v1/instruments/responses/", {"version": str(version.pk)}).status_code == 404
    assert outsider.get("/api/v1/instruments/").json()["results"] == []
    assert world.client("mentor").get(f"/api/v1/instruments/responses/{response_id}/").status_code == 404
    assert InstrumentResponse.objects.count() == 1
