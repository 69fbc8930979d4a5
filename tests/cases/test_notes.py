"""Case notes (E2) and response clocks (E1)."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from offramp.cases.models import Note, ResponseClock
from offramp.cases.services import (
    note_add_addendum,
    note_create,
    note_sign,
    note_update,
    response_delay_authorise,
)
from offramp.core.workqueue import work_counts, work_queue


def _note(world, who="manager", **overrides):
    data = {"note_type": "meeting", "channel": "in_person", "direction": "both",
            "occurred_at": timezone.now() - timedelta(hours=2), "narrative": "Talked about the new job."}
    data.update(overrides)
    return note_create(actor=world.actor(who), case_id=world.case.pk, **data)


def test_draft_is_on_the_authors_queue_until_signed(world):
    note = _note(world)
    assert [i.kind for i in work_queue(world.actor("manager"))] == ["note"]
    assert work_queue(world.actor("mentor")) == []
    note_sign(actor=world.actor("manager"), note_id=note.pk)
    assert work_queue(world.actor("manager")) == []


def test_signed_note_is_immutable_and_corrected_by_addendum(world):
    note = _note(world, sign=True)
    with pytest.raises(ValidationError):
        note_update(actor=world.actor("manager"), note_id=note.pk, note_type="call", channel="phone",
                    direction="inbound", occurred_at=note.occurred_at, narrative="Changed")
    addendum = note_add_addendum(actor=world.actor("mentor"), note_id=note.pk, narrative="He starts on Monday, not Tuesday.")
    assert addendum.addendum_to_id == note.pk and addendum.is_signed
    assert Note.objects.get(pk=note.pk).narrative == "Talked about the new job."


def test_only_the_author_edits_a_draft_and_others_cannot_see_it(world):
    note = _note(world)
    response = world.client("supervisor").get(reverse("note_edit", args=[note.pk]))
    assert response.status_code == 404
    assert "Talked about the new job." not in world.client("mentor").get(
        reverse("case_detail", args=[world.case.pk])).content.decode()


def test_note_documented_after_24_hours_is_late(world):
    late = _note(world, occurred_at=timezone.now() - timedelta(hours=30), sign=True)
    on_time = _note(world, occurred_at=timezone.now() - timedelta(hours=3), sign=True)
    assert late.documented_late and not on_time.documented_late
    page = world.client("manager").get(reverse("case_detail", args=[world.case.pk])).content.decode()
    assert page.count("Documented late") == 1


def test_overdue_draft_counts_as_overdue(world):
    _note(world, occurred_at=timezone.now() - timedelta(hours=30))
    counts = work_counts(world.actor("manager"))
    assert (counts.due, counts.overdue) == (1, 1)


def test_future_encounter_and_empty_narrative_are_refused(world):
    with pytest.raises(ValidationError) as error:
        _note(world, occurred_at=timezone.now() + timedelta(days=1), narrative="  ")
    assert set(error.value.message_dict) == {"occurred_at", "narrative"}


def _client_participant(world):
    return world.case.participants.get(role="client")


def test_inbound_client_message_opens_a_response_clock_cleared_by_a_reply(world):
    inbound = _note(world, note_type="message", channel="text", direction="inbound",
                    with_participant_id=_client_participant(world).pk, sign=True)
    clock = ResponseClock.objects.get(inbound_note=inbound)
    assert clock.state == "due" and clock.due_at > inbound.occurred_at
    assert [i.kind for i in work_queue(world.actor("mentor"))] == ["reply"]
    reply = _note(world, who="mentor", note_type="message", channel="text", direction="outbound",
                  occurred_at=timezone.now() - timedelta(minutes=5), sign=True)
    clock.refresh_from_db()
    assert clock.cleared_at is not None and clock.cleared_by_note_id == reply.pk
    assert work_queue(world.actor("mentor")) == []


def test_the_clock_runs_for_the_client_who_wrote_and_only_a_reply_to_them_clears_it(world):
    """E1: "With" left empty on an inbound message means the case's client (it opened no clock once);
    a reply to the client's mother does not answer the client (it cleared the clock once)."""
    inbound = _note(world, note_type="message", channel="text", direction="inbound", sign=True)
    clock = ResponseClock.objects.get(inbound_note=inbound)
    assert clock.participant == _client_participant(world)
    mother = world.case.participants.get(role="family_member")
    _note(world, note_type="call", channel="phone", direction="outbound", with_participant_id=mother.pk, sign=True)
    clock.refresh_from_db()
    assert clock.cleared_at is None and [i.kind for i in work_queue(world.actor("mentor"))] == ["reply"]
    reply = _note(world, note_type="call", channel="phone", direction="outbound",
                  with_participant_id=_client_participant(world).pk, sign=True)
    clock.refresh_from_db()
    assert clock.cleared_by_note_id == reply.pk


def test_with_two_clients_an_inbound_message_must_say_who_wrote(world):
    from offramp.cases.services import case_participant_add
    from offramp.people.services import person_create

    second = person_create(actor=world.actor("manager"), given_name="Rosalind", family_name="Quayle")
    case_participant_add(actor=world.actor("manager"), case_id=world.case.pk, person_id=second.pk, role="client")
    with pytest.raises(ValidationError) as error:
        _note(world, note_type="message", channel="text", direction="inbound", sign=True)
    assert "choose who wrote" in str(error.value.message_dict["with_participant"])
    assert not Note.objects.exists()


def test_message_from_a_family_member_opens_no_clock(world):
    mother = world.case.participants.get(role="family_member")
    _note(world, note_type="message", channel="text", direction="inbound", with_participant_id=mother.pk, sign=True)
    assert not ResponseClock.objects.exists()


def test_overdue_reply_and_authorised_delay(world):
    inbound = _note(world, note_type="message", channel="text", direction="inbound",
                    occurred_at=timezone.now() - timedelta(days=6), with_participant_id=_client_participant(world).pk,
                    sign=True)
    clock = ResponseClock.objects.get(inbound_note=inbound)
    assert clock.state == "overdue"
    assert work_counts(world.actor("manager")).overdue == 1
    with pytest.raises(Exception):  # noqa: B017 - only supervisors may authorise (Forbidden)
        response_delay_authorise(actor=world.actor("manager"), clock_id=clock.pk, reason="Client asked to wait",
                                 until=timezone.now() + timedelta(days=2))
    response_delay_authorise(actor=world.actor("supervisor"), clock_id=clock.pk, reason="Client asked for a week's break",
                             until=timezone.now() + timedelta(days=2))
    clock.refresh_from_db()
    assert clock.state == "due" and clock.delay_authorised_by == world.users["supervisor"]
    assert work_counts(world.actor("manager")).overdue == 0


def test_note_page_keeps_typed_text_on_error(world):
    response = world.client("manager").post(reverse("note_create", args=[world.case.pk]), {
        "note_type": "call", "channel": "phone", "direction": "outbound", "occurred_at": "not a date",
        "narrative": "He agreed to meet on Friday.", "sign": "1"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "He agreed to meet on Friday." in body and "Enter a valid date/time." in body
    assert not Note.objects.exists()


def test_write_and_sign_note_through_the_page(world):
    client = world.client("mentor")
    when = timezone.localtime(timezone.now() - timedelta(hours=1), ZoneInfo(world.org.time_zone)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("note_create", args=[world.case.pk]), {
        "note_type": "meeting", "channel": "in_person", "direction": "both", "occurred_at": when,
        "narrative": "Walked and talked about football.", "sign": "1"})
    assert response.status_code == 302
    page = client.get(reverse("case_detail", args=[world.case.pk])).content.decode()
    assert "Walked and talked about football." in page


def test_read_only_team_member_cannot_write(world):
    response = world.client("professional").post(f"/api/v1/cases/{world.case.pk}/notes/", {
        "note_type": "call", "channel": "phone", "direction": "outbound",
        "occurred_at": timezone.now().isoformat(), "narrative": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert not Note.objects.exists()


def test_periodic_reminder_notifies_once_a_day_about_overdue_work(world, django_capture_on_commit_callbacks):
    from django.core import mail

    from offramp.core.models import Notification
    from offramp.core.tasks import send_due_reminders

    _note(world, occurred_at=timezone.now() - timedelta(hours=30))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders() == 1
        assert send_due_reminders() == 0
    notice = Notification.objects.get(user=world.users["manager"])
    assert "1 overdue" in notice.message
    assert [m.to for m in mail.outbox] == [["manager@northstar.test"]]
