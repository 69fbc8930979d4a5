"""The definition format (FORMAT.md beside this file): validation with precise errors, labels in a
language, conditions, answers, required items and scoring. Pure functions over plain data; no database."""

import datetime
import math
import re
from collections.abc import Iterator
from typing import Any, TypeGuard

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

FORMAT = 1
SINGLE, MULTIPLE, RATING, NUMBER, DATE, TEXT = "single_choice", "multiple_choice", "rating", "number", "date", "text"
ITEM_TYPES = (SINGLE, MULTIPLE, RATING, NUMBER, DATE, TEXT)
CHOICE_TYPES = (SINGLE, MULTIPLE)
CONDITION_TYPES = (SINGLE, MULTIPLE, RATING)
NO_INFORMATION, NOT_RELEVANT = "no_information", "not_relevant"
SPECIALS = {NO_INFORMATION: "allow_no_information", NOT_RELEVANT: "allow_not_relevant"}
METHODS = ("sum", "mean", "count_flagged")
LANGUAGES = ("en", "es")

MAX_SECTIONS, MAX_ITEMS, MAX_OPTIONS, MAX_SCORES = 50, 500, 50, 50
MAX_LABEL, MAX_TEXT_ANSWER, MAX_RATING_STEPS, MAX_NUMBER = 1000, 10_000, 20, 10**9
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

TOP_FIELDS = {"format", "key", "title", "description", "sections", "scores"}
SECTION_FIELDS = {"key", "title", "description", "items"}
ITEM_FIELDS = {"key", "type", "label", "help", "required", "show_if", "allow_no_information",
               "allow_not_relevant", "options", "min", "max", "min_label", "max_label"}
OPTION_FIELDS = {"value", "label", "score", "flag"}
CONDITION_FIELDS = {"item", "equals", "in"}
SCORE_FIELDS = {"key", "label", "method", "items", "thresholds"}
THRESHOLD_FIELDS = {"min", "label"}


class DefinitionError(ValidationError):
    """Every problem of a definition, each as "place: problem"."""


def is_number(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) <= MAX_NUMBER
    return isinstance(value, float) and math.isfinite(value) and abs(value) <= MAX_NUMBER


def is_whole(value) -> TypeGuard[int | float]:
    return is_number(value) and (isinstance(value, int) or float(value).is_integer())


def label_text(label, language: str | None = None) -> str:
    """A label in the language asked for (the active one by default), falling back to English."""
    if isinstance(label, str):
        return label
    if not isinstance(label, dict) or not label:
        return ""
    language = (language or get_language() or "en").split("-")[0]
    return label.get(language) or label.get("en") or next(iter(label.values()))


def iter_items(definition: dict) -> Iterator[dict]:
    for section in definition.get("sections", ()):
        yield from section.get("items", ())


def items_by_key(definition: dict) -> dict[str, dict]:
    return {item["key"]: item for item in iter_items(definition)}


def item_labels(definition: dict, language: str | None = None) -> dict[str, str]:
    """Each item's label as a person reads it out of context (a form field's name, a comparison's row): a
    label several items share ("Stage of change" under each target, "Evidence" after each factor) gets its
    section's title before it, or, when the section holds several, the item it follows."""
    placed = [(section, index, item) for section in definition.get("sections", ())
              for index, item in enumerate(section.get("items", ()))]
    plain = [label_text(item["label"], language) for _section, _index, item in placed]
    labels: dict[str, str] = {}
    for (section, index, item), text in zip(placed, plain, strict=True):
        if plain.count(text) > 1:
            same_section = sum(label_text(other["label"], language) == text for other in section.get("items", ()))
            context = (label_text(section["items"][index - 1]["label"], language) if same_section > 1 and index
                       else label_text(section.get("title"), language))
            text = f"{context} — {text}" if context else text
        labels[item["key"]] = text
    return labels


def item_has_scores(item: dict) -> bool:
    if item.get("type") in (RATING, NUMBER):
        return True
    return item.get("type") in CHOICE_TYPES and any("score" in o for o in item.get("options", ()))


def item_has_flags(item: dict) -> bool:
    return item.get("type") in CHOICE_TYPES and any(o.get("flag") for o in item.get("options", ()))


# ---- validation ------------------------------------------------------------------------------

class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.all_keys: set[str] = set()  # every item key anywhere, to tell "comes later" from "unknown"

    def add(self, path: str, message: str) -> None:
        self.problems.append(_("%(path)s: %(problem)s") % {"path": path or _("the definition"), "problem": message})

    def fields(self, value, path: str, allowed: set[str]) -> bool:
        if not isinstance(value, dict):
            self.add(path, _("must be an object"))
            return False
        for name in sorted(str(k)[:60] for k in value if k not in allowed):
            self.add(path, _("unknown field “%(name)s”") % {"name": name})
        return True

    def listed(self, value, path: str, *, at_least: int, at_most: int, what: str) -> list:
        if not isinstance(value, list):
            self.add(path, _("must be a list"))
            return []
        if len(value) < at_least:
            self.add(path, _("needs at least %(n)d %(what)s") % {"n": at_least, "what": what})
        if len(value) > at_most:
            self.add(path, _("has too many entries (at most %(n)d)") % {"n": at_most})
            return value[:at_most]
        return value

    def key(self, value, path: str, seen: dict[str, str]) -> str | None:
        if not isinstance(value, str) or not KEY_RE.match(value):
            self.add(path, _("must be a key: lower-case letters, digits, - and _, starting with a letter or "
                             "digit, at most 64 characters"))
            return None
        if value in seen:
            self.add(path, _("duplicate key “%(key)s” (also at %(other)s)") % {"key": value, "other": seen[value]})
            return None
        seen[value] = path
        return value

    def label(self, value, path: str, *, required: bool = True) -> None:
        if value is None:
            if required:
                self.add(path, _("is required"))
            return
        if isinstance(value, str):
            if not value.strip():
                self.add(path, _("must not be empty"))
            elif len(value) > MAX_LABEL:
                self.add(path, _("is too long (at most %(n)d characters)") % {"n": MAX_LABEL})
            return
        if not isinstance(value, dict) or not isinstance(value.get("en"), str):
            self.add(path, _("must be text, or an object of language → text that includes English (en)"))
            return
        for language, text in value.items():
            if language not in LANGUAGES:
                self.add(f"{path}.{str(language)[:20]}", _("unknown language; use one of: %(languages)s")
                         % {"languages": ", ".join(LANGUAGES)})
            elif not isinstance(text, str) or not text.strip():
                self.add(f"{path}.{language}", _("must be text, and not empty"))
            elif len(text) > MAX_LABEL:
                self.add(f"{path}.{language}", _("is too long (at most %(n)d characters)") % {"n": MAX_LABEL})

    def boolean(self, item: dict, name: str, path: str) -> None:
        if name in item and not isinstance(item[name], bool):
            self.add(f"{path}.{name}", _("must be true or false"))


def validate(definition: Any) -> dict:
    """The definition if it is valid; otherwise DefinitionError listing every problem with its place
    (0-based indices, as in JSON paths: `sections[1].items[3].options`)."""
    check = _Checker()
    if not check.fields(definition, "", TOP_FIELDS):
        raise DefinitionError(check.problems)
    if definition.get("format") != FORMAT:
        check.add("format", _("must be %(n)d") % {"n": FORMAT})
    check.key(definition.get("key"), "key", {})
    check.label(definition.get("title"), "title")
    check.label(definition.get("description"), "description", required=False)
    keys: dict[str, str] = {}  # item key -> path
    items: dict[str, dict] = {}  # valid items so far, in order
    total = 0
    for section in definition.get("sections") if isinstance(definition.get("sections"), list) else ():
        for item in section.get("items") or () if isinstance(section, dict) else ():
            if isinstance(item, dict) and isinstance(item.get("key"), str):
                check.all_keys.add(item["key"])
    sections = check.listed(definition.get("sections"), "sections", at_least=1, at_most=MAX_SECTIONS,
                            what=_("section"))
    section_keys: dict[str, str] = {}
    for s, section in enumerate(sections):
        spath = f"sections[{s}]"
        if not check.fields(section, spath, SECTION_FIELDS):
            continue
        if "key" in section:
            check.key(section["key"], f"{spath}.key", section_keys)
        check.label(section.get("title"), f"{spath}.title")
        check.label(section.get("description"), f"{spath}.description", required=False)
        section_items = check.listed(section.get("items"), f"{spath}.items", at_least=1, at_most=MAX_ITEMS,
                                     what=_("item"))
        for i, item in enumerate(section_items):
            total += 1
            if total > MAX_ITEMS:
                check.add(f"{spath}.items[{i}]", _("a definition has at most %(n)d items") % {"n": MAX_ITEMS})
                break
            ipath = f"{spath}.items[{i}]"
            key = _validate_item(check, item, ipath, keys, items)
            if key:
                items[key] = item
    scores = definition.get("scores", [])
    score_keys: dict[str, str] = {}
    for d, domain in enumerate(check.listed(scores, "scores", at_least=0, at_most=MAX_SCORES, what="")):
        _validate_score(check, domain, f"scores[{d}]", score_keys, items, keys)
    if check.problems:
        raise DefinitionError(check.problems)
    return definition


def _validate_item(check: _Checker, item, path: str, keys: dict, items: dict) -> str | None:
    if not check.fields(item, path, ITEM_FIELDS):
        return None
    key = check.key(item.get("key"), f"{path}.key", keys)
    kind = item.get("type")
    if kind is None:
        check.add(f"{path}.type", _("the item has no type; give one of: %(types)s") % {"types": ", ".join(ITEM_TYPES)})
        return None
    if kind not in ITEM_TYPES:
        check.add(f"{path}.type", _("unknown item type “%(type)s”; use one of: %(types)s")
                  % {"type": str(kind)[:40], "types": ", ".join(ITEM_TYPES)})
        return None
    check.label(item.get("label"), f"{path}.label")
    check.label(item.get("help"), f"{path}.help", required=False)
    for name in ("required", "allow_no_information", "allow_not_relevant"):
        check.boolean(item, name, path)
    ok = True
    if kind in CHOICE_TYPES:
        ok = _validate_options(check, item, path, kind)
    elif "options" in item:
        check.add(f"{path}.options", _("only single- and multiple-choice items have options"))
    if kind in (RATING, NUMBER):
        ok = _validate_range(check, item, path, kind) and ok
    else:
        for name in ("min", "max"):
            if name in item:
                check.add(f"{path}.{name}", _("only rating and number items have a minimum or maximum"))
    if kind != RATING:
        for name in ("min_label", "max_label"):
            if name in item:
                check.add(f"{path}.{name}", _("only rating items have end labels"))
    if "show_if" in item:
        _validate_condition(check, item["show_if"], f"{path}.show_if", items, keys)
    return key if ok else None


def _validate_options(check: _Checker, item: dict, path: str, kind: str) -> bool:
    options = item.get("options")
    if not isinstance(options, list):
        check.add(f"{path}.options", _("must be a list"))
        return False
    if kind == SINGLE and len(options) < 2:
        check.add(f"{path}.options", _("a single-choice item needs at least two options"))
    if kind == MULTIPLE and not options:
        check.add(f"{path}.options", _("a multiple-choice item needs at least one option"))
    if len(options) > MAX_OPTIONS:
        check.add(f"{path}.options", _("has too many entries (at most %(n)d)") % {"n": MAX_OPTIONS})
        return False
    values: dict[str, str] = {}
    ok, scored = True, 0
    for o, option in enumerate(options):
        opath = f"{path}.options[{o}]"
        if not check.fields(option, opath, OPTION_FIELDS):
            ok = False
            continue
        if check.key(option.get("value"), f"{opath}.value", values) is None:
            ok = False
        check.label(option.get("label"), f"{opath}.label")
        if "score" in option:
            scored += 1
            if not is_number(option["score"]):
                check.add(f"{opath}.score", _("must be a number"))
        if "flag" in option and not isinstance(option["flag"], bool):
            check.add(f"{opath}.flag", _("must be true or false"))
    if 0 < scored < len(options):
        check.add(f"{path}.options", _("give every option a score, or none"))
    return ok


def _validate_range(check: _Checker, item: dict, path: str, kind: str) -> bool:
    low, high = item.get("min"), item.get("max")
    if kind == RATING:
        for name, value in (("min", low), ("max", high)):
            if value is None:
                check.add(f"{path}.{name}", _("is required"))
            elif not is_whole(value):
                check.add(f"{path}.{name}", _("must be a whole number"))
        check.label(item.get("min_label"), f"{path}.min_label", required=False)
        check.label(item.get("max_label"), f"{path}.max_label", required=False)
        if not (is_whole(low) and is_whole(high)):
            return False
        if high - low > MAX_RATING_STEPS:
            check.add(path, _("a rating scale spans at most %(n)d steps") % {"n": MAX_RATING_STEPS})
            return False
    else:
        for name, value in (("min", low), ("max", high)):
            if value is not None and not is_number(value):
                check.add(f"{path}.{name}", _("must be a number"))
                return False
    if low is not None and high is not None and low >= high:
        check.add(f"{path}.max", _("must be greater than min"))
        return False
    return True


def _validate_condition(check: _Checker, condition, path: str, items: dict, keys: dict) -> None:
    if not check.fields(condition, path, CONDITION_FIELDS):
        return
    ref = condition.get("item")
    if not isinstance(ref, str):
        check.add(f"{path}.item", _("is required: the key of an earlier item"))
        return
    target = items.get(ref)
    if target is None:
        if keys.get(ref) == path.removesuffix(".show_if") + ".key":
            check.add(f"{path}.item", _("an item cannot depend on itself"))
        elif ref in keys:
            check.add(f"{path}.item", _("“%(key)s” is not a valid item to depend on") % {"key": ref})
        elif ref in check.all_keys:
            check.add(f"{path}.item", _("refers to “%(key)s”, which comes later; a condition may only depend on an "
                                        "earlier item") % {"key": ref})
        else:
            check.add(f"{path}.item", _("refers to an unknown item “%(key)s”") % {"key": ref[:64]})
        return
    if target.get("type") not in CONDITION_TYPES:
        check.add(f"{path}.item", _("a condition may depend only on a single-choice, multiple-choice or rating "
                                    "item"))
        return
    if ("equals" in condition) == ("in" in condition):
        check.add(path, _("give exactly one of “equals” or “in”"))
        return
    if "equals" in condition:
        values, vpath = [condition["equals"]], f"{path}.equals"
    else:
        values, vpath = condition["in"], f"{path}.in"
        if not isinstance(values, list) or not values:
            check.add(vpath, _("must be a list of at least one value"))
            return
    for value in values:
        if target["type"] == RATING:
            if not is_whole(value) or not target["min"] <= value <= target["max"]:
                check.add(vpath, _("%(value)s is not on the scale of “%(key)s”") % {"value": str(value)[:40], "key": ref})
        elif value not in {o["value"] for o in target["options"]}:
            check.add(vpath, _("“%(value)s” is not an option of “%(key)s”") % {"value": str(value)[:40], "key": ref})


def _validate_score(check: _Checker, domain, path: str, seen: dict, items: dict, keys: dict) -> None:
    if not check.fields(domain, path, SCORE_FIELDS):
        return
    check.key(domain.get("key"), f"{path}.key", seen)
    check.label(domain.get("label"), f"{path}.label")
    method = domain.get("method")
    if method not in METHODS:
        check.add(f"{path}.method", _("unknown method “%(method)s”; use one of: %(methods)s")
                  % {"method": str(method)[:40], "methods": ", ".join(METHODS)})
    listed = check.listed(domain.get("items"), f"{path}.items", at_least=1, at_most=MAX_ITEMS, what=_("item"))
    counted: set = set()
    for n, ref in enumerate(listed):
        rpath = f"{path}.items[{n}]"
        if not isinstance(ref, str) or ref not in keys:
            check.add(rpath, _("refers to an unknown item “%(key)s”") % {"key": str(ref)[:64]})
            continue
        if ref in counted:
            check.add(rpath, _("“%(key)s” is listed twice") % {"key": ref})
        counted.add(ref)
        item = items.get(ref)
        if item is None:
            continue
        if method == "count_flagged" and not item_has_flags(item):
            check.add(rpath, _("“%(key)s” has no flagged options to count") % {"key": ref})
        elif method in ("sum", "mean") and not item_has_scores(item):
            check.add(rpath, _("“%(key)s” has no scores: give its options scores, or use a rating or number item")
                      % {"key": ref})
    thresholds = domain.get("thresholds", [])
    previous = None
    for t, threshold in enumerate(check.listed(thresholds, f"{path}.thresholds", at_least=0, at_most=20, what="")):
        tpath = f"{path}.thresholds[{t}]"
        if not check.fields(threshold, tpath, THRESHOLD_FIELDS):
            continue
        check.label(threshold.get("label"), f"{tpath}.label")
        low = threshold.get("min")
        if not is_number(low):
            check.add(f"{tpath}.min", _("must be a number"))
            continue
        if previous is not None and low <= previous:
            check.add(f"{tpath}.min", _("thresholds must rise: %(value)s is not above %(previous)s")
                      % {"value": low, "previous": previous})
        previous = low


# ---- answers ----------------------------------------------------------------------------------

def special_of(value) -> str | None:
    if isinstance(value, dict) and value.get("special") in SPECIALS:
        return value["special"]
    return None


def is_answered(value) -> bool:
    return value is not None and value != "" and value != []


def clean_answer(item: dict, value):
    """The answer in its stored form, or ValidationError with the problem."""
    if value is None:
        return None
    if isinstance(value, dict):
        special = special_of(value)
        if special is None or set(value) != {"special"}:
            raise ValidationError(_("A special answer is {\"special\": \"no_information\"} or "
                                    "{\"special\": \"not_relevant\"}."))
        if not item.get(SPECIALS[special]):
            raise ValidationError(_("This item does not take that special answer."))
        return {"special": special}
    kind = item["type"]
    if kind == SINGLE:
        if value not in {o["value"] for o in item["options"]}:
            raise ValidationError(_("Choose one of the item's options."))
        return value
    if kind == MULTIPLE:
        allowed = [o["value"] for o in item["options"]]
        if not isinstance(value, list) or any(v not in allowed for v in value):
            raise ValidationError(_("Give a list of the item's options."))
        return [v for v in allowed if v in value]
    if kind in (RATING, NUMBER):
        if isinstance(value, str):
            try:
                value = float(value) if "." in value else int(value)
            except ValueError:
                raise ValidationError(_("Enter a number.")) from None
        if not is_number(value) or (kind == RATING and not is_whole(value)):
            raise ValidationError(_("Enter a whole number.") if kind == RATING else _("Enter a number."))
        low, high = item.get("min"), item.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValidationError(_("Enter a number from %(min)s to %(max)s.") % {
                "min": "…" if low is None else low, "max": "…" if high is None else high})
        return int(value) if kind == RATING or (isinstance(value, float) and value.is_integer()) else value
    if kind == DATE:
        try:
            return datetime.date.fromisoformat(value).isoformat() if isinstance(value, str) else _bad_date()
        except ValueError:
            _bad_date()
    if not isinstance(value, str) or len(value) > MAX_TEXT_ANSWER:
        raise ValidationError(_("Enter text of at most %(n)d characters.") % {"n": MAX_TEXT_ANSWER})
    if "\x00" in value:
        raise ValidationError(_("Enter plain text: this answer holds a control character that cannot be kept."))
    return value.strip()


def _bad_date():
    raise ValidationError(_("Enter a date as YYYY-MM-DD."))


def clean_answers(definition: dict, answers) -> dict:
    """Answers keyed by item, each checked against its item; ValidationError keyed by item otherwise.
    A None clears an earlier answer."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("Give the answers as an object keyed by item.")})
    items = items_by_key(definition)
    cleaned, errors = {}, {}
    for key, value in answers.items():
        item = items.get(key)
        if item is None:
            errors[str(key)[:64]] = [_("There is no such item.")]
            continue
        try:
            cleaned[key] = clean_answer(item, value)
        except ValidationError as error:
            errors[key] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def merge(*answer_sets: dict) -> dict:
    merged: dict = {}
    for answers in answer_sets:
        for key, value in answers.items():
            if value is None or value == "" or value == []:
                merged.pop(key, None)
            else:
                merged[key] = value
    return merged


def _matches(answer, condition: dict) -> bool:
    wanted = [condition["equals"]] if "equals" in condition else condition["in"]
    if isinstance(answer, list):
        return any(v in wanted for v in answer)
    return answer is not None and not isinstance(answer, dict) and answer in wanted


def visible_keys(definition: dict, answers: dict) -> set[str]:
    """Items shown for these answers: no condition, or the item they depend on is shown and matches."""
    visible: set[str] = set()
    for item in iter_items(definition):
        condition = item.get("show_if")
        if condition is None or (condition["item"] in visible and _matches(answers.get(condition["item"]),
                                                                            condition)):
            visible.add(item["key"])
    return visible


def missing_required(definition: dict, answers: dict) -> list[str]:
    """Required items that are shown and not answered (a special answer counts as an answer)."""
    visible = visible_keys(definition, answers)
    return [item["key"] for item in iter_items(definition)
            if item.get("required") and item["key"] in visible and not is_answered(answers.get(item["key"]))]


# ---- scoring -----------------------------------------------------------------------------------

def _item_value(item: dict, answer):
    if special_of(answer) or not is_answered(answer):
        return None
    if item["type"] in (RATING, NUMBER):
        return answer
    scores = {o["value"]: o.get("score", 0) for o in item["options"]}
    if item["type"] == SINGLE:
        return scores.get(answer)
    return sum(scores.get(v, 0) for v in answer)


def _flag_count(item: dict, answer) -> int | None:
    if special_of(answer) or not is_answered(answer):
        return None
    flagged = {o["value"] for o in item["options"] if o.get("flag")}
    return sum(1 for v in (answer if isinstance(answer, list) else [answer]) if v in flagged)


def score(definition: dict, answers: dict) -> dict:
    """Per domain: {"value": number or None, "answered": n, "band": index or None, "label": threshold label}.
    Special answers, unanswered and hidden items are left out; a domain with no answered item has no value."""
    items = items_by_key(definition)
    visible = visible_keys(definition, answers)
    result = {}
    for domain in definition.get("scores", ()):
        values = []
        for key in domain["items"]:
            if key not in visible:
                continue
            compute = _flag_count if domain["method"] == "count_flagged" else _item_value
            value = compute(items[key], answers.get(key))
            if value is not None:
                values.append(value)
        if not values:
            value = None
        elif domain["method"] == "mean":
            value = round(sum(values) / len(values), 2)
        else:
            value = sum(values)
        band = None
        if value is not None:
            for index, threshold in enumerate(domain.get("thresholds", ())):
                if value >= threshold["min"]:
                    band = index
        label = domain["thresholds"][band]["label"] if band is not None else None
        result[domain["key"]] = {"value": value, "answered": len(values), "band": band, "label": label}
    return result


def display_answer(item: dict, answer, language: str | None = None) -> str:
    """An answer as a reader sees it."""
    special = special_of(answer)
    if special == NO_INFORMATION:
        return _("No information")
    if special == NOT_RELEVANT:
        return _("Not relevant")
    if not is_answered(answer):
        return ""
    if item["type"] in CHOICE_TYPES:
        labels = {o["value"]: label_text(o["label"], language) for o in item["options"]}
        chosen = answer if isinstance(answer, list) else [answer]
        return "; ".join(labels.get(v, str(v)) for v in chosen)
    return str(answer)
