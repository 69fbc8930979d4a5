"""The helpline in the demo, in the synthetic data set and in the benchmark; registered from
`HelplineConfig.ready()` into `offramp.core.demo.registry`.

Demo, per organisation: the resource directory, the vocabularies with their coaching guidance, the
emergency guidance, then a month of traffic from two responders (about four contacts a day, safety
concerns with and without a consultation, follow-ups, some late, contacts left unassigned, web
requests answered by a call-back), a month of anonymous survey answers, quality reviews (one read),
a merged duplicate, an addition to a saved contact, three web requests still waiting (one claimed)
and a week of the on-call rota. Scale: contacts, web requests and flagged callers in bulk.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, TypedDict
from zoneinfo import ZoneInfo

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from offramp.core import blind_index
from offramp.core.access import member_actor
from offramp.core.demo import registry
from offramp.core.demo.phones import demo_phone
from offramp.core.models import Organization, ReferenceSequence, Role, TaxonomyTerm
from offramp.helpline.models import (
    SAFETY_FLAGS,
    CallerFlag,
    CallerRelationship,
    ContactChannel,
    HelplineContact,
    HelpRequest,
    Resource,
)
from offramp.helpline.questionnaires import SURVEY
from offramp.helpline.selectors import review_definition
from offramp.helpline.services import (
    contacts,
    follow_ups,
    merges,
    on_call,
    reviews,
    survey,
    web_requests,
)
from offramp.instruments import definition as spec
from offramp.instruments.models import InstrumentResponse

from . import vocabularies
from .demo_text import (
    COACHING_TOPICS,
    CONTACT_SUMMARIES,
    DIRECTORY,
    EMERGENCY_GUIDANCE,
    GUIDANCE,
    IDEOLOGIES,
    NEEDS,
    REVIEW_FEEDBACK,
    SIGNS,
    SURVEY_COMMENTS,
    WEB_REQUEST_WORRIES,
)

if TYPE_CHECKING:
    import random

    from faker import Faker

    from offramp.core.demo.registry import DemoContext, ScaleContext

# -- the demo -----------------------------------------------------------------------------------


def load_demo(ctx: DemoContext) -> None:
    org = ctx.organization
    numbers = {"emergency": org.emergency_number, "crisis": org.crisis_line or org.emergency_number}
    for name, category, languages, region, offer, eligibility, how in DIRECTORY:
        Resource.objects.create(organization=org, name=name.format(**numbers), category=category, languages=languages,
                                region=region, description=offer, eligibility=eligibility, how_to_refer=how.format(**numbers),
                                hours="Mon–Fri 9:00–17:00" if category != "emergency" else "24/7")
    vocab = vocabularies
    for vocabulary, labels in ((vocab.IDEOLOGY, IDEOLOGIES), (vocab.SIGN, SIGNS), (vocab.NEED, NEEDS),
                               (vocab.COACHING_TOPIC, COACHING_TOPICS)):
        for position, label in enumerate(labels):
            TaxonomyTerm.objects.create(organization=org, vocabulary=vocabulary, label=label, position=position,
                                        guidance=GUIDANCE.get(label, ""))
    Organization.objects.filter(pk=org.pk).update(emergency_guidance=EMERGENCY_GUIDANCE.format(**numbers))
    org.refresh_from_db()
    _helpline_month(org, ctx.fake, ctx.rng, ctx.staff)


class _Caller(TypedDict):
    caller_name: str
    caller_phone: str


def _phone(org: Organization, rng: random.Random) -> str:
    return demo_phone(org.country, rng)


def _helpline_extras(org, fake: Faker, rng: random.Random, staff: dict, responder, supervisor) -> None:
    """Quality reviews, a merged duplicate, public call-back requests and a week of the on-call rota."""
    questions = [item["key"] for item in spec.iter_items(review_definition(supervisor))]  # the helpline's own
    own = list(org.helpline_contacts.filter(responder=staff["responder"]).order_by("-received_at")[5:8])
    for contact, feedback in zip(own, REVIEW_FEEDBACK, strict=False):
        review = reviews.contact_review_save(
            actor=supervisor, contact_id=contact.pk, feedback=feedback,
            answers={key: rng.choice(["met"] * 3 + ["partly"]) for key in questions})
        if contact == own[0]:
            reviews.review_mark_read(actor=responder, review_id=review.pk)
    original = org.helpline_contacts.filter(responder=staff["responder"]).order_by("-received_at").first()
    duplicate = contacts.contact_log(actor=responder, channel=original.channel, caller_relationship=original.caller_relationship,
                                     received_at=original.received_at, summary="Logged again by mistake after the line dropped.")
    merges.contact_merge(actor=supervisor, contact_id=original.pk, duplicate_reference=duplicate.reference,
                         reason="The same call, logged twice when the line dropped and the caller rang back.")
    later = org.helpline_contacts.filter(responder=staff["responder"], merged_into__isnull=True).order_by("-received_at")[2]
    contacts.contact_addendum_add(
        actor=responder, contact_id=later.pk, resource_ids=list(Resource.objects.filter(organization=org)
                                                                 .values_list("pk", flat=True)[:1]),
        text="The caller rang back the next morning: her son agreed to see the school counsellor. "
             "Sent her the counselling service's details by text.")
    for index, worry in enumerate(WEB_REQUEST_WORRIES):
        request = web_requests.help_request_submit(organization=org, data={
            "name": fake.first_name(), "phone": _phone(org, rng),
            "email": "", "when_to_reach": "Weekdays after 6 pm", "worry": worry,
            "language": "es" if index == 1 else "en"})
        if index == 0:
            web_requests.help_request_claim(actor=responder, request_id=request.pk)
    rota = [staff["supervisor"], staff.get("lead", staff["supervisor"])]
    start = timezone.now() - timedelta(hours=2)
    for shift in range(14):
        on_call.on_call_shift_add(actor=supervisor, supervisor=rota[shift % 2].pk, phone=_phone(org, rng),
                                  starts_at=start + timedelta(hours=12 * shift),
                                  ends_at=start + timedelta(hours=12 * (shift + 1)))


def _answered_web_request(org, taker, received, rng: random.Random, fake: Faker) -> HelpRequest:
    """A request sent from the public page some hours before its call-back, claimed shortly before."""
    request = web_requests.help_request_submit(organization=org, data={
        "name": fake.first_name(), "phone": _phone(org, rng),
        "email": "", "when_to_reach": rng.choice(["Weekdays after 6 pm", "Any morning", "Lunchtime"]),
        "worry": rng.choice(WEB_REQUEST_WORRIES), "language": "en"})
    web_requests.help_request_claim(actor=taker, request_id=request.pk)
    HelpRequest.objects.filter(pk=request.pk).update(
        created_at=received - timedelta(hours=rng.uniform(0.5, 20)),
        claimed_at=received - timedelta(minutes=rng.randint(5, 40)))
    request.refresh_from_db()
    return request


def _survey_answers(actor, rng: random.Random, now) -> None:
    """About one caller in four answered the anonymous survey, on days spread over the month."""
    days = [day for day in range(30, 0, -1) for _ in range(rng.choice([0, 1, 1, 2]))]
    for _ in days:
        invitation = survey.survey_invitation_create(actor=actor)
        comment = rng.choice(SURVEY_COMMENTS)
        survey.survey_submit(token=invitation.token, data={
            "helpful": rng.choice(["3", "4", "4", "5", "5"]), "felt_heard": "yes" if rng.random() < 0.9 else "no",
            "would_recommend": "yes" if rng.random() < 0.85 else "no", **({"comment": comment} if comment else {})})
    # Each answer is kept with the start of its day (the organisation's): spread them over the month.
    answers = InstrumentResponse.objects.filter(organization=actor.organization, version__instrument__key=SURVEY)
    zone = ZoneInfo(actor.organization.time_zone)
    for pk, day in zip(list(answers.values_list("pk", flat=True)), days, strict=False):
        start = datetime.combine(timezone.localtime(now, zone).date() - timedelta(days=day), time.min, tzinfo=zone)
        answers.filter(pk=pk).update(created_at=start, updated_at=start, completed_at=start)


def _helpline_month(org, fake: Faker, rng: random.Random, staff: dict) -> None:
    """A month of helpline traffic: about four contacts a day, a few with safety concerns."""
    responders = [member_actor(staff["responder"], org.pk), member_actor(staff["responder2"], org.pk)]
    responder = responders[0]
    supervisor = member_actor(staff["supervisor"], org.pk)
    vocab = vocabularies
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
            # Now and then the line drops before the safety questions: recorded as not asked, with why.
            line_dropped = not danger and rng.random() < 0.04
            channel = rng.choice(ContactChannel.values)
            taker = rng.choice(responders)
            # Messages noted in the last few days, left for the team to pick up.
            left = day <= 4 and channel in ("email", "text", "web")
            caller: _Caller = {"caller_name": "" if anonymous else fake.first_name(),
                               "caller_phone": "" if anonymous else _phone(org, rng)}
            answering = None
            if channel == ContactChannel.WEB and not left:  # the call-back of a request from the public page
                answering = _answered_web_request(org, taker, received, rng, fake)
                caller = {"caller_name": answering.name, "caller_phone": answering.phone}
            contact = contacts.contact_log(
                actor=taker, channel=channel, received_at=received, leave_unassigned=left,
                help_request=answering.pk if answering else None, **caller,
                caller_relationship=rng.choice(relationships),
                concern_age_band=rng.choice(["13_17", "18_24", "25_39", ""]),
                concern_gender=rng.choice(["male", "female", "", "non-binary"]), concern_region=fake.city(),
                ideology_unclear=rng.random() < 0.2, summary=rng.choice(CONTACT_SUMMARIES),
                openings=rng.choice(["Loves football; close to his grandmother.", "Still talks to an old teacher.", ""]),
                threat_to_others=danger, self_harm=danger and rng.random() < 0.5,
                # Now and then the line drops before the safety questions: recorded as not asked, with why.
                safety_unasked=["immediate_danger", "self_harm"] if line_dropped else [],
                safety_unasked_reason="The caller hung up before the safety questions." if line_dropped else "",
                terms={field: rng.sample(ids, k=min(len(ids), rng.randint(0, 2))) for field, ids in terms.items()},
                resource_ids=rng.sample(resources, k=rng.randint(0, 2)),
            )
            if danger and day > 1:
                # Recorded by the supervisor (confirmed at once) or by the responder naming them.
                by_responder = rng.random() < 0.5
                contacts.contact_record_consultation(
                    actor=taker if by_responder else supervisor, contact_id=contact.pk, supervisor=supervisor.user.pk,
                    text=f"Discussed with the responder; family advised to call {org.emergency_number} if threats "
                         "repeat; follow-up tomorrow.")
                if by_responder and day > 3:
                    contacts.contact_confirm_consultation(actor=supervisor, contact_id=contact.pk)
            if rng.random() < 0.25:
                follow_ups.follow_up_schedule(actor=responder, contact_id=contact.pk,
                                              due_at=now + timedelta(hours=rng.randint(2, 72)), note="Call back")
    _survey_answers(responder, rng, now)
    _helpline_extras(org, fake, rng, staff, responder, supervisor)
    # A few follow-ups already late, for the work queue.
    for contact_id in list(org.helpline_contacts.order_by("-received_at").values_list("pk", flat=True)[:3]):
        follow_up = follow_ups.follow_up_schedule(actor=responder, contact_id=contact_id, due_at=now + timedelta(minutes=10))
        type(follow_up).objects.filter(pk=follow_up.pk).update(due_at=now - timedelta(hours=rng.randint(2, 30)))


# -- the synthetic data set ---------------------------------------------------------------------


def load_scale(ctx: ScaleContext) -> None:
    """About one contact for every two cases, and web requests, some from flagged callers."""
    responders = ctx.staff[Role.HELPLINE_RESPONDER]
    load_helpline_contacts(ctx, responders, count=ctx.cases // 2)
    load_web_requests(ctx, responders, count=max(ctx.cases // 200, 20))


def load_helpline_contacts(ctx: ScaleContext, responders, *, count: int) -> None:
    """`count` helpline contacts over the last two years, in bulk."""
    org, rng, now = ctx.organization, ctx.random(1), ctx.now
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
                summary=rng.choice(CONTACT_SUMMARIES), threat_to_others=rng.random() < 0.05,
            ))
        with transaction.atomic():
            HelplineContact.objects.bulk_create(batch, batch_size=1000)
        made += len(batch)
    ReferenceSequence.objects.update_or_create(organization=org, kind="contact", year=year, defaults={"last": count})


def load_web_requests(ctx: ScaleContext, responders, *, count: int) -> None:
    """Web requests over two years, nearly all answered; the last 20 still waiting (some claimed), and a
    few of their callers flagged, so the helpline page carries its full load."""
    org, rng, fake, now = ctx.organization, ctx.random(2), ctx.faker(2), ctx.now
    year = now.year
    requests = []
    for i in range(count):
        waiting = i >= count - 20
        created = now - timedelta(minutes=rng.randint(5, 24 * 60) if waiting else rng.randint(24 * 60, 730 * 24 * 60))
        claimer = rng.choice(responders) if not waiting or rng.random() < 0.3 else None
        requests.append(HelpRequest(
            organization=org, reference=f"WEB-{year}-{i + 1:06d}", created_at=created, name=fake.first_name(),
            phone=f"+1 212 555 {i % 10000:04d}", email="", when_to_reach="Evenings", worry=rng.choice(WEB_REQUEST_WORRIES),
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


DEMO_PART = registry.DemoPart("helpline", order=20, load_demo=load_demo, load_scale=load_scale)

# -- the benchmark: skipped when the organisation has no responder ------------------------------

BENCH_ROWS = [
    registry.BenchRow("helpline queue (responder)", Role.HELPLINE_RESPONDER,
                      lambda ctx: registry.get(reverse("helpline_queue")), order=200, optional=True),
    registry.BenchRow("contact creation (POST)", Role.HELPLINE_RESPONDER,
                      lambda ctx: registry.post(reverse("contact_create"), {
                          "channel": "phone", "caller_relationship": "parent", "summary": "Benchmark call.",
                          "inbound": "on", **{flag: "no" for flag in SAFETY_FLAGS}}), order=210, optional=True),
]


def register() -> None:
    """Called from `HelplineConfig.ready()`."""
    registry.register(DEMO_PART)
    for row in BENCH_ROWS:
        registry.register_bench(row)
