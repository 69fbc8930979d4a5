"""Cases in the demo, in the synthetic data set and in the benchmark; registered from
`CasesConfig.ready()` into `offramp.core.demo.registry`.

Demo: resolution criteria, closure reasons and professions, then 18 cases per organisation with
their people (a client and a relative), team, lifecycle moves, signed notes (some late), reply
clocks and drafts for the work queue. Scale: people, cases, teams and notes in bulk.
Every text is invented and non-identifying; no real person or case is described.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from offramp.cases import gates, lifecycle
from offramp.cases import services as case_services
from offramp.cases.models import (
    Case,
    CaseKind,
    CaseParticipant,
    CaseStatus,
    CaseTeamMember,
    Channel,
    Direction,
    Note,
    NoteType,
    ParticipantRole,
    ResolutionCriterion,
    ResponseClock,
    TeamRole,
)
from offramp.core import blind_index
from offramp.core.access import member_actor
from offramp.core.calendar import add_working_days
from offramp.core.demo import registry
from offramp.core.models import Membership, ReferenceSequence, Role, TaxonomyTerm
from offramp.people import services as people_services
from offramp.people.demo import demo_person
from offramp.people.models import ContactMethod, Person, PersonIdentifier

from . import vocabularies

if TYPE_CHECKING:
    from offramp.core.demo.registry import BenchContext, DemoContext, ScaleContext
    from offramp.core.models import Organization, User

NOTE_SENTENCES = [
    "Met at the usual café; we talked about the job application and the interview next week.",
    "Mother called: her son has been spending nights online again and skipped two shifts.",
    "Discussed what he gets from the group chat: belonging, and somewhere to put his anger.",
    "She asked for help finding a counsellor who speaks Spanish; gave two options from the directory.",
    "Talked through the argument with his sister and what he wants to say when they next meet.",
    "He said he has muted the channel for a week and felt calmer, but slept badly.",
    "Reviewed the wellness plan: sleep and exercise goals met, finances still stressful.",
    "Father worried about new friends and a trip planned for the weekend; coached him on open questions.",
    "Short check-in by text; confirmed Thursday's meeting and the bus route.",
    "Probation officer confirmed attendance at the community course; shared with consent.",
    "She described feeling watched by former contacts; safety plan reviewed and phone numbers updated.",
    "Celebrated the first month of the apprenticeship; he brought the certificate to show.",
    "Teacher reported posters drawn in class; agreed a joint meeting with the school counsellor.",
    "We talked about music and football for most of the hour; trust is building.",
    "He was quiet and tired; agreed to talk again tomorrow rather than push today.",
]
CASE_SUMMARIES = [
    "Parent worried about a teenager's online radicalisation; family coaching requested.",
    "Young adult wants to leave a movement after seven years; needs housing and work.",
    "School referral after threatening drawings; prevention work with the family.",
    "Sibling called about a brother's new circle and weapons talk; assessment under way.",
    "Self-referral via the web form; wants a mentor who has been through it.",
]
CRITERIA = {
    CaseKind.FAMILY_SUPPORT: [
        "The family reports a stable, safer situation at home",
        "The person of concern is engaged with healthy relationships or activities",
    ],  # the protocol's demo adds the one that rests on the coaching plan
    CaseKind.INDIVIDUAL_EXIT: [
        "No involvement in violence or violent groups for at least six months",
        "Prosocial network and roles in place (work, education, community)",
    ],  # the plans' demo adds the one that rests on the plan's goals
    CaseKind.PREVENTION: [
        "Risk factors identified at intake are reduced",
        "Protective people and activities are in place",
    ],
}
CLOSURE_REASONS = ["Client withdrew consent", "Moved out of the area", "Referred to a partner", "No contact for 90 days"]
PROFESSIONS = ["Social worker", "Psychologist", "Psychiatrist", "Probation officer", "Faith leader", "Teacher"]
DEMO_CASES = 18

# -- the demo -----------------------------------------------------------------------------------


def load_demo(ctx: DemoContext) -> None:
    org, staff = ctx.organization, ctx.staff
    for kind, texts in CRITERIA.items():
        for position, text in enumerate(texts):
            ResolutionCriterion.objects.create(organization=org, kind=kind, text=text, position=position)
    for position, label in enumerate(CLOSURE_REASONS):
        TaxonomyTerm.objects.create(organization=org, vocabulary=vocabularies.CLOSURE_REASON,
                                    label=label, position=position)
    for position, label in enumerate(PROFESSIONS):
        TaxonomyTerm.objects.create(organization=org, vocabulary=vocabularies.PROFESSION,
                                    label=label, position=position)
    for index in range(DEMO_CASES):
        manager = staff["manager"] if index % 3 else staff["manager2"]
        _demo_case(ctx, manager, index)


def _demo_case(ctx: DemoContext, manager: User, index: int) -> None:
    org, fake, rng, staff = ctx.organization, ctx.fake, ctx.rng, ctx.staff
    actor = member_actor(manager, org.pk)
    client = demo_person(actor, fake, rng, with_contacts=True)
    relative = demo_person(actor, fake, rng, with_contacts=rng.random() < 0.5, family_name=client.family_name)
    people_services.relationship_add(actor=actor, person_id=relative.pk, kind=rng.choice(["parent", "sibling", "partner"]),
                                     other_id=client.pk)
    kind = [CaseKind.FAMILY_SUPPORT, CaseKind.INDIVIDUAL_EXIT, CaseKind.PREVENTION][index % 3]
    case = case_services.case_open(
        actor=actor, kind=kind, summary=rng.choice(CASE_SUMMARIES), restricted=index == 5,
        participants=[(client.pk, ParticipantRole.CLIENT if kind != CaseKind.FAMILY_SUPPORT else ParticipantRole.PERSON_OF_CONCERN),
                      (relative.pk, ParticipantRole.FAMILY_MEMBER if kind != CaseKind.FAMILY_SUPPORT else ParticipantRole.CLIENT)],
    )
    case_services.case_team_add(actor=actor, case_id=case.pk, member=staff["mentor"].pk, role=TeamRole.PEER_MENTOR)
    case_services.case_team_add(actor=actor, case_id=case.pk, member=staff["supervisor"].pk, role=TeamRole.SUPERVISOR)
    if index == 0 and "external" in staff:  # the probation officer reads this one case only (E3)
        case_services.case_team_add(actor=actor, case_id=case.pk, member=staff["external"].pk, role=TeamRole.OTHER,
                                    profession="Probation officer")
    client_participant = case.participants.get(role=ParticipantRole.CLIENT)
    days_open = rng.randint(5, 120)
    opened = timezone.now() - timedelta(days=days_open)
    steps = lifecycle.working_statuses(kind)[1:][: index % 5]
    with gates.suspended():  # the demo tells of cases moved on before other apps' records were asked for
        for step in steps:
            case_services.case_transition(actor=actor, case_id=case.pk, to_status=step)
    authors = [manager, staff["mentor"]]
    moments = sorted(opened + timedelta(hours=rng.randint(1, days_open * 24)) for _ in range(rng.randint(4, 12)))
    for moment in moments:
        author = rng.choice(authors)
        author_actor = member_actor(author, org.pk)
        inbound = rng.random() < 0.35
        note = case_services.note_create(
            actor=author_actor, case_id=case.pk,
            note_type=NoteType.MESSAGE if inbound else rng.choice([NoteType.MEETING, NoteType.CALL, NoteType.MESSAGE]),
            channel=rng.choice([Channel.TEXT, Channel.PHONE, Channel.IN_PERSON, Channel.EMAIL]),
            direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
            occurred_at=moment, narrative=" ".join(rng.sample(NOTE_SENTENCES, 2)),
            with_participant_id=client_participant.pk, sign=True,
        )
        documented = moment + timedelta(hours=rng.choice([1, 2, 5, 20, 30]) if rng.random() < 0.9 else 50)
        Note.objects.filter(pk=note.pk).update(
            created_at=documented, signed_at=documented, documented_late=documented - moment > timedelta(hours=24)
        )
    # A recent message waiting for a reply (an E1 clock) and a draft to finish (E2), for the work queue.
    if index % 2 == 0:
        case_services.note_create(
            actor=actor, case_id=case.pk, note_type=NoteType.MESSAGE, channel=Channel.TEXT, direction=Direction.INBOUND,
            occurred_at=timezone.now() - timedelta(hours=rng.choice([2, 20, 40])),
            narrative="Asked whether we can move Thursday's meeting to the evening.",
            with_participant_id=client_participant.pk, sign=True,
        )
    if index % 3 == 0:
        case_services.note_create(
            actor=actor, case_id=case.pk, note_type=NoteType.MEETING, channel=Channel.IN_PERSON,
            direction=Direction.BOTH, occurred_at=timezone.now() - timedelta(hours=rng.choice([3, 30])),
            narrative="Draft: met at the library; notes to finish.", sign=False,
        )
    Case.objects.filter(pk=case.pk).update(opened_at=opened)


# -- the synthetic data set ---------------------------------------------------------------------

CHUNK = 500
STATUS_WEIGHTS = [
    (CaseStatus.INQUIRY, 5), (CaseStatus.INTAKE, 5), (CaseStatus.ASSESSMENT, 8), (CaseStatus.ACTIVE, 30),
    (CaseStatus.MONITORING, 12), (CaseStatus.RESOLVED, 10), (CaseStatus.CLOSED, 28), (CaseStatus.PAUSED, 2),
]


def load_scale(ctx: ScaleContext) -> None:
    """`ctx.cases` cases, each with a client (half with a relative), a case manager (half with a peer
    mentor), `ctx.notes_per_case` signed notes, a few reply clocks and drafts; bulk inserts (encryption
    still happens in Python, row by row), one transaction per chunk of cases."""
    org, rng, fake, now = ctx.organization, ctx.rng, ctx.fake, ctx.now
    given = [fake.first_name() for _ in range(1500)]
    family = [fake.last_name() for _ in range(1500)]
    managers, mentors = ctx.staff[Role.CASE_MANAGER], ctx.staff[Role.PEER_MENTOR]
    statuses = [s for s, _ in STATUS_WEIGHTS]
    weights = [w for _, w in STATUS_WEIGHTS]
    year = now.year
    started = time.monotonic()
    made = 0
    while made < ctx.cases:
        count = min(CHUNK, ctx.cases - made)
        with transaction.atomic():
            _chunk(org, rng, given, family, managers, mentors, statuses, weights, now, year, made, count,
                   ctx.notes_per_case)
        made += count
        if made % (CHUNK * 20) == 0 or made == ctx.cases:
            ctx.say(f"  {made:,} cases ({time.monotonic() - started:.0f} s)")
    ReferenceSequence.objects.update_or_create(organization=org, kind="case", year=year, defaults={"last": ctx.cases})


def _chunk(org, rng, given, family, managers, mentors, statuses, weights, now, year, offset, count, notes_per_case):
    people, contacts, identifiers, case_rows, participants, team, notes, clocks = [], [], [], [], [], [], [], []
    for i in range(offset, offset + count):
        manager = managers[i % len(managers)]
        opened = now - timedelta(days=rng.randint(1, 730), minutes=rng.randint(0, 1440))
        client = Person(organization=org, given_name=rng.choice(given), family_name=rng.choice(family),
                        date_of_birth=f"{rng.randint(1960, 2010)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                        created_by=manager, created_at=opened, updated_at=opened)
        phone = f"+1 {rng.randint(201, 989)} {rng.randint(200, 999)} {rng.randint(0, 9999):04d}"
        contacts.append(ContactMethod(organization=org, person=client, kind="phone", value=phone, created_at=opened))
        identifiers += [PersonIdentifier(organization=org, person=client, kind="phone", digest=digest)
                        for digest in blind_index.digests(org, "phone", phone)]
        group = [client]
        if rng.random() < 0.5:
            group.append(Person(organization=org, given_name=rng.choice(given), family_name=client.family_name,
                                created_by=manager, created_at=opened, updated_at=opened))
        for person in group:
            people.append(person)
            identifiers += [PersonIdentifier(organization=org, person=person, kind="name", digest=digest)
                            for digest in blind_index.digests(org, "name", person.given_name, person.family_name,
                                                              f"{person.given_name} {person.family_name}")]
        status = rng.choices(statuses, weights)[0]
        kind = rng.choice(CaseKind.values)
        status = lifecycle.equivalent_status(kind, status)
        case = Case(organization=org, reference=f"SCL-{year}-{i + 1:07d}", kind=kind,
                    status=status, restricted=rng.random() < 0.02, summary=rng.choice(CASE_SUMMARIES),
                    opened_at=opened, created_by=manager, updated_at=opened,
                    closed_at=opened + timedelta(days=30) if status == CaseStatus.CLOSED else None)
        case_rows.append(case)
        client_participant = CaseParticipant(organization=org, case=case, person=client, role=ParticipantRole.CLIENT)
        participants.append(client_participant)
        if len(group) > 1:
            participants.append(CaseParticipant(organization=org, case=case, person=group[1],
                                                role=ParticipantRole.FAMILY_MEMBER))
        team.append(CaseTeamMember(organization=org, case=case, user=manager, role=TeamRole.CASE_MANAGER))
        authors = [manager]
        if rng.random() < 0.5:
            mentor = mentors[i % len(mentors)]
            team.append(CaseTeamMember(organization=org, case=case, user=mentor, role=TeamRole.PEER_MENTOR))
            authors.append(mentor)
        span = max(1, int((now - opened).total_seconds() // 60))
        for _ in range(notes_per_case):
            occurred = opened + timedelta(minutes=rng.randint(0, span))
            inbound = rng.random() < 0.3
            signed = occurred + timedelta(hours=rng.choice([1, 3, 6, 20, 30]))
            notes.append(Note(
                organization=org, case=case, author=rng.choice(authors),
                note_type=NoteType.MESSAGE if inbound else rng.choice(NoteType.values),
                channel=rng.choice(Channel.values), direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
                with_participant=client_participant, occurred_at=occurred, narrative=" ".join(rng.sample(NOTE_SENTENCES, 2)),
                created_at=signed, updated_at=signed, signed_at=min(signed, now), documented_late=signed - occurred > timedelta(hours=24),
            ))
        if status in (CaseStatus.ACTIVE, CaseStatus.PLAN, CaseStatus.MONITORING, CaseStatus.COACHING) and rng.random() < 0.1:
            received = now - timedelta(hours=rng.randint(1, 72))
            inbound_note = Note(organization=org, case=case, author=manager, note_type=NoteType.MESSAGE,
                                channel=Channel.TEXT, direction=Direction.INBOUND, with_participant=client_participant,
                                occurred_at=received, narrative=rng.choice(NOTE_SENTENCES), created_at=received,
                                updated_at=received, signed_at=received)
            notes.append(inbound_note)
            clocks.append(ResponseClock(organization=org, case=case, inbound_note=inbound_note, received_at=received,
                                        due_at=add_working_days(org, received, 1)))
        if rng.random() < 0.03:
            occurred = now - timedelta(hours=rng.randint(1, 48))
            notes.append(Note(organization=org, case=case, author=manager, note_type=NoteType.MEETING,
                              channel=Channel.IN_PERSON, direction=Direction.BOTH, occurred_at=occurred,
                              narrative=rng.choice(NOTE_SENTENCES), created_at=occurred, updated_at=occurred))
    Person.objects.bulk_create(people, batch_size=1000)
    ContactMethod.objects.bulk_create(contacts, batch_size=1000)
    PersonIdentifier.objects.bulk_create(identifiers, batch_size=2000)
    Case.objects.bulk_create(case_rows, batch_size=1000)
    CaseParticipant.objects.bulk_create(participants, batch_size=1000)
    CaseTeamMember.objects.bulk_create(team, batch_size=1000)
    Note.objects.bulk_create(notes, batch_size=2000)
    ResponseClock.objects.bulk_create(clocks, batch_size=1000)


# The helpline's part (20) comes first in the demo, as the demo has always been built, so a seed
# still gives the same data.
DEMO_PART = registry.DemoPart("cases", order=30, load_demo=load_demo, load_scale=load_scale)

# -- the benchmark ------------------------------------------------------------------------------


def _manager_on_a_case(org: Organization, role: str) -> User | None:
    """The case manager persona: one who is on a case, so their work queue and case list have rows."""
    manager_id = (
        CaseTeamMember.objects.filter(organization=org, role=TeamRole.CASE_MANAGER, removed_at__isnull=True)
        .values_list("user_id", flat=True).first()
    )
    if manager_id is None:
        return None
    membership = Membership.objects.filter(user_id=manager_id, organization=org).select_related("user").first()
    return membership.user if membership else None


def _busiest(ctx: BenchContext) -> Case:
    """The case manager's most recently opened unrestricted case."""
    if "case" not in ctx.shared:
        case = (Case.objects.filter(organization=ctx.organization, restricted=False,
                                    team__user=ctx.user(Role.CASE_MANAGER)).order_by("-opened_at").first())
        if case is None:
            raise CommandError("The case manager has no unrestricted case: run `offramp seed`.")
        ctx.shared["case"] = case
    return ctx.shared["case"]


def _note_form(ctx: BenchContext) -> registry.BenchRequest:
    case = _busiest(ctx)
    return registry.post(reverse("note_create", args=[case.pk]), {
        "note_type": "call", "channel": "phone", "direction": "outbound",
        "occurred_at": timezone.localtime(timezone=ZoneInfo(ctx.organization.time_zone)).strftime("%Y-%m-%dT%H:%M"),
        "narrative": "Benchmark call: confirmed next week's meeting.", "sign": "1",
    })


BENCH_ROWS = [
    registry.BenchRow("case list (supervisor, all cases)", Role.SUPERVISOR,
                      lambda ctx: registry.get(reverse("case_list")), order=110),
    registry.BenchRow("case list (case manager, own cases)", Role.CASE_MANAGER,
                      lambda ctx: registry.get(reverse("case_list")), order=120),
    registry.BenchRow("case page (supervisor)", Role.SUPERVISOR,
                      lambda ctx: registry.get(reverse("case_detail", args=[_busiest(ctx).pk])), order=130),
    registry.BenchRow("note creation (POST, signed)", Role.CASE_MANAGER, _note_form, order=170),
    registry.BenchRow("API case list (supervisor)", Role.SUPERVISOR,
                      lambda ctx: registry.get(reverse("api_cases")), order=180),
]
BENCH_COUNTS = [
    registry.BenchCount("cases", lambda org: Case.objects.filter(organization=org).count(), order=10),
    registry.BenchCount("notes", lambda org: Note.objects.filter(organization=org).count(), order=20),
]


def register() -> None:
    """Called from `CasesConfig.ready()`."""
    registry.register(DEMO_PART)
    for row in BENCH_ROWS:
        registry.register_bench(row)
    for count in BENCH_COUNTS:
        registry.register_bench_count(count)
    registry.register_bench_persona(Role.CASE_MANAGER, _manager_on_a_case)
