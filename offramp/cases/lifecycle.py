"""The case lifecycle: the path each kind of case follows, which moves are allowed from each
status, and which need a reason.

Family-support cases follow the helpline protocol (H2): evaluation → intervention plan →
monitoring → coaching → resolution against the organisation's criteria. Other cases follow
inquiry → intake → assessment → active → monitoring → resolution."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from .models import CaseKind
from .models import CaseStatus as S

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

GENERAL_PATH = (S.INQUIRY, S.INTAKE, S.ASSESSMENT, S.ACTIVE, S.MONITORING, S.RESOLVED, S.CLOSED)
FAMILY_PATH = (S.EVALUATION, S.PLAN, S.MONITORING, S.COACHING, S.RESOLVED, S.CLOSED)
# Keyed by the choices' values: a case's kind and status are read from the database as plain strings.
PATHS: dict[str, tuple[str, ...]] = {CaseKind.FAMILY_SUPPORT: FAMILY_PATH}
# Where "Reopen" leads: a family case that comes back is evaluated afresh.
REOPEN_TO: dict[str, str] = {CaseKind.FAMILY_SUPPORT: S.EVALUATION}
ENDED = (S.RESOLVED, S.CLOSED)
# A general status's place in the family protocol (for data written before a case's kind had its own path).
FAMILY_EQUIVALENT: dict[str, str] = {S.INQUIRY: S.EVALUATION, S.INTAKE: S.EVALUATION, S.ASSESSMENT: S.EVALUATION, S.ACTIVE: S.PLAN}


# What each stage of the family protocol asks of the team, shown on the case page.
FAMILY_HINTS: dict[str, "StrPromise"] = {
    S.EVALUATION: _("Evaluate: what worries the family, the person's underlying needs, and the openings "
                    "through which family and mentors can re-engage."),
    S.PLAN: _("Agree a specific intervention plan with the family."),
    S.MONITORING: _("Monitor progress: stay in touch and record what changes."),
    S.COACHING: _("Coach the family in how to talk with the person and keep the relationship open."),
    S.RESOLVED: _("Resolved against your organisation's written criteria, ideally with the person on a healthy path."),
}
HINTS: dict[str, dict[str, "StrPromise"]] = {CaseKind.FAMILY_SUPPORT: FAMILY_HINTS}


def path_for(kind: str) -> tuple[str, ...]:
    return PATHS.get(kind, GENERAL_PATH)


def first_status(kind: str) -> str:
    return path_for(kind)[0]


def working_statuses(kind: str) -> tuple[str, ...]:
    """The stages of an open case, in order (everything before resolution)."""
    return tuple(status for status in path_for(kind) if status not in ENDED)


def equivalent_status(kind: str, status: str) -> str:
    """The status a case of this kind would have in place of a general one."""
    if kind == CaseKind.FAMILY_SUPPORT:
        return FAMILY_EQUIVALENT.get(status, status)
    return status


@dataclass(frozen=True)
class Stage:
    status: str
    label: "str | StrPromise"
    state: str  # "done", "current" or "todo"
    hint: str = ""


def stages(kind: str, status: str, status_before_pause: str = "") -> list[Stage]:
    """The case's path with where it stands, for the stage track on the case page."""
    path = path_for(kind)
    where = status_before_pause if status == S.PAUSED else status
    position = path.index(where) if where in path else -1
    hints = HINTS.get(kind, {})
    return [Stage(step, S(step).label, "current" if index == position and status != S.PAUSED
                  else "done" if index < position else "todo", str(hints.get(step, "")))
            for index, step in enumerate(path)]


@dataclass(frozen=True)
class Move:
    to_status: str
    label: str
    needs_reason: bool
    needs_closure_reason: bool = False
    needs_criteria: bool = False
    reopens: bool = False


def allowed_moves(kind: str, status: str, status_before_pause: str = "") -> list[Move]:
    path = path_for(kind)
    working = working_statuses(kind)
    moves: list[Move] = []
    if status in path and path.index(status) + 1 < len(path):
        target = path[path.index(status) + 1]
        moves.append(Move(target, str(_("Move to %(status)s")) % {"status": S(target).label},
                          needs_reason=False, needs_criteria=target == S.RESOLVED))
    if status in working and working.index(status) > 0:
        target = working[working.index(status) - 1]
        moves.append(Move(target, str(_("Back to %(status)s")) % {"status": S(target).label}, needs_reason=True))
    if status in working:
        moves.append(Move(S.PAUSED, str(_("Pause")), needs_reason=True))
        moves.append(Move(S.CLOSED, str(_("Close without resolution")), needs_reason=True, needs_closure_reason=True))
    if status == S.PAUSED:
        resume_to = status_before_pause if status_before_pause in working else working[0]
        moves.append(Move(resume_to, str(_("Resume (%(status)s)")) % {"status": S(resume_to).label}, needs_reason=False))
        moves.append(Move(S.CLOSED, str(_("Close without resolution")), needs_reason=True, needs_closure_reason=True))
    if status in ENDED:
        target = REOPEN_TO.get(kind, S.ACTIVE)
        moves.append(Move(target, str(_("Reopen")), needs_reason=True, reopens=True))
    return moves


def find_move(kind: str, status: str, status_before_pause: str, to_status: str) -> Move | None:
    return next((m for m in allowed_moves(kind, status, status_before_pause) if m.to_status == to_status), None)
