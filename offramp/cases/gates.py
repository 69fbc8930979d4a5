"""Checks other apps add to a case's moves (cases imports none of them): why a case may not leave its
stage yet. The family protocol's records register one (a stage cannot be left until its record exists).

An app registers a check from its `AppConfig.ready()`:

    from offramp.cases import gates
    gates.register(protocol_gate)

`check(actor, case, to_status)` returns why the case may not make this move yet, or None. The transition
service asks every check; a refused move shows the reasons, and a supervisor (`core.supervise`) may make
it anyway with a written reason, which is kept on the transition and in the audit trail."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from offramp.core.access import Actor

from .models import Case

Check = Callable[[Actor, Case, str], "str | None"]

_checks: list[Check] = []
_suspended: ContextVar[bool] = ContextVar("case_gates_suspended", default=False)


def register(check: Check) -> None:
    if check not in _checks:  # registered once, whatever calls ready() again
        _checks.append(check)


def refusals(actor: Actor, case: Case, to_status: str) -> list[str]:
    """Every registered check's reason for refusing the move (empty: the move may go ahead)."""
    if _suspended.get():
        return []
    return [str(reason) for check in _checks if (reason := check(actor, case, to_status))]


def suspend() -> Callable[[], None]:
    """No check refuses until the returned function is called: for loading data that tells the story of
    cases moved before their records were asked for (the demo's click-through); never for a request."""
    token = _suspended.set(True)
    return lambda: _suspended.reset(token)


@contextmanager
def suspended() -> Iterator[None]:
    resume = suspend()
    try:
        yield
    finally:
        resume()
