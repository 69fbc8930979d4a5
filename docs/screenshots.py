"""The README's screenshots, taken from the demo: `make screenshots` while `make demo` (or `make serve`) runs.

Signs in as the demo accounts (demo mode lets them skip the second factor) and draws, at 1280 px wide:
the work queue of a case manager, a case page, the helpline's contact screen just after a safety question
is answered "yes" (nothing is saved: the draft is discarded afterwards), and the figures; and the work
queue again at 390 px, as on a phone. Needs Playwright (in the dev extras) and Chromium (Debian's
`chromium`, or OFFRAMP_CHROMIUM=/path/to/chrome).

    .venv/bin/python docs/screenshots.py [--base http://127.0.0.1:8000] [--out docs]
"""

import argparse
import os
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

PASSWORD = "offramp-demo-2026"  # noqa: S105 - the demo accounts' published password (README)
DESK = {"width": 1280, "height": 1000}
PHONE = {"width": 390, "height": 844}
CASE = "NSX-2026-00009"  # a case of manager@northstar.demo's with replies due, people and a team
SAFETY_YES = "Was a threat to others described?"


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        raise SystemExit(f"Could not sign in as {email}: is the demo loaded and served in demo mode at {base}?")


def shoot(page: Page, path: Path) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path))
    sys.stdout.write(f"wrote {path}\n")


def work_queue(browser, base: str, out: Path) -> None:
    for name, viewport in (("work-queue.png", DESK), ("work-queue-phone.png", PHONE)):
        context = browser.new_context(viewport=viewport, locale="en-US")
        page = context.new_page()
        sign_in(page, base, "manager@northstar.demo")
        page.goto(f"{base}/")
        shoot(page, out / name)
        if name == "work-queue.png":
            page.goto(f"{base}/cases/")
            page.get_by_role("link", name=CASE, exact=True).click()
            shoot(page, out / "case-page.png")
        context.close()


def helpline_contact(browser, base: str, out: Path) -> None:
    context = browser.new_context(viewport=DESK, locale="en-US")
    page = context.new_page()
    sign_in(page, base, "responder@northstar.demo")
    page.goto(f"{base}/helpline/contacts/new/")
    page.get_by_label("How they got in touch").select_option("phone")
    page.get_by_label("The caller is the person's").select_option("parent")
    page.get_by_label("What was said").fill("Her son says he will make them pay at school tomorrow.")
    for question in ("Is someone in immediate danger?", SAFETY_YES, "Is there a risk of suicide or self-harm?",
                     "Is a child or vulnerable adult at risk?"):
        answer = "Yes" if question == SAFETY_YES else "No"
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    panel = page.get_by_role("heading", name="Safety concern: act now")
    panel.wait_for()
    # The safety questions and the panel that a "yes" opened, together on the screen.
    top = page.get_by_role("group", name="Is someone in immediate danger?").bounding_box()["y"]
    page.evaluate(f"window.scrollBy(0, {top - 140})")
    shoot(page, out / "helpline-contact.png")
    # Leave no draft behind: the form comes back with it, and a button to discard it.
    page.goto(f"{base}/helpline/contacts/new/")
    discard = page.get_by_role("button", name="Discard the draft and start again")
    if discard.count():
        discard.click()
        page.wait_for_load_state()
    context.close()


def figures(browser, base: str, out: Path) -> None:
    context = browser.new_context(viewport=DESK, locale="en-US")
    page = context.new_page()
    sign_in(page, base, "evaluator@northstar.demo")  # an evaluator's home is the figures
    page.goto(f"{base}/")
    shoot(page, out / "figures.png")
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("OFFRAMP_CHROMIUM", "/usr/bin/chromium"),
                                             args=["--no-sandbox", "--disable-gpu"])
        try:
            work_queue(browser, args.base, out)
            helpline_contact(browser, args.base, out)
            figures(browser, args.base, out)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
