"""The safety path in a real browser, at desktop and phone width, with axe on every page: a "yes"
shows the numbers and who is on call before anything is saved, "Alert now" reaches the on-call
supervisor with the unsaved call, and that supervisor confirms the consultation the responder records."""

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.utils import timezone

from offramp.helpline.models import HelplineContact
from offramp.helpline.services.on_call import on_call_shift_add
from tests.browser.conftest import AccessiblePage
from tests.browser.test_case_flow import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTIONS = ("Is someone in immediate danger?", "Was a threat to others described?",
             "Is there a risk of suicide or self-harm?", "Is a child or vulnerable adult at risk?")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def answer_safety(page, *, yes: str = "") -> None:
    """Answer every safety question as a responder does: the one named yes, the others no."""
    for question in QUESTIONS:
        page.get_by_role("group", name=question).get_by_label("Yes" if question == yes else "No", exact=True).check()


@contextmanager
def _desk(browser, live_server, viewport):
    context = browser.new_context(viewport=viewport, locale="en-US")
    page = AccessiblePage(context.new_page(), live_server.url)
    yield page
    context.close()
    assert page.console_errors == []


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_a_safety_yes_alerts_before_saving_and_the_on_call_supervisor_confirms(browser, live_server, world, viewport):
    world.org.emergency_guidance = "Keep the caller on the line; page the on-call supervisor."
    world.org.save()
    now = timezone.now()
    on_call_shift_add(actor=world.actor("supervisor"), supervisor=world.users["supervisor"].pk,
                      phone="(212) 555-0147", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=8))
    supervisor_name = world.users["supervisor"].display_name
    with _desk(browser, live_server, viewport) as ui, _desk(browser, live_server, viewport) as desk:
        sign_in(ui, world.users["responder"])
        ui.goto("/helpline/contacts/new/")
        ui.page.get_by_label("How they got in touch").select_option("phone")
        ui.page.get_by_label("The caller is the person's").select_option("parent")
        ui.page.get_by_label("What was said").fill("Her son says he will make them pay at school tomorrow.")
        answer_safety(ui.page, yes="Was a threat to others described?")
        # Before anything is saved: the numbers, who is on call and how to reach them.
        ui.page.get_by_role("heading", name="Safety concern: act now").wait_for()
        assert ui.page.get_by_text("Keep the caller on the line; page the on-call supervisor.").is_visible()
        assert ui.page.get_by_role("link", name="(212) 555-0147").is_visible()
        ui.check()
        ui.page.get_by_role("button", name="Alert now").click()
        ui.page.get_by_text("Alert sent at").wait_for()
        ui.check()
        assert not HelplineContact.objects.exists()

        # The supervisor on call, at another desk, opens the unsaved call from the urgent alert.
        sign_in(desk, world.users["supervisor"])
        desk.goto("/notifications/")
        desk.page.get_by_role("button", name=re.compile("is on a helpline call with a safety concern")).click()
        desk.check()
        assert desk.page.get_by_role("heading", name=re.compile("Call in progress")).is_visible()
        assert desk.page.get_by_text("Her son says he will make them pay at school tomorrow.").is_visible()

        # The responder saves the contact and records the consultation, naming the supervisor on call.
        ui.page.get_by_role("button", name="Save contact").click()
        ui.check()
        assert ui.page.get_by_label("Supervisor consulted").input_value() == str(world.users["supervisor"].pk)
        ui.page.get_by_label("What was decided").fill("Police informed together; the school alerted.")
        ui.page.get_by_role("button", name="Record consultation").click()
        ui.check()
        assert ui.page.get_by_text("consultation awaiting confirmation").first.is_visible()

        # The supervisor confirms it from their alert.
        desk.goto("/notifications/")
        desk.page.get_by_role("button", name=re.compile("Confirm the consultation")).click()
        desk.check()
        desk.page.get_by_role("button", name="Confirm this consultation").click()
        desk.check()
        assert desk.page.get_by_text(f"confirmed by {supervisor_name}").first.is_visible()
        ui.page.reload()
        ui.check()
        assert ui.page.get_by_text(f"confirmed by {supervisor_name}").first.is_visible()
