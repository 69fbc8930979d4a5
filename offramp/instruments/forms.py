"""Forms: importing a definition, starting a response, and a response form built from a version."""

from typing import TypedDict

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import definition as spec
from .models import Informant


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Definition (JSON file)"))


class StartForm(forms.Form):
    informant = forms.ChoiceField(label=gettext_lazy("Who answers"), choices=Informant.choices,
                                  initial=Informant.SELF, widget=forms.RadioSelect)
    informant_relationship = forms.CharField(
        label=gettext_lazy("The informant's relationship to the person"), required=False, max_length=200,
        help_text=gettext_lazy("Only when an informant answers, e.g. mother, teacher, probation officer."))
    subject_type = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    subject_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


def present(definition: dict) -> list[dict]:
    """A definition's sections and items with labels in the reader's language, for read-only rendering."""
    items = spec.items_by_key(definition)
    sections = []
    for section in definition["sections"]:
        rendered = []
        for item in section["items"]:
            rendered.append({
                "key": item["key"], "type": item["type"], "label": spec.label_text(item["label"]),
                "help": spec.label_text(item.get("help")), "required": item.get("required", False),
                "options": [{"label": spec.label_text(o["label"]), "score": o.get("score"), "flag": o.get("flag", False)}
                            for o in item.get("options", ())],
                "min": item.get("min"), "max": item.get("max"),
                "min_label": spec.label_text(item.get("min_label")), "max_label": spec.label_text(item.get("max_label")),
                "condition": condition_text(item, items),
                "specials": [text for name, text in special_choices(item)],
            })
        sections.append({"title": spec.label_text(section["title"]),
                         "description": spec.label_text(section.get("description")), "items": rendered})
    return sections


def present_scores(definition: dict) -> list[dict]:
    return [{"key": d["key"], "label": spec.label_text(d["label"]), "method": d["method"], "items": d["items"],
             "thresholds": [{"min": t["min"], "label": spec.label_text(t["label"])} for t in d.get("thresholds", ())]}
            for d in definition.get("scores", ())]


def condition_text(item: dict, items: dict) -> str:
    condition = item.get("show_if")
    if not condition:
        return ""
    target = items[condition["item"]]
    wanted = [condition["equals"]] if "equals" in condition else condition["in"]
    labels = {o["value"]: spec.label_text(o["label"]) for o in target.get("options", ())}
    values = ", ".join(f"“{labels.get(v, v)}”" for v in wanted)
    return _("Only when “%(item)s” is %(values)s.") % {"item": spec.label_text(target["label"]), "values": values}


def special_choices(item: dict) -> list[tuple[str, str]]:
    choices = []
    if item.get("allow_no_information"):
        choices.append((spec.NO_INFORMATION, _("No information")))
    if item.get("allow_not_relevant"):
        choices.append((spec.NOT_RELEVANT, _("Not relevant")))
    return choices


class _Common(TypedDict):
    """What every answer's field is given."""

    label: str
    required: bool
    help_text: str


def answer_field(item: dict, label: str | None = None) -> forms.Field:
    """The form field that asks one item (never required by itself: a required item may be hidden by its
    condition, or answered with a special answer). `label` tells apart items that share one."""
    label, kind = label or spec.label_text(item["label"]), item["type"]
    common: _Common = {"label": label, "required": False, "help_text": spec.label_text(item.get("help"))}
    if kind in spec.CHOICE_TYPES:
        choices = [(o["value"], spec.label_text(o["label"])) for o in item["options"]]
        if kind == spec.SINGLE:
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if kind == spec.RATING:
        ends = {item["min"]: spec.label_text(item.get("min_label")), item["max"]: spec.label_text(item.get("max_label"))}
        choices = [(str(n), f"{n} — {ends[n]}" if ends.get(n) else str(n)) for n in range(item["min"], item["max"] + 1)]
        return forms.TypedChoiceField(choices=choices, coerce=int, empty_value=None, widget=forms.RadioSelect,
                                      **common)
    if kind == spec.NUMBER:
        return forms.FloatField(min_value=item.get("min"), max_value=item.get("max"), **common)
    if kind == spec.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=spec.MAX_TEXT_ANSWER, **common)


def stored_answer(item: dict, value):
    """A form value as an answer is stored."""
    if value in (None, "", []):
        return None
    if item["type"] == spec.NUMBER:
        return int(value) if float(value).is_integer() else value
    if item["type"] == spec.DATE:
        return value.isoformat()
    if item["type"] == spec.TEXT:
        return value.strip() or None
    return value


def initial_answer(item: dict, answer):
    if spec.special_of(answer) or answer is None:
        return None
    if item["type"] == spec.RATING:
        return str(answer)
    return answer


class ResponseForm(forms.Form):
    """One field per item (and one for its special answers, where it allows them). Conditions need no
    JavaScript: every item is shown with its condition written beside it, and only the items whose
    condition holds for the answers given are validated and kept."""

    agency = forms.CharField(label=gettext_lazy("Your agency or service"), required=False, max_length=200,
                             help_text=gettext_lazy("Shown beside your answers, e.g. Probation service."))

    def __init__(self, *args, definition: dict, answers: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.answers = answers or {}
        self.items = spec.items_by_key(definition)
        self.sections = []
        labels = spec.item_labels(definition)
        for section in definition["sections"]:
            entries = []
            for item in section["items"]:
                key = item["key"]
                field = self.fields[f"q_{key}"] = answer_field(item, labels[key])
                field.initial = initial_answer(item, self.answers.get(key))
                special = None
                if choices := special_choices(item):
                    special = self.fields[f"s_{key}"] = forms.ChoiceField(
                        label=_("Or mark it as"), required=False, widget=forms.RadioSelect,
                        choices=[("", _("Answered above")), *choices])
                    special.initial = spec.special_of(self.answers.get(key)) or ""
                entries.append({"item": item, "key": key, "name": f"q_{key}", "special_name": f"s_{key}" if special
                                else None, "required": item.get("required", False),
                                "choice": item["type"] in (*spec.CHOICE_TYPES, spec.RATING),
                                "condition": condition_text(item, self.items)})
            self.sections.append({"title": spec.label_text(section["title"]),
                                  "description": spec.label_text(section.get("description")), "entries": entries})

    def rendered_sections(self):
        for section in self.sections:
            yield {**section, "entries": [{**e, "field": self[e["name"]],
                                           "special": self[e["special_name"]] if e["special_name"] else None}
                                          for e in section["entries"]]}

    def clean(self):
        cleaned = super().clean()
        given = {}
        for key, item in self.items.items():
            value = stored_answer(item, cleaned.get(f"q_{key}"))
            special = cleaned.get(f"s_{key}") or ""
            if special and value is not None:
                self.add_error(f"q_{key}", _("Give an answer or mark it as “%(special)s”, not both.")
                               % {"special": dict(special_choices(item))[special]})
                continue
            if special:
                given[key] = {"special": special}
            elif value is not None:
                given[key] = value
        visible = spec.visible_keys(self.definition, spec.merge(self.answers, given))
        # Only what is shown for these answers is kept, and only what differs from the answers so far.
        self.given = {key: value for key, value in given.items()
                      if key in visible and self.answers.get(key) != value}
        return cleaned

    def apply_service_errors(self, error) -> None:
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                name = f"q_{key}" if f"q_{key}" in self.fields else ("agency" if key == "agency" else None)
                self.add_error(name, messages)
        else:
            self.add_error(None, error.messages)
