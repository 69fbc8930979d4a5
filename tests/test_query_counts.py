"""Query counts of the busiest pages do not grow with the data (budgets written down)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from offramp.cases import services as case_services
from offramp.cases.models import ParticipantRole, TeamRole
from offramp.people import services as people_services


def _grow(world, cases: int = 6, notes: int = 4):
    manager = world.actor("manager")
    for i in range(cases):
        person = people_services.person_create(actor=manager, given_name=f"Extra{i}", family_name="Person",
                                               contacts=[{"kind": "email", "value": f"extra{i}@example.org"}])
        case = case_services.case_open(actor=manager, kind="prevention",
                                       participants=[(person.pk, ParticipantRole.CLIENT)])
        case_services.case_team_add(actor=manager, case_id=case.pk, member=world.users["mentor"].pk,
                                    role=TeamRole.PEER_MENTOR)
        participant = case.participants.get()
        for j in range(notes):
            case_services.note_create(
                actor=manager, case_id=case.pk, note_type="message", channel="text",
                direction="inbound" if j % 2 else "outbound", occurred_at=timezone.now() - timedelta(hours=j + 1),
                narrative="More notes.", with_participant_id=participant.pk, sign=j != 0)
    from offramp.helpline.services.contacts import contact_log
    from offramp.helpline.services.follow_ups import follow_up_schedule

    for j in range(notes):
        contact = contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                              self_harm=j == 0, leave_unassigned=j % 2 == 1)
        follow_up_schedule(actor=world.actor("supervisor"), contact_id=contact.pk,
                           due_at=timezone.now() + (timedelta(minutes=j + 1) if j % 2 else timedelta(days=j + 1)))
    _grow_helpline(world, notes)
    for j in range(notes):
        note = case_services.note_create(
            actor=manager, case_id=world.case.pk, note_type="meeting", channel="in_person", direction="both",
            occurred_at=timezone.now() - timedelta(hours=j + 1), narrative="Case page note.", sign=True)
        case_services.note_add_addendum(actor=world.actor("mentor"), note_id=note.pk, narrative="Addendum.")


def _grow_helpline(world, n: int) -> None:
    """Web requests waiting (some from a flagged caller) and additions to the first contact."""
    from offramp.helpline.models import Resource
    from offramp.helpline.services import web_requests
    from offramp.helpline.services.contacts import contact_addendum_add, contact_log
    from offramp.helpline.services.flags import caller_flag_set

    flagged = contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                          caller_phone=f"+1 212 555 01{n:02d}")
    caller_flag_set(actor=world.actor("supervisor"), contact_id=flagged.pk, reason="Hostile on every call.", days=5)
    for j in range(n):
        web_requests.help_request_submit(organization=world.org, data={
            "name": "Someone", "phone": f"+1 212 555 01{(n if j == 0 else j + 50):02d}", "email": "",
            "when_to_reach": "", "worry": "Worried.", "language": "en"})
        resource = Resource.objects.create(organization=world.org, name=f"Service {n}-{j}", category="family")
        contact_addendum_add(actor=world.actor("responder"), contact_id=_first_contact(world).pk,
                             text="Learned after the call.", resource_ids=[resource.pk])


def _first_contact(world):
    from offramp.helpline.models import HelplineContact

    return HelplineContact.objects.filter(organization=world.org).order_by("reference").first()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# Every page pays about 11 fixed queries: session read and save, user, memberships, the
# navigation counts (drafts, replies, follow-ups, notifications) and the audit event (chain head lock,
# insert, head update, with their savepoints).
# A supervisor's pages count one query more here than in production: the work-queue count of the example
# app the test settings install (tests/plugin_app), which supervisors may use.
# The case list reads, besides its page of cases, the owner picker and for the cases the actor may open
# their clients, managers, last signed note and first reply due (five queries, whatever the rows).
# The helpline page's contacts list reads the responder picker, the movements offered by its filter and
# each listed contact's movements and signs (four queries, whatever the rows); for a supervisor, with a new
# web request waiting, the colleagues it may be given to (one query, for every request's picker).
# A contact page reads its pickers' colleagues once each (who keeps a follow-up; for a supervisor, who to
# give the contact to), and the web request it answers for its summary (the call-back's safe time). The case page draws no team picker (it has
# its own page, cases/team_add.html: an organisation may have thousands of staff).
# The work queue reads, besides its items, the cases they belong to with their clients and case managers
# (three queries, for the group headings), whatever the number of items.
BUDGETS = {
    "work_queue": 18, "case_list_supervisor": 23, "case_list_manager": 23, "case_page": 31,
    "person_list": 20, "person_page": 24, "api_cases": 14, "api_notes": 23, "helpline_queue": 36,
    "helpline_contact": 33,
}

PAGES = {
    "work_queue": ("manager", lambda w: reverse("work_queue")),
    "case_list_supervisor": ("supervisor", lambda w: reverse("case_list")),
    "case_list_manager": ("manager", lambda w: reverse("case_list")),
    "case_page": ("supervisor", lambda w: reverse("case_detail", args=[w.case.pk])),
    "person_list": ("supervisor", lambda w: reverse("person_list")),
    "person_page": ("manager", lambda w: reverse("person_detail", args=[w.client_person.pk])),
    "api_cases": ("supervisor", lambda w: "/api/v1/cases/"),
    "api_notes": ("manager", lambda w: f"/api/v1/cases/{w.case.pk}/notes/"),
    "helpline_queue": ("supervisor", lambda w: reverse("helpline_queue")),
    "helpline_contact": ("responder", lambda w: reverse("contact_detail", args=[_first_contact(w).pk])),
}


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow(world, page):
    persona, url = PAGES[page]
    client = world.client(persona)
    _grow(world, cases=1, notes=1)  # every kind of row exists once, so prefetches run in both measurements
    client.get(url(world))  # session and caches settle
    before = _count(client, url(world))
    _grow(world)
    after = _count(client, url(world))
    assert after == before, f"{page}: {before} queries with little data, {after} with more"
    assert after <= BUDGETS[page]
