"""The definition format: every problem named with its place; conditions; scoring."""

import copy

import pytest

from offramp.instruments import definition as spec


def _problems(data) -> list[str]:
    with pytest.raises(spec.DefinitionError) as caught:
        spec.validate(data)
    return caught.value.messages


def test_the_example_is_valid(example):
    assert spec.validate(example) is example


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["sections"][1]["items"][0].update(type="single_choice", options=[{"value": "x", "label": "X"}]),
     "sections[1].items[0].options: a single-choice item needs at least two options"),
    (lambda d: d["sections"][0]["items"][3]["show_if"].update(item="sleeep"),
     "sections[0].items[3].show_if.item: refers to an unknown item “sleeep”"),
    (lambda d: d["sections"][0]["items"][1].update(show_if={"item": "mood", "equals": 3}),
     "sections[0].items[1].show_if.item: an item cannot depend on itself"),
    (lambda d: d["sections"][1]["items"][1].update(show_if={"item": "notes", "equals": "x"}),
     "sections[1].items[1].show_if.item: refers to “notes”, which comes later; a condition may only depend on an "
     "earlier item"),
    (lambda d: d["sections"][2]["items"][1].update(show_if={"item": "next_meeting", "equals": "x"}),
     "sections[2].items[1].show_if.item: a condition may depend only on a single-choice, multiple-choice or rating "
     "item"),
    (lambda d: d["sections"][2]["items"][1].update(key="mood"),
     "sections[2].items[1].key: duplicate key “mood” (also at sections[0].items[1].key)"),
    (lambda d: d["scores"][0]["items"].append("notes"),
     "scores[0].items[3]: “notes” has no scores: give its options scores, or use a rating or number item"),
    (lambda d: d["scores"][2]["items"].append("mood"),
     "scores[2].items[4]: “mood” has no flagged options to count"),
    (lambda d: d["scores"][0]["thresholds"][2].update(min=5),
     "scores[0].thresholds[2].min: thresholds must rise: 5 is not above 5"),
    (lambda d: d["scores"][0]["thresholds"][1].update(min="five"), "scores[0].thresholds[1].min: must be a number"),
    (lambda d: d["scores"][0].update(method="median"),
     "scores[0].method: unknown method “median”; use one of: sum, mean, count_flagged"),
    (lambda d: d["scores"][0]["items"].append("nothing"), "scores[0].items[3]: refers to an unknown item “nothing”"),
    (lambda d: d["sections"][0]["items"][1].update(max=1), "sections[0].items[1].max: must be greater than min"),
    (lambda d: d["sections"][0]["items"][1].update(max=100), "sections[0].items[1]: a rating scale spans at most 20 "
                                                            "steps"),
    (lambda d: d["sections"][0]["items"][1].update(type="likert"),
     "sections[0].items[1].type: unknown item type “likert”; use one of: single_choice, multiple_choice, rating, "
     "number, date, text"),
    (lambda d: d["sections"][0]["items"][0]["options"][0].pop("score"),
     "sections[0].items[0].options: give every option a score, or none"),
    (lambda d: d["sections"][0]["items"][3]["show_if"].update({"in": ["maybe"]}),
     "sections[0].items[3].show_if.in: “maybe” is not an option of “someone_to_talk_to”"),
    (lambda d: d["sections"][0]["items"][0].update(label={"es": "Sueño"}),
     "sections[0].items[0].label: must be text, or an object of language → text that includes English (en)"),
    (lambda d: d["sections"][0]["items"][0].update(colour="red"), "sections[0].items[0]: unknown field “colour”"),
    (lambda d: d["sections"][0]["items"][0].update(required="yes"), "sections[0].items[0].required: must be true or "
                                                                    "false"),
    (lambda d: d.update(sections=[]), "sections: needs at least 1 section"),
    (lambda d: d.update(key="Wellbeing Check"), "key: must be a key: lower-case letters, digits, - and _, starting "
                                                "with a letter or digit, at most 64 characters"),
])
def test_each_problem_is_named_with_its_place(example, change, expected):
    data = copy.deepcopy(example)
    change(data)
    assert expected in _problems(data)


def test_later_item_cannot_be_depended_on(example):
    data = copy.deepcopy(example)
    data["sections"][0]["items"][0]["show_if"] = {"item": "old_contacts", "equals": "no"}
    assert _problems(data) == ["sections[0].items[0].show_if.item: refers to “old_contacts”, which comes later; a "
                               "condition may only depend on an earlier item"]


@pytest.mark.parametrize("data", [None, [], "text", 10**30, {"format": 1}, {"sections": [[]]}, {"sections": "x"},
                                  {"format": 1, "key": "k", "title": "T", "sections": [{"title": "S", "items": [
                                      {"key": "a", "type": "number", "label": "A", "min": 10**30}]}]}])
def test_anything_that_is_not_a_definition_is_refused_with_a_message(data):
    assert _problems(data)


def test_labels_fall_back_to_english():
    assert spec.label_text({"en": "Sleep", "es": "Sueño"}, "es") == "Sueño"
    assert spec.label_text({"en": "Sleep"}, "es") == "Sleep"
    assert spec.label_text("Plain", "es") == "Plain"


def test_conditions_hide_and_show_items(example):
    assert "who_helps" not in spec.visible_keys(example, {"someone_to_talk_to": "no"})
    assert "who_helps" in spec.visible_keys(example, {"someone_to_talk_to": "not_sure"})
    assert "pressure_details" in spec.visible_keys(example, {"old_contacts": "yes_met"})
    assert "pressure_details" not in spec.visible_keys(example, {"old_contacts": {"special": "no_information"}})


def test_required_items_shown_must_be_answered_and_special_answers_count(example):
    assert spec.missing_required(example, {}) == ["sleep", "mood", "someone_to_talk_to", "old_contacts"]
    answers = {"sleep": {"special": "no_information"}, "mood": 3, "someone_to_talk_to": "no",
               "old_contacts": "yes_met"}
    assert spec.missing_required(example, answers) == ["pressure_details"]  # shown by its condition, required
    answers["old_contacts"] = {"special": "not_relevant"}
    assert spec.missing_required(example, answers) == []


def test_scoring_sum_mean_count_flagged_and_thresholds(example):
    scores = spec.score(example, {"sleep": "badly", "mood": 4, "someone_to_talk_to": "yes", "old_contacts": "yes_met",
                                  "worries": ["money", "safety"]})
    assert scores["wellbeing"] == {"value": 6, "answered": 3, "band": 1,
                                   "label": {"en": "Getting by", "es": "Sobrellevándolo"}}
    assert scores["mood_average"]["value"] == 4
    assert scores["concerns"]["value"] == 3 and scores["concerns"]["band"] == 2  # badly, yes_met, safety
    assert spec.score(example, {"sleep": "well", "mood": 5, "someone_to_talk_to": "yes"})["wellbeing"]["band"] == 2


def test_special_answers_and_hidden_items_are_left_out_of_scores(example):
    scores = spec.score(example, {"sleep": {"special": "no_information"}, "mood": 2})
    assert scores["wellbeing"]["value"] == 2 and scores["wellbeing"]["answered"] == 1
    assert scores["wellbeing"]["label"] == {"en": "Struggling", "es": "Con dificultades"}
    assert spec.score(example, {})["wellbeing"] == {"value": None, "answered": 0, "band": None, "label": None}


def test_mean_of_several_items():
    data = {"format": 1, "key": "m", "title": "M", "sections": [{"title": "S", "items": [
        {"key": "a", "type": "rating", "label": "A", "min": 0, "max": 4},
        {"key": "b", "type": "rating", "label": "B", "min": 0, "max": 4, "allow_not_relevant": True},
        {"key": "c", "type": "rating", "label": "C", "min": 0, "max": 4}]}],
        "scores": [{"key": "avg", "label": "Average", "method": "mean", "items": ["a", "b", "c"]}]}
    spec.validate(data)
    assert spec.score(data, {"a": 1, "b": {"special": "not_relevant"}, "c": 2})["avg"]["value"] == 1.5


def test_answers_are_checked_against_their_items(example):
    with pytest.raises(spec.ValidationError) as caught:
        spec.clean_answers(example, {"sleep": "never", "mood": 9, "nope": 1, "someone_to_talk_to":
                                     {"special": "not_relevant"}, "next_meeting": "31/12/2026"})
    errors = caught.value.message_dict
    assert set(errors) == {"sleep", "mood", "nope", "someone_to_talk_to", "next_meeting"}
    assert spec.clean_answers(example, {"mood": "3", "worries": ["safety", "money"]}) == {
        "mood": 3, "worries": ["money", "safety"]}


def test_problems_are_in_the_reader_language(example):
    from django.utils import translation

    example["sections"][0]["items"][0]["options"] = example["sections"][0]["items"][0]["options"][:1]
    with translation.override("es"):
        assert ("sections[0].items[0].options: una pregunta de opción única necesita al menos dos opciones"
                in _problems(example))


def test_items_that_share_a_label_are_told_apart_by_their_section_or_the_item_they_follow():
    definition = {"sections": [
        {"title": "Behaviour", "items": [{"key": "b_stage", "label": "Stage"}, {"key": "b_note", "label": "Note"}]},
        {"title": "Ideology", "items": [{"key": "i_stage", "label": "Stage"}, {"key": "i_note", "label": "Note"}]},
        {"title": "Life", "items": [{"key": "family", "label": "Family"}, {"key": "family_ev", "label": "Evidence"},
                                    {"key": "work", "label": "Work"}, {"key": "work_ev", "label": "Evidence"},
                                    {"key": "alone", "label": {"en": "Alone", "es": "Solo"}}]},
    ]}
    labels = spec.item_labels(definition)
    assert labels["b_stage"] == "Behaviour — Stage" and labels["i_note"] == "Ideology — Note"
    assert labels["family_ev"] == "Family — Evidence" and labels["work_ev"] == "Work — Evidence"
    assert labels["family"] == "Family" and labels["alone"] == "Alone"
    assert spec.item_labels(definition, "es")["alone"] == "Solo"
