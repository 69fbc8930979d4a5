"""The public help page of an organisation in Spain, in a real browser on a desk (1280 px) and on a
phone (390 px), with axe: its own numbers, its language and the switch, and the quick exit that
leaves the page out of the history."""

import pytest

from offramp.core.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEUTRAL = "https://weather.example.org/"


@pytest.mark.parametrize("width", [1280, 390])
def test_a_visitor_reads_the_page_in_the_organisations_language_and_leaves_quickly(ui, world, width):
    Organization.objects.filter(pk=world.other_org.pk).update(
        country="ES", time_zone="Europe/Madrid", emergency_number="112", crisis_line="024", public_language="es",
        quick_exit_url=NEUTRAL)
    page = ui.page
    page.set_viewport_size({"width": width, "height": 844 if width < 500 else 900})
    page.route(NEUTRAL + "**", lambda route: route.fulfill(status=200, content_type="text/html",
                                                          body="<html lang='en'><title>Weather</title></html>"))
    ui.goto("/help/northstar/")  # somewhere visited before
    ui.goto("/help/harbor/")
    assert page.locator("html").get_attribute("lang") == "es"
    numbers = page.locator(".public-emergency-numbers").inner_text()
    assert "112" in numbers and "024" in numbers and "911" not in numbers
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    exit_link = page.locator("a.quick-exit")
    assert page.get_by_role("link", name="Salir rápido de este sitio").is_visible()  # in the page's language
    assert exit_link.is_visible() and exit_link.get_attribute("rel") == "noreferrer"

    page.get_by_role("link", name="English").click()  # the switch: a plain link
    page.wait_for_load_state()
    ui.check()
    assert page.locator("html").get_attribute("lang") == "en" and page.url.endswith("/help/harbor/?lang=en")
    page.mouse.wheel(0, 1500)
    assert exit_link.is_visible()  # still at the top of the screen after scrolling
    box = exit_link.bounding_box()
    assert box is not None and box["y"] < 120

    exit_link.click()
    page.wait_for_url(NEUTRAL)
    page.go_back()  # the help page was replaced in the history: back goes to the page before it
    page.wait_for_load_state()
    assert page.url.endswith("/help/harbor/")  # the Spanish page visited before the switch
    page.go_back()
    page.wait_for_load_state()
    assert page.url.endswith("/help/northstar/")
