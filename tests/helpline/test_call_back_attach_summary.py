"""Issue 10, summary-first pages: the call-back carries the web request's safe time and language; a new
contact from a caller with an open family case offers to attach it and tells the case team; the contact
page opens with a summary; the contact screen schedules a follow-up."""

import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from offramp.cases.services import case_transition
from offramp.core.models import Notification
from offramp.helpline import help_page
from offramp.helpline.models import FollowUp, HelplineContact, HelpRequest
from offramp.helpline.services import contacts
from tests.helpline.safety import ALL_NO

PHONE = "+1 202 555 0147"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def claimed(world):
    """A web request with a safe time and Spanish as its language, claimed by the responder."""
    Client().post(reverse("help_request", args=["northstar"]), {
        "name": "Rosalind", "phone": "+1 718 555 0199", "email": "", "when_to_reach": "weekdays 9-11, not evenings",
        "worry": "My nephew shares hateful videos.", "language": "es",
        "started": help_page.form_token(issued_at=time.time() - 10)})
    stored = HelpRequest.objects.get()
    world.client("responder").post(reverse("help_request_claim", args=[stored.pk]))
    return stored


def test_the_call_back_shows_the_safe_time_and_language_before_calling_and_keeps_them(world, claimed):
    client = world.client("responder")
    screen = client.get(f"{reverse('contact_create')}?request={claimed.pk}").content.decode()
    box = screen.index("Before you call back web request")
    assert box < screen.index('id="contact-form"')  # above the form, before anything is typed
    assert "weekdays 9-11, not evenings" in screen[box:] and "Spanish" in screen[box:]
    client.post(reverse("contact_create"), {
        "help_request": claimed.pk, "channel": "web", "inbound": "on", "caller_relationship": "sibling",
        "summary": "Called back in the morning.", **ALL_NO})
    contact = HelplineContact.objects.get()
    page = client.get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert "Call-back asked for" in page and "weekdays 9-11, not evenings" in page and "Spanish" in page
    # Nobody else sees the box: another responder's request is not found, another organisation's neither.
    assert world.client("supervisor").get(f"{reverse('contact_create')}?request={claimed.pk}").status_code == 404


def test_a_contact_without_a_web_request_has_no_call_back_box(world):
    page = world.client("responder").get(reverse("contact_create")).content.decode()
    assert "Before you call back" not in page


# ---- attaching a repeat caller's contact to their open family case -----------------------------

def _earlier_on_case(world, case=None, phone=PHONE):
    earlier = contacts.contact_log(actor=world.actor("supervisor"), channel="phone", caller_relationship="parent",
                                   caller_phone=phone)
    contacts.contact_attach_to_case(actor=world.actor("supervisor"), contact_id=earlier.pk,
                                    case_reference=(case or world.case).reference)
    Notification.objects.all().delete()
    return earlier


def _new_contact(world, persona="responder", phone=PHONE):
    return contacts.contact_log(actor=world.actor(persona), channel="phone", caller_relationship="parent",
                                caller_phone=phone)


def test_a_repeat_caller_is_offered_their_open_family_case_and_the_team_is_told(world):
    _earlier_on_case(world)
    # The screen says so while the responder types (the lookup the phone field triggers).
    typed = world.client("supervisor").post(reverse("contact_lookup"), {"caller_phone": PHONE}).content.decode()
    assert f"Family case {world.case.reference} is open for this caller" in typed
    contact = _new_contact(world, "supervisor")
    client = world.client("supervisor")
    page = client.get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert f"Attach to family case {world.case.reference}" in page
    response = client.post(reverse("contact_attach_case", args=[contact.pk]), {"case_reference": world.case.reference})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.case_id == world.case.pk
    told = Notification.objects.get(user=world.users["manager"])  # who carries the case
    assert told.message == f"Helpline contact {contact.reference} was added to case {world.case.reference}."
    assert told.url == reverse("case_detail", args=[world.case.pk])
    assert "Zephyrine" not in told.message and "Quillbottom" not in told.message
    assert not Notification.objects.filter(user=world.users["supervisor"]).exists()  # not the one who did it
    again = client.get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert "Attach to family case" not in again  # attached now: the summary links the case instead
    assert reverse("case_detail", args=[world.case.pk]) in again


def test_a_closed_case_is_not_offered(world):
    _earlier_on_case(world)
    case_transition(actor=world.actor("manager"), case_id=world.case.pk, to_status="closed",
                    reason="The family moved away.", closure_reason="Moved")
    contact = _new_contact(world, "supervisor")
    page = world.client("supervisor").get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert "Earlier contacts from this caller" in page and "Attach to family case" not in page


def test_a_case_the_responder_may_not_see_is_not_offered(world):
    _earlier_on_case(world)  # the responder is not on this case's team
    contact = _new_contact(world)
    client = world.client("responder")
    page = client.get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert "Earlier contacts from this caller" in page and "Attach to family case" not in page
    typed = client.post(reverse("contact_lookup"), {"caller_phone": PHONE}).content.decode()
    assert "is open for this caller" not in typed
    refused = client.post(reverse("contact_attach_case", args=[contact.pk]), {"case_reference": world.case.reference})
    assert refused.status_code == 400
    contact.refresh_from_db()
    assert contact.case_id is None and not Notification.objects.exists()


def test_another_organisation_never_sees_the_offer_or_the_notification(world):
    _earlier_on_case(world)
    outsider = world.client("outsider")
    assert outsider.get(reverse("contact_detail", args=[_new_contact(world, "supervisor").pk])).status_code == 404
    theirs = contacts.contact_log(actor=world.actor("outsider", world.other_org), channel="phone",
                                  caller_relationship="parent", caller_phone=PHONE)
    page = outsider.get(reverse("contact_detail", args=[theirs.pk])).content.decode()
    assert world.case.reference not in page and "Attach to family case" not in page
    typed = outsider.post(reverse("contact_lookup"), {"caller_phone": PHONE}).content.decode()
    assert world.case.reference not in typed
    refused = outsider.post(reverse("contact_attach_case", args=[theirs.pk]), {"case_reference": world.case.reference})
    assert refused.status_code == 400
    assert not Notification.objects.exists()


# ---- the contact page's summary and the contact screen's follow-up -----------------------------

def test_the_contact_page_opens_with_its_summary(world):
    contact = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                                   immediate_danger=True, follow_up_at=timezone.now() + timedelta(days=2))
    page = world.client("responder").get(reverse("contact_detail", args=[contact.pk])).content.decode()
    summary = page[page.index('id="summary-heading"'):page.index("</section>", page.index('id="summary-heading"'))]
    assert "Carried by" in summary and world.users["responder"].display_name in summary
    assert 'href="#follow-heading"' in summary and "None scheduled" not in summary
    assert 'href="#emergency-heading"' in summary and "no consultation recorded yet" in summary
    assert page.index('id="summary-heading"') < page.index('id="emergency-heading"')
    contacts.contact_record_consultation(actor=world.actor("responder"), contact_id=contact.pk,
                                         text="Called emergency services together.",
                                         supervisor=world.users["supervisor"].pk)
    page = world.client("responder").get(reverse("contact_detail", args=[contact.pk])).content.decode()
    summary = page[page.index('id="summary-heading"'):page.index("</section>", page.index('id="summary-heading"'))]
    assert "consultation awaiting confirmation" in summary


def test_the_contact_screen_schedules_a_follow_up_with_the_contact(world):
    client = world.client("responder")
    due = timezone.localtime(timezone.now() + timedelta(days=1), ZoneInfo(world.org.time_zone)).replace(
        second=0, microsecond=0)
    response = client.post(reverse("contact_create"), {
        "channel": "phone", "inbound": "on", "caller_relationship": "parent", "summary": "Will call back tomorrow.",
        "follow_up_at": due.strftime("%Y-%m-%dT%H:%M"), **ALL_NO})
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.contact == HelplineContact.objects.get() and follow_up.assigned_to == world.users["responder"]
    assert follow_up.due_at == due


def test_a_follow_up_in_the_past_keeps_the_contact_unsaved_and_says_why(world):
    client = world.client("responder")
    past = timezone.localtime() - timedelta(days=1)
    response = client.post(reverse("contact_create"), {
        "channel": "phone", "inbound": "on", "caller_relationship": "parent", "summary": "Typed during the call.",
        "follow_up_at": past.strftime("%Y-%m-%dT%H:%M"), **ALL_NO})
    body = response.content.decode()
    assert response.status_code == 400 and "A follow-up is due in the future." in body
    assert "Typed during the call." in body
    assert not HelplineContact.objects.exists() and not FollowUp.objects.exists()
