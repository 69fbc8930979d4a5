"""One rule for phone numbers wherever they are typed (a person, a helpline caller, the public
help page, the API), with the message beside the field and what was typed kept."""

import re

from django.test import Client
from django.urls import reverse

from offramp.core.models import AuditEvent
from offramp.helpline.models import HelplineContact, HelpRequest
from offramp.people.models import Person
from tests.helpline.safety import ALL_NO
from tests.helpline.test_public_request import _send

MESSAGE = "Enter a phone number with its area code"
TOO_SHORT = "555 12"


def _error_beside(body: str, field: str) -> bool:
    """The message sits in the field's own error line and the input is marked invalid."""
    match = re.search(rf'<input[^>]*name="{field}"[^>]*>', body)
    assert match, f"no input named {field}"
    error = re.search(rf'id="id_{field}_error"[^>]*>(.*?)</p>', body, re.S)
    return 'aria-invalid="true"' in match.group(0) and bool(error) and MESSAGE in error.group(1)


def test_a_person_with_an_impossible_phone_number_is_refused_beside_the_field(world):
    people_before = Person.objects.count()
    response = world.client("manager").post(reverse("person_create"), {
        "given_name": "Tamsin", "family_name": "Oduya", "phone": TOO_SHORT, "email": "t.oduya@example.org"})
    body = response.content.decode()
    assert response.status_code == 400 and _error_beside(body, "phone")
    assert 'value="Tamsin"' in body and 'value="t.oduya@example.org"' in body
    assert Person.objects.count() == people_before


def test_a_callers_impossible_phone_number_is_refused_the_same_way(world):
    response = world.client("responder").post(reverse("contact_create"), {
        "channel": "phone", "inbound": "on", "caller_relationship": "parent", "caller_name": "Wilhelmina",
        "caller_phone": TOO_SHORT, "caller_email": "not an address", "summary": "Son talks about a militia.",
        **ALL_NO})
    body = response.content.decode()
    assert response.status_code == 400 and _error_beside(body, "caller_phone")
    assert "Enter an e-mail address like name@example.org." in body and "Son talks about a militia." in body
    assert not HelplineContact.objects.exists()
    api = world.client("responder").post("/api/v1/contacts/", {
        "channel": "phone", "caller_relationship": "parent", "caller_phone": TOO_SHORT},
        content_type="application/json")
    assert api.status_code == 400 and MESSAGE in str(api.json()["caller_phone"])
    # A number the organisation's country can read needs no country code.
    ok = world.client("responder").post(reverse("contact_create"), {
        "channel": "phone", "inbound": "on", "caller_relationship": "parent", "caller_phone": "(212) 555-0123", **ALL_NO})
    assert ok.status_code == 302


def test_the_public_help_page_checks_the_number_too(world):
    response = _send(Client(), phone=TOO_SHORT)
    body = response.content.decode()
    assert response.status_code == 400 and _error_beside(body, "phone") and "after 6 pm" in body
    assert not HelpRequest.objects.exists()
    assert not AuditEvent.objects.filter(object_type="help_request").exists()
