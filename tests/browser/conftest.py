"""Playwright on Debian's Chromium against a live server, with axe on every page visited."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in this thread; the ORM calls here are plain test set-up.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("OFFRAMP_CHROMIUM", "/usr/bin/chromium")
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


class AccessiblePage:
    """A page that checks every visited view with axe and collects console errors (e.g. CSP)."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.axe = Axe()
        self.console_errors: list[str] = []
        self.visited: list[str] = []
        page.on("console", self._console)

    def _console(self, message) -> None:
        # A form with errors answers 400 on purpose; anything else (CSP refusals, script errors) fails.
        if message.type == "error" and "status of 400" not in message.text:
            self.console_errors.append(message.text)

    def goto(self, path: str):
        self.page.goto(self.base_url + path)
        self.check()

    def check(self):
        self.page.wait_for_load_state("domcontentloaded")
        results = self.axe.run(self.page)
        serious = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
        assert serious == [], f"{self.page.url}: " + "; ".join(
            f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['html'][:120]})" for v in serious)
        self.visited.append(self.page.url)


@pytest.fixture
def ui(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    wrapped = AccessiblePage(page, live_server.url)
    yield wrapped
    context.close()
    assert wrapped.console_errors == []


@pytest.fixture(autouse=True)
def _audit_table_flushable(transactional_db):
    """Live-server tests end with a flush (DELETE on SQLite), which the append-only triggers refuse."""
    from django.db import connection

    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_delete")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory):
    """The live server answers several requests at once (autosave while saving): use a SQLite file,
    which waits for locks as production does, instead of the shared in-memory database, which fails."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "browser.sqlite3")
