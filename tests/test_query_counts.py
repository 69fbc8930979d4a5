"""Query counts of the busiest pages do not grow with the data (budgets written down)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from offramp.assessments import catalogue as assessment_catalogue
from offramp.assessments import services as assessment_services
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
    for key in assessment_catalogue.BUILT_IN:  # the case page's assessments section
        for _j in range(notes):
            assessment_services.assessment_start(actor=manager, case_id=world.case.pk,
                                                 person_id=world.client_person.pk, instrument_key=key)
    for key in assessment_catalogue.BUILT_IN[3:]:  # completed: the radar, danger block, stage of exit, reasons
        for _j in range(notes):
            _assessment_complete_all_unknown(world, manager, key)
    _grow_plans(world, notes)
    _grow_protocol(world, notes)


def _grow_plans(world, n: int) -> None:
    """Goals on the case's plan with progress (the first reached; each past a stage-fit caution) and tasks
    for them on the manager's queue."""
    from offramp.plans import services as plan_services
    from offramp.plans.selectors import today

    manager = world.actor("manager")
    due = today(manager) + timedelta(days=10)
    for j in range(n):
        goal = plan_services.goal_create(
            actor=manager, case_id=world.case.pk, person_id=world.client_person.pk, statement="Goal.",
            measure="Measured.", target="Target.", due_on=due, achievable="Yes.", relevant="Yes.",
            dimensions=["social"], targets=["ideology"], accept_caution=True)
        plan_services.goal_progress_record(actor=manager, goal_id=goal.pk, kind="milestone", milestone="Step.",
                                           percent=10)
        plan_services.task_create(actor=manager, case_id=world.case.pk, kind="task", description="Do.",
                                  assignee_id=world.users["manager"].pk, due_on=due, goal_id=goal.pk)
        if j == 0:
            plan_services.goal_achieve(actor=manager, goal_id=goal.pk)



def _grow_protocol(world, n: int) -> None:
    """The family protocol's records on the case, and a resolved family case whose aftercare check-in is due
    on the manager's queue (offramp.protocol)."""
    from offramp.cases.models import CaseTransition, ResolutionCriterion
    from offramp.protocol import services as protocol_services

    manager = world.actor("manager")
    protocol_services.family_evaluation_save(actor=manager, case_id=world.case.pk, worries="W.", needs="N.",
                                             openings="O.")
    for _j in range(n):
        protocol_services.monitoring_entry_add(actor=manager, case_id=world.case.pk, observed_on=timezone.localdate(),
                                               changes="Changed.")
    person = people_services.person_create(actor=manager, given_name="Resolved", family_name="Family")
    case = case_services.case_open(actor=manager, kind="family_support",
                                   participants=[(person.pk, ParticipantRole.PERSON_OF_CONCERN)])
    criterion, _made = ResolutionCriterion.objects.get_or_create(organization=world.org, kind="family_support",
                                                                 text="Coaching goals met")
    protocol_services.family_evaluation_save(actor=manager, case_id=case.pk, worries="W.", needs="N.", openings="O.")
    case_services.case_transition(actor=manager, case_id=case.pk, to_status="plan")
    protocol_services.intervention_plan_save(actor=manager, case_id=case.pk, family_goals="F.", person_goals="P.",
                                             tasks="T.")
    case_services.case_transition(actor=manager, case_id=case.pk, to_status="monitoring")
    protocol_services.monitoring_entry_add(actor=manager, case_id=case.pk, observed_on=timezone.localdate(),
                                           changes="C.")
    case_services.case_transition(actor=manager, case_id=case.pk, to_status="coaching")
    protocol_services.coaching_plan_save(actor=manager, case_id=case.pk, topics="T.", family_goals="G.")
    case_services.case_transition(actor=manager, case_id=case.pk, to_status="resolved",
                                  evidence={criterion.pk: "Coaching plan: goals met."})
    CaseTransition.objects.filter(case=case, to_status="resolved").update(at=timezone.now() - timedelta(days=40))

def _assessment_complete_all_unknown(world, actor, key: str) -> None:
    """A completed assessment of the new instruments (every item "no information"; each allows it)."""
    from offramp.instruments import definition as spec

    assessment = assessment_services.assessment_start(actor=actor, case_id=world.case.pk,
                                                      person_id=world.client_person.pk, instrument_key=key)
    answers = {item["key"]: {"special": "no_information"}
               for item in spec.iter_items(assessment_catalogue.shipped(key)) if "show_if" not in item}
    assessment_services.assessment_complete(actor=actor, assessment_id=assessment.pk, answers=answers)


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
# its own page, cases/team_add.html: an organisation may have thousands of staff). The case page's assessments section (cases.sections) reads
# the case's participants and its assessments with their responses, people and authors: two queries,
# whatever the number of assessments (the radar, the danger block, the stage of exit and the reasons
# shown back are drawn from those same rows: no query added).
# The work queue reads, besides its items, the cases they belong to with their clients and case managers
# (three queries, for the group headings), whatever the number of items.
# The aftercare (offramp.protocol) adds one query to every page's navigation counts, one more for its items
# on the work queue and one for their clients' names; and three to the case page's protocol section (the
# case's records, its monitoring entries, the family's outcome ratings), whatever their number.
# Plans (offramp/plans): every page's menu badge counts the plan tasks on the actor's queue (one aggregate,
# so one query more on each page of a casework member); the work queue reads the actor's tasks with their
# cases, clients and case managers (three queries); the case page's plan section reads the case's goals
# with their people and its open tasks (two queries, whatever the plan holds). The plan page reads the
# participants, the goals with their progress history, the tasks, the current stages and the latest
# wellness ratings: six queries, whatever the plan holds.
BUDGETS = {
    "work_queue": 25, "case_list_supervisor": 25, "case_list_manager": 25, "case_page": 40,
    "person_list": 22, "person_page": 26, "api_cases": 14, "api_notes": 23, "helpline_queue": 38,
    "helpline_contact": 35, "plan_page": 26,
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
    "plan_page": ("manager", lambda w: reverse("plans:plan", args=[w.case.pk])),
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
