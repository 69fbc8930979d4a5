"""The header with the longest menu (an org admin who also supervises, in two organisations, with work due and
notifications unread): on one line at 1280 px, wrapping below the brand on a phone without widening the page;
the organisation, its switch and signing out open from one disclosure, by keyboard too, with no JavaScript."""

import pytest

from offramp.core.models import Notification, Role
from offramp.core.services import membership_grant
from tests.browser.test_case_flow import sign_in
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (The test settings add the example app's "Groups" for supervisors: one link more than in production.)
EVERY_LINK = ["Work queue", "Cases", "People", "Helpline", "Figures", "Directory", "Groups", "Audit trail",
              "Questionnaires", "Notifications", "Settings"]


@pytest.fixture
def lead(world):
    user = make_user("lead@example.org", world.org, Role.ORG_ADMIN, Role.SUPERVISOR)
    membership_grant(organization=world.other_org, user=user, role=Role.SUPERVISOR)
    for n in range(12):
        Notification.objects.create(user=user, organization=world.org, message=f"Something happened ({n})")
    return user


def _box(page, selector):
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


@pytest.mark.parametrize("width", [1280, 390])
def test_the_longest_menu_fits_and_the_account_opens(ui, lead, world, width):
    page = ui.page
    page.set_viewport_size({"width": width, "height": 844 if width < 500 else 900})
    sign_in(ui, lead)
    ui.goto("/cases/")
    nav = page.get_by_role("navigation", name="Main")
    for label in EVERY_LINK:
        assert nav.get_by_role("link", name=label, exact=False).first.is_visible(), label
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    count = page.locator(".site-header nav li").count()
    assert count >= len(EVERY_LINK)
    links = [_box(page, f".site-header nav li:nth-child({n + 1}) a") for n in range(count)]
    brand, account = _box(page, ".brand"), _box(page, ".account > summary")
    if width >= 1280:
        # One line: every link on the same row, beside the brand and the account.
        assert {round(link["y"]) for link in links} == {round(links[0]["y"])}
        assert links[0]["x"] > brand["x"] + brand["width"] and links[-1]["x"] + links[-1]["width"] < account["x"]
        assert _box(page, ".site-header")["height"] < 80
    else:
        # A phone: brand and account on the top line, the menu below them, nothing outside the screen.
        assert abs(brand["y"] - account["y"]) < 20 and min(link["y"] for link in links) > brand["y"] + brand["height"] - 5
        assert max(link["x"] + link["width"] for link in links) <= width
        assert account["x"] + account["width"] <= width

    summary = page.locator(".account > summary")
    assert world.org.name in summary.inner_text()
    sign_out = page.get_by_role("button", name="Sign out")
    assert not sign_out.is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    assert sign_out.is_visible() and page.get_by_label("Organisation").is_visible()
    ui.check()  # axe with the panel open
    panel = _box(page, ".account-panel")
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= width
    page.get_by_label("Organisation").select_option(str(world.other_org.pk))
    page.get_by_role("button", name="Switch").click()
    page.wait_for_load_state()
    ui.check()
    assert world.other_org.name in page.locator(".account > summary").inner_text()
    summary.click()
    sign_out.click()
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url or page.get_by_role("button", name="Sign In").is_visible()
