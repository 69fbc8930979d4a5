"""The case page's assessments section and the assessment page for the new instruments: the summary first
(the wellness radar over time, the danger block with its causes, the stage of exit, the prevention level,
the family's outcomes), the person's own reasons shown back when they move back, and the folded list."""

from django.urls import reverse

from offramp.assessments import catalogue

from .conftest import (
    EXIT_V1,
    EXIT_V2,
    FAMILY,
    INFLUENCES,
    RISK_CALM,
    RISK_ESCALATED,
    SOCIAL,
    STAGES_V1,
    STAGES_V2,
    WELLNESS,
    assess,
)

REASONS = "I want my daughter to be proud of me."


def _case_page(world, persona="manager") -> str:
    response = world.client(persona).get(reverse("case_detail", args=[world.case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_summary_comes_first_and_the_list_is_folded(world):
    assess(world, catalogue.WELLNESS, WELLNESS)
    assess(world, catalogue.WELLNESS, {**WELLNESS, "social": 5, "financial": 1})
    assess(world, catalogue.RISK_PROTECTIVE, RISK_ESCALATED)
    assess(world, catalogue.STAGE_OF_EXIT, EXIT_V1)
    assess(world, catalogue.INFLUENCES, INFLUENCES)
    assess(world, catalogue.FAMILY_OUTCOMES, FAMILY, person=world.mother)
    page = _case_page(world)
    section = page[page.index('id="assessments-heading"'):]
    assert section.index("Danger escalated") < section.index("<details")
    assert "<summary>All assessments on this case (6)</summary>" in section
    # the radar: two series, the latest solid and the earlier dashed, with a legend in words
    assert section.count('class="radar-chart"') == 1 and "stroke-dasharray" in section
    assert "(solid line)" in section and "(dashed line)" in section and "Latest wellness ratings" in section
    # the danger block names the answers that escalated it
    for cause in ("Has or is seeking access to weapons or explosives — Yes",
                  "Commitment to the movement&#x27;s ideas — 5 — Very high"):
        assert cause in section
    assert "3 — Distancing: pulling back from the group" in section
    assert "Tertiary: involved or has offended" in section and "County probation service" in section
    assert "Family relationship and influence (mean, 1 to 5)" in section and "2.43 — Strained" in section
    assert "Remind them of their own reasons" not in section  # nobody has moved back


def test_a_calm_danger_block_is_said_in_words(world):
    assess(world, catalogue.RISK_PROTECTIVE, RISK_CALM)
    assert "Danger: no danger sign and no risk factor rated high" in _case_page(world)


def test_a_move_back_on_the_stages_of_change_shows_their_own_reasons(world):
    assess(world, catalogue.STAGE_OF_EXIT, EXIT_V1)
    assess(world, catalogue.STAGE_OF_CHANGE, STAGES_V1)
    page = _case_page(world)
    assert "Remind them of their own reasons" not in page
    regression = assess(world, catalogue.STAGE_OF_CHANGE, STAGES_V2)
    page = _case_page(world)
    assert f"Remind them of their own reasons: “{REASONS}”" in page
    detail = world.client("mentor").get(reverse("assessments:assessment_detail", args=[regression.pk]))
    assert f"Remind them of their own reasons: “{REASONS}”" in detail.content.decode()


def test_a_move_back_on_the_stage_of_exit_shows_their_own_reasons(world):
    assess(world, catalogue.STAGE_OF_EXIT, EXIT_V1)
    back = assess(world, catalogue.STAGE_OF_EXIT, {"exit_stage": "engaged"})  # lower, without saying so
    page = _case_page(world)
    assert f"Remind them of their own reasons: “{REASONS}”" in page and "Stage of exit over time" in page
    detail = world.client("manager").get(reverse("assessments:assessment_detail", args=[back.pk])).content.decode()
    assert REASONS in detail
    said = assess(world, catalogue.STAGE_OF_EXIT, EXIT_V2)
    detail = world.client("manager").get(reverse("assessments:assessment_detail", args=[said.pk])).content.decode()
    assert "moved back towards the movement" in detail and REASONS in detail


def test_their_reasons_stay_with_those_who_may_read_the_case(world):
    assess(world, catalogue.STAGE_OF_EXIT, EXIT_V1)
    assess(world, catalogue.STAGE_OF_EXIT, EXIT_V2)
    for persona in ("external", "responder", "other_manager"):
        response = world.client(persona).get(reverse("case_detail", args=[world.case.pk]))
        assert REASONS not in response.content.decode()


def test_the_assessment_page_shows_each_new_result(world):
    client = world.client("manager")
    risk = assess(world, catalogue.RISK_PROTECTIVE, RISK_ESCALATED)
    page = client.get(reverse("assessments:assessment_detail", args=[risk.pk])).content.decode()
    assert "Danger escalated" in page and "Justifies or glorifies violence — 4 — High" in page
    assert 'role="alert"' in page and "Risk factors (sum, 0 to 32)" in page
    social = assess(world, catalogue.SOCIAL_DIAGNOSTIC, SOCIAL)
    page = client.get(reverse("assessments:assessment_detail", args=[social.pk])).content.decode()
    assert "Risks, resources and resonances" in page and "Calls his sister every week." in page
    assert "Repairs motorbikes" in page
    influences = assess(world, catalogue.INFLUENCES, INFLUENCES)
    page = client.get(reverse("assessments:assessment_detail", args=[influences.pk])).content.decode()
    assert "On probation or parole" in page and "County probation service" in page
    family = assess(world, catalogue.FAMILY_OUTCOMES, FAMILY, person=world.mother)
    page = client.get(reverse("assessments:assessment_detail", args=[family.pk])).content.decode()
    assert "How much do they trust you?" in page and "2.43" in page


def test_the_section_and_the_danger_block_in_spanish(world):
    assess(world, catalogue.RISK_PROTECTIVE, RISK_ESCALATED)
    assess(world, catalogue.STAGE_OF_EXIT, EXIT_V1)
    assess(world, catalogue.STAGE_OF_EXIT, EXIT_V2)
    page = world.client("manager").get(reverse("case_detail", args=[world.case.pk]),
                                       HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'lang="es"' in page
    for text in ("Peligro agravado", "Tiene o busca acceso a armas o explosivos — Sí", "Etapa de salida",
                 f"Recuérdele sus propios motivos: «{REASONS}»", "Todas las evaluaciones de este caso (3)"):
        assert text in page, text


def test_the_summary_counts_the_latest_social_diagnostics_ratings_and_links_to_it(world):
    assessment = assess(world, catalogue.SOCIAL_DIAGNOSTIC, SOCIAL)
    page = _case_page(world)
    assert "2 rated a risk, 1 a resource, 1 a resonance." in page
    assert reverse("assessments:assessment_detail", args=[assessment.pk]) in page.split("assessment-list")[0]
