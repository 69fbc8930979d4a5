"""The demo: two organisations, staff in every role, generated people, cases, notes and clocks.

Built through the same services as the pages, so invariants and the audit trail are real.
Only timestamps are back-dated afterwards, to give the demo a history.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from faker import Faker

from offramp.cases import lifecycle
from offramp.cases import services as case_services
from offramp.cases.models import (
    CaseKind,
    Channel,
    Direction,
    Note,
    NoteType,
    ParticipantRole,
    ResolutionCriterion,
    TeamRole,
)
from offramp.core.access import actor_for
from offramp.core.models import Organization, Role, TaxonomyTerm, User
from offramp.core.services import membership_grant, organization_create
from offramp.helpline.models import Resource
from offramp.people import services as people_services

from .text import (
    CASE_SUMMARIES,
    COACHING_TOPICS,
    CONTACT_SUMMARIES,
    DIRECTORY,
    EMERGENCY_GUIDANCE,
    GUIDANCE,
    IDEOLOGIES,
    NEEDS,
    NOTE_SENTENCES,
    REVIEW_FEEDBACK,
    REVIEW_QUESTIONS,
    SIGNS,
    SURVEY_COMMENTS,
    WEB_REQUEST_WORRIES,
)

DEMO_PASSWORD = "offramp-demo-2026"  # noqa: S105 - demo accounts only, refused outside demo mode

ORGS = [
    {"name": "Northstar Exit Network", "slug": "northstar", "country": "US", "subdivision": "NY",
     "time_zone": "America/New_York", "case_reference_prefix": "NSX", "locale": "en_US"},
    {"name": "Puente Seguro", "slug": "puente", "country": "US", "subdivision": "CA",
     "time_zone": "America/Los_Angeles", "case_reference_prefix": "PSG", "locale": "es_MX"},
]
CRITERIA = {
    CaseKind.FAMILY_SUPPORT: [
        "The family reports a stable, safer situation at home",
        "The person of concern is engaged with healthy relationships or activities",
        "Coaching goals agreed with the family are met",
    ],
    CaseKind.INDIVIDUAL_EXIT: [
        "No involvement in violence or violent groups for at least six months",
        "Prosocial network and roles in place (work, education, community)",
        "Wellness plan goals reviewed and met or handed over",
    ],
    CaseKind.PREVENTION: [
        "Risk factors identified at intake are reduced",
        "Protective people and activities are in place",
    ],
}
CLOSURE_REASONS = ["Client withdrew consent", "Moved out of the area", "Referred to a partner", "No contact for 90 days"]
PROFESSIONS = ["Social worker", "Psychologist", "Psychiatrist", "Probation officer", "Faith leader", "Teacher"]


def _user(email: str, name: str, org: Organization, roles: list[str]) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, display_name=name)
        User.objects.filter(pk=user.pk).update(is_demo=True)
    for role in roles:
        membership_grant(organization=org, user=user, role=role)
    return user


def load_demo(*, seed: int = 2026, out=None) -> list[tuple[str, str]]:
    if Organization.objects.filter(slug__in=[o["slug"] for o in ORGS]).exists():
        if out:
            out.write("Demo data is already loaded.")
        return _logins()
    rng = random.Random(seed)
    with transaction.atomic():
        for spec in ORGS:
            _load_org(spec, rng)
        lead = User.objects.get(email="lead@northstar.demo")
        membership_grant(organization=Organization.objects.get(slug="puente"), user=lead, role=Role.SUPERVISOR)
    return _logins()


def _logins() -> list[tuple[str, str]]:
    rows = []
    for user in User.objects.filter(is_demo=True).prefetch_related("memberships__organization").order_by("email"):
        roles = ", ".join(sorted({f"{m.get_role_display()} ({m.organization.slug})" for m in user.memberships.all()}))
        rows.append((user.email, roles))
    return rows


def _load_org(spec: dict, rng: random.Random) -> None:
    fake = Faker(spec["locale"])
    fake.seed_instance(rng.randint(0, 10**6))
    org = organization_create(**{k: v for k, v in spec.items() if k != "locale"})
    domain = f"{spec['slug']}.demo"
    staff = {
        "admin": _user(f"admin@{domain}", fake.name(), org, [Role.ORG_ADMIN]),
        "supervisor": _user(f"supervisor@{domain}", fake.name(), org, [Role.SUPERVISOR]),
        "manager": _user(f"manager@{domain}", fake.name(), org, [Role.CASE_MANAGER]),
        "manager2": _user(f"manager2@{domain}", fake.name(), org, [Role.CASE_MANAGER]),
        "mentor": _user(f"mentor@{domain}", fake.name(), org, [Role.PEER_MENTOR]),
        "responder": _user(f"responder@{domain}", fake.name(), org, [Role.HELPLINE_RESPONDER]),
        "responder2": _user(f"responder2@{domain}", fake.name(), org, [Role.HELPLINE_RESPONDER]),
        "facilitator": _user(f"facilitator@{domain}", fake.name(), org, [Role.GROUP_FACILITATOR]),
        "trainer": _user(f"trainer@{domain}", fake.name(), org, [Role.TRAINER]),
        "evaluator": _user(f"evaluator@{domain}", fake.name(), org, [Role.EVALUATOR]),
        "auditor": _user(f"auditor@{domain}", fake.name(), org, [Role.AUDITOR]),
    }
    if spec["slug"] == "northstar":
        staff["lead"] = _user(f"lead@{domain}", fake.name(), org, [Role.SUPERVISOR, Role.ORG_ADMIN])
    for kind, texts in CRITERIA.items():
        for position, text in enumerate(texts):
            ResolutionCriterion.objects.create(organization=org, kind=kind, text=text, position=position)
    for position, label in enumerate(CLOSURE_REASONS):
        TaxonomyTerm.objects.create(organization=org, vocabulary=TaxonomyTerm.Vocabulary.CLOSURE_REASON,
                                    label=label, position=position)
    for position, label in enumerate(PROFESSIONS):
        TaxonomyTerm.objects.create(organization=org, vocabulary=TaxonomyTerm.Vocabulary.PROFESSION,
                                    label=label, position=position)
    for name, category, languages, region, offer, eligibility, how in DIRECTORY:
        Resource.objects.create(organization=org, name=name, category=category, languages=languages, region=region,
                                description=offer, eligibility=eligibility, how_to_refer=how,
                                hours="Mon–Fri 9:00–17:00" if category != "emergency" else "24/7")
    vocab = TaxonomyTerm.Vocabulary
    for vocabulary, labels in ((vocab.IDEOLOGY, IDEOLOGIES), (vocab.SIGN, SIGNS), (vocab.NEED, NEEDS),
                               (vocab.COACHING_TOPIC, COACHING_TOPICS), (vocab.REVIEW_QUESTION, REVIEW_QUESTIONS)):
        for position, label in enumerate(labels):
            TaxonomyTerm.objects.create(organization=org, vocabulary=vocabulary, label=label, position=position,
                                        guidance=GUIDANCE.get(label, ""))
    Organization.objects.filter(pk=org.pk).update(emergency_guidance=EMERGENCY_GUIDANCE)
    org.refresh_from_db()
    _helpline_month(org, fake, rng, staff)
    for index in range(18):
        manager = staff["manager"] if index % 3 else staff["manager2"]
        _demo_case(org, fake, rng, manager, staff, index)


def _person(actor, fake: Faker, rng: random.Random, *, with_contacts: bool, family_name: str | None = None):
    contacts = []
    if with_contacts:
        contacts = [
            {"kind": "phone", "value": f"+1 {rng.randint(201, 989)} 555 01{rng.randint(0, 99):02d}",
             "label": "mobile"},
            {"kind": "email", "value": fake.email()},
        ]
    return people_services.person_create(
        actor=actor, given_name=fake.first_name(), family_name=family_name or fake.last_name(),
        date_of_birth=fake.date_of_birth(minimum_age=15, maximum_age=45) if rng.random() < 0.7 else None,
        pronouns=rng.choice(["he/him", "she/her", "they/them", ""]), languages=rng.choice(["English", "Spanish", "English, Spanish"]),
        contacts=contacts,
    )


def _demo_case(org, fake: Faker, rng: random.Random, manager: User, staff: dict, index: int) -> None:
    actor = actor_for(manager, org.pk)
    client = _person(actor, fake, rng, with_contacts=True)
    relative = _person(actor, fake, rng, with_contacts=rng.random() < 0.5, family_name=client.family_name)
    people_services.relationship_add(actor=actor, person_id=relative.pk, kind=rng.choice(["parent", "sibling", "partner"]),
                                     other_id=client.pk)
    kind = [CaseKind.FAMILY_SUPPORT, CaseKind.INDIVIDUAL_EXIT, CaseKind.PREVENTION][index % 3]
    case = case_services.case_open(
        actor=actor, kind=kind, summary=rng.choice(CASE_SUMMARIES), restricted=index == 5,
        participants=[(client.pk, ParticipantRole.CLIENT if kind != CaseKind.FAMILY_SUPPORT else ParticipantRole.PERSON_OF_CONCERN),
                      (relative.pk, ParticipantRole.FAMILY_MEMBER if kind != CaseKind.FAMILY_SUPPORT else ParticipantRole.CLIENT)],
    )
    case_services.case_team_add(actor=actor, case_id=case.pk, user_id=staff["mentor"].pk, role=TeamRole.PEER_MENTOR)
    case_services.case_team_add(actor=actor, case_id=case.pk, user_id=staff["supervisor"].pk, role=TeamRole.SUPERVISOR)
    client_participant = case.participants.get(role=ParticipantRole.CLIENT)
    days_open = rng.randint(5, 120)
    opened = timezone.now() - timedelta(days=days_open)
    steps = lifecycle.working_statuses(kind)[1:][: index % 5]
    for step in steps:
        case_services.case_transition(actor=actor, case_id=case.pk, to_status=step)
    authors = [manager, staff["mentor"]]
    moments = sorted(opened + timedelta(hours=rng.randint(1, days_open * 24)) for _ in range(rng.randint(4, 12)))
    for moment in moments:
        author = rng.choice(authors)
        author_actor = actor_for(author, org.pk)
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
    from offramp.cases.models import Case

    Case.objects.filter(pk=case.pk).update(opened_at=opened)


def _helpline_extras(org, fake: Faker, rng: random.Random, staff: dict, responder, supervisor) -> None:
    """Quality reviews, a merged duplicate, public call-back requests and a week of the on-call rota."""
    from offramp.helpline import contacts, oncall, public, reviews
    from offramp.helpline.models import ReviewRating
    from offramp.helpline.selectors import review_questions

    questions = review_questions(supervisor)
    own = list(org.helpline_contacts.filter(responder=staff["responder"]).order_by("-received_at")[5:8])
    for contact, feedback in zip(own, REVIEW_FEEDBACK, strict=False):
        review = reviews.contact_review_save(
            actor=supervisor, contact_id=contact.pk, feedback=feedback,
            answers={str(q.pk): rng.choice([ReviewRating.MET] * 3 + [ReviewRating.PARTLY]) for q in questions})
        if contact == own[0]:
            reviews.review_mark_read(actor=responder, review_id=review.pk)
    original = org.helpline_contacts.filter(responder=staff["responder"]).order_by("-received_at").first()
    duplicate = contacts.contact_log(actor=responder, channel=original.channel, caller_relationship=original.caller_relationship,
                                     received_at=original.received_at, summary="Logged again by mistake after the line dropped.")
    contacts.contact_merge(actor=supervisor, contact_id=original.pk, duplicate_reference=duplicate.reference,
                           reason="The same call, logged twice when the line dropped and the caller rang back.")
    later = org.helpline_contacts.filter(responder=staff["responder"], merged_into__isnull=True).order_by("-received_at")[2]
    contacts.contact_addendum_add(
        actor=responder, contact_id=later.pk, resource_ids=list(Resource.objects.filter(organization=org)
                                                                 .values_list("pk", flat=True)[:1]),
        text="The caller rang back the next morning: her son agreed to see the school counsellor. "
             "Sent her the counselling service's details by text.")
    for index, worry in enumerate(WEB_REQUEST_WORRIES):
        request = public.help_request_submit(organization=org, data={
            "name": fake.first_name(), "phone": f"+1 {rng.randint(201, 989)} 555 01{rng.randint(0, 99):02d}",
            "email": "", "when_to_reach": "Weekdays after 6 pm", "worry": worry,
            "language": "es" if index == 1 else "en"})
        if index == 0:
            contacts.help_request_claim(actor=responder, request_id=request.pk)
    on_call = [staff["supervisor"], staff.get("lead", staff["supervisor"])]
    start = timezone.now() - timedelta(hours=2)
    for shift in range(14):
        oncall.on_call_shift_add(actor=supervisor, supervisor_email=on_call[shift % 2].email,
                                 starts_at=start + timedelta(hours=12 * shift),
                                 ends_at=start + timedelta(hours=12 * (shift + 1)))


def _answered_web_request(org, taker, received, rng: random.Random, fake: Faker):
    """A request sent from the public page some hours before its call-back, claimed shortly before."""
    from offramp.helpline import contacts, public
    from offramp.helpline.models import HelpRequest

    request = public.help_request_submit(organization=org, data={
        "name": fake.first_name(), "phone": f"+1 {rng.randint(201, 989)} 555 01{rng.randint(0, 99):02d}",
        "email": "", "when_to_reach": rng.choice(["Weekdays after 6 pm", "Any morning", "Lunchtime"]),
        "worry": rng.choice(WEB_REQUEST_WORRIES), "language": "en"})
    contacts.help_request_claim(actor=taker, request_id=request.pk)
    HelpRequest.objects.filter(pk=request.pk).update(
        created_at=received - timedelta(hours=rng.uniform(0.5, 20)),
        claimed_at=received - timedelta(minutes=rng.randint(5, 40)))
    request.refresh_from_db()
    return request


def _survey_answers(actor, rng: random.Random, now) -> None:
    """About one caller in four answered the anonymous survey, on days spread over the month."""
    from offramp.helpline import public
    from offramp.helpline.models import SurveyResponse

    days = [day for day in range(30, 0, -1) for _ in range(rng.choice([0, 1, 1, 2]))]
    for _ in days:
        invitation = public.survey_invitation_create(actor=actor)
        public.survey_submit(token=invitation.token, data={
            "helpful": rng.choice([3, 4, 4, 5, 5]), "felt_heard": rng.random() < 0.9,
            "would_recommend": rng.random() < 0.85, "comment": rng.choice(SURVEY_COMMENTS)})
    answers = SurveyResponse.objects.filter(organization=actor.organization).values_list("pk", flat=True)
    for pk, day in zip(list(answers), days, strict=False):
        SurveyResponse.objects.filter(pk=pk).update(submitted_on=(now - timedelta(days=day)).date())


def _helpline_month(org, fake: Faker, rng: random.Random, staff: dict) -> None:
    """A month of helpline traffic: about four contacts a day, a few with safety concerns."""
    from offramp.helpline import contacts
    from offramp.helpline.models import CallerRelationship, ContactChannel

    responders = [actor_for(staff["responder"], org.pk), actor_for(staff["responder2"], org.pk)]
    responder = responders[0]
    supervisor = actor_for(staff["supervisor"], org.pk)
    vocab = TaxonomyTerm.Vocabulary
    terms = {field: list(TaxonomyTerm.objects.filter(organization=org, vocabulary=vocabulary).values_list("pk", flat=True))
             for field, vocabulary in (("ideologies", vocab.IDEOLOGY), ("signs", vocab.SIGN), ("needs", vocab.NEED),
                                       ("coaching_topics", vocab.COACHING_TOPIC))}
    resources = list(Resource.objects.filter(organization=org).values_list("pk", flat=True))
    now = timezone.now()
    relationships = [CallerRelationship.PARENT] * 5 + [CallerRelationship.SIBLING, CallerRelationship.TEACHER,
                     CallerRelationship.PARTNER, CallerRelationship.FRIEND, CallerRelationship.SELF]
    for day in range(30, 0, -1):
        for _ in range(rng.randint(2, 6)):
            received = now - timedelta(days=day, hours=rng.randint(0, 10), minutes=rng.randint(0, 59))
            anonymous = rng.random() < 0.4
            danger = rng.random() < 0.06
            channel = rng.choice(ContactChannel.values)
            taker = rng.choice(responders)
            # Messages noted in the last few days, left for the team to pick up.
            left = day <= 4 and channel in ("email", "text", "web")
            caller = {"caller_name": "" if anonymous else fake.first_name(),
                      "caller_phone": "" if anonymous else f"+1 {rng.randint(201, 989)} 555 01{rng.randint(0, 99):02d}"}
            answering = None
            if channel == ContactChannel.WEB and not left:  # the call-back of a request from the public page
                answering = _answered_web_request(org, taker, received, rng, fake)
                caller = {"caller_name": answering.name, "caller_phone": answering.phone}
            contact = contacts.contact_log(
                actor=taker, channel=channel, received_at=received, leave_unassigned=left,
                help_request=answering and answering.pk, **caller,
                caller_relationship=rng.choice(relationships),
                concern_age_band=rng.choice(["13_17", "18_24", "25_39", ""]),
                concern_gender=rng.choice(["male", "female", "", "non-binary"]), concern_region=fake.city(),
                ideology_unclear=rng.random() < 0.2, summary=rng.choice(CONTACT_SUMMARIES),
                openings=rng.choice(["Loves football; close to his grandmother.", "Still talks to an old teacher.", ""]),
                threat_to_others=danger, self_harm=danger and rng.random() < 0.5,
                terms={field: rng.sample(ids, k=min(len(ids), rng.randint(0, 2))) for field, ids in terms.items()},
                resource_ids=rng.sample(resources, k=rng.randint(0, 2)),
            )
            if danger and day > 1:
                contacts.contact_record_consultation(
                    actor=supervisor, contact_id=contact.pk,
                    text="Discussed with the responder; family advised to call 911 if threats repeat; follow-up tomorrow.")
            if rng.random() < 0.25:
                contacts.follow_up_schedule(actor=responder, contact_id=contact.pk,
                                            due_at=now + timedelta(hours=rng.randint(2, 72)), note="Call back")
    _survey_answers(responder, rng, now)
    _helpline_extras(org, fake, rng, staff, responder, supervisor)
    # A few follow-ups already late, for the work queue.
    for contact_id in list(org.helpline_contacts.order_by("-received_at").values_list("pk", flat=True)[:3]):
        follow_up = contacts.follow_up_schedule(actor=responder, contact_id=contact_id, due_at=now + timedelta(minutes=10))
        type(follow_up).objects.filter(pk=follow_up.pk).update(due_at=now - timedelta(hours=rng.randint(2, 30)))
