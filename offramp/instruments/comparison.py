"""Two responses side by side: a read of what the caller has already fetched (and may see), no change of state."""

from . import definition as spec
from .models import InstrumentResponse


def compare(response_a: InstrumentResponse, response_b: InstrumentResponse) -> dict:
    """Item by item and domain by domain: before (a), after (b), changed. Items of either version, in the
    later version's order; an item only one version has shows as missing on the other side."""
    def_a, def_b = response_a.version.definition, response_b.version.definition
    items_a, items_b = spec.items_by_key(def_a), spec.items_by_key(def_b)
    answers_a, answers_b = response_a.answer_data, response_b.answer_data
    labels = {**spec.item_labels(def_a), **spec.item_labels(def_b)}
    keys = list(items_b) + [k for k in items_a if k not in items_b]
    items = []
    for key in keys:
        before, after = answers_a.get(key), answers_b.get(key)
        items.append({
            "key": key, "label": labels[key], "before": before, "after": after, "changed": before != after,
            "before_text": spec.display_answer(items_a[key], before) if key in items_a else "",
            "after_text": spec.display_answer(items_b[key], after) if key in items_b else "",
        })
    scores_a = response_a.scores or spec.score(def_a, answers_a)
    scores_b = response_b.scores or spec.score(def_b, answers_b)
    labels = {d["key"]: d["label"] for d in def_a.get("scores", ()) + def_b.get("scores", ())}
    domains = []
    for key in list(scores_b) + [k for k in scores_a if k not in scores_b]:
        before, after = scores_a.get(key, {}), scores_b.get(key, {})
        domains.append({"key": key, "label": labels.get(key, key), "before": before.get("value"),
                        "after": after.get("value"), "before_band": before.get("label"),
                        "after_band": after.get("label"),
                        "changed": before.get("value") != after.get("value")})
    return {"items": items, "domains": domains}
