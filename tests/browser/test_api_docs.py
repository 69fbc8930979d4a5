"""The API's documentation page (/api/docs/, Swagger UI from drf-spectacular's sidecar) in a real browser:
drawn from our own static files under the same content security policy as every page (no inline script
or style, no CDN), and clean under axe once the operations are drawn."""

import pytest

from tests.browser.test_case_flow import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_draw_under_the_content_security_policy_and_pass_axe(ui, world):
    requested: list[str] = []
    ui.page.on("request", lambda request: requested.append(request.url))
    sign_in(ui, world.users["manager"])
    response = ui.page.goto(ui.base_url + "/api/docs/")
    assert response is not None and response.status == 200
    policy = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    ui.page.wait_for_selector(".opblock-tag", timeout=20000)  # the operations, drawn from the schema
    ui.page.get_by_role("button", name="people", exact=False).first.click()  # open a group, as a reader would
    ui.page.wait_for_selector(".opblock-summary", timeout=10000)
    ui.check()
    ui.page.locator(".opblock-summary-control").first.click()  # one operation, its parameters and responses
    ui.page.wait_for_selector(".opblock-body", timeout=10000)
    ui.check()
    assert all(url.startswith(ui.base_url) for url in requested), [u for u in requested
                                                                    if not u.startswith(ui.base_url)]
    # ui's teardown fails on any console error: a CSP refusal is one.
