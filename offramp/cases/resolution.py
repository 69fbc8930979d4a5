"""Records a resolution criterion rests on (H2), which other apps hold (cases imports none of them): an
organisation ties a criterion to one ("Wellness plan goals reviewed and met or handed over" to the plan's
goals), the move form shows the record's state beside the criterion with a link to it, and resolving is
refused while the record is not there yet (a supervisor may override, as with `cases.gates`).

An app registers a record from its `AppConfig.ready()`:

    from offramp.cases import resolution
    resolution.register(resolution.Record("plans.goals", _("The plan's goals"), state=goals_state))

`state(actor, case)` says what the record holds now (`State`): a one-line summary, a link, and, when it
does not support resolving yet, why not."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from offramp.core.access import Actor

from .models import Case, ResolutionCriterion


@dataclass(frozen=True)
class State:
    summary: str
    url: str = ""
    missing: str = ""  # why the record does not yet support resolving; empty when it does


@dataclass(frozen=True)
class Record:
    key: str
    label: str | Promise
    state: Callable[[Actor, Case], State]


_records: dict[str, Record] = {}


def register(record: Record) -> None:
    _records[record.key] = record


def choices() -> list[tuple[str, str]]:
    """For the criterion's form: no record, or one of the registered ones."""
    return [("", "—"), *((key, str(record.label)) for key, record in sorted(_records.items()))]


def state(actor: Actor, case: Case, criterion: ResolutionCriterion) -> State | None:
    record = _records.get(criterion.record)
    return record.state(actor, case) if record else None


def refusals(actor: Actor, case: Case, criteria: list[ResolutionCriterion]) -> list[str]:
    """For each criterion tied to a record that does not support resolving yet, why not."""
    found = []
    for criterion in criteria:
        current = state(actor, case, criterion)
        if current is not None and current.missing:
            found.append(f"{criterion.text}: {current.missing}")
    return found
