"""The work queue as a work tool (issue 10): a case's items together under its reference, the client's
name and its case manager; each row with an excerpt and how late or when due, in words; groups ordered
by their most urgent item; counts that say what they count; evaluators and auditors start on Figures."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pyotp
from allauth.mfa.totp.internal.auth import TOTP
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from offramp.cases.models import ParticipantRole, ResolutionCriterion, ResponseClock
from offramp.cases.services import case_open, case_team_remove, case_transition, note_create
from offramp.core.workqueue import (
    QueueItem,
    end_of_today,
    lateness,
    waited,
    work_counts,
    work_queue_groups,
)
from offramp.helpline.services.contacts import contact_log
from offramp.helpline.services.follow_ups import follow_up_schedule
from offramp.people.services import person_create
from tests.conftest import PASSWORD

DEADLINE = timedelta(hours=24)  # OFFRAMP_NOTE_DEADLINE_HOURS: a draft is due a day after the encounter


def _draft(world, who="manager", case=None, ago=timedelta(hours=2), narrative="Talked about the new job."):
    return note_create(actor=world.actor(who), case_id=(case or world.case).pk, note_type="meeting",
                       channel="in_person", direction="both", occurred_at=timezone.now() - ago, narrative=narrative)


def _message(world, case=None, narrative="Can we talk tomorrow about the court date?", due_in=timedelta(hours=5)):
    """An inbound message from the case's client, which opens a reply clock due `due_in` from now."""
    case = case or world.case
    note = note_create(actor=world.actor("manager"), case_id=case.pk, note_type="message", channel="text",
                       direction="inbound", occurred_at=timezone.now() - timedelta(hours=3), narrative=narrative,
                       with_participant_id=case.participants.get(role="client").pk, sign=True)
    ResponseClock.objects.filter(inbound_note=note).update(due_at=timezone.now() + due_in)
    return note


def _second_case(world, given="Ottoline", family="Brackenbury"):
    manager = world.actor("manager")
    person = person_create(actor=manager, given_name=given, family_name=family)
    return case_open(actor=manager, kind="prevention", participants=[(person.pk, ParticipantRole.CLIENT)])


def _page(world, persona) -> str:
    response = world.client(persona).get(reverse("work_queue"))
    assert response.status_code == 200
    return response.content.decode()


def _main(page: str) -> str:
    return page[page.index('<main id="main"'):page.index("</main>")]


def _queue(page: str) -> str:
    """The queue's own section, without the panels below it (the open cases list references too)."""
    start = page.index('id="due-heading"')
    ends = [i for marker in ('id="notes-heading"', 'id="cases-heading"') if (i := page.find(marker, start)) > 0]
    return page[start:min(ends, default=page.index("</main>"))]


def test_a_cases_items_are_grouped_under_its_reference_name_and_case_manager(world):
    _draft(world)
    _message(world)
    groups = work_queue_groups(world.actor("manager"))
    assert len(groups) == 1
    group = groups[0]
    assert (group.heading, group.person_name, group.owner) == (world.case.reference, "Zephyrine Quillbottom", "you")
    assert sorted(row.item.kind for row in group.rows) == ["note", "reply"]
    mentor = work_queue_groups(world.actor("mentor"))  # the peer mentor answers the client too
    assert [(g.heading, g.person_name, g.owner) for g in mentor] == [
        (world.case.reference, "Zephyrine Quillbottom", world.users["manager"].display_name)]
    page = _queue(_page(world, "manager"))
    assert page.count(f">{world.case.reference}</a>") == 1  # one heading, not one per row
    assert "Zephyrine Quillbottom" in page and "Case manager: you" in page
    assert "Can we talk tomorrow about the court date?" in page and "Talked about the new job." in page


def test_groups_are_ordered_by_their_most_urgent_item_and_rows_within_them(world):
    later_case = _second_case(world)
    _message(world, due_in=timedelta(days=3))
    _draft(world, ago=timedelta(hours=30))  # six hours late: the world case is the most urgent
    _message(world, case=later_case, due_in=timedelta(hours=1))
    _draft(world, case=later_case, ago=timedelta(hours=1))
    groups = work_queue_groups(world.actor("manager"))
    assert [g.heading for g in groups] == [world.case.reference, later_case.reference]
    for group in groups:
        due = [row.item.due_at for row in group.rows]
        assert due == sorted(due)
    assert [row.state for row in groups[0].rows] == ["overdue", "later"]
    assert groups[0].rows[0].when == "6 hours late"


def test_an_excerpt_is_the_start_of_the_message_cut_at_a_word(world):
    _message(world, narrative="I have been thinking about what you said last week and I want to talk about "
                              "moving out of my brother's flat before the summer.")
    [row] = work_queue_groups(world.actor("mentor"))[0].rows
    assert row.item.excerpt.startswith("I have been thinking about what you said last week")
    assert row.item.excerpt.endswith("…") and len(row.item.excerpt) <= 81 and "summer" not in row.item.excerpt
    assert row.waiting == "waiting 3 hours"


def test_lateness_and_waiting_are_said_in_words():
    tz = ZoneInfo("Europe/Madrid")
    now = datetime(2026, 3, 10, 9, 30, tzinfo=tz)
    today = now.date()
    assert lateness(now - timedelta(days=3, hours=2), now, today, tz) == "3 days late"
    assert lateness(now - timedelta(days=1, hours=2), now, today, tz) == "1 day late"
    assert lateness(now - timedelta(hours=2, minutes=5), now, today, tz) == "2 hours late"
    assert lateness(now - timedelta(minutes=1), now, today, tz) == "1 minute late"
    assert lateness(now + timedelta(hours=8), now, today, tz) == "due today"
    assert lateness(now + timedelta(hours=15), now, today, tz) == "due tomorrow"
    assert lateness(now + timedelta(days=4), now, today, tz) == "due in 4 days"
    assert waited(now - timedelta(hours=2, minutes=40), now) == "waiting 2 hours"
    assert waited(now - timedelta(minutes=1), now) == "waiting 1 minute"
    assert waited(now - timedelta(days=2, hours=1), now) == "waiting 2 days"


def test_the_page_says_how_late_each_row_is(world):
    _draft(world, ago=timedelta(days=4, hours=1))  # due three days ago
    page = _main(_page(world, "manager"))
    assert re.search(r'<span class="badge badge-overdue">\s*3 days late\s*</span>', page)


def test_the_clients_name_and_the_excerpt_are_not_shown_to_someone_off_the_case(world):
    _draft(world, who="mentor", narrative="Zephyrine talked about leaving the group chat.")
    page = _main(_page(world, "mentor"))
    assert "Zephyrine Quillbottom" in page and "leaving the group chat" in page
    manager = world.actor("manager")
    member = world.case.team.get(user=world.users["mentor"], removed_at__isnull=True)
    case_team_remove(actor=manager, case_id=world.case.pk, member_id=member.pk)
    [group] = work_queue_groups(world.actor("mentor"))  # the draft is still theirs to finish
    assert group.heading == world.case.reference and group.person_name == "" and group.owner == ""
    assert [row.item.excerpt for row in group.rows] == [""]
    page = _queue(_page(world, "mentor"))
    assert world.case.reference in page
    assert "Zephyrine" not in page and "Quillbottom" not in page and "group chat" not in page
    # Someone who was never on the case sees nothing of it; nor does the read-only professional on it.
    for persona in ("other_manager", "professional"):
        assert world.case.reference not in _queue(_page(world, persona))


def test_counts_read_unambiguously(world):
    due_today = end_of_today(world.actor("manager")) - timedelta(minutes=1)
    _draft(world, ago=timedelta(hours=30))
    _draft(world, ago=timedelta(hours=40))
    _draft(world, ago=DEADLINE - (due_today - timezone.now()) / 2)  # due before the day ends
    _message(world, due_in=timedelta(days=3))
    counts = work_counts(world.actor("manager"))
    assert (counts.due, counts.overdue, counts.due_today, counts.later) == (4, 2, 1, 1)
    assert counts.summary == "2 overdue, 1 due today, 1 due later"
    page = _page(world, "manager")
    assert "2 overdue, 1 due today, 1 due later" in _main(page)
    assert '<span class="visually-hidden">: 2 overdue, 1 due today, 1 due later</span>' in page  # the menu's count
    assert work_counts(world.actor("mentor")).summary == "1 due later"
    assert work_counts(world.actor("other_manager")).summary == "Nothing is due."


def test_a_helpline_follow_up_forms_a_group_of_its_own_with_its_note(world):
    contact = contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent")
    follow_up_schedule(actor=world.actor("supervisor"), contact_id=contact.pk, due_at=timezone.now() + timedelta(days=2),
                       note="Ask whether the school called back.")
    _draft(world, who="supervisor", ago=timedelta(hours=26))
    groups = work_queue_groups(world.actor("supervisor"))
    assert [g.heading for g in groups] == [world.case.reference, "Helpline follow-ups"]
    assert [(row.item.reference, row.item.excerpt) for row in groups[1].rows] == [
        (contact.reference, "Ask whether the school called back.")]
    assert groups[1].person_name == "" and not groups[1].is_case


def test_an_older_provider_that_fills_only_the_first_fields_still_groups(world):
    """QueueItem's context fields are optional: an app's item tied to no case gets a group under its label."""
    item = QueueItem(kind="x", label="Write the report", reference="Tuesday group", due_at=timezone.now(), url="/")
    assert (item.case_id, item.person_name, item.excerpt, item.owner, item.waiting_since) == ("", "", "", "", None)


def test_resolved_and_closed_cases_are_not_listed_as_open(world):
    resolved, closed = _second_case(world), _second_case(world, given="Piers", family="Ravensworth")
    criterion = ResolutionCriterion.objects.create(organization=world.org, kind="prevention", text="Safe at home")
    manager = world.actor("manager")
    for status in ("intake", "assessment", "active", "monitoring"):
        case_transition(actor=manager, case_id=resolved.pk, to_status=status)
    case_transition(actor=manager, case_id=resolved.pk, to_status="resolved", evidence={criterion.pk: "Settled"})
    case_transition(actor=manager, case_id=closed.pk, to_status="closed",
                    reason="No reply to five attempts over three months", closure_reason="No contact for 90 days")
    page = _main(_page(world, "manager"))
    panel = page[page.index('id="cases-heading"'):]
    assert world.case.reference in panel
    assert resolved.reference not in panel and closed.reference not in panel


def test_evaluators_and_auditors_land_on_figures_and_others_on_their_work_queue(world):
    for persona in ("evaluator", "auditor"):
        response = world.client(persona).get("/")
        assert response.status_code == 302 and response["Location"] == reverse("figures")
        page = world.client(persona).get(reverse("figures")).content.decode()
        assert f'href="{reverse("work_queue")}" ' not in page  # no link to a queue they never have
    for persona in ("admin", "supervisor", "manager", "mentor", "responder", "facilitator", "trainer"):
        assert world.client(persona).get("/").status_code == 200, persona


def test_signing_in_as_an_evaluator_ends_on_figures(world):
    user = world.users["evaluator"]
    secret = pyotp.random_base32()
    TOTP.activate(user, secret)
    client = Client()
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": pyotp.TOTP(secret).now()}, follow=True)
    assert response.status_code == 200 and response.redirect_chain[-1][0] == reverse("figures")


def _queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("work_queue"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_queue_reads_a_fixed_number_of_queries_however_many_items(world):
    client = world.client("manager")
    _message(world)
    _draft(world)
    client.get(reverse("work_queue"))  # session and caches settle
    before, _page_before = _queries(client)
    cases = [_second_case(world, given=f"Extra{i}") for i in range(8)]
    for case in cases:
        _message(world, case=case)
        _draft(world, case=case, ago=timedelta(hours=26))
    after, page = _queries(client)
    assert all(case.reference in page for case in cases) and "Extra7 Brackenbury" in page
    assert after == before, f"{before} queries with one case, {after} with nine"
