"""The case lifecycle: which moves are allowed from each status, and which need a reason."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import CaseStatus as S

FORWARD = {
    S.INQUIRY: S.INTAKE,
    S.INTAKE: S.ASSESSMENT,
    S.ASSESSMENT: S.ACTIVE,
    S.ACTIVE: S.MONITORING,
    S.MONITORING: S.RESOLVED,
    S.RESOLVED: S.CLOSED,
}
BACK = {S.INTAKE: S.INQUIRY, S.ASSESSMENT: S.INTAKE, S.ACTIVE: S.ASSESSMENT, S.MONITORING: S.ACTIVE}
OPEN = (S.INQUIRY, S.INTAKE, S.ASSESSMENT, S.ACTIVE, S.MONITORING)


@dataclass(frozen=True)
class Move:
    to_status: str
    label: str
    needs_reason: bool
    needs_closure_reason: bool = False
    needs_criteria: bool = False


def allowed_moves(status: str, status_before_pause: str = "") -> list[Move]:
    moves: list[Move] = []
    if status in FORWARD:
        target = FORWARD[status]
        moves.append(Move(target, str(_("Move to %(status)s")) % {"status": S(target).label},
                          needs_reason=False, needs_criteria=target == S.RESOLVED))
    if status in BACK:
        moves.append(Move(BACK[status], str(_("Back to %(status)s")) % {"status": S(BACK[status]).label},
                          needs_reason=True))
    if status in OPEN:
        moves.append(Move(S.PAUSED, str(_("Pause")), needs_reason=True))
        moves.append(Move(S.CLOSED, str(_("Close without resolution")), needs_reason=True, needs_closure_reason=True))
    if status == S.PAUSED:
        resume_to = status_before_pause or S.ACTIVE
        moves.append(Move(resume_to, str(_("Resume (%(status)s)")) % {"status": S(resume_to).label}, needs_reason=False))
        moves.append(Move(S.CLOSED, str(_("Close without resolution")), needs_reason=True, needs_closure_reason=True))
    if status in (S.RESOLVED, S.CLOSED):
        moves.append(Move(S.ACTIVE, str(_("Reopen")), needs_reason=True))
    return moves


def find_move(status: str, status_before_pause: str, to_status: str) -> Move | None:
    return next((m for m in allowed_moves(status, status_before_pause) if m.to_status == to_status), None)
