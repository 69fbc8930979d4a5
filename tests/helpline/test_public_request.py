"""The public help request: no login, no JavaScript, abuse-resistant, reveals nothing."""

import time

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from offramp.core.models import AuditEvent
from offramp.helpline import help_page
from offramp.helpline.models import HelplineContact, HelpRequest
from tests.helpline.safety import ALL_NO


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def _token(seconds_ago: float = 10) -> str:
    return help_page.form_token(issued_at=time.time() - seconds_ago)


def _send(client, slug="northstar", **overrides):
    data = {"name": "Rosalind", "phone": "+1 718 555 0199", "email": "", "when_to_reach": "after 6 pm",
            "worry": "My nephew shares hateful videos.", "language": "en", "started": _token()}
    data.update(overrides)
    return client.post(reverse("help_request", args=[slug]), data)


def test_page_works_without_login_and_in_spanish(world):
    page = Client().get(reverse("help_request", args=["northstar"]) + "?lang=es")
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
    unsigned_nonce_free = signing.dumps(time.time() - 10, salt=help_page.SALT)  # the old form of token
    for token in (_token(seconds_ago=0), "forged", unsigned_nonce_free):
        response = _send(Client(), started=token)
        assert response.status_code == 400 and "send it again" in response.content.decode()
    assert not HelpRequest.objects.exists()


def _started(body: str) -> str:
    return body.split('name="started" value="')[1].split('"')[0]


def _is_fresh(token: str, instead_of: str) -> bool:
    """A token made just now with a nonce of its own (it becomes sendable after the minimum fill time)."""
    issued, nonce = signing.loads(token, salt=help_page.SALT)
    return abs(time.time() - issued) < 60 and nonce != signing.loads(instead_of, salt=help_page.SALT)[1]


def test_a_token_works_once(world):
    """A script that fetched the page once cannot send it again and again with the same token."""
    token = _token()
    assert _send(Client(), started=token).status_code == 302
    replay = _send(Client(), started=token, phone="+1 718 555 0142")
    body = replay.content.decode()
    assert replay.status_code == 400 and "send it again" in body and "500" not in body
    assert HelpRequest.objects.count() == 1
    assert _is_fresh(_started(body), instead_of=token)  # a person is not stuck: the form can be sent again


def test_every_shown_form_has_its_own_token(world):
    pages = [Client().get(reverse("help_request", args=["northstar"])).content.decode() for _ in range(2)]
    assert _started(pages[0]) != _started(pages[1])


def test_an_expired_token_keeps_what_was_typed_and_asks_to_send_again(world):
    old = _token(seconds_ago=help_page.MAX_FORM_AGE_SECONDS + 60)
    response = _send(Client(), started=old, worry="Written slowly, over a long evening.")
    body = response.content.decode()
    assert response.status_code == 400 and "send it again" in body
    assert "Written slowly, over a long evening." in body and 'value="+1 718 555 0199"' in body
    assert not HelpRequest.objects.exists() and _is_fresh(_started(body), instead_of=old)
    assert help_page.MAX_FORM_AGE_SECONDS <= 3 * 3600  # short-lived, not a day


def test_floods_are_throttled_per_address(world):
    client = Client()
    statuses = [_send(client).status_code for _ in range(help_page.PER_ADDRESS_PER_HOUR + 1)]
    assert statuses[-1] == 429 and statuses[:-1] == [302] * help_page.PER_ADDRESS_PER_HOUR
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


# ---- the call-back: a contact that answers a web request ---------------------------------------

@pytest.fixture
def claimed(world):
    """A web request the responder has claimed, ready to be called back."""
    _send(Client())
    stored = HelpRequest.objects.get()
    world.client("responder").post(reverse("help_request_claim", args=[stored.pk]))
    return stored


def _call_back_url(request_id) -> str:
    return f"{reverse('contact_create')}?request={request_id}"


def test_the_call_back_is_logged_from_the_request_and_answers_it(world, claimed):
    client = world.client("responder")
    queue = client.get(reverse("helpline_queue")).content.decode()
    assert _call_back_url(claimed.pk) in queue

    form = client.get(_call_back_url(claimed.pk)).content.decode()
    assert f"Calling back web request {claimed.reference}" in form
    assert 'value="Rosalind"' in form and 'value="+1 718 555 0199"' in form
    assert "From the web request: My nephew shares hateful videos." in form

    response = client.post(reverse("contact_create"), {
        "help_request": claimed.pk, "channel": "web", "inbound": "on", "caller_relationship": "sibling",
        "caller_name": "Rosalind", "summary": "Called back; she is worried about her nephew.", **ALL_NO})
    contact = HelplineContact.objects.get()
    claimed.refresh_from_db()
    assert response.status_code == 302
    assert claimed.status == HelpRequest.Status.DONE and claimed.contact == contact
    assert claimed.reference not in client.get(reverse("helpline_queue")).content.decode()
    page = client.get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert f"Web request {claimed.reference}, sent" in page
    assert AuditEvent.objects.filter(object_type="help_request", object_id=str(claimed.pk),
                                     detail__contact=str(contact.pk)).exists()


@pytest.mark.parametrize("persona", ["supervisor", "outsider"])
def test_only_the_responder_who_claimed_a_request_calls_it_back(world, claimed, persona):
    client = world.client(persona)
    assert client.get(_call_back_url(claimed.pk)).status_code == 404
    typed = {"help_request": claimed.pk, "channel": "phone", "caller_relationship": "parent",
             "summary": "Typed during a long call.", **ALL_NO}
    refused = client.post(reverse("contact_create"), typed)
    assert refused.status_code == 400 if persona == "supervisor" else refused.status_code in (400, 403, 404)
    claimed.refresh_from_db()
    assert claimed.status == HelpRequest.Status.CLAIMED and claimed.contact is None
    assert not HelplineContact.objects.filter(organization=world.org).exists()
    if persona == "supervisor":  # on their own helpline: told why, nothing typed is lost, nothing leaks
        body = refused.content.decode()
        assert "This web request is not waiting for your call-back" in body and "Typed during a long call." in body
        assert "Rosalind" not in body and f'name="help_request" value="{claimed.pk}"' not in body
        assert AuditEvent.objects.filter(action="denied", object_type="help_request").exists()
        # Saving again logs the contact on its own.
        again = client.post(reverse("contact_create"), {k: v for k, v in typed.items() if k != "help_request"})
        claimed.refresh_from_db()
        assert again.status_code == 302 and HelplineContact.objects.filter(organization=world.org).count() == 1
        assert claimed.status == HelpRequest.Status.CLAIMED and claimed.contact is None


def test_an_unclaimed_or_answered_request_cannot_be_called_back(world, claimed):
    _send(Client(), phone="+1 718 555 0142")
    unclaimed = HelpRequest.objects.exclude(pk=claimed.pk).get()
    client = world.client("responder")
    assert client.get(_call_back_url(unclaimed.pk)).status_code == 404
    assert client.get(_call_back_url("not-a-uuid")).status_code == 404
    client.post(reverse("help_request_done", args=[claimed.pk]))
    assert client.get(_call_back_url(claimed.pk)).status_code == 404


def test_a_draft_comes_before_a_call_back(world, claimed):
    from offramp.helpline.services import drafts

    drafts.contact_draft_save(actor=world.actor("responder"), data={"summary": "Half-typed notes from a call."})
    page = world.client("responder").get(_call_back_url(claimed.pk)).content.decode()
    assert "Half-typed notes from a call." in page and "Rosalind" not in page
    assert "Save or discard this draft first" in page

    # A call-back interrupted by a reload comes back still answering its request.
    drafts.contact_draft_save(actor=world.actor("responder"), data={"summary": "Calling her now.",
                                                                    "help_request": str(claimed.pk)})
    page = world.client("responder").get(reverse("contact_create")).content.decode()
    assert f"Calling back web request {claimed.reference}" in page and "Calling her now." in page
    assert f'name="help_request" value="{claimed.pk}"' in page


def test_the_call_back_through_the_api(world, claimed):
    client = world.client("responder")
    refused = world.client("supervisor").post("/api/v1/contacts/", {
        "channel": "phone", "caller_relationship": "parent", "help_request": str(claimed.pk)},
        content_type="application/json")
    assert refused.status_code == 400 and "not waiting for your call-back" in str(refused.json()["help_request"])
    response = client.post("/api/v1/contacts/", {
        "channel": "web", "caller_relationship": "sibling", "help_request": str(claimed.pk),
        "summary": "Called back."}, content_type="application/json")
    assert response.status_code == 201
    claimed.refresh_from_db()
    assert claimed.status == HelpRequest.Status.DONE and str(claimed.contact_id) == response.json()["id"]
    assert client.get("/api/v1/help-requests/").json()["results"] == []


def test_a_request_from_a_blocked_caller_is_marked_before_anyone_calls_back(world):
    from offramp.helpline.services import contacts, flags

    earlier = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                                   caller_phone="(718) 555-0199")
    flags.caller_flag_set(actor=world.actor("supervisor"), contact_id=earlier.pk, days=30, block=True,
                          reason="Threatened a responder on two calls.")
    _send(Client())  # the same number, written another way
    _send(Client(), phone="+1 718 555 0142", name="Someone else")
    blocked, other = HelpRequest.objects.order_by("reference")
    queue = world.client("responder").get(reverse("helpline_queue")).content.decode()
    line = next(li for li in queue.split("<li>") if blocked.reference in li)
    assert "Blocked caller" in line
    assert "Blocked caller" not in next(li for li in queue.split("<li>") if other.reference in li)

    # Claimed and opened for a call-back, the form shows the block and the earlier contact at once.
    world.client("responder").post(reverse("help_request_claim", args=[blocked.pk]))
    form = world.client("responder").get(_call_back_url(blocked.pk)).content.decode()
    repeat = form[form.index('id="repeat-caller"'):]
    assert "Blocked caller" in repeat and "Threatened a responder on two calls." in repeat
    assert earlier.reference in repeat


def test_the_helpline_page_hears_of_new_requests_within_seconds(world):
    """The page polls for a count; the note names no one and another organisation's requests never count."""
    client = world.client("responder")
    _send(Client(), phone="+1 718 555 0177")  # already on the page when it is drawn: not new
    page = client.get(reverse("helpline_queue")).content.decode()
    poll = page[page.index('id="new-requests"'):].split('"')
    since_url = next(part for part in poll if "since=" in part).replace("&amp;", "&")
    assert client.get(since_url).content.decode().strip() == ""

    _send(Client())
    _send(Client(), phone="+1 718 555 0142")
    note = client.get(since_url).content.decode()
    assert "2 new web requests have come in." in note and "Rosalind" not in note
    assert world.client("outsider").get(since_url).content.decode().strip() == ""
    assert world.client("manager").get(since_url).status_code == 403
    assert client.get(reverse("help_requests_new") + "?since=yesterday").status_code == 400


def test_the_poll_is_not_activity_and_a_signed_out_page_goes_to_sign_in(world):
    """An unattended helpline page must still time out: its poll does not push the idle expiry on."""
    from django.contrib.sessions.models import Session

    client = world.client("responder")
    poll = reverse("help_requests_new") + "?since=0"

    def expiry():
        return Session.objects.get(session_key=client.session.session_key).expire_date

    client.get(reverse("helpline_queue"))
    before = expiry()
    polled = client.get(poll, HTTP_HX_REQUEST="true")
    assert polled.status_code == 200 and "sessionid" not in polled.cookies
    assert expiry() == before
    client.get(reverse("helpline_queue"))
    assert expiry() > before  # a person at work does count

    signed_out = Client().get(poll, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/helpline/")
    assert signed_out["HX-Redirect"].startswith("/accounts/login/?next=/helpline/")
