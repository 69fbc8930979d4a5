"""The on-call rota: a safety "yes" alerts the supervisor on call, or every supervisor when nobody is."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from offramp.core.models import AuditEvent, Notification, Role
from offramp.helpline.models import OnCallShift
from offramp.helpline.services import contacts, on_call
from tests.conftest import make_user


@pytest.fixture
def second_supervisor(world):
    world.users["supervisor2"] = make_user("supervisor2@northstar.test", world.org, Role.SUPERVISOR)
    return world.users["supervisor2"]


def _shift(world, user, *, starts=-1, ends=8):
    now = timezone.now()
    return on_call.on_call_shift_add(actor=world.actor("supervisor"), supervisor=user.pk,
                                     starts_at=now + timedelta(hours=starts), ends_at=now + timedelta(hours=ends))


def _emergency(world):
    return contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                                self_harm=True)


def test_the_alert_goes_to_the_supervisor_on_call(world, second_supervisor):
    _shift(world, second_supervisor)
    contact = _emergency(world)
    assert list(Notification.objects.values_list("user__email", flat=True)) == ["supervisor2@northstar.test"]
    assert list(contact.emergency_alerted.all()) == [second_supervisor]
    event = AuditEvent.objects.get(action="emergency")
    assert event.detail["alerted"] == [second_supervisor.pk]
    page = world.client("responder").get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert "Supervisor2" in page  # the responder sees who was alerted


def test_with_nobody_on_call_every_supervisor_is_alerted(world, second_supervisor):
    OnCallShift.objects.create(organization=world.org, supervisor=second_supervisor, created_by=second_supervisor,
                               starts_at=timezone.now() - timedelta(hours=10),
                               ends_at=timezone.now() - timedelta(hours=2))  # a shift that has ended
    _shift(world, world.users["supervisor"], starts=2, ends=10)  # and one not yet begun
    contact = _emergency(world)
    alerted = set(Notification.objects.values_list("user__email", flat=True))
    assert alerted == {"supervisor@northstar.test", "supervisor2@northstar.test"}
    assert contact.emergency_alerted.count() == 2
    queue = world.client("responder").get(reverse("helpline_queue")).content.decode()
    assert "Nobody is on call" in queue


def test_someone_no_longer_a_supervisor_is_not_alerted_from_an_old_rota(world, second_supervisor):
    _shift(world, second_supervisor)
    second_supervisor.memberships.filter(role=Role.SUPERVISOR).delete()
    _emergency(world)
    assert list(Notification.objects.values_list("user__email", flat=True)) == ["supervisor@northstar.test"]


def test_rota_page_shows_who_is_on_call_and_supervisors_add_shifts(world, second_supervisor):
    client = world.client("supervisor")
    page = client.get(reverse("on_call"))
    assert page.status_code == 200 and "Nobody" in page.content.decode()
    now = timezone.localtime(timezone=ZoneInfo(world.org.time_zone))  # the form reads the organisation's time
    added = client.post(reverse("on_call"), {
        "supervisor": second_supervisor.pk, "phone": "(212) 555-0147",
        "starts_at": (now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + timedelta(hours=12)).strftime("%Y-%m-%dT%H:%M")})
    assert added.status_code == 302
    queue = world.client("responder").get(reverse("helpline_queue")).content.decode()
    assert "On call for safety alerts:" in queue and "Supervisor2" in queue
    rota = client.get(reverse("on_call")).content.decode()
    assert "(212) 555-0147" in rota and f'<option value="{second_supervisor.pk}"' in rota
    assert f'value="{world.users["responder"].pk}"' not in rota  # only supervisors are offered


def test_bad_shifts_get_specific_messages_and_keep_what_was_typed(world):
    now = timezone.localtime()
    response = world.client("supervisor").post(reverse("on_call"), {
        "supervisor": world.users["responder"].pk, "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), "phone": "555 12"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose a supervisor of your organisation." in body
    assert "The shift must end after it starts." in body
    assert "Enter a phone number with its area code" in body and 'value="555 12"' in body
    elsewhere = world.client("supervisor").post(reverse("on_call"), {
        "supervisor": world.users["other_manager"].pk, "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")})
    assert elsewhere.status_code == 400 and "Choose a supervisor of your organisation." in elsewhere.content.decode()
    too_long = world.client("supervisor").post(reverse("on_call"), {
        "supervisor": world.users["supervisor"].pk, "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + timedelta(days=8)).strftime("%Y-%m-%dT%H:%M")})
    assert "A shift lasts at most 7 days" in too_long.content.decode()
    assert not OnCallShift.objects.exists()


def test_who_may_see_and_change_the_rota(world, second_supervisor):
    shift = _shift(world, second_supervisor)
    assert world.client("responder").get(reverse("on_call")).status_code == 200
    assert world.client("responder").post(reverse("on_call"), {
        "supervisor": world.users["supervisor"].pk, "starts_at": "2030-01-01T09:00",
        "ends_at": "2030-01-01T17:00"}).status_code == 403
    assert world.client("responder").post(reverse("on_call_remove", args=[shift.pk])).status_code == 403
    for persona in ("manager", "mentor", "evaluator"):
        assert world.client(persona).get(reverse("on_call")).status_code == 403
    elsewhere = world.client("outsider").get(reverse("on_call")).content.decode()
    assert "Supervisor2" not in elsewhere
    assert world.client("outsider").post(reverse("on_call_remove", args=[shift.pk])).status_code == 404
    assert world.client("admin").post(reverse("on_call_remove", args=[shift.pk])).status_code == 302
    assert not OnCallShift.objects.exists()
