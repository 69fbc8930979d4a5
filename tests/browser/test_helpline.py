"""The helpline in a real browser, with axe on every page: a worried parent's call end to end, the
public help request, the figures and the draft that survives a closed tab."""

from datetime import timedelta

import pytest
from django.utils import timezone

from offramp.core.models import TaxonomyTerm
from offramp.helpline import vocabularies
from offramp.instruments.services import instrument_import
from tests.browser.test_case_flow import sign_in
from tests.browser.test_safety_path import answer_safety
from tests.helpline.test_quality_review import review_definition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _second_browser(browser, live_server):
    """Another person at another desk: a context of their own, checked with axe the same way."""
    from tests.browser.conftest import AccessiblePage

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    return AccessiblePage(context.new_page(), live_server.url)


def test_responder_takes_a_call_from_a_worried_parent_end_to_end(ui, world, browser, live_server):
    """Contact, safety triage with a "yes", supervisor alert and consultation, coaching, a resource,
    a follow-up on the work queue, a family case at its first protocol stage; then the supervisor's
    quality review reaches the responder."""
    from offramp.cases.models import Case
    from offramp.helpline.models import HelplineContact, Resource

    vocab = vocabularies
    TaxonomyTerm.objects.create(organization=world.org, vocabulary=vocab.SIGN, label="Interest in weapons")
    TaxonomyTerm.objects.create(organization=world.org, vocabulary=vocab.COACHING_TOPIC, label="Safety planning")
    instrument_import(actor=world.actor("admin"), data=review_definition(("safety", "Asked every safety question")))
    Resource.objects.create(organization=world.org, name="Family Bridge Counselling", category="family")
    world.org.emergency_guidance = "Call 911 now, then page the on-call supervisor."
    world.org.save()
    from offramp.helpline.services.on_call import on_call_shift_add

    on_call_shift_add(actor=world.actor("supervisor"), supervisor=world.users["supervisor"].pk,
                      starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=8))

    # The responder takes the call.
    sign_in(ui, world.users["responder"])
    ui.page.get_by_role("link", name="Helpline", exact=True).click()
    ui.check()
    ui.page.get_by_role("link", name="Log a contact").click()
    ui.check()
    ui.page.get_by_label("How they got in touch").select_option("phone")
    ui.page.get_by_label("The caller is the person's").select_option("parent")
    ui.page.get_by_label("Caller's name (optional)").fill("Wilhelmina")
    ui.page.get_by_label("Caller's phone (optional)").fill("+1 212 555 0123")
    ui.page.get_by_label("Interest in weapons").check()
    answer_safety(ui.page, yes="Was a threat to others described?")
    ui.page.get_by_label("Safety planning").check()
    ui.page.get_by_label("Family Bridge Counselling").check()
    ui.page.get_by_label("What was said").fill("My son says he will 'make them pay' at school.")
    ui.page.get_by_role("button", name="Save contact").click()
    ui.check()
    assert ui.page.get_by_role("heading", name="Safety concern: act now").is_visible()
    assert ui.page.get_by_text("Call 911 now, then page the on-call supervisor.").is_visible()
    alerted = ui.page.get_by_text("Alerted at")
    assert alerted.inner_text().endswith(": " + world.users["supervisor"].display_name + ".")  # the one on call
    contact = HelplineContact.objects.get()
    assert ui.page.get_by_role("link", name="Family Bridge Counselling").is_visible()
    assert ui.page.get_by_text("Safety planning").is_visible()

    # The supervisor, at another desk, is alerted at once and records the consultation (R1).
    desk = _second_browser(browser, live_server)
    sign_in(desk, world.users["supervisor"])
    desk.page.get_by_role("link", name="Notifications").click()
    desk.check()
    desk.page.get_by_role("button", name=f"Urgent: helpline contact {contact.reference}").click()
    desk.check()
    desk.page.get_by_label("What was decided").fill("Police informed; family safety plan agreed.")
    desk.page.get_by_role("button", name="Record consultation").click()
    desk.check()
    assert desk.page.get_by_text("Consultation recorded.").first.is_visible()

    # Back with the responder: a follow-up for tomorrow, then a family-support case.
    ui.page.reload()
    ui.check()
    assert ui.page.get_by_text("Police informed; family safety plan agreed.").is_visible()
    ui.page.get_by_text("Schedule a follow-up").click()
    tomorrow = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    ui.page.get_by_label("Follow up by").fill(tomorrow)
    ui.page.get_by_role("button", name="Schedule").click()
    ui.check()
    assert ui.page.get_by_text("Follow-up scheduled; it is on the work queue.").is_visible()
    ui.page.get_by_role("button", name="Open a family-support case").click()
    ui.check()
    case = Case.objects.get(helpline_contacts=contact)
    stages = ui.page.get_by_role("list", name="Family protocol stages")
    assert stages.get_by_role("listitem").all_inner_texts() == [
        "Evaluation", "Intervention plan", "Monitoring", "Coaching", "Resolved", "Closed"]
    assert stages.locator("[aria-current=step]").inner_text() == "Evaluation"
    assert ui.page.get_by_role("link", name=contact.reference).first.is_visible()  # the call is on the case
    assert case.kind == "family_support" and case.status == "evaluation"
    ui.page.get_by_role("link", name="Work queue").click()
    ui.check()
    follow_up = ui.page.locator(".queue-row").filter(has_text=contact.reference)  # grouped, one row per item
    assert follow_up.get_by_role("link", name="Follow up with the caller").is_visible()

    # The supervisor reviews the contact; the responder reads the feedback.
    desk.goto(f"/helpline/contacts/{contact.pk}/")
    desk.page.get_by_text("Review this contact").click()
    desk.page.get_by_role("group", name="Asked every safety question").get_by_label("Met", exact=True).check()
    desk.page.get_by_label("Feedback for the responder").fill("Clear triage and a calm voice. Well done.")
    desk.page.get_by_role("button", name="Save review").click()
    desk.check()
    desk.goto("/helpline/on-call/")
    desk.goto("/helpline/reviews/")
    assert desk.page.get_by_role("cell", name="Not yet").is_visible()  # written, not yet read
    desk.page.context.close()
    ui.goto("/helpline/feedback/")
    ui.page.get_by_role("link", name=contact.reference).click()
    ui.check()
    assert ui.page.get_by_text("Clear triage and a calm voice. Well done.").is_visible()
    ui.page.get_by_role("button", name="Mark as read").click()
    ui.check()
    assert ui.page.get_by_text("Marked as read.").is_visible()


def test_public_help_request_reaches_an_open_helpline_page_and_is_called_back(ui, world, browser, live_server):
    """An aunt asks for a call-back without an account; the responder's open helpline page hears of it
    within seconds, and the call-back logged from the request answers it."""
    from offramp.helpline.models import HelpRequest

    desk = _second_browser(browser, live_server)
    sign_in(desk, world.users["responder"])
    desk.goto("/helpline/")

    ui.goto("/help/northstar/")
    ui.page.get_by_label("Phone number").fill("+1 718 555 0199")
    ui.page.get_by_label("What worries you?").fill("My nephew talks about a 'race war'.")
    ui.page.wait_for_timeout(3200)  # people take a few seconds; robots do not
    ui.page.get_by_role("button", name="Send").click()
    ui.check()
    assert ui.page.get_by_role("heading", name="Thank you for reaching out").is_visible()
    request = HelpRequest.objects.get()
    assert request.worry == "My nephew talks about a 'race war'."

    note = desk.page.get_by_role("status").filter(has_text="A new web request has come in.")
    note.wait_for(timeout=20_000)
    desk.check()
    note.get_by_role("link", name="Show them").click()
    desk.page.get_by_role("button", name=f"Claim {request.reference}").click()
    desk.page.get_by_role("link", name=f"Log the call-back {request.reference}").click()
    desk.check()
    assert desk.page.get_by_label("Caller's phone (optional)").input_value() == "+1 718 555 0199"
    desk.page.get_by_label("The caller is the person's").select_option("other")
    answer_safety(desk.page)
    desk.page.get_by_role("button", name="Save contact").click()
    desk.check()
    assert desk.page.get_by_text(f"Web request {request.reference}, sent").is_visible()
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.DONE and request.contact is not None


def test_figures_page_is_accessible(ui, world):
    from offramp.helpline.services import contacts

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
    from offramp.helpline.services.survey import survey_invitation_create

    invitation = survey_invitation_create(actor=world.actor("responder"))
    ui.goto(f"/survey/{invitation.token}/")
    ui.page.get_by_label("Very helpful").check()
    ui.page.get_by_role("group", name="Did you feel listened to without judgement?").get_by_label("Yes").check()
    ui.page.get_by_role("group", name="Would you recommend us to someone in your place?").get_by_label("Yes").check()
    ui.page.get_by_role("button", name="Send answers").click()
    ui.check()
    assert ui.page.get_by_role("heading", name="Thank you").is_visible()
