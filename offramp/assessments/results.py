"""What an assessment's answers mean to casework, computed in the open from the answers (never an opaque
score): the four stages of change, the wellness ratings, the suicide-risk screen's result with the
answers that caused it, the social diagnostic's factors (risk, resource, resonance), the danger block of
the risk and protective factors with the answers that raised it, and the stage of exit with the person's
own reasons. Pure functions of a definition and its answers; no database."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from offramp.instruments import definition as spec

from .catalogue import (
    ASQ_ACUITY,
    ASQ_QUESTIONS,
    DANGER_ITEMS_PREFIX,
    DIMENSIONS,
    EXIT_REGRESSION,
    EXIT_STAGE,
    FACTOR_RATINGS,
    OWN_REASONS,
    TARGETS,
)

NEGATIVE, NON_ACUTE, ACUTE = "negative", "non_acute", "acute"
POSITIVE_ANSWERS = ("yes", "declined")  # the ASQ counts a refusal to answer as positive


@dataclass(frozen=True)
class Stage:
    target: str
    label: str  # the target's name
    value: int | None  # 1 (precontemplation) to 5 (maintenance); None when not answered or a special answer
    text: str  # the stage as answered, or "No information" / "Not relevant"
    regression: bool = False
    shift: bool = False


@dataclass(frozen=True)
class ScreenResult:
    result: str  # NEGATIVE, NON_ACUTE or ACUTE
    causes: list[str] = field(default_factory=list)  # "question — answer" of each positive answer

    @property
    def positive(self) -> bool:
        return self.result != NEGATIVE

    @property
    def label(self) -> str:
        return {NEGATIVE: _("Negative screen"),
                NON_ACUTE: _("Non-acute positive screen: a supervisor assesses the person's safety soon"),
                ACUTE: _("Acute positive screen: imminent risk; stay with the person and get a supervisor now")
                }[self.result]


def stages(definition: dict, answers: dict) -> list[Stage]:
    items = spec.items_by_key(definition)
    sections = {item["key"]: section for section in definition["sections"] for item in section["items"]}
    result = []
    for target in TARGETS:
        key = f"{target}_stage"
        if key not in items:
            continue
        answer = answers.get(key)
        scores = {o["value"]: o.get("score") for o in items[key].get("options", ())}
        value = scores.get(answer) if isinstance(answer, str) else None
        result.append(Stage(target, spec.label_text(sections[key]["title"]), int(value) if value else None,
                            spec.display_answer(items[key], answer),
                            regression=answers.get(f"{target}_regression") == "yes",
                            shift=answers.get(f"{target}_shift") == "yes"))
    return result


def ratings(definition: dict, answers: dict) -> list[dict]:
    items = spec.items_by_key(definition)
    return [{"key": key, "label": spec.label_text(items[key]["label"]),
             "value": answers.get(key) if isinstance(answers.get(key), int) else None,
             "text": spec.display_answer(items[key], answers.get(key)), "max": items[key].get("max")}
            for key in DIMENSIONS if key in items]


def rating_values(definition: dict, answers: dict) -> list[int | None]:
    """The ratings alone, in the order of `ratings` (a point of the radar's history)."""
    keys = {item["key"] for item in spec.iter_items(definition)}
    return [answers.get(key) if isinstance(answers.get(key), int) else None for key in DIMENSIONS if key in keys]


def acuity_missing(answers: dict) -> bool:
    """A positive screen needs the acuity question answered before it is complete."""
    return any(answers.get(key) in POSITIVE_ANSWERS for key in ASQ_QUESTIONS) and answers.get(ASQ_ACUITY) is None


def screen(definition: dict, answers: dict) -> ScreenResult:
    """The ASQ's rule: all four questions "no" is negative; a "yes" (or a refusal) to any is positive, and
    acute when the acuity question is "yes" (or refused), non-acute otherwise."""
    items = spec.items_by_key(definition)

    def cause(key: str) -> str:
        return f"{spec.label_text(items[key]['label'])} — {spec.display_answer(items[key], answers.get(key))}"

    positive = [key for key in ASQ_QUESTIONS if key in items and answers.get(key) in POSITIVE_ANSWERS]
    if not positive:
        return ScreenResult(NEGATIVE)
    if answers.get(ASQ_ACUITY) in POSITIVE_ANSWERS and ASQ_ACUITY in items:
        return ScreenResult(ACUTE, [cause(key) for key in positive] + [cause(ASQ_ACUITY)])
    return ScreenResult(NON_ACUTE, [cause(key) for key in positive])


# ---- the social diagnostic (C7, C8, H3) ---------------------------------------------------------

@dataclass(frozen=True)
class Factor:
    key: str  # the factor, e.g. "family_now"
    section: str  # its section's title: biographical, social or environmental
    label: str
    ratings: tuple[str, ...]  # of FACTOR_RATINGS, in that order
    text: str  # the answer as read, or "No information" / "Not relevant"
    evidence: str


def _factor_keys(definition: dict) -> list[str]:
    return [item["key"] for item in spec.iter_items(definition) if item["key"].endswith("_rating")]


def nothing_rated(definition: dict, answers: dict) -> bool:
    """A social diagnostic with no factor rated nor marked (no information, not relevant) says nothing yet."""
    return not any(answers.get(key) not in (None, [], "") for key in _factor_keys(definition))


def first_factor(definition: dict) -> str:
    keys = _factor_keys(definition)
    return keys[0] if keys else "__all__"


def factors(definition: dict, answers: dict) -> list[Factor]:
    """Each "<factor>_rating" item with what it was rated as and its evidence, in the definition's order."""
    result = []
    for section in definition["sections"]:
        keys = {item["key"]: item for item in section["items"]}
        for key, item in keys.items():
            if not key.endswith("_rating") or item["type"] != spec.MULTIPLE:
                continue
            answer = answers.get(key)
            chosen = tuple(v for v in FACTOR_RATINGS if isinstance(answer, list) and v in answer)
            evidence_item = keys.get(key.removesuffix("_rating") + "_evidence")
            evidence = spec.display_answer(evidence_item, answers.get(evidence_item["key"])) if evidence_item else ""
            result.append(Factor(key.removesuffix("_rating"), spec.label_text(section["title"]),
                                 spec.label_text(item["label"]), chosen, spec.display_answer(item, answer), evidence))
    return result


def answered_items(definition: dict, answers: dict, keys: tuple[str, ...]) -> list[dict]:
    """Named items as read ({"key", "label", "text"}), leaving out the ones the definition lacks."""
    items = spec.items_by_key(definition)
    visible = spec.visible_keys(definition, answers)
    return [{"key": key, "label": spec.label_text(items[key]["label"]),
             "text": spec.display_answer(items[key], answers.get(key))}
            for key in keys if key in items and key in visible]


# ---- risk and protective factors: the danger block -------------------------------------------------

CALM, RAISED, ESCALATED = "calm", "raised", "escalated"


@dataclass(frozen=True)
class Danger:
    level: str  # CALM, RAISED or ESCALATED
    causes: list[str] = field(default_factory=list)  # "item — answer" of every flagged answer

    @property
    def label(self) -> str:
        return {CALM: _("Danger: no danger sign and no risk factor rated high"),
                RAISED: _("Danger raised: one risk factor is rated high; watch it and plan for it"),
                ESCALATED: _("Danger escalated: consult a supervisor today and follow the safety procedure"),
                }[self.level]

    @property
    def alarming(self) -> bool:
        return self.level != CALM


def danger(definition: dict, answers: dict) -> Danger:
    """In the open: every answer that is a flagged option (a risk factor rated high or very high, a danger
    sign answered yes) is a cause. A danger sign (an item "danger_…") escalates at once, and so do two or
    more high-rated risk factors; one raises it; none leaves it calm."""
    visible = spec.visible_keys(definition, answers)
    signs: list[str] = []
    risks: list[str] = []
    for item in spec.iter_items(definition):
        key = item["key"]
        if key not in visible or not spec.item_has_flags(item):
            continue
        answer = answers.get(key)
        chosen = answer if isinstance(answer, list) else [answer]
        flagged = {o["value"] for o in item["options"] if o.get("flag")}
        if any(value in flagged for value in chosen if isinstance(value, str)):
            cause = f"{spec.label_text(item['label'])} — {spec.display_answer(item, answer)}"
            (signs if key.startswith(DANGER_ITEMS_PREFIX) else risks).append(cause)
    causes = signs + risks
    if signs or len(risks) > 1:
        return Danger(ESCALATED, causes)
    return Danger(RAISED, causes) if risks else Danger(CALM)


# ---- the stage of exit ----------------------------------------------------------------------

@dataclass(frozen=True)
class ExitStage:
    value: int | None  # 1 (engaged) to 5 (out); None when not answered or a special answer
    text: str
    regression: bool  # the assessor recorded a move back towards the movement
    reasons: str  # the person's own reasons for leaving, in their words ("" when none)


def exit_stage(definition: dict, answers: dict) -> ExitStage:
    items = spec.items_by_key(definition)
    item = items.get(EXIT_STAGE)
    answer = answers.get(EXIT_STAGE)
    scores = {o["value"]: o.get("score") for o in item.get("options", ())} if item else {}
    value = scores.get(answer) if isinstance(answer, str) else None
    reasons = answers.get(OWN_REASONS)
    return ExitStage(int(value) if value else None, spec.display_answer(item, answer) if item else "",
                     answers.get(EXIT_REGRESSION) == "yes", reasons if isinstance(reasons, str) else "")


def moved_back(latest: list[int | None], earlier: list[int | None] | None) -> bool:
    """Whether any value fell from the earlier assessment to the latest (the same positions)."""
    if not earlier:
        return False
    return any(now is not None and before is not None and now < before
               for now, before in zip(latest, earlier, strict=False))


# ---- ratings of any rating item (the family's outcomes) -------------------------------------------

def rating_items(definition: dict, answers: dict) -> list[dict]:
    """Every rating item of the definition with its value ({"key", "label", "value", "text", "min", "max"})."""
    return [{"key": item["key"], "label": spec.label_text(item["label"]),
             "value": answers.get(item["key"]) if isinstance(answers.get(item["key"]), int) else None,
             "text": spec.display_answer(item, answers.get(item["key"])), "min": item["min"], "max": item["max"]}
            for item in spec.iter_items(definition) if item["type"] == spec.RATING]


# ---- what a complete assessment means, for its page and the API -----------------------------------

NEEDS_ITEMS = ("gender_needs", "gender_evidence", "underlying_needs", "needs_evidence", "openings", "openings_detail")


def domain_scores(definition: dict, scores: dict) -> list[dict]:
    """The kept domain scores with their labels in the reader's language ({"key", "label", "value", "band"})."""
    return [{"key": domain["key"], "label": spec.label_text(domain["label"]),
             "value": (scores or {}).get(domain["key"], {}).get("value"),
             "band": spec.label_text((scores or {}).get(domain["key"], {}).get("label"))}
            for domain in definition.get("scores", ())]
