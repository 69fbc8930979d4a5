"""`offramp seed --scale N`: a synthetic organisation with about N cases and realistic volumes.

Core makes the organisation and its staff (case managers with caseloads of about 50, peer mentors,
three supervisors, helpline responders); each part registered in `offramp.core.demo.registry` adds
its rows (cases, people and notes; helpline contacts, web requests and flagged callers). Parts
insert in bulk (encryption still happens in Python, row by row, as in production), in one
transaction per chunk, so 100,000 cases take minutes rather than hours.
"""

import random

from django.utils import timezone
from faker import Faker

from offramp.core.audit import Action, audit_record
from offramp.core.db import refresh_planner_statistics
from offramp.core.models import Organization, Role, User
from offramp.core.services import membership_grant, organization_create

from .registry import ScaleContext, parts

CASELOAD = 50


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
    org = organization_create(name=f"Scale test ({cases:,} cases)", slug=slug, case_reference_prefix="SCL")
    staff = _staff(org, slug, cases)
    context = ScaleContext(organization=org, cases=cases, notes_per_case=notes_per_case, seed=seed, rng=rng,
                           fake=fake, staff=staff, now=timezone.now(), say=say)
    for part in parts():
        if part.load_scale is not None:
            part.load_scale(context)
    audit_record(actor=None, organization=org, action=Action.CREATE, object_type="synthetic_dataset",
                 detail={"cases": cases, "notes_per_case": notes_per_case})
    refresh_planner_statistics()
    return org


def _staff(org: Organization, slug: str, cases: int) -> dict[str, list[User]]:
    """Accounts without a password (one hash per user is the slow part; the cast stays small)."""
    sizes = [
        (Role.CASE_MANAGER, "manager", max(1, cases // CASELOAD)),
        (Role.PEER_MENTOR, "mentor", max(1, cases // (CASELOAD * 2))),
        (Role.SUPERVISOR, "supervisor", 3),
        (Role.HELPLINE_RESPONDER, "responder", max(1, cases // 2000)),
    ]
    staff: dict[str, list[User]] = {}
    for role, name, count in sizes:
        staff[role] = [User.objects.create_user(email=f"{name}{i}@{slug}.test", password=None,
                                                display_name=f"{name.title()} {i}") for i in range(count)]
        for user in staff[role]:
            membership_grant(organization=org, user=user, role=role)
    return staff
