"""Assessments, the plan and the family protocol, through the pages as a case manager uses them.

1. On the family case, the case manager starts the social diagnostic for the client from the case page
   and rates factors as risks, resources and resonances with their evidence, the underlying needs and the
   openings; then a stage of change and a wellness assessment on their forms (earlier ones, dated back, were
   written beforehand), and sees the four current stages, the stages over time (charts and table), the
   wellness radar, and the comparison with the earlier stage of change and its chart. On the plan she adds
   a SMART goal tied to a wellness dimension and the behaviour target, then a goal on ideology while the
   client is at precontemplation: the stage-fit caution stops it until she confirms, and the plan shows
   the caution as recorded. She records progress on the first goal and sees its bar and history.
2. The family case goes through every stage of the protocol (evaluation, intervention plan, monitoring,
   coaching, resolved): a move before the stage's record is written is refused with what is missing; each
   record is written on its form and the case moved on from "Move the case"; resolving asks for the
   organisation's criteria with evidence, which the case page then shows.

Every page is checked with axe; screenshots at 1280 and 390 pixels wide go to /tmp/shots/.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from offramp.assessments import catalogue
from offramp.assessments import services as assessment_services
from offramp.assessments.models import Assessment
from offramp.cases.models import ResolutionCriterion
from offramp.instruments.models import InstrumentResponse
from tests.browser.test_case_flow import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")  # noqa: S108 (screenshots to look at, not a secret)
EVIDENCE = "Evidence: what was seen or said, and by whom"
RESOURCE = "A resource: it supports change"
RESONANCE = "A resonance: the person responds to it"
RISK = "A risk: it pulls towards harm or the movement"


def named(text: str) -> re.Pattern:
    """A field's whole label, which Django ends with a colon."""
    return re.compile(f"^{re.escape(text)}:?$")


def shoot(ui, name: str, phone_problems: list[str]) -> None:
    """The page as it stands, full length, at desktop and at phone width. Axe checks it at both; what it
    finds at phone width is collected and asserted at the end of the story, so one problem there does not
    hide the rest of the story."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        ui.page.set_viewport_size({"width": width, "height": 900})
        ui.page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        if width == 1280:
            ui.check()
            continue
        try:
            ui.check()
        except AssertionError as problem:
            phone_problems.append(f"{name} at {width}px: {problem}".splitlines()[0])
        page_width = ui.page.evaluate("document.documentElement.scrollWidth")
        if page_width > width:
            phone_problems.append(f"{name} at {width}px: the page is {page_width}px wide (scrolls sideways)")


def dated_back(assessment, days: int) -> None:
    """Set-up only: an assessment written weeks ago, so the case has a history."""
    then = timezone.now() - timedelta(days=days)
    Assessment.objects.filter(pk=assessment.pk).update(created_at=then)
    InstrumentResponse.objects.filter(pk=assessment.response_id).update(created_at=then, updated_at=then,
                                                                       completed_at=then)


def earlier_assessment(world, key: str, answers: dict, days: int):
    manager = world.actor("manager")
    assessment = assessment_services.assessment_start(actor=manager, case_id=world.case.pk,
                                                      person_id=world.client_person.pk, instrument_key=key)
    assessment_services.assessment_complete(actor=manager, assessment_id=assessment.pk, answers=answers)
    dated_back(assessment, days)
    return assessment


def start_assessment(ui, world, title: str) -> None:
    """From the case page: "Start an assessment", the client, the instrument."""
    ui.goto(f"/cases/{world.case.pk}/")
    ui.page.get_by_role("region", name="Assessments").get_by_role("link", name="Start an assessment").click()
    ui.check()
    ui.page.get_by_label("Who the assessment is about").select_option(label="Zephyrine Quillbottom (Client)")
    ui.page.get_by_label(named("Assessment")).select_option(label=title)
    ui.page.get_by_role("button", name="Start").click()
    ui.check()
    assert ui.page.get_by_role("heading", level=1, name=title).is_visible()


def complete(ui) -> None:
    ui.page.get_by_role("button", name="Save and complete").click()
    ui.check()
    assert ui.page.get_by_text("The assessment is complete.").is_visible()


def fill_goal(ui, *, statement: str, measure: str, target: str, number: str, due_on, dimension: str,
              change_target: str) -> None:
    page = ui.page
    page.get_by_label("Who the goal is for").select_option(label="Zephyrine Quillbottom (Client)")
    page.get_by_label("The goal (specific)").fill(statement)
    page.get_by_label("How it is measured").fill(measure)
    page.get_by_label(named("The target")).fill(target)
    page.get_by_label("The target as a number (optional)").fill(number)
    page.get_by_label("Due by").fill(due_on.isoformat())
    page.get_by_label("Why it is achievable").fill("She has done it before and wants to again.")
    page.get_by_label("Why it is relevant").fill("Structure and people outside the movement.")
    page.get_by_role("group", name="Wellness dimensions").get_by_label(dimension).check()
    page.get_by_role("group", name="Change targets").get_by_label(change_target, exact=True).check()


def test_assess_then_plan_with_the_stage_fit_caution_and_progress(ui, world):
    # Before the story: a stage of change and a wellness check written two months ago.
    earlier_stages = earlier_assessment(world, catalogue.STAGE_OF_CHANGE, {
        "behaviour_stage": "precontemplation", "networks_stage": "precontemplation",
        "ideology_stage": "precontemplation", "identity_stage": "precontemplation"}, days=60)
    earlier_assessment(world, catalogue.WELLNESS, {key: 2 for key in catalogue.DIMENSIONS}, days=60)
    sign_in(ui, world.users["manager"])
    page = ui.page
    page.set_default_timeout(10_000)
    phone: list[str] = []  # what axe and the layout check find at phone width, asserted at the end

    # The social diagnostic: risks, resources and resonances with evidence; needs; openings.
    start_assessment(ui, world, "Social diagnostic: risks, resources and resonances")
    family = page.get_by_role("group", name="Family history and upbringing", exact=True)
    family.get_by_label(RESOURCE).check()
    family.get_by_label(RESONANCE).check()
    # Each factor's evidence field is named after its factor.
    page.get_by_label(f"Family history and upbringing — {EVIDENCE}", exact=True).fill(
        "Her grandmother raised her; she still visits every Sunday.")
    page.get_by_role("group", name="Friends and peers", exact=True).get_by_label(RISK).check()
    page.get_by_label(f"Friends and peers — {EVIDENCE}", exact=True).fill(
        "Most of her friends are in the group (her own account).")
    page.get_by_role("group", name="Online life", exact=True).get_by_label(RISK).check()
    page.get_by_label(f"Online life — {EVIDENCE}", exact=True).fill(
        "Hours a night in the movement's chat rooms, her mother says.")
    needs = page.get_by_role("group", name="Underlying needs", exact=True)
    needs.get_by_label("Belonging", exact=True).check()
    needs.get_by_label("Purpose and meaning").check()
    page.get_by_label("Underlying needs: details and evidence").fill("Lonely since she moved city.")
    openings = page.get_by_role("group", name="Openings to re-engage the person", exact=True)
    openings.get_by_label("Family ties").check()
    openings.get_by_label("An interest, hobby or skill").check()
    page.get_by_label("Openings: who or what, and how to use them").fill("Her grandmother; her climbing.")
    complete(ui)
    factors = page.get_by_role("table", name="Risks, resources and resonances")
    family_row = factors.get_by_role("row", name=re.compile("Family history and upbringing"))
    assert "she still visits every Sunday" in family_row.inner_text()
    assert "resource" in family_row.inner_text().lower()
    friends_row = factors.get_by_role("row", name=re.compile("Friends and peers"))
    assert "risk" in friends_row.inner_text().lower()
    assert page.get_by_text("Lonely since she moved city.").first.is_visible()
    assert page.get_by_text("Her grandmother; her climbing.").first.is_visible()
    shoot(ui, "social-diagnostic", phone)

    # The stage of change on its form: each target's stage is a group named after its target.
    start_assessment(ui, world, "Stage of change")
    for target, stage in (("Violent-extremist behaviour", "Contemplation: weighing a change"),
                          ("Social networks", "Preparation: getting ready to change"),
                          ("Ideology", "Precontemplation: not considering a change"),
                          ("Identity", "Contemplation: weighing a change")):
        page.get_by_role("group", name=f"{target} — Stage of change (required)", exact=True).get_by_label(stage).check()
    page.get_by_label("Violent-extremist behaviour — What this is based on").fill(
        "No threats since the spring; talks of leaving.")
    complete(ui)
    stage_table = page.get_by_role("table", name="Stages of change")
    assert "Contemplation" in stage_table.get_by_role("row", name=re.compile("^Violent-extremist behaviour")).inner_text()

    # Compared with the one from two months ago, with its chart.
    page.get_by_role("region", name="Compare with an earlier one for the same person") \
        .get_by_role("link", name="Compare with this one").click()
    ui.check()
    assert page.get_by_role("heading", level=1, name=re.compile("^Compare:")).is_visible()
    assert page.get_by_role("img", name=re.compile("Where each answer falls on its scale")).is_visible()
    assert page.get_by_role("table", name="Answers").is_visible()
    shoot(ui, "assessment-compare", phone)
    earlier_link = page.get_by_role("link", name="Read the earlier one").get_attribute("href")
    assert str(earlier_stages.pk) in earlier_link  # compared with the one from two months ago

    # A wellness check on its form, so the radar has two dates.
    start_assessment(ui, world, "Wellness self-rating")
    for label in ("Emotional", "Environmental", "Financial", "Intellectual", "Occupational", "Physical",
                  "Social", "Spiritual"):
        page.get_by_role("group", name=f"{label} (required)", exact=True).get_by_label("3", exact=True).check()
    complete(ui)

    # The case page: the four current stages, the stages over time (charts and table), the radar.
    page.get_by_role("link", name=re.compile(world.case.reference)).first.click()
    ui.check()
    section = page.get_by_role("region", name="Assessments")
    current = section.get_by_role("table", name=re.compile(r"^Current stages of change"))
    for target, stage in (("Violent-extremist behaviour", "Contemplation"), ("Social networks", "Preparation"),
                          ("Ideology", "Precontemplation"), ("Identity", "Contemplation")):
        assert stage in current.get_by_role("row", name=re.compile(f"^{target}")).inner_text()
    assert section.get_by_role("figure").filter(has_text="higher is further along").count() == 4
    over_time = section.get_by_role("table", name="Stages of change over time")
    assert over_time.get_by_role("row").count() == 3  # the heading and two dates
    assert section.get_by_role("img", name=re.compile("Wellness ratings over time")).is_visible()
    assert section.get_by_text(re.compile(r"Earlier, .* \(dashed line\)")).is_visible()
    shoot(ui, "case-assessments", phone)

    # The plan: a goal on a wellness dimension and behaviour.
    plan = page.get_by_role("region", name="Plan")
    plan.get_by_role("link", name="Add a goal").click()
    ui.check()
    due_on = timezone.localdate() + timedelta(days=60)
    fill_goal(ui, statement="Apply for three climbing-gym jobs.", measure="Applications sent.",
              target="Three applications", number="3", due_on=due_on, dimension="Occupational",
              change_target="Violent-extremist behaviour")
    page.get_by_role("button", name="Save the goal").click()
    ui.check()
    assert page.get_by_text("The goal is on the plan.").is_visible()
    first = page.get_by_role("article", name="Apply for three climbing-gym jobs.")
    assert "Occupational" in first.inner_text() and "Violent-extremist behaviour" in first.inner_text()

    # A goal on ideology while she is at precontemplation: the stage-fit caution, then confirmed.
    page.get_by_role("link", name="Add a goal").first.click()
    ui.check()
    fill_goal(ui, statement="Talk through one of the movement's claims with her mentor.",
              measure="Conversations held.", target="One conversation", number="1", due_on=due_on,
              dimension="Intellectual", change_target="Ideology")
    page.get_by_role("button", name="Save the goal").click()
    ui.check()
    caution = page.get_by_role("alert").filter(has_text="Stage-fit caution")
    assert caution.is_visible()
    assert "precontemplation" in caution.inner_text().lower()
    # What was typed is kept, and the box to confirm appears.
    assert page.get_by_label("The goal (specific)").input_value().startswith("Talk through one")
    shoot(ui, "goal-caution", phone)
    # Proceeding without ticking the box is refused again; ticking it saves the goal.
    page.get_by_role("button", name="Proceed and save").click()
    ui.check()
    assert page.get_by_role("alert").filter(has_text="Stage-fit caution").is_visible()
    assert page.get_by_role("heading", level=1, name="Add a goal").is_visible()
    page.get_by_label("I have read the stage-fit caution and proceed").check()
    page.get_by_role("button", name="Proceed and save").click()
    ui.check()
    assert page.get_by_text("The goal is on the plan.").is_visible()
    second = page.get_by_role("article", name="Talk through one of the movement's claims with her mentor.")
    recorded = second.get_by_text(re.compile("Proceeded past the caution by"))
    assert recorded.is_visible()
    assert "Ideology" in recorded.inner_text() and "precontemplation" in recorded.inner_text()
    shoot(ui, "plan-goals", phone)

    # Progress on the first goal: one application of three.
    first.get_by_role("link", name="Record progress").click()
    ui.check()
    page.get_by_role("group", name="Progress recorded as").get_by_label("A measured value").check()
    page.get_by_label("Value measured").fill("1")
    page.get_by_label(named("Note")).fill("Sent the first one on Monday.")
    page.get_by_role("button", name="Record").click()
    ui.check()
    assert page.get_by_text("The progress is recorded.").is_visible()
    first = page.get_by_role("article", name="Apply for three climbing-gym jobs.")
    bar = first.get_by_role("progressbar", name="Progress")
    assert bar.get_attribute("value") == "33"
    assert first.get_by_text("33% of the way").is_visible()
    history = first.get_by_role("table", name="Progress so far")
    assert "Sent the first one on Monday." in history.inner_text()
    shoot(ui, "plan-progress", phone)

    # The case page's plan section sums it up.
    page.get_by_role("link", name=world.case.reference, exact=True).click()
    ui.check()
    plan = page.get_by_role("region", name="Plan")
    assert plan.get_by_text("2 open goals").is_visible()
    assert plan.get_by_role("progressbar").first.get_attribute("value") == "33"
    shoot(ui, "case-plan", phone)
    assert phone == [], "at phone width (390px):\n" + "\n".join(phone)


def open_move_form(ui) -> None:
    """The "Move the case" button at the top jumps to the fold below but leaves it closed (a finding): the
    fold's own summary opens it."""
    page = ui.page
    page.get_by_role("link", name="Move the case").click()
    if not page.get_by_role("group", name="Move to").is_visible():  # the link does not open the fold
        page.get_by_text("Move the case", exact=True).last.click()


def move(ui, label: str) -> None:
    open_move_form(ui)
    ui.page.get_by_role("group", name="Move to").get_by_label(label).check()
    ui.page.get_by_role("button", name="Move case").click()
    ui.check()


def assert_moved_to(ui, world, stage: str) -> None:
    page = ui.page
    assert page.get_by_text(f"Case {world.case.reference} moved.").is_visible()
    current = page.get_by_role("list", name="Family protocol stages").locator("[aria-current=step]")
    assert current.inner_text().strip() == stage


def protocol_region(ui):
    return ui.page.get_by_role("region", name="Family protocol")


def assert_refused(ui, missing: str) -> None:
    page = ui.page
    assert page.get_by_role("alert").filter(has_text="The case was not moved").is_visible()
    assert page.get_by_role("alert").filter(has_text=missing).is_visible()


def test_family_case_through_every_protocol_stage(ui, world):
    # The organisation's written resolution criteria for family cases (an admin's set-up).
    criteria = [ResolutionCriterion.objects.create(organization=world.org, kind="family_support", text=text,
                                                   position=position)
                for position, text in enumerate(["The family reports a stable, safer situation at home",
                                                 "Coaching goals agreed with the family are met"])]
    sign_in(ui, world.users["manager"])
    page = ui.page
    page.set_default_timeout(10_000)
    phone: list[str] = []  # what axe and the layout check find at phone width, asserted at the end
    ui.goto(f"/cases/{world.case.pk}/")
    current = page.get_by_role("list", name="Family protocol stages").locator("[aria-current=step]")
    assert current.inner_text().strip() == "Evaluation"
    protocol = protocol_region(ui)
    assert protocol.get_by_text("The family's evaluation is not recorded yet").is_visible()

    # Evaluation: moving on before the record is refused, with what is missing.
    move(ui, "Move to Intervention plan")
    assert_refused(ui, "The family's evaluation is not recorded yet")
    shoot(ui, "case-move-refused", phone)
    protocol_region(ui).get_by_role("link", name="Write the evaluation").click()
    ui.check()
    page.get_by_label("What worries the family").fill("He has stopped coming to family dinners.")
    page.get_by_label("The person's underlying needs, as the family sees them").fill("Belonging; work.")
    page.get_by_label(named("Openings")).fill("His little sister; football on Saturdays.")
    shoot(ui, "protocol-evaluation-form", phone)
    page.get_by_role("button", name="Save").click()
    ui.check()
    assert page.get_by_text("The evaluation is saved.").is_visible()
    assert protocol_region(ui).get_by_text("This stage's record is written; the case may move on.").is_visible()
    move(ui, "Move to Intervention plan")
    assert_moved_to(ui, world, "Intervention plan")

    # Intervention plan.
    move(ui, "Move to Monitoring")
    assert_refused(ui, "The specific intervention plan is not recorded yet")
    protocol_region(ui).get_by_role("link", name="Write the intervention plan").first.click()
    ui.check()
    page.get_by_label("Goals for the family").fill("Keep Saturday football going together.")
    page.get_by_label("Goals for the person of concern").fill("Meet the mentor every week.")
    page.get_by_label("Who does what").fill("Mother: Saturdays. Mentor: Tuesdays. Case manager: reviews.")
    page.get_by_label("Review the plan on").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Save").click()
    ui.check()
    assert page.get_by_text("The intervention plan is saved.").is_visible()
    move(ui, "Move to Monitoring")
    assert_moved_to(ui, world, "Monitoring")

    # Monitoring.
    move(ui, "Move to Coaching")
    assert_refused(ui, "No monitoring entry is recorded yet")
    protocol_region(ui).get_by_role("link", name="Add a monitoring entry").first.click()
    ui.check()
    assert page.get_by_label("When").input_value() == timezone.localdate().isoformat()
    page.get_by_label("What changed").fill("Came to dinner twice this week.")
    page.get_by_role("button", name="Save").click()
    ui.check()
    assert page.get_by_text("The monitoring entry is saved.").is_visible()
    assert protocol_region(ui).get_by_text("Came to dinner twice this week.").is_visible()
    move(ui, "Move to Coaching")
    assert_moved_to(ui, world, "Coaching")

    # Coaching; the resolution view appears beside the criteria.
    move(ui, "Move to Resolved")
    assert_refused(ui, "The family's coaching plan is not recorded yet")
    protocol_region(ui).get_by_role("link", name="Write the coaching plan").first.click()
    ui.check()
    page.get_by_label("Coaching topics").fill("Open questions; staying in contact.")
    page.get_by_label("The family's own goals").fill("Talk with him without arguing about politics.")
    page.get_by_label("Sessions planned").fill("6")
    page.get_by_label("Sessions held").fill("2")
    shoot(ui, "protocol-coaching-form", phone)
    page.get_by_role("button", name="Save").click()
    ui.check()
    assert page.get_by_text("The coaching plan is saved.").is_visible()
    protocol = protocol_region(ui)
    assert protocol.get_by_text("2 held of 6 planned").is_visible()
    assert protocol.get_by_role("heading", name="Resolution").is_visible()
    for criterion in criteria:
        assert protocol.get_by_text(criterion.text).is_visible()
    shoot(ui, "case-protocol-coaching", phone)

    # Resolving without the criteria is refused; with each ticked and its evidence, the case is resolved.
    move(ui, "Move to Resolved")
    assert page.get_by_role("alert").filter(has_text="Tick every resolution criterion").is_visible()
    criteria_group = page.get_by_role("group", name="Resolution criteria (needed to resolve)")
    evidence = {criteria[0]: "Mother reports calm weeks at home since March.",
                criteria[1]: "Both coaching goals met at the last session."}
    for criterion, text in evidence.items():
        criteria_group.get_by_label(criterion.text, exact=True).check()
        criteria_group.get_by_label(f"Evidence for: {criterion.text}").fill(text)
    page.get_by_role("group", name="Move to").get_by_label("Move to Resolved").check()
    page.get_by_role("button", name="Move case").click()
    ui.check()
    assert_moved_to(ui, world, "Resolved")
    protocol = protocol_region(ui)
    for text in evidence.values():
        assert protocol.get_by_text(text).is_visible()
    history = page.get_by_role("region", name="Status history")
    for text in evidence.values():
        assert history.get_by_text(text).is_visible()
    assert protocol.get_by_role("heading", name="Aftercare check-ins").is_visible()
    shoot(ui, "case-protocol-resolved", phone)
    assert phone == [], "at phone width (390px):\n" + "\n".join(phone)
