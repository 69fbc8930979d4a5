"""A case manager signs in with a second factor, opens a case, writes and signs a note, and sees
it in the timeline with the clocks; axe finds no serious or critical violation on any page."""

from datetime import timedelta

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from offramp.cases.services import note_create
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(ui, user):
    """Password, then a code from the authenticator app, as a person would."""
    secret = pyotp.random_base32()
    TOTP.activate(user, secret)
    ui.goto("/accounts/login/")
    ui.page.get_by_label("Email").fill(user.email)
    ui.page.get_by_label("Password").fill(PASSWORD)
    ui.page.get_by_role("button", name="Sign In").click()
    ui.check()
    assert "/accounts/2fa/authenticate/" in ui.page.url
    ui.page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    ui.page.get_by_role("button", name="Sign In").click()
    ui.check()
    return ui


@pytest.fixture
def signed_in(ui, world):
    return sign_in(ui, world.users["manager"])


def test_write_and_sign_a_note_clears_the_reply_clock(signed_in, world):
    ui = signed_in
    client = world.case.participants.get(role="client")
    note_create(actor=world.actor("manager"), case_id=world.case.pk, note_type="message", channel="text",
                direction="inbound", occurred_at=timezone.now() - timedelta(hours=3),
                narrative="Can we meet later this week?", with_participant_id=client.pk, sign=True)
    ui.goto("/")
    assert ui.page.get_by_role("heading", name="Your work queue").is_visible()
    assert ui.page.get_by_text("Reply to the client's message").is_visible()

    ui.page.get_by_role("link", name="Cases", exact=True).click()
    ui.check()
    ui.page.get_by_role("link", name=world.case.reference).click()
    ui.check()
    assert ui.page.get_by_role("heading", name="Replies due (one working day)").is_visible()

    ui.page.get_by_role("link", name="Write a note").click()
    ui.check()
    ui.page.get_by_label("Type").select_option("message")
    ui.page.get_by_label("Channel").select_option("text")
    ui.page.get_by_label("Who reached out").select_option("outbound")
    ui.page.get_by_label("What happened and what was said").fill("Replied: Thursday at six works.")
    ui.page.get_by_role("button", name="Sign note").click()
    ui.check()

    assert ui.page.get_by_text("Note signed.").is_visible()
    assert ui.page.get_by_text("Replied: Thursday at six works.").is_visible()
    assert ui.page.get_by_role("heading", name="Replies due (one working day)").count() == 0
    ui.goto("/")
    assert ui.page.get_by_text("Nothing is due. Well done.").is_visible()


def test_other_pages_are_accessible(signed_in, world):
    ui = signed_in
    for path in ["/people/", f"/people/{world.client_person.pk}/", "/people/new/", "/cases/new/",
                 f"/cases/{world.case.pk}/notes/new/", "/settings/", "/notifications/", "/directory/"]:
        ui.goto(path)
    ui.page.get_by_label("Name", exact=True).first  # noqa: B018
    ui.goto("/people/")
    ui.page.locator("#id_name").fill("Zephyrine")
    ui.page.get_by_role("button", name="Find").click()
    ui.check()
    assert ui.page.get_by_role("link", name="Zephyrine Quillbottom").is_visible()


def test_form_errors_are_announced_and_typed_text_kept(signed_in, world):
    ui = signed_in
    ui.goto("/people/new/")
    ui.page.get_by_label("First name or nickname").fill("Tamsin")
    ui.page.get_by_label("E-mail").fill("not-an-email")
    ui.page.get_by_role("button", name="Save").click()
    ui.check()
    assert ui.page.get_by_text("Enter an e-mail address like name@example.org.").is_visible()
    assert ui.page.get_by_label("First name or nickname").input_value() == "Tamsin"


def test_add_a_team_member_from_their_own_page(signed_in, world):
    ui = signed_in
    ui.goto(f"/cases/{world.case.pk}/")
    ui.page.get_by_role("link", name="Add a team member").click()
    ui.check()
    supervisor = world.users["supervisor"]
    ui.page.get_by_label("Colleague").select_option(str(supervisor.pk))
    ui.page.get_by_label("Team role").select_option("supervisor")
    ui.page.get_by_role("button", name="Add to team").click()
    ui.check()
    assert f"/cases/{world.case.pk}/" in ui.page.url
    assert ui.page.get_by_role("region", name="Team").get_by_text(supervisor.display_name).is_visible()
