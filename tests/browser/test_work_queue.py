"""A case manager's day from the work queue, on a desktop and on a phone: a case's items under one
heading with the client's name, the most urgent case first, each row saying how late it is; the
evaluator starts on Figures. axe finds nothing serious on any page visited."""

from datetime import timedelta

import pytest
from django.utils import timezone

from offramp.cases.models import ParticipantRole, ResponseClock
from offramp.cases.services import case_open, note_create
from offramp.people.services import person_create
from tests.browser.test_case_flow import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _message(world, case, narrative, due_in):
    note = note_create(actor=world.actor("manager"), case_id=case.pk, note_type="message", channel="text",
                       direction="inbound", occurred_at=timezone.now() - timedelta(hours=2), narrative=narrative,
                       with_participant_id=case.participants.get(role="client").pk, sign=True)
    ResponseClock.objects.filter(inbound_note=note).update(due_at=timezone.now() + due_in)


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_a_case_managers_day_starts_from_the_queue_grouped_by_case(ui, world, width, height):
    manager = world.actor("manager")
    person = person_create(actor=manager, given_name="Ottoline", family_name="Brackenbury")
    urgent = case_open(actor=manager, kind="prevention", participants=[(person.pk, ParticipantRole.CLIENT)])
    _message(world, world.case, "Could we move Thursday's meeting to the evening?", timedelta(days=2))
    _message(world, urgent, "My brother is back in the group chat and I do not know what to do.",
             -timedelta(days=3, hours=1))
    note_create(actor=manager, case_id=urgent.pk, note_type="meeting", channel="in_person", direction="both",
                occurred_at=timezone.now() - timedelta(hours=30), narrative="Met at the library.")
    ui.page.set_viewport_size({"width": width, "height": height})
    sign_in(ui, world.users["manager"])
    ui.goto("/")
    page = ui.page
    assert page.get_by_text("2 overdue, 1 due later").first.is_visible()
    headings = page.locator(".queue-group h3").all_inner_texts()
    assert headings == [f"{urgent.reference} · Ottoline Brackenbury", f"{world.case.reference} · Zephyrine Quillbottom"]
    first = page.locator(".queue-group").first
    assert first.get_by_text("3 days late").is_visible() and first.get_by_text("6 hours late").is_visible()
    assert first.get_by_text("My brother is back in the group chat").is_visible()
    first.get_by_role("link", name="Reply to the client's message").click()
    ui.check()
    assert page.get_by_role("heading", name="Replies due (one working day)").is_visible()


def test_the_evaluator_signs_in_to_figures(ui, world):
    sign_in(ui, world.users["evaluator"])
    assert ui.page.url.endswith("/figures/")
    assert ui.page.get_by_role("link", name="Work queue").count() == 0
