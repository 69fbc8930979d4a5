"""The call-back carries the web request's safe time and language (issue 10, 'Must hold'), in a real
browser at desktop and phone width with axe on every page: a web request is claimed from the helpline
page and called back, and when it is safe to call shows at the top of the contact screen before anyone
dials, then stays on the saved contact."""

import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from offramp.helpline import help_page
from offramp.helpline.models import HelpRequest
from tests.browser.test_case_flow import sign_in
from tests.browser.test_safety_path import VIEWPORTS, _desk, answer_safety

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAFE_TIME = "Weekdays 9 to 11 only, never evenings"


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_the_safe_time_is_seen_before_calling_back(browser, live_server, world, viewport):
    cache.clear()  # the public page's throttle
    Client().post(reverse("help_request", args=["northstar"]), {
        "name": "Rosalind", "phone": "+1 718 555 0199", "email": "", "when_to_reach": SAFE_TIME,
        "worry": "My nephew shares hateful videos.", "language": "es",
        "started": help_page.form_token(issued_at=time.time() - 10)})
    web_request = HelpRequest.objects.get()
    with _desk(browser, live_server, viewport) as ui:
        sign_in(ui, world.users["responder"])
        ui.goto("/helpline/")
        ui.page.get_by_role("button", name=f"Claim {web_request.reference}").click()
        ui.check()
        ui.page.get_by_role("link", name=f"Log the call-back {web_request.reference}").click()
        ui.check()
        box = ui.page.get_by_role("region", name=f"Before you call back web request {web_request.reference}")
        assert box.get_by_text(SAFE_TIME).is_visible() and box.get_by_text("Spanish").is_visible()
        # At the top: on screen as the page opens, above everything the responder fills in.
        top = box.bounding_box()
        assert top is not None and top["y"] + top["height"] <= viewport["height"]
        assert top["y"] < ui.page.get_by_label("How they got in touch").bounding_box()["y"]
        ui.page.get_by_label("The caller is the person's").select_option("sibling")
        ui.page.get_by_label("What was said").fill("Called back at ten; she could talk freely.")
        answer_safety(ui.page)
        ui.page.get_by_role("button", name="Save contact").click()
        ui.page.get_by_role("heading", name="Caller").wait_for()
        ui.check()
        assert ui.page.get_by_text("Call-back asked for").first.is_visible()
        assert ui.page.get_by_text(SAFE_TIME).first.is_visible()
    web_request.refresh_from_db()
    assert web_request.status == HelpRequest.Status.DONE
