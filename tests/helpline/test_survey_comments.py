"""The survey's free-text comments, read by supervisors on the helpline figures page once the period has
the organisation's small-cell threshold of answers: never with a contact, caller, responder or time."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from offramp.helpline import questionnaires
from offramp.helpline.services import contacts
from offramp.instruments.models import InstrumentResponse

DASHBOARD = reverse("helpline_dashboard")


def _answer(world, comment: str = "") -> None:
    contact = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent")
    page = world.client("responder").post(reverse("survey_link", args=[contact.pk]), follow=True).content.decode()
    start = page.index("/survey/")
    link = page[start:page.index("/", start + len("/survey/")) + 1]
    answered = Client().post(link, {"helpful": "4", "felt_heard": "yes", "would_recommend": "yes", "comment": comment})
    assert "Thank you" in answered.content.decode()


@pytest.fixture
def threshold(world):
    world.org.small_cell_threshold = 3
    world.org.save()
    return 3


def _section(page: str) -> str:
    start = page.find('id="survey-comments-heading"')
    return page[start:page.index("</section>", start)] if start >= 0 else ""


def test_below_the_threshold_the_comments_wait_and_say_how_many_more_answers_are_needed(world, threshold):
    _answer(world, "Zebra-striped honesty, thank you.")
    _answer(world)
    section = _section(world.client("supervisor").get(DASHBOARD).content.decode())
    assert "Survey comments" in section and "Answers still needed: 1." in section
    assert "Zebra-striped" not in section


def test_at_the_threshold_supervisors_read_them_sorted_and_unlinked(world, threshold):
    _answer(world, "Zebra-striped honesty, thank you.")
    _answer(world)  # no comment: counts as an answer, shows nothing
    _answer(world, "apples and patience")
    page = world.client("supervisor").get(DASHBOARD).content.decode()
    section = _section(page)
    assert section.index("apples and patience") < section.index("Zebra-striped honesty")  # by text, not by time
    assert section.count("<li>") == 2
    _answer(world, "apples and patience")  # the same words again: listed once, with how many times
    again = _section(world.client("supervisor").get(DASHBOARD).content.decode())
    assert again.count("apples and patience") == 1 and "(written 2 times)" in again
    contact_refs = [c.reference for c in contacts.HelplineContact.objects.all()]
    assert not any(ref in section for ref in contact_refs)
    assert world.users["responder"].display_name not in section and "<time" not in section


@pytest.mark.parametrize("persona", ["evaluator", "auditor", "admin"])
def test_figures_readers_without_supervision_see_no_comments(world, threshold, persona):
    for comment in ("one", "two", "three"):
        _answer(world, f"Comment {comment} from a caller")
    page = world.client(persona).get(DASHBOARD)
    assert page.status_code == 200
    assert "Survey comments" not in page.content.decode() and "from a caller" not in page.content.decode()


def test_a_responder_cannot_open_the_figures(world, threshold):
    assert world.client("responder").get(DASHBOARD).status_code == 403


def test_another_organisations_supervisor_never_reads_ours(world, threshold):
    for comment in ("one", "two", "three"):
        _answer(world, f"Comment {comment} from a caller")
    page = world.client("outsider").get(DASHBOARD).content.decode()
    assert "from a caller" not in page
    assert f"Answers still needed: {world.other_org.small_cell_threshold}." in _section(page)  # theirs has none


def test_only_the_period_shown_counts(world, threshold):
    for comment in ("one", "two", "three"):
        _answer(world, f"Comment {comment} from a caller")
    InstrumentResponse.objects.filter(version__instrument__key=questionnaires.SURVEY).update(
        completed_at=timezone.now() - timedelta(weeks=20))
    _answer(world, "A recent word")
    recent = _section(world.client("supervisor").get(DASHBOARD + "?weeks=4").content.decode())
    assert "Answers still needed: 2." in recent and "A recent word" not in recent
    year = _section(world.client("supervisor").get(DASHBOARD + "?weeks=26").content.decode())
    assert "A recent word" in year and "Comment one from a caller" in year
