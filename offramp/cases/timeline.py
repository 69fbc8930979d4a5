"""The cases app's share of timelines: notes with their addenda, on a case and about a person."""

from django.db.models import Prefetch, Q

from offramp.core.access import Actor
from offramp.core.timeline import Bound, Entry, Provider, bounded

from .models import Case, Note
from .selectors import case_timeline, case_visibility

KIND = "note"
TEMPLATE = "cases/timeline/note.html"


def _entries(notes) -> list[Entry]:
    return [Entry(at=note.occurred_at, kind=KIND, key=str(note.pk), template=TEMPLATE, item=note) for note in notes]


def case_notes(actor: Actor, case: Case, bound: Bound, limit: int) -> list[Entry]:
    return _entries(bounded(case_timeline(actor, case), bound, kind=KIND, at_field="occurred_at", limit=limit))


def person_notes(actor: Actor, person, bound: Bound, limit: int) -> list[Entry]:
    """Notes of an encounter with this person, on the cases the actor may open."""
    notes = (
        Note.objects.filter(case_visibility(actor, "case__"), with_participant__person=person, addendum_to__isnull=True)
        .filter(Q(signed_at__isnull=False) | Q(author=actor.user))
        .select_related("author", "case", "with_participant__person")
        .prefetch_related(Prefetch("addenda", queryset=Note.objects.filter(signed_at__isnull=False)
                                   .select_related("author").order_by("created_at")))
    )
    return _entries(bounded(notes, bound, kind=KIND, at_field="occurred_at", limit=limit))


PROVIDERS = [Provider(subject="case", kind=KIND, entries=case_notes),
             Provider(subject="person", kind=KIND, entries=person_notes)]
