"""The public help request: no login, no JavaScript, abuse-resistant, reveals nothing."""

import time

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from offramp.helpline import public
from offramp.helpline.models import HelpRequest


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def _token(seconds_ago: float = 10) -> str:
    return signing.dumps(time.time() - seconds_ago, salt=public.SALT)


def _send(client, slug="northstar", **overrides):
    data = {"name": "Rosalind", "phone": "+1 718 555 0199", "email": "", "when_to_reach": "after 6 pm",
            "worry": "My nephew shares hateful videos.", "language": "en", "started": _token()}
    data.update(overrides)
    return client.post(reverse("help_request", args=[slug]), data)


def test_page_works_without_login_and_in_spanish(world):
    page = Client().get(reverse("help_request", args=["northstar"]), HTTP_ACCEPT_LANGUAGE="es")
    assert page.status_code == 200 and "Pedir una llamada confidencial" in page.content.decode()
    assert "<script" not in page.content.decode().split("</head>")[1]  # the form needs no script


def test_request_is_stored_encrypted_and_shown_in_the_queue(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(Client())
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    stored = HelpRequest.objects.get()
    assert stored.worry == "My nephew shares hateful videos." and stored.status == "new"
    assert mail.outbox == []  # no confirmation unless asked for
    from tests.core.test_crypto import _raw_dump

    assert "Rosalind" not in _raw_dump() and "hateful videos" not in _raw_dump()
    queue = world.client("responder").get(reverse("helpline_queue")).content.decode()
    assert stored.reference in queue and "Rosalind" not in queue  # details only after claiming
    world.client("responder").post(reverse("help_request_claim", args=[stored.pk]))
    assert "Rosalind" in world.client("responder").get(reverse("helpline_queue")).content.decode()
    assert "Rosalind" not in world.client("supervisor").get(reverse("helpline_queue")).content.decode()


def test_confirmation_email_only_when_asked_and_says_nothing_of_records(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _send(Client(), email="rosalind@example.org", confirm_by_email="on")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body + mail.outbox[0].subject
    assert "WEB-" not in body and "Northstar" not in body and "Rosalind" not in body


def test_unknown_organisation_is_404(db):
    assert Client().get(reverse("help_request", args=["nowhere"])).status_code == 404


def test_needs_a_way_to_reach_and_keeps_what_was_typed(world):
    response = _send(Client(), phone="", email="")
    body = response.content.decode()
    assert response.status_code == 400 and "Give a phone number or an e-mail address" in body
    assert "My nephew shares hateful videos." in body and not HelpRequest.objects.exists()


def test_honeypot_gets_the_same_answer_and_stores_nothing(world):
    response = _send(Client(), website="http://spam.example")
    assert response.status_code == 302 and not HelpRequest.objects.exists()


def test_too_fast_or_forged_timestamps_are_sent_back(world):
    for token in (_token(seconds_ago=0), "forged"):
        response = _send(Client(), started=token)
        assert response.status_code == 400 and "send it again" in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_floods_are_throttled_per_address(world):
    client = Client()
    statuses = [_send(client).status_code for _ in range(public.PER_ADDRESS_PER_HOUR + 1)]
    assert statuses[-1] == 429 and statuses[:-1] == [302] * public.PER_ADDRESS_PER_HOUR
    assert "try again in an hour" in _send(client).content.decode()


def test_hostile_input_is_stored_as_text_and_never_runs(world):
    _send(Client(), worry="<script>alert(1)</script>" + "é" * 10)
    stored = HelpRequest.objects.get()
    world.client("responder").post(reverse("help_request_claim", args=[stored.pk]))
    page = world.client("responder").get(reverse("helpline_queue")).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_oversized_fields_get_a_clear_message(world):
    response = _send(Client(), worry="x" * 5000)
    assert response.status_code == 400 and "at most 3000 characters" in response.content.decode()


def test_claim_is_for_helpline_staff_and_only_once(world):
    _send(Client())
    stored = HelpRequest.objects.get()
    assert world.client("manager").post(reverse("help_request_claim", args=[stored.pk])).status_code == 403
    world.client("responder").post(reverse("help_request_claim", args=[stored.pk]))
    page = world.client("supervisor").post(reverse("help_request_claim", args=[stored.pk]), follow=True)
    assert "already taken" in page.content.decode()
    assert world.client("outsider").post(reverse("help_request_claim", args=[stored.pk])).status_code in (403, 404)
