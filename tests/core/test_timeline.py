"""The timeline registry: entries from every provider merged newest first, paged by cursor."""

from datetime import timedelta

import pytest
from django.core.exceptions import BadRequest
from django.urls import reverse
from django.utils import timezone

from offramp.cases.services import note_create
from offramp.core import timeline
from offramp.core.timeline import Entry, Provider


@pytest.fixture
def milestones(world):
    """A provider registered from outside the apps, as a new app would: entries kept in a list,
    several at the very moment of a note, to test ties between kinds."""
    now = timezone.now().replace(microsecond=0)
    items = [Entry(at=now - timedelta(hours=h), kind="milestone", key=f"m{i}", template="unused.html", item=h)
             for i, h in enumerate((0, 5, 5, 5, 40))]

    def entries(actor, case, bound, limit):
        inside = [e for e in items if bound is timeline.NEWEST or
                  (e.order < (bound.at, bound.kind, bound.key) if bound.older else e.order > (bound.at, bound.kind, bound.key))]
        return sorted(inside, key=lambda e: e.order, reverse=bound.older)[:limit]

    provider = Provider(subject="case", kind="milestone", entries=entries)
    timeline.register(provider)
    for hours in range(1, 8):
        note_create(actor=world.actor("manager"), case_id=world.case.pk, note_type="call", channel="phone",
                    direction="outbound", occurred_at=now - timedelta(hours=hours), narrative=f"Note {hours}.",
                    sign=True)
    yield items
    timeline.unregister(provider)


def _walk(actor, case, size):
    pages, cursor = [], ""
    while True:
        page = timeline.timeline(actor, "case", case, before=cursor, size=size)
        pages.append(page)
        if not page.older:
            return pages
        cursor = page.older


@pytest.mark.parametrize("size", [1, 2, 3, 5, 100])
def test_every_entry_shows_once_in_order_whatever_the_page_size(world, milestones, size):
    pages = _walk(world.actor("manager"), world.case, size)
    entries = [e for page in pages for e in page.entries]
    assert len(entries) == 7 + len(milestones)
    assert [e.order for e in entries] == sorted((e.order for e in entries), reverse=True)
    assert len({(e.kind, e.key) for e in entries}) == len(entries)
    assert not pages[0].newer and all(page.newer for page in pages[1:])


def test_newer_pages_retrace_the_older_ones(world, milestones):
    actor = world.actor("manager")
    pages = _walk(actor, world.case, 3)
    back = timeline.timeline(actor, "case", world.case, after=pages[2].newer, size=3)
    assert [e.key for e in back.entries] == [e.key for e in pages[1].entries]
    assert back.older and back.newer


def test_a_damaged_cursor_is_a_400_not_an_error(world):
    with pytest.raises(BadRequest):
        timeline.timeline(world.actor("manager"), "case", world.case, before="not-a-cursor")
    response = world.client("manager").get(reverse("case_detail", args=[world.case.pk]), {"before": "%%%"})
    assert response.status_code == 400


def test_drafts_of_others_never_reach_a_timeline(world):
    note_create(actor=world.actor("mentor"), case_id=world.case.pk, note_type="call", channel="phone",
                direction="outbound", occurred_at=timezone.now(), narrative="Draft by the mentor.",
                with_participant_id=world.case.participants.get(person=world.client_person).pk)
    for name, url in (("manager", reverse("case_detail", args=[world.case.pk])),
                      ("manager", reverse("person_detail", args=[world.client_person.pk]))):
        assert "Draft by the mentor." not in world.client(name).get(url).content.decode()
    assert "Draft by the mentor." in world.client("mentor").get(
        reverse("person_detail", args=[world.client_person.pk])).content.decode()


def test_a_persons_timeline_shows_only_cases_the_actor_may_open(world):
    participant = world.case.participants.get(person=world.client_person)
    note_create(actor=world.actor("manager"), case_id=world.case.pk, note_type="meeting", channel="in_person",
                direction="both", occurred_at=timezone.now(), narrative="Met at the library.",
                with_participant_id=participant.pk, sign=True)
    assert "Met at the library." in world.client("mentor").get(
        reverse("person_detail", args=[world.client_person.pk])).content.decode()
    assert world.client("other_manager").get(reverse("person_detail", args=[world.client_person.pk])).status_code == 404
