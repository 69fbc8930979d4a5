"""Server-drawn SVG charts as plain geometry for the templates (no JavaScript, no library): a radar of
ratings with earlier ratings overlaid, and a before-and-after chart of two assessments' numeric answers.
Every chart is drawn beside a table of the same values, so nothing is told by the picture (or colour)
alone. Pure functions; no database."""

import math
from dataclasses import dataclass, field

from offramp.instruments import comparison
from offramp.instruments import definition as spec

RADAR_SIZE, RADAR_RADIUS = 360, 110
# Earlier series are drawn dashed (a different pattern each), the latest solid: told apart without colour.
DASHES = ("", "6 3", "2 3", "8 3 2 3")
MAX_SERIES = len(DASHES)


@dataclass
class Radar:
    size: int
    centre: float
    axes: list[dict] = field(default_factory=list)  # {"label", "x", "y" (axis end), "lx", "ly", "anchor"}
    rings: list[str] = field(default_factory=list)  # polygon points of each grid level
    series: list[dict] = field(default_factory=list)  # {"at", "points", "dash", "width", "latest"}


def _point(index: int, count: int, fraction: float, centre: float, radius: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return centre + math.cos(angle) * radius * fraction, centre + math.sin(angle) * radius * fraction


def _points(values, count: int, top: float, centre: float, radius: float) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in
                    (_point(i, count, max(0.0, min(1.0, (v or 0) / top)), centre, radius) for i, v in enumerate(values)))


def radar(labels: list[str], history: list[dict], top: int = 5) -> Radar | None:
    """`history` oldest first, each {"at", "values"} (a value per label, None when not answered): the
    latest and up to three before it. None with fewer than three axes or no history."""
    count = len(labels)
    if count < 3 or not history:
        return None
    centre = RADAR_SIZE / 2
    chart = Radar(RADAR_SIZE, centre)
    for index, label in enumerate(labels):
        x, y = _point(index, count, 1, centre, RADAR_RADIUS)
        lx, ly = _point(index, count, 1.14, centre, RADAR_RADIUS)
        anchor = "middle" if abs(lx - centre) < 4 else ("start" if lx > centre else "end")
        chart.axes.append({"label": label, "x": f"{x:.1f}", "y": f"{y:.1f}", "lx": f"{lx:.1f}",
                           "ly": f"{ly + 4:.1f}", "anchor": anchor})
    chart.rings = [_points([level] * count, count, top, centre, RADAR_RADIUS) for level in range(1, top + 1)]
    shown = history[-MAX_SERIES:]
    for age, entry in enumerate(reversed(shown)):  # the latest first: solid and thickest
        chart.series.append({"at": entry["at"], "points": _points(entry["values"], count, top, centre, RADAR_RADIUS),
                             "dash": DASHES[age], "width": 3 if age == 0 else 1.5, "latest": age == 0})
    return chart


# ---- before and after -------------------------------------------------------------------------

BAR_WIDTH, BAR_LEFT, ROW_HEIGHT = 320, 12, 26


def numeric_answer(item: dict, answer) -> float | None:
    """An answer as a number where it has one: a rating or number's value, a single choice's score."""
    if spec.special_of(answer) or not spec.is_answered(answer):
        return None
    if item["type"] in (spec.RATING, spec.NUMBER) and spec.is_number(answer):
        return float(answer)
    if item["type"] == spec.SINGLE:
        scores = {o["value"]: o.get("score") for o in item["options"]}
        value = scores.get(answer)
        return float(value) if value is not None and spec.is_number(value) else None
    return None


def _range(item: dict) -> tuple[float, float] | None:
    if item["type"] == spec.RATING:
        return float(item["min"]), float(item["max"])
    if item["type"] == spec.SINGLE:
        scores = [o.get("score") for o in item["options"] if spec.is_number(o.get("score"))]
        if len(scores) > 1:
            return float(min(scores)), float(max(scores))
    return None


def before_after(definition: dict, before: dict, after: dict) -> dict | None:
    """Rows of the later definition's scaled items (ratings and scored single choices) answered in either:
    where each answer falls on its own scale (0 to BAR_WIDTH), before and after. None when none."""
    rows: list[dict] = []
    labels = spec.item_labels(definition)
    for item in spec.iter_items(definition):
        span = _range(item)
        if span is None:
            continue
        low, high = span
        values = [numeric_answer(item, answers.get(item["key"])) for answers in (before, after)]
        if values == [None, None]:
            continue
        y = len(rows) * ROW_HEIGHT * 2 + ROW_HEIGHT
        xs = [None if v is None else round(BAR_LEFT + (v - low) / (high - low) * BAR_WIDTH, 1) for v in values]
        rows.append({"label": labels[item["key"]], "y": y, "label_y": y - 8, "before_x": xs[0],
                     "after_x": xs[1], "before": spec.display_answer(item, before.get(item["key"])),
                     "after": spec.display_answer(item, after.get(item["key"])),
                     "changed": values[0] != values[1]})
    if not rows:
        return None
    return {"rows": rows, "width": BAR_WIDTH + 2 * BAR_LEFT, "height": len(rows) * ROW_HEIGHT * 2 + 4,
            "left": BAR_LEFT, "right": BAR_LEFT + BAR_WIDTH}


def comparison_of(before, after) -> dict:
    """Two assessments of the same person and instrument side by side: the engine's comparison, labels in
    the reader's language, and the chart of their scaled answers (and a radar of two ratings)."""
    result = comparison.compare(before.response, after.response)
    definition = after.response.version.definition
    before_answers, after_answers = before.response.answer_data, after.response.answer_data
    rated = [item for item in spec.iter_items(definition) if item["type"] == spec.RATING]
    overlay = None
    if len(rated) >= 3 and len({(item["min"], item["max"]) for item in rated}) == 1:
        top = rated[0]["max"]
        history = [{"at": a.response.completed_at or a.created_at,
                    "values": [v if isinstance(v := answers.get(item["key"]), int) else None for item in rated]}
                   for a, answers in ((before, before_answers), (after, after_answers))]
        overlay = radar([spec.label_text(item["label"]) for item in rated], history, top=top)
    return {
        "items": [{**row, "label": spec.label_text(row["label"])} for row in result["items"]],
        "domains": [{**row, "label": spec.label_text(row["label"]), "before_band": spec.label_text(row["before_band"]),
                     "after_band": spec.label_text(row["after_band"])} for row in result["domains"]],
        "chart": before_after(definition, before_answers, after_answers), "radar": overlay}
