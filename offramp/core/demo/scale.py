"""`offramp seed --scale N`: a synthetic organisation with about N cases and realistic volumes.

Bulk inserts (encryption still happens in Python, row by row, as in production), in one
transaction per chunk of cases, so 100,000 cases take minutes rather than hours.
"""

import random
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from faker import Faker

from offramp.cases import lifecycle
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
    ResponseClock,
    TeamRole,
)
from offramp.core import blind_index
from offramp.core.audit import Action, audit_record
from offramp.core.calendar import add_working_days
from offramp.core.db import refresh_planner_statistics
from offramp.core.models import Organization, ReferenceSequence, Role, User
from offramp.core.services import membership_grant, organization_create
from offramp.people.models import ContactMethod, Person, PersonIdentifier

from .text import CASE_SUMMARIES, NOTE_SENTENCES

CHUNK = 500
CASELOAD = 50
STATUS_WEIGHTS = [
    (CaseStatus.INQUIRY, 5), (CaseStatus.INTAKE, 5), (CaseStatus.ASSESSMENT, 8), (CaseStatus.ACTIVE, 30),
    (CaseStatus.MONITORING, 12), (CaseStatus.RESOLVED, 10), (CaseStatus.CLOSED, 28), (CaseStatus.PAUSED, 2),
]


def scale_slug(cases: int) -> str:
    return f"scale-{cases}"


def load_scale(*, cases: int, notes_per_case: int = 20, seed: int = 2026, out=None) -> Organization:
    say = (lambda message: out.write(message)) if out else (lambda message: None)
    slug = scale_slug(cases)
    existing = Organization.objects.filter(slug=slug).first()
    if existing:
        say(f"Organisation {slug} already exists; nothing to do.")
        return existing
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    given = [fake.first_name() for _ in range(1500)]
    family = [fake.last_name() for _ in range(1500)]
    org = organization_create(name=f"Scale test ({cases:,} cases)", slug=slug, case_reference_prefix="SCL")
    password_user = User.objects.create_user  # one hash per user is the slow part; keep the cast small
    managers = [password_user(email=f"manager{i}@{slug}.test", password=None, display_name=f"Manager {i}")
                for i in range(max(1, cases // CASELOAD))]
    mentors = [password_user(email=f"mentor{i}@{slug}.test", password=None, display_name=f"Mentor {i}")
               for i in range(max(1, cases // (CASELOAD * 2)))]
    supervisors = [password_user(email=f"supervisor{i}@{slug}.test", password=None, display_name=f"Supervisor {i}")
                   for i in range(3)]
    for user in managers:
        membership_grant(organization=org, user=user, role=Role.CASE_MANAGER)
    for user in mentors:
        membership_grant(organization=org, user=user, role=Role.PEER_MENTOR)
    for user in supervisors:
        membership_grant(organization=org, user=user, role=Role.SUPERVISOR)
    responders = [password_user(email=f"responder{i}@{slug}.test", password=None, display_name=f"Responder {i}")
                  for i in range(max(1, cases // 2000))]
    for user in responders:
        membership_grant(organization=org, user=user, role=Role.HELPLINE_RESPONDER)
    statuses = [s for s, _ in STATUS_WEIGHTS]
    weights = [w for _, w in STATUS_WEIGHTS]
    now = timezone.now()
    year = now.year
    started = time.monotonic()
    made = 0
    while made < cases:
        count = min(CHUNK, cases - made)
        with transaction.atomic():
            _chunk(org, rng, given, family, managers, mentors, statuses, weights, now, year, made, count, notes_per_case)
        made += count
        if made % (CHUNK * 20) == 0 or made == cases:
            say(f"  {made:,} cases ({time.monotonic() - started:.0f} s)")
    ReferenceSequence.objects.update_or_create(organization=org, kind="case", year=year, defaults={"last": cases})
    load_helpline_contacts(org, responders, count=cases // 2, seed=seed)
    load_web_requests(org, responders, count=max(cases // 200, 20), seed=seed)
    audit_record(actor=None, organization=org, action=Action.CREATE, object_type="synthetic_dataset",
                 detail={"cases": cases, "notes_per_case": notes_per_case})
    refresh_planner_statistics()
    return org


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


def load_helpline_contacts(org, responders, *, count: int, seed: int = 2026) -> None:
    """About one helpline contact for every two cases, over the last two years, in bulk."""
    from offramp.helpline.models import CallerRelationship, ContactChannel, HelplineContact

    rng = random.Random(seed + 1)
    now = timezone.now()
    year = now.year
    made = 0
    while made < count:
        batch = []
        for i in range(made, min(count, made + 2000)):
            received = now - timedelta(minutes=rng.randint(0, 730 * 24 * 60))
            responder = rng.choice(responders)
            batch.append(HelplineContact(
                organization=org, reference=f"HL-{year}-{i + 1:07d}", received_at=received, created_at=received,
                channel=rng.choice(ContactChannel.values), responder=responder,
                assigned_to=None if rng.random() < 0.01 else responder,  # a few left for the team to claim
                caller_relationship=rng.choice(CallerRelationship.values),
                summary=rng.choice(NOTE_SENTENCES), threat_to_others=rng.random() < 0.05,
            ))
        with transaction.atomic():
            HelplineContact.objects.bulk_create(batch, batch_size=1000)
        made += len(batch)
    ReferenceSequence.objects.update_or_create(organization=org, kind="contact", year=year, defaults={"last": count})


def load_web_requests(org, responders, *, count: int, seed: int = 2026) -> None:
    """Web requests over two years, nearly all answered; the last 20 still waiting (some claimed), and a
    few of their callers flagged, so the helpline page carries its full load."""
    from offramp.helpline.models import CallerFlag, HelpRequest

    rng = random.Random(seed + 2)
    fake = Faker("en_US")
    fake.seed_instance(seed + 2)
    now = timezone.now()
    year = now.year
    requests = []
    for i in range(count):
        waiting = i >= count - 20
        created = now - timedelta(minutes=rng.randint(5, 24 * 60) if waiting else rng.randint(24 * 60, 730 * 24 * 60))
        claimer = rng.choice(responders) if not waiting or rng.random() < 0.3 else None
        requests.append(HelpRequest(
            organization=org, reference=f"WEB-{year}-{i + 1:06d}", created_at=created, name=fake.first_name(),
            phone=f"+1 212 555 {i % 10000:04d}", email="", when_to_reach="Evenings", worry=rng.choice(NOTE_SENTENCES),
            language="en", claimed_by=claimer, claimed_at=claimer and created + timedelta(hours=rng.uniform(0.2, 20)),
            status=HelpRequest.Status.DONE if not waiting else (
                HelpRequest.Status.CLAIMED if claimer else HelpRequest.Status.NEW)))
    with transaction.atomic():
        HelpRequest.objects.bulk_create(requests, batch_size=1000)
        CallerFlag.objects.bulk_create([CallerFlag(
            organization=org, digest=blind_index.lookup(org, "phone", r.phone)[0],
            block=rng.random() < 0.3, reason="Hostile on several calls.", until=now + timedelta(days=30),
            set_by=rng.choice(responders)) for r in requests[-20::4]])
    ReferenceSequence.objects.update_or_create(organization=org, kind="help_request", year=year,
                                               defaults={"last": count})
