"""What each app adds to the demo, to a synthetic data set and to the benchmark.

Core makes what is core's (organisations, staff, logins) and then asks every registered part, in
order; apps register their parts from `AppConfig.ready()`, so core never names them:

    from offramp.core.demo import registry

    registry.register(registry.DemoPart("groups", order=40, load_demo=groups_demo, load_scale=groups_scale))
    registry.register_bench(registry.BenchRow("group list (facilitator)", Role.GROUP_FACILITATOR,
                                              lambda ctx: registry.get(reverse("group_list")), order=300))

`load_demo(ctx: DemoContext)` runs once per demo organisation, `load_scale(ctx: ScaleContext)` once
per synthetic organisation. A bench row's `build(ctx: BenchContext)` returns the request to time.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from faker import Faker

from offramp.core.models import Membership, Organization, User

if TYPE_CHECKING:
    from datetime import datetime


# -- demo and scale data ------------------------------------------------------------------------


@dataclass
class DemoContext:
    """One demo organisation, as core made it. `staff` maps a demo role name ("manager",
    "responder2", "lead"...) to its account; `shared` is for parts to leave results for later parts."""

    organization: Organization
    spec: dict
    fake: Faker
    rng: random.Random
    staff: dict[str, User]
    shared: dict[str, Any] = field(default_factory=dict)


@dataclass
class ScaleContext:
    """The synthetic organisation of `offramp seed --scale N`. `staff` maps a Role value to its
    accounts; `rng` and `fake` are seeded with `seed`; `random(offset)` and `faker(offset)` give a
    part its own stream, so one part's draws never shift another's. `say` prints progress."""

    organization: Organization
    cases: int
    notes_per_case: int
    seed: int
    rng: random.Random
    fake: Faker
    staff: dict[str, list[User]]
    now: datetime
    say: Callable[[str], None]
    shared: dict[str, Any] = field(default_factory=dict)

    def random(self, offset: int) -> random.Random:
        return random.Random(self.seed + offset)

    def faker(self, offset: int, locale: str = "en_US") -> Faker:
        fake = Faker(locale)
        fake.seed_instance(self.seed + offset)
        return fake


@dataclass(frozen=True)
class DemoPart:
    name: str
    order: int
    load_demo: Callable[[DemoContext], None]
    load_scale: Callable[[ScaleContext], None] | None = None


_parts: dict[str, DemoPart] = {}


def register(part: DemoPart) -> None:
    """Register (or replace, by name) a part of the demo and scale data."""
    _parts[part.name] = part


def unregister(name: str) -> None:
    _parts.pop(name, None)


def parts() -> list[DemoPart]:
    return sorted(_parts.values(), key=lambda part: part.order)


# -- the benchmark ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchRequest:
    method: str  # "get" or "post"
    url: str
    data: dict | None = None


def get(url: str, data: dict | None = None) -> BenchRequest:
    return BenchRequest("get", url, data)


def post(url: str, data: dict) -> BenchRequest:
    return BenchRequest("post", url, data)


class BenchContext:
    """The organisation under test; `user(role)` is the persona who makes a row's requests (the
    app's registered picker, else the first member with that role); `shared` caches what several
    rows need (the busiest case, say)."""

    def __init__(self, organization: Organization):
        self.organization = organization
        self.shared: dict[str, Any] = {}
        self._users: dict[str, User | None] = {}

    def user(self, role: str) -> User | None:
        if role not in self._users:
            pick = _personas.get(role, _first_member)
            self._users[role] = pick(self.organization, role)
        return self._users[role]


def _first_member(organization: Organization, role: str) -> User | None:
    membership = Membership.objects.filter(organization=organization, role=role).select_related("user").first()
    return membership.user if membership else None


@dataclass(frozen=True)
class BenchRow:
    """One timed endpoint. `role` names the persona; a row whose persona the organisation lacks is
    skipped when `optional`, and stops the run otherwise. `build` may raise CommandError."""

    name: str
    role: str
    build: Callable[[BenchContext], BenchRequest]
    order: int = 100
    optional: bool = False


@dataclass(frozen=True)
class BenchCount:
    """A figure reported with the results ("cases", "notes"). The first registered also chooses the
    organisation when none is named: the one with most."""

    name: str
    count: Callable[[Organization], int]
    order: int = 100


_bench_rows: dict[str, BenchRow] = {}
_bench_counts: dict[str, BenchCount] = {}
_personas: dict[str, Callable[[Organization, str], User | None]] = {}


def register_bench(row: BenchRow) -> None:
    _bench_rows[row.name] = row


def register_bench_count(count: BenchCount) -> None:
    _bench_counts[count.name] = count


def register_bench_persona(role: str, pick: Callable[[Organization, str], User | None]) -> None:
    """How to choose the user for `role` (say, a case manager who is on a case)."""
    _personas[role] = pick


def bench_rows() -> list[BenchRow]:
    return sorted(_bench_rows.values(), key=lambda row: row.order)


def bench_counts() -> list[BenchCount]:
    return sorted(_bench_counts.values(), key=lambda count: count.order)
