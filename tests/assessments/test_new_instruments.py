"""The built-in instruments of issue 11's second part: their definitions (valid, English and Spanish,
every item open to "no information" and "not relevant"), completing each, and what results.py makes of
them (the danger block with its causes, the factors, the stage of exit)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from offramp.assessments import catalogue, charts, results, services
from offramp.instruments import definition as spec

from .conftest import ANSWERS, EXIT_V1, NEW, RISK_CALM, RISK_ESCALATED, SOCIAL, assess


def _labels(node, path=""):
    """Every label of a definition, with its place."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name in ("title", "description", "label", "help", "min_label", "max_label"):
                yield f"{path}.{name}", value
            else:
                yield from _labels(value, f"{path}.{name}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _labels(value, f"{path}[{index}]")


def test_the_new_keys_are_built_in():
    assert set(NEW) == {"social-diagnostic", "risk-protective", "stage-of-exit", "influences", "family-outcomes"}
    assert set(NEW) <= set(catalogue.BUILT_IN)
    assert len(set(catalogue.BUILT_IN)) == len(catalogue.BUILT_IN)


@pytest.mark.parametrize("key", NEW)
def test_each_definition_is_valid_and_labelled_in_english_and_spanish(key):
    definition = catalogue.shipped(key)
    assert definition["key"] == key
    for place, label in _labels(definition):
        assert isinstance(label, dict) and label.get("en") and label.get("es"), place


@pytest.mark.parametrize("key", NEW)
def test_every_item_allows_no_information_and_not_relevant(key):
    for item in spec.iter_items(catalogue.shipped(key)):
        assert item.get("allow_no_information") and item.get("allow_not_relevant"), item["key"]


def test_the_new_instruments_use_every_item_kind():
    kinds = {item["type"] for key in NEW for item in spec.iter_items(catalogue.shipped(key))}
    assert kinds == set(spec.ITEM_TYPES)


@pytest.mark.parametrize("special", [spec.NO_INFORMATION, spec.NOT_RELEVANT])
def test_the_engine_takes_both_special_answers_for_every_item_kind(special):
    for key in NEW:
        for item in spec.iter_items(catalogue.shipped(key)):
            assert spec.clean_answer(item, {"special": special}) == {"special": special}
            assert spec.display_answer(item, {"special": special}) in ("No information", "Not relevant")


@pytest.mark.parametrize("key", NEW)
def test_each_completes_with_special_answers_only(world, key):
    definition = catalogue.shipped(key)
    specials = {item["key"]: {"special": spec.NO_INFORMATION} for item in spec.iter_items(definition)
                if "show_if" not in item}
    assessment = assess(world, key, specials)
    assert assessment.response.is_complete
    assert all(domain["value"] is None for domain in assessment.response.scores.values())


@pytest.mark.parametrize("key", NEW)
def test_each_completes_with_real_answers(world, key):
    assessment = assess(world, key, ANSWERS[key])
    assert assessment.response.is_complete and assessment.response.answer_data


def test_a_required_item_must_be_answered_or_marked(world):
    draft = assess(world, catalogue.STAGE_OF_EXIT, {}, complete=False)
    with pytest.raises(ValidationError) as error:
        services.assessment_complete(actor=world.actor("manager"), assessment_id=draft.pk,
                                     answers={"own_reasons": "To be free."})
    assert "exit_stage" in error.value.message_dict


def test_the_danger_block_is_calm_raised_or_escalated_and_names_its_causes():
    definition = catalogue.shipped(catalogue.RISK_PROTECTIVE)
    calm = results.danger(definition, RISK_CALM)
    assert calm.level == results.CALM and calm.causes == [] and not calm.alarming
    raised = results.danger(definition, {**RISK_CALM, "grievance": "high"})
    assert raised.level == results.RAISED
    assert raised.causes == ["Strong personal or group grievance — 4 — High"]
    escalated = results.danger(definition, RISK_ESCALATED)
    assert escalated.level == results.ESCALATED
    assert escalated.causes == ["Has or is seeking access to weapons or explosives — Yes",
                                "Commitment to the movement's ideas — 5 — Very high",
                                "Justifies or glorifies violence — 4 — High"]
    one_sign = results.danger(definition, {**RISK_CALM, "danger_plan": "yes"})
    assert one_sign.level == results.ESCALATED and one_sign.causes == ["Talks of a plan, a target or a date — Yes"]
    unknown = results.danger(definition, {"commitment": {"special": "no_information"}})
    assert unknown.level == results.CALM
    with translation.override("es"):
        assert results.danger(definition, {"danger_plan": "yes"}).causes == [
            "Habla de un plan, un objetivo o una fecha — Sí"]


def test_the_danger_scores_are_kept_in_the_open(world):
    assessment = assess(world, catalogue.RISK_PROTECTIVE, RISK_ESCALATED)
    scores = assessment.response.scores
    assert scores["danger"]["value"] == 3 and scores["risk"]["value"] == 7
    assert scores["protective"]["value"] == 4


def test_the_social_diagnostic_reads_risks_resources_and_resonances():
    factors = {f.key: f for f in results.factors(catalogue.shipped(catalogue.SOCIAL_DIAGNOSTIC), SOCIAL)}
    assert len(factors) == 12
    assert factors["family_now"].ratings == ("resource", "resonance")
    assert factors["family_now"].evidence == "Calls his sister every week."
    assert factors["family_history"].section == "Biographical factors"
    assert factors["housing"].text == "Not relevant" and factors["housing"].ratings == ()
    assert factors["partner"].text == "" and factors["partner"].evidence == ""


def test_the_stage_of_exit_and_a_move_back():
    definition = catalogue.shipped(catalogue.STAGE_OF_EXIT)
    stage = results.exit_stage(definition, EXIT_V1)
    assert (stage.value, stage.regression, stage.reasons) == (3, False, "I want my daughter to be proud of me.")
    assert results.exit_stage(definition, {"exit_stage": {"special": "not_relevant"}}).value is None
    assert results.exit_stage(definition, {"own_reasons": {"special": "no_information"}}).reasons == ""
    assert results.moved_back([2], [3]) and not results.moved_back([3], [3]) and not results.moved_back([3], None)
    assert not results.moved_back([None, 4], [2, 3])


def test_the_influences_show_the_authority_only_for_tertiary_prevention():
    definition = catalogue.shipped(catalogue.INFLUENCES)
    shown = spec.visible_keys(definition, {"prevention_level": "primary"})
    assert "justice_status" not in shown and "authority" not in shown
    shown = spec.visible_keys(definition, {"prevention_level": "tertiary", "justice_status": "custody"})
    assert {"justice_status", "authority"} <= shown


def test_the_radar_draws_the_latest_solid_and_earlier_dashed():
    labels = ["a", "b", "c", "d"]
    history = [{"at": n, "values": [n, 2, None, 5]} for n in range(1, 7)]
    radar = charts.radar(labels, history)
    assert radar is not None and len(radar.axes) == 4 and len(radar.rings) == 5
    assert len(radar.series) == charts.MAX_SERIES
    assert radar.series[0]["latest"] and radar.series[0]["dash"] == "" and radar.series[0]["at"] == 6
    assert all(s["dash"] for s in radar.series[1:])
    top = radar.series[0]["points"].split()[3]  # d at 5: the axis's end
    assert top == f"{radar.axes[3]['x']},{radar.axes[3]['y']}"
    assert charts.radar(["a", "b"], history) is None and charts.radar(labels, []) is None


def test_the_before_and_after_chart_places_each_answer_on_its_scale():
    definition = catalogue.shipped(catalogue.STAGE_OF_CHANGE)
    chart = charts.before_after(definition, {"behaviour_stage": "precontemplation"},
                                {"behaviour_stage": "maintenance", "networks_stage": {"special": "no_information"}})
    assert chart is not None and len(chart["rows"]) == 1
    row = chart["rows"][0]
    assert (row["before_x"], row["after_x"]) == (chart["left"], chart["right"]) and row["changed"]
    assert charts.before_after(catalogue.shipped(catalogue.SOCIAL_DIAGNOSTIC), SOCIAL, SOCIAL) is None
