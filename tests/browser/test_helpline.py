"""A responder takes a call with a safety "yes": the guidance shows at once and a supervisor is alerted;
axe finds no serious or critical violation on the helpline pages."""

import pytest

from offramp.core.models import Notification, TaxonomyTerm
from tests.browser.test_case_flow import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_call_with_a_safety_concern(ui, world):
    TaxonomyTerm.objects.create(organization=world.org, vocabulary="sign", label="Interest in weapons")
    world.org.emergency_guidance = "Call 911 now, then page the on-call supervisor."
    world.org.save()
    sign_in(ui, world.users["responder"])
    ui.page.get_by_role("link", name="Helpline", exact=True).click()
    ui.check()
    ui.page.get_by_role("link", name="Log a contact").click()
    ui.check()
    ui.page.get_by_label("How they got in touch").select_option("phone")
    ui.page.get_by_label("The caller is the person's").select_option("parent")
    ui.page.get_by_label("Interest in weapons").check()
    ui.page.get_by_label("A threat to others was described").check()
    ui.page.get_by_label("What was said").fill("My son says he will 'make them pay' at school.")
    ui.page.get_by_role("button", name="Save contact").click()
    ui.check()
    assert ui.page.get_by_role("heading", name="Safety concern: act now").is_visible()
    assert ui.page.get_by_text("Call 911 now, then page the on-call supervisor.").is_visible()
    assert Notification.objects.filter(user=world.users["supervisor"]).exists()
    ui.page.get_by_label("Supervisor consulted (e-mail)").fill("supervisor@northstar.test")
    ui.page.get_by_label("What was decided").fill("Police informed; family safety plan agreed.")
    ui.page.get_by_role("button", name="Record consultation").click()
    ui.check()
    assert ui.page.get_by_text("Consultation recorded.").is_visible()


def test_public_help_request_without_an_account(ui, world):
    from offramp.helpline.models import HelpRequest

    ui.goto("/help/northstar/")
    ui.page.get_by_label("Phone number").fill("+1 718 555 0199")
    ui.page.get_by_label("What worries you?").fill("My nephew talks about a 'race war'.")
    ui.page.wait_for_timeout(3200)  # people take a few seconds; robots do not
    ui.page.get_by_role("button", name="Send").click()
    ui.check()
    assert ui.page.get_by_role("heading", name="Thank you for reaching out").is_visible()
    assert HelpRequest.objects.get().worry == "My nephew talks about a 'race war'."


def test_figures_page_is_accessible(ui, world):
    from offramp.helpline import contacts

    for _ in range(12):
        contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent")
    sign_in(ui, world.users["evaluator"])
    ui.page.get_by_role("link", name="Figures").click()
    ui.check()
    assert ui.page.get_by_role("heading", name="Contacts by week").is_visible()


def test_draft_survives_a_closed_tab(ui, world, browser):
    sign_in(ui, world.users["responder"])
    ui.goto("/helpline/contacts/new/")
    ui.page.get_by_label("Caller's name (optional)").fill("Wilhelmina")
    ui.page.get_by_label("What was said").fill("He keeps talking about the militia camp.")
    def saves_summary(response) -> bool:
        return "/helpline/contacts/draft/" in response.url and "militia" in (response.request.post_data or "")

    with ui.page.expect_response(saves_summary):
        ui.page.keyboard.press("Tab")  # leaving the field saves at once
    ui.page.get_by_text("Draft saved at").wait_for()
    cookies = ui.page.context.cookies()
    ui.page.close()  # the tab dies mid-call
    page = ui.page.context.new_page()
    page.context.add_cookies(cookies)
    ui.page = page
    ui.goto("/helpline/contacts/new/")
    assert page.get_by_text("Your unsaved draft was restored.").is_visible()
    assert page.get_by_label("Caller's name (optional)").input_value() == "Wilhelmina"
    assert page.get_by_label("What was said").input_value() == "He keeps talking about the militia camp."
    assert page.locator("[data-call-timer]").is_visible()


def test_anonymous_survey(ui, world):
    from offramp.helpline.public import survey_invitation_create

    invitation = survey_invitation_create(actor=world.actor("responder"))
    ui.goto(f"/survey/{invitation.token}/")
    ui.page.get_by_label("Very helpful").check()
    ui.page.get_by_role("group", name="Did you feel listened to without judgement?").get_by_label("Yes").check()
    ui.page.get_by_role("group", name="Would you recommend us to someone in your place?").get_by_label("Yes").check()
    ui.page.get_by_role("button", name="Send answers").click()
    ui.check()
    assert ui.page.get_by_role("heading", name="Thank you").is_visible()
