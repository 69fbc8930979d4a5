"""The instruments this app ships (definitions/, in the engine's format): their keys, their files, and the
item keys the app reads to draw stages, ratings and the screen's result."""

import json
from functools import cache
from pathlib import Path

from offramp.instruments import definition as spec

DEFINITIONS = Path(__file__).resolve().parent / "definitions"

STAGE_OF_CHANGE = "stage-of-change"
WELLNESS = "wellness"
ASQ = "asq-screen"
SOCIAL_DIAGNOSTIC = "social-diagnostic"  # C7, C8, H3: risks, resources and resonances; needs and openings
RISK_PROTECTIVE = "risk-protective"  # five-point risk and protective factors, and the danger block
STAGE_OF_EXIT = "stage-of-exit"  # engagement in or exit from the movement, and the person's own reasons
INFLUENCES = "influences"  # people, groups, channels, tactics; the case's prevention level
FAMILY_OUTCOMES = "family-outcomes"  # the family's relationship and influence (family protocol links here)
BUILT_IN = (STAGE_OF_CHANGE, WELLNESS, ASQ, SOCIAL_DIAGNOSTIC, RISK_PROTECTIVE, STAGE_OF_EXIT, INFLUENCES,
            FAMILY_OUTCOMES)

# C2: the four targets, each with items "<target>_stage", "_evidence", "_regression" and "_shift".
TARGETS = ("behaviour", "networks", "ideology", "identity")
# C4: SAMHSA's eight dimensions, each a rating item of the same key.
DIMENSIONS = ("emotional", "environmental", "financial", "intellectual", "occupational", "physical", "social",
              "spiritual")
# R1: the ASQ's four screening questions and the acuity question asked when any of them is positive.
ASQ_QUESTIONS = ("asq_1", "asq_2", "asq_3", "asq_4")
ASQ_ACUITY = "asq_5"
# The social diagnostic's factors, each "<factor>_rating" (risk, resource, resonance) and "<factor>_evidence".
FACTOR_RATINGS = ("risk", "resource", "resonance")
# The risk and protective factors' danger block: the items whose flagged answers escalate it.
DANGER_ITEMS_PREFIX = "danger_"
# The stage of exit: its stage (scored 1 engaged … 5 out), the move back, and the person's own reasons.
EXIT_STAGE, EXIT_REGRESSION, OWN_REASONS = "exit_stage", "exit_regression", "own_reasons"
# The influences' prevention level, justice status and authority.
PREVENTION_LEVEL, JUSTICE_STATUS, AUTHORITY = "prevention_level", "justice_status", "authority"


@cache
def shipped(key: str) -> dict:
    """The definition file shipped for a built-in key, validated (an organisation gets it on first use)."""
    return spec.validate(json.loads((DEFINITIONS / f"{key}.json").read_text(encoding="utf-8")))


def choices() -> list[tuple[str, str]]:
    """The built-in instruments as a picker offers them, titled in the reader's language."""
    return [(key, spec.label_text(shipped(key)["title"])) for key in BUILT_IN]

