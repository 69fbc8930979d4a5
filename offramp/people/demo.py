"""People in the demo and the benchmark.

The demo's people are made by the cases part (every demo person is on a case), through
`demo_person`; the synthetic data set's people likewise come from the cases part, in bulk. What
people add of their own is two benchmark rows, registered from `PeopleConfig.ready()`.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from django.urls import reverse

from offramp.core.access import Actor
from offramp.core.demo import registry
from offramp.core.demo.phones import demo_phone
from offramp.core.models import Role
from offramp.people import services as people_services

if TYPE_CHECKING:
    from faker import Faker

    from offramp.people.models import Person


def demo_person(actor: Actor, fake: Faker, rng: random.Random, *, with_contacts: bool,
                family_name: str | None = None) -> Person:
    """A generated person, some with a phone and an e-mail address, most with a date of birth."""
    contacts = []
    if with_contacts:
        contacts = [
            {"kind": "phone", "value": demo_phone(actor.organization.country, rng), "label": "mobile"},
            {"kind": "email", "value": fake.email()},
        ]
    return people_services.person_create(
        actor=actor, given_name=fake.first_name(), family_name=family_name or fake.last_name(),
        date_of_birth=fake.date_of_birth(minimum_age=15, maximum_age=45) if rng.random() < 0.7 else None,
        pronouns=rng.choice(["he/him", "she/her", "they/them", ""]),
        languages=rng.choice(["English", "Spanish", "English, Spanish"]),
        contacts=contacts,
    )


BENCH_ROWS = [
    registry.BenchRow("person search by name (supervisor)", Role.SUPERVISOR,
                      lambda ctx: registry.post(reverse("person_list"), {"name": "smith"}), order=150),
    registry.BenchRow("people list (supervisor)", Role.SUPERVISOR,
                      lambda ctx: registry.get(reverse("person_list")), order=160),
]


def register() -> None:
    """Called from `PeopleConfig.ready()`."""
    for row in BENCH_ROWS:
        registry.register_bench(row)
