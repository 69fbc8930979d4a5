"""docs/examples/licensed-risk-tool.json: a made-up "licensed" structured risk tool in the engine's
format, loaded with the engine's own import (service, page, API) and then used as an assessment."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from offramp.assessments import catalogue, selectors, services
from offramp.instruments import definition as spec
from offramp.instruments import services as instrument_services
from offramp.instruments.models import Instrument

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "licensed-risk-tool.json"
KEY = "meridian-risk-guide-example"


@pytest.fixture
def definition():
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_the_example_is_valid_fictional_and_bilingual(definition):
    assert spec.validate(definition)["key"] == KEY
    assert "fictional" in definition["title"]["en"] and "ficticio" in definition["title"]["es"]
    for item in spec.iter_items(definition):
        assert item["allow_no_information"] and item["allow_not_relevant"]


def test_an_org_admin_imports_it_on_the_page_and_the_api(world, definition):
    upload = SimpleUploadedFile("licensed-risk-tool.json", EXAMPLE.read_bytes(), content_type="application/json")
    response = world.client("admin").post(reverse("instruments:instrument_import"), {"file": upload})
    assert response.status_code == 302
    assert Instrument.objects.get(organization=world.org, key=KEY).current_version.number == 1
    refused = world.client("manager").post("/api/v1/instruments/", definition, content_type="application/json")
    assert refused.status_code == 403
    again = world.client("admin").post("/api/v1/instruments/", definition, content_type="application/json")
    assert again.status_code in (200, 201)
    assert Instrument.objects.get(organization=world.org, key=KEY).versions.count() == 1


def test_once_imported_it_is_used_as_an_assessment_with_its_flags_named(world, definition):
    instrument_services.instrument_import(actor=world.actor("admin"), data=definition)
    manager = world.actor("manager")
    assert [i.key for i in selectors.imported_instruments(manager)] == [KEY]
    page = world.client("manager").get(reverse("assessments:assessment_start", args=[world.case.pk]))
    assert f'value="{KEY}"' in page.content.decode()
    assessment = services.assessment_start(actor=manager, case_id=world.case.pk, person_id=world.client_person.pk,
                                           instrument_key=KEY)
    services.assessment_complete(actor=manager, assessment_id=assessment.pk, answers={
        "h1": "present", "h2": "partly", "c1": "present", "danger_imminent": "no", "m2": {"special": "no_information"}})
    detail = world.client("mentor").get(reverse("assessments:assessment_detail", args=[assessment.pk])).content.decode()
    assert "Danger escalated" in detail and "C1 Identification with a violent cause — Present" in detail
    assert "5 — Low concern" in detail
    api = world.client("mentor").get(f"/api/v1/assessments/{assessment.pk}/").json()
    assert api["result"]["danger"]["level"] == "escalated" and len(api["result"]["danger"]["causes"]) == 2


def test_another_organisations_import_and_unknown_keys_are_refused(world, definition):
    instrument_services.instrument_import(actor=world.actor("admin"), data=definition)
    other = world.client("other_manager").post(f"/api/v1/assessments/cases/{world.case.pk}/",
                                               {"person": str(world.client_person.pk), "instrument_key": KEY},
                                               content_type="application/json")
    assert other.status_code == 404
    for key in ("no-such-tool", "x" * 500, "", "../etc"):
        response = world.client("manager").post(f"/api/v1/assessments/cases/{world.case.pk}/",
                                                {"person": str(world.client_person.pk), "instrument_key": key},
                                                content_type="application/json")
        assert response.status_code == 400, key
    assert selectors.imported_instruments(world.actor("manager")).filter(key__in=catalogue.BUILT_IN).count() == 0


def test_an_instrument_an_app_ships_is_not_offered(world):
    services.assessment_start(actor=world.actor("manager"), case_id=world.case.pk, person_id=world.client_person.pk,
                              instrument_key=catalogue.WELLNESS)  # shipped: the organisation's version 1
    assert list(selectors.imported_instruments(world.actor("manager"))) == []
