"""The shipped definitions are valid in the engine's format, in English and Spanish, and say what C2, C4
and R1 ask."""

import pytest

from offramp.assessments import catalogue
from offramp.instruments import definition as spec


@pytest.mark.parametrize("key", catalogue.BUILT_IN)
def test_shipped_definition_is_valid_and_bilingual(key):
    definition = catalogue.shipped(key)
    assert definition["key"] == key
    for item in spec.iter_items(definition):
        assert set(item["label"]) == {"en", "es"}, item["key"]
        for option in item.get("options", ()):
            assert set(option["label"]) == {"en", "es"}


def test_stage_of_change_has_four_targets_with_five_scored_stages_and_specials_everywhere():
    definition = catalogue.shipped(catalogue.STAGE_OF_CHANGE)
    items = spec.items_by_key(definition)
    for target in catalogue.TARGETS:
        stage = items[f"{target}_stage"]
        assert [o["score"] for o in stage["options"]] == [1, 2, 3, 4, 5]
        for suffix in ("stage", "evidence", "regression", "shift"):
            assert f"{target}_{suffix}" in items
    assert all(item.get("allow_no_information") and item.get("allow_not_relevant") for item in items.values())


def test_wellness_rates_samhsas_eight_dimensions_from_one_to_five():
    items = spec.items_by_key(catalogue.shipped(catalogue.WELLNESS))
    for key in catalogue.DIMENSIONS:
        assert (items[key]["type"], items[key]["min"], items[key]["max"]) == ("rating", 1, 5)
        assert items[key]["min_label"] and items[key]["max_label"]


def test_asq_asks_the_four_questions_and_the_acuity_question():
    items = spec.items_by_key(catalogue.shipped(catalogue.ASQ))
    assert items["asq_5"]["label"]["en"] == "Are you having thoughts of killing yourself right now?"
    assert all(items[key].get("required") for key in catalogue.ASQ_QUESTIONS)
