"""The figures page in a real browser, as an evaluator reads it on a desk (1280 px), on a phone (390 px) and on
paper: charts drawn large enough to read with labels that never run into the bars, hidden counts as hatched
bars, a CSV per table, and a print layout without the navigation; axe on every view."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.test_case_flow import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV_LINK = re.compile(r"^Download this table \(CSV\)\s*: Helpline contacts by channel$")
_LAYOUT = """(variant) => [...document.querySelectorAll('svg.chart-' + variant)].map(svg => {
    const box = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect());
    const rects = [...svg.querySelectorAll('rect[x]')].filter(r => r.closest('pattern') === null)
                                                    .map(r => r.getBoundingClientRect());
    return {width: box.width, visible: box.width > 0,
            textHeights: texts.map(t => t.height), texts: texts.map(t => [t.left, t.right, t.top, t.bottom]),
            rects: rects.map(r => [r.left, r.right, r.top, r.bottom])};
})"""


@pytest.fixture
def traffic(world):
    from offramp.helpline.services import contacts

    for _ in range(12):
        contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent")
    for _ in range(3):
        contacts.contact_log(actor=world.actor("responder"), channel="text", caller_relationship="teacher",
                             received_at=timezone.now() - timedelta(weeks=2))


def _overlaps(a, b) -> bool:
    return a[0] < b[1] - 0.5 and b[0] < a[1] - 0.5 and a[2] < b[3] - 0.5 and b[2] < a[3] - 0.5


def _assert_readable(charts, *, min_text: float):
    assert charts and all(chart["visible"] for chart in charts)
    for chart in charts:
        assert min(chart["textHeights"]) >= min_text, chart["textHeights"]
        for text in chart["texts"]:  # no label or count runs into a bar or another text
            assert not any(_overlaps(text, rect) for rect in chart["rects"]), (text, chart["rects"])
            assert not any(_overlaps(text, other) for other in chart["texts"] if other is not text)


def test_figures_on_a_desk_a_phone_and_paper(ui, world, traffic):
    sign_in(ui, world.users["evaluator"])  # an evaluator starts on the figures
    ui.goto("/figures/")
    page = ui.page
    assert page.get_by_role("heading", name="Helpline contacts by channel").is_visible()
    wide = page.evaluate(_LAYOUT, "wide")
    _assert_readable(wide, min_text=14)
    assert min(chart["width"] for chart in wide) >= 560
    assert all(not chart["visible"] for chart in page.evaluate(_LAYOUT, "narrow"))
    channel = page.locator("#figures-helpline-contacts-by-channel")
    assert channel.locator("svg.chart-wide rect.bar-hidden").count() == 2  # "<11" and the "≥11" hiding it
    assert channel.get_by_text("Hatched bar: a hidden count").is_visible()

    with page.expect_download() as download:
        channel.get_by_role("link", name=CSV_LINK).click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    shown = [[cell.inner_text().strip() for cell in row.locator("th, td").all()]
             for row in channel.locator("table tr").all()]
    assert rows == shown and ["Text message", "<11"] in rows

    page.set_viewport_size({"width": 390, "height": 844})
    ui.check()
    narrow = page.evaluate(_LAYOUT, "narrow")
    _assert_readable(narrow, min_text=12)
    assert all(not chart["visible"] for chart in page.evaluate(_LAYOUT, "wide"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Main").is_visible()
    assert not page.get_by_label("Period").is_visible()
    assert not channel.get_by_role("link", name=CSV_LINK).is_visible()
    assert channel.locator("svg.chart-wide").is_visible() and channel.locator("table").is_visible()
    sections = page.locator("section.figures-table")
    assert sections.count() >= 2
    assert sections.nth(1).evaluate("s => getComputedStyle(s).breakBefore") == "page"
    assert sections.nth(0).evaluate("s => getComputedStyle(s).breakBefore") != "page"
    page.emulate_media(media="screen")
