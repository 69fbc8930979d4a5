"""The safety path, live (H4, R1): every safety question answered, a "yes" acting before the contact
is saved, the on-call supervisor alerted from the draft and confirming the consultation, and urgent
alerts kept apart from routine notifications until acted on."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from offramp.core.models import AuditEvent, Notification, Role
from offramp.helpline.models import HelplineContact
from offramp.helpline.services import contacts, on_call
from tests.conftest import make_user
from tests.helpline.safety import ALL_NO, answered

CALL = {"channel": "phone", "inbound": "on", "caller_relationship": "parent", "caller_name": "Wilhelmina",
        "summary": "Her son says he will make them pay at school.", "draft_key": "form-1"}


@pytest.fixture
def shift(world):
    now = timezone.now()
    return on_call.on_call_shift_add(actor=world.actor("supervisor"), supervisor=world.users["supervisor"].pk,
                                     phone="(212) 555-0147", starts_at=now - timedelta(hours=1),
                                     ends_at=now + timedelta(hours=8))


def _urgent(user):
    return Notification.objects.filter(user=user, urgent=True, read_at=None)


def test_a_contact_cannot_be_saved_with_a_safety_question_left_blank(world):
    response = world.client("responder").post(reverse("contact_create"), {
        **CALL, "immediate_danger": "no", "self_harm": "no"})
    body = response.content.decode()
    assert response.status_code == 400 and not HelplineContact.objects.exists()
    assert body.count("Answer this safety question: yes, no or not asked.") == 2
    assert 'value="Wilhelmina"' in body and CALL["summary"] in body


def test_a_question_not_asked_says_why_and_is_shown_on_the_contact(world):
    client = world.client("responder")
    refused = client.post(reverse("contact_create"), {**CALL, **answered(self_harm="not_asked")})
    assert refused.status_code == 400 and "Say why the safety questions were not asked" in refused.content.decode()
    saved = client.post(reverse("contact_create"), {**CALL, **answered(self_harm="not_asked"),
                                                    "safety_unasked_reason": "The caller hung up."})
    contact = HelplineContact.objects.get()
    assert saved.status_code == 302 and contact.safety_unasked == ["self_harm"] and not contact.safety_concern
    assert dict(contact.safety_answers())["self_harm"] == "not_asked"
    assert dict(contact.safety_answers())["immediate_danger"] == "no"
    page = client.get(saved["Location"]).content.decode()
    assert "Safety questions not asked:" in page and "Risk of suicide or self-harm" in page
    assert "The caller hung up." in page
    # The API takes the same answers and refuses the same contradictions.
    api = client.post("/api/v1/contacts/", {"channel": "phone", "caller_relationship": "parent", "self_harm": True,
                                            "safety_unasked": ["self_harm"], "safety_unasked_reason": "Hung up."},
                      content_type="application/json")
    assert api.status_code == 400 and "self_harm" in api.json()


def test_a_yes_shows_the_numbers_and_who_is_on_call_before_saving(world, shift):
    world.org.emergency_guidance = "Stay on the line; page the on-call lead."
    world.org.save()
    client = world.client("responder")
    panel = client.post(reverse("contact_safety"), answered("threat_to_others"), HTTP_HX_REQUEST="true").content.decode()
    assert "Safety concern: act now" in panel and "Stay on the line; page the on-call lead." in panel
    assert world.users["supervisor"].display_name in panel and "(212) 555-0147" in panel and "Alert now" in panel
    assert client.post(reverse("contact_safety"), ALL_NO).content.decode().strip() == ""
    assert not HelplineContact.objects.exists() and not Notification.objects.exists()
    # Without JavaScript, the screen drawn again with a "yes" shows the same.
    again = client.post(reverse("contact_create"), {**CALL, **answered("threat_to_others"), "channel": ""})
    assert again.status_code == 400 and "(212) 555-0147" in again.content.decode()
    # Another organisation's rota is never shown.
    theirs = world.client("outsider").post(reverse("contact_safety"), answered("self_harm")).content.decode()
    assert "(212) 555-0147" not in theirs and world.users["supervisor"].display_name not in theirs


def test_alert_now_reaches_the_supervisor_on_call_with_the_draft(world, shift):
    client = world.client("responder")
    alerted = client.post(reverse("contact_alert"), {**CALL, **answered("self_harm")}, HTTP_HX_REQUEST="true")
    assert alerted.status_code == 200 and "Alert sent at" in alerted.content.decode()
    assert not HelplineContact.objects.exists()
    notice = _urgent(world.users["supervisor"]).get()
    assert "Wilhelmina" not in notice.message and world.users["responder"].display_name in notice.message
    assert AuditEvent.objects.filter(action="emergency", object_type="contact_draft").exists()
    assert set(Notification.objects.values_list("user", flat=True)) == {world.users["supervisor"].pk}
    # The supervisor opens it from the alert and reads the call so far.
    supervisor = world.client("supervisor")
    opened = supervisor.post(reverse("notification_open", args=[notice.pk]))
    assert opened.status_code == 302
    draft_page = supervisor.get(opened["Location"]).content.decode()
    assert "Call in progress" in draft_page and CALL["summary"] in draft_page and "Wilhelmina" in draft_page
    assert _urgent(world.users["supervisor"]).count() == 1  # opening an urgent alert does not clear it
    # Nobody else may read the draft: another responder, another organisation's supervisor.
    world.users["responder2"] = make_user("responder2@northstar.test", world.org, Role.HELPLINE_RESPONDER)
    assert world.client("responder2").get(opened["Location"]).status_code == 404
    assert world.client("manager").get(opened["Location"]).status_code == 403
    assert world.client("outsider").get(opened["Location"]).status_code == 404
    # Saving the contact ends the draft's alert and alerts about the contact itself.
    saved = client.post(reverse("contact_create"), {**CALL, **answered("self_harm")})
    contact = HelplineContact.objects.get()
    assert saved.status_code == 302 and contact.emergency_alerted_at
    urgent = _urgent(world.users["supervisor"]).get()
    assert urgent.url == reverse("contact_detail", args=[contact.pk])
    assert "has been saved" in supervisor.get(opened["Location"]).content.decode()


def test_without_javascript_alert_now_comes_back_to_the_screen(world, shift):
    client = world.client("responder")
    response = client.post(reverse("contact_alert"), {**CALL, **answered("immediate_danger")})
    assert response.status_code == 302 and response["Location"] == reverse("contact_create")
    page = client.get(response["Location"]).content.decode()
    assert "Alert sent to" in page and CALL["summary"] in page and "Alert again" in page
    refused = client.post(reverse("contact_alert"), {**CALL, **ALL_NO}, HTTP_HX_REQUEST="true")
    assert "Answer yes to a safety question first" in refused.content.decode()


def test_an_alerted_call_needs_its_consultation_even_if_the_yes_is_taken_back(world, shift):
    client = world.client("responder")
    client.post(reverse("contact_alert"), {**CALL, **answered("self_harm")})
    client.post(reverse("contact_create"), {**CALL, **ALL_NO})
    contact = HelplineContact.objects.get()
    assert contact.emergency_alerted_at and not contact.safety_concern
    assert "Record the consultation" in client.get(reverse("contact_detail", args=[contact.pk])).content.decode()


def test_the_named_supervisor_confirms_the_consultation(world, shift):
    contact = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                                   self_harm=True)
    responder, supervisor = world.client("responder"), world.client("supervisor")
    form = responder.get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert f'<option value="{world.users["supervisor"].pk}" selected>' in form  # on call, chosen already
    assert f'value="{world.users["manager"].pk}"' not in form  # only supervisors are offered
    responder.post(reverse("contact_consultation", args=[contact.pk]), {
        "supervisor": world.users["supervisor"].pk, "text": "Agreed to call the police together."})
    contact.refresh_from_db()
    assert contact.consulted_at and contact.consultation_confirmed_at is None
    page = responder.get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert "consultation awaiting confirmation" in page
    # The safety alert has been acted on; the confirmation request now waits for the supervisor.
    urgent = _urgent(world.users["supervisor"]).get()
    assert "Confirm the consultation" in urgent.message
    # Only the supervisor named may confirm.
    assert responder.post(reverse("contact_confirm_consultation", args=[contact.pk])).status_code == 302
    contact.refresh_from_db()
    assert contact.consultation_confirmed_at is None
    assert world.client("outsider").post(reverse("contact_confirm_consultation", args=[contact.pk])).status_code == 404
    confirmed = supervisor.post(reverse("contact_confirm_consultation", args=[contact.pk]), follow=True)
    contact.refresh_from_db()
    assert contact.consultation_confirmed_at and not _urgent(world.users["supervisor"]).exists()
    assert f"confirmed by {world.users['supervisor'].display_name}" in confirmed.content.decode()
    assert AuditEvent.objects.filter(object_id=str(contact.pk), detail__op="consultation_confirmed").exists()


def test_a_supervisor_recording_their_own_consultation_has_confirmed_it(world, shift):
    contact = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                                   immediate_danger=True)
    assert _urgent(world.users["supervisor"]).count() == 1
    world.client("supervisor").post(reverse("contact_consultation", args=[contact.pk]),
                                    {"supervisor": world.users["supervisor"].pk, "text": "Police called at 14:05."})
    contact.refresh_from_db()
    assert contact.consultation_confirmed_at == contact.consulted_at
    assert not _urgent(world.users["supervisor"]).exists()  # cleared itself


def test_urgent_alerts_stay_on_top_and_routine_ones_are_read_when_opened(world, shift):
    supervisor = world.users["supervisor"]
    routine = Notification.objects.create(user=supervisor, organization=world.org, message="Routine note", url="/")
    contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent", self_harm=True)
    client = world.client("supervisor")
    page = client.get(reverse("notifications")).content.decode()
    assert page.index("Urgent: waiting for you to act") < page.index("Urgent: helpline contact") < page.index(
        "Routine note")
    client.post(reverse("notifications"))  # mark all as read
    assert _urgent(supervisor).count() == 1
    routine.read_at = None
    routine.save()
    assert client.post(reverse("notification_open", args=[routine.pk]))["Location"] == "/"
    routine.refresh_from_db()
    assert routine.read_at is not None
    # Someone else's notification, or a malformed id, is not there.
    assert world.client("responder").post(reverse("notification_open", args=[routine.pk])).status_code == 404
    assert client.post(reverse("notification_open", args=["99999999999999999999999"])).status_code == 404
