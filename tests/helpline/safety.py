"""The contact screen's safety questions as a test posts them: every one answered (H4)."""

from offramp.helpline.models import SAFETY_FLAGS

ALL_NO = {flag: "no" for flag in SAFETY_FLAGS}


def answered(*yes: str, **answers: str) -> dict[str, str]:
    """Every safety question answered: `yes` ones yes, `answers` as given, the rest no."""
    return {**ALL_NO, **{flag: "yes" for flag in yes}, **answers}
