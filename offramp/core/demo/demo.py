"""The demo: two organisations with staff in every role; each app's registered part adds its data.

Core makes the organisations and the staff, then asks every part registered in
`offramp.core.demo.registry` (cases, helpline...) in order, once per organisation. Parts build
through the same public services as the pages, so invariants and the audit trail are real; only
timestamps are back-dated afterwards, to give the demo a history.

There is no transaction around the load: every service is its own outermost transaction
(`transaction.atomic(durable=True)`) and commits on its own. What keeps the demo whole instead: it
loads only where none of its organisations exist, and its last step records that it finished (a
`demo_dataset` event in the audit trail). A load that stopped part way leaves its organisations
without that record; the next `offramp seed --scale demo` refuses (`PartialDemo`) and says to start
again from an empty database, rather than adding to half a demo. Nothing is deleted to clean up: the
audit trail is a hash chain, and the partial load's events are part of it.
"""

import random

from faker import Faker

from offramp.core.audit import Action, audit_record
from offramp.core.models import AuditEvent, Organization, Role, User
from offramp.core.services import membership_grant, organization_create

from .registry import DemoContext, parts

DEMO_PASSWORD = "offramp-demo-2026"  # noqa: S105 - demo accounts only, refused outside demo mode
FINISHED = "demo_dataset"  # the audit event's object type that marks a finished load

# Two countries, so that nothing assumes one: their own emergency numbers, public language and calendar.
ORGS = [
    {"name": "Northstar Exit Network", "slug": "northstar", "country": "US", "subdivision": "NY",
     "time_zone": "America/New_York", "case_reference_prefix": "NSX", "locale": "en_US",
     "emergency_number": "911", "crisis_line": "988", "public_language": "en"},
    {"name": "Puente Seguro", "slug": "puente", "country": "ES", "subdivision": "MD",
     "time_zone": "Europe/Madrid", "case_reference_prefix": "PSG", "locale": "es_ES",
     "emergency_number": "112", "crisis_line": "024", "public_language": "es",
     "quick_exit_url": "https://www.eltiempo.es/"},
]


class PartialDemo(Exception):
    """The demo's organisations exist, but no load of them finished."""

    def __init__(self, slugs: list[str]):
        self.slugs = slugs
        super().__init__(
            f"This database holds part of a demo (organisations {', '.join(slugs)}) that did not finish "
            "loading, so the demo will not be loaded on top of it. Start again from an empty database: "
            "delete the SQLite file (or drop and create the PostgreSQL database), run `offramp migrate`, "
            "then `offramp seed --scale demo`."
        )


def _user(email: str, name: str, org: Organization, roles: list[str]) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, display_name=name)
        User.objects.filter(pk=user.pk).update(is_demo=True)
    for role in roles:
        membership_grant(organization=org, user=user, role=role)
    return user


def demo_state() -> str:
    """"absent", "loaded" or "partial"."""
    slugs = [spec["slug"] for spec in ORGS]
    if not Organization.objects.filter(slug__in=slugs).exists():
        return "absent"
    if AuditEvent.objects.filter(object_type=FINISHED, action=Action.CREATE).exists():
        return "loaded"
    return "partial"


def load_demo(*, seed: int = 2026, out=None) -> list[tuple[str, str]]:
    """Load the demo into a database without it; raises PartialDemo over an unfinished one."""
    state = demo_state()
    if state == "loaded":
        if out:
            out.write("Demo data is already loaded.")
        return _logins()
    if state == "partial":
        raise PartialDemo(list(Organization.objects.filter(slug__in=[o["slug"] for o in ORGS])
                               .order_by("slug").values_list("slug", flat=True)))
    rng = random.Random(seed)
    for spec in ORGS:
        _load_org(spec, rng)
    lead = User.objects.get(email="lead@northstar.demo")
    membership_grant(organization=Organization.objects.get(slug="puente"), user=lead, role=Role.SUPERVISOR)
    audit_record(actor=None, organization=None, action=Action.CREATE, object_type=FINISHED,
                 detail={"organizations": [spec["slug"] for spec in ORGS], "seed": seed})
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
        # A probation officer from outside, on the team of one case only (cases demo).
        "external": _user(f"probation@{domain}", fake.name(), org, [Role.EXTERNAL_PROFESSIONAL]),
    }
    if spec["slug"] == "northstar":
        staff["lead"] = _user(f"lead@{domain}", fake.name(), org, [Role.SUPERVISOR, Role.ORG_ADMIN])
    context = DemoContext(organization=org, spec=spec, fake=fake, rng=rng, staff=staff)
    for part in parts():
        part.load_demo(context)
