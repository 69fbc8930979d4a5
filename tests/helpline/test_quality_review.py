"""Supervisors review a sample of contacts against the organisation's own questions; the responder
reads the feedback and nobody else does (Q9). Also: public help requests through the API."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from offramp.core.models import AuditEvent, Notification, Role
from offramp.helpline import questionnaires, selectors
from offramp.helpline.models import ContactReview, HelpRequest
from offramp.helpline.services import contacts, reviews
from offramp.instruments import definition as spec
from offramp.instruments.services import instrument_import
from tests.conftest import make_user

RATINGS = [{"value": "met", "label": {"en": "Met", "es": "Cumplido"}},
           {"value": "partly", "label": {"en": "Partly met", "es": "Cumplido en parte"}},
           {"value": "not_met", "label": {"en": "Not met", "es": "No cumplido"}},
           {"value": "na", "label": {"en": "Not applicable", "es": "No corresponde"}}]


def review_definition(*questions: tuple[str, str]) -> dict:
    """The organisation's quality review with these (key, label) questions, each rated."""
    return {"format": 1, "key": questionnaires.REVIEW, "title": "Quality review", "sections": [
        {"title": "The contact", "items": [{"key": key, "type": "single_choice", "required": True, "label": label,
                                            "options": RATINGS} for key, label in questions]}]}


@pytest.fixture
def questions(world):
    """The organisation's review questions: an org admin imports its own version of the questionnaire."""
    asked = [("safety", "Asked every safety question"), ("listening", "Listened without judgement")]
    instrument_import(actor=world.actor("admin"), data=review_definition(*asked))
    return [SimpleNamespace(pk=key, label=label) for key, label in asked]


def _ratings(review) -> dict:
    """A review's answers, question label -> rating, from its response on its own version."""
    items = spec.items_by_key(review.response.version.definition)
    return {spec.label_text(items[key]["label"]): value for key, value in review.response.answer_data.items()}


@pytest.fixture
def contact(world):
    return contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                                summary="Father worried about his son's new friends.")


def _answers(questions, rating="met"):
    return {f"q_{q.pk}": rating for q in questions}


def test_supervisor_reviews_a_contact_and_the_responder_reads_the_feedback(world, questions, contact):
    response = world.client("supervisor").post(reverse("contact_review", args=[contact.pk]), {
        **_answers(questions), f"q_{questions[1].pk}": "partly",
        "feedback": "Calm and clear. Ask about weapons at home next time."})
    assert response.status_code == 302
    review = ContactReview.objects.get()
    assert review.responder == world.users["responder"] and review.read_at is None
    assert _ratings(review) == {
        "Asked every safety question": "met", "Listened without judgement": "partly"}
    notice = Notification.objects.get(user=world.users["responder"])
    assert contact.reference in notice.message and "weapons" not in notice.message

    page = world.client("responder").get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert "Ask about weapons at home next time." in page and "Partly met" in page and "Mark as read" in page
    feedback = world.client("responder").get(reverse("feedback")).content.decode()
    assert contact.reference in feedback
    queue = world.client("responder").get(reverse("helpline_queue")).content.decode()
    assert "1 new" in queue

    world.client("responder").post(reverse("review_read", args=[review.pk]))
    review.refresh_from_db()
    assert review.read_at is not None
    assert AuditEvent.objects.filter(object_type="contact_review", object_id=str(review.pk)).count() == 2


def test_feedback_is_private_to_the_responder_and_supervisors(world, questions, contact):
    colleague = make_user("responder2@northstar.test", world.org, Role.HELPLINE_RESPONDER)
    world.users["responder2"] = colleague
    review = reviews.contact_review_save(actor=world.actor("supervisor"), contact_id=contact.pk,
                                         answers={str(q.pk): "met" for q in questions},
                                         feedback="Private words for the responder only.")
    page = world.client("responder2").get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert "Private words for the responder only." not in page
    assert "Private words" not in world.client("responder2").get(reverse("feedback")).content.decode()
    assert world.client("responder2").post(reverse("review_read", args=[review.pk])).status_code == 404
    assert world.client("outsider").post(reverse("review_read", args=[review.pk])).status_code in (403, 404)
    for persona in ("responder", "manager", "evaluator", "admin"):
        assert world.client(persona).get(reverse("quality_reviews")).status_code == 403
    # A supervisor elsewhere sees their own organisation's reviews, not these.
    elsewhere = world.client("outsider").get(reverse("quality_reviews")).content.decode()
    assert contact.reference not in elsewhere and "Private words" not in elsewhere
    review.refresh_from_db()
    assert review.read_at is None


def test_every_question_and_feedback_are_required_and_the_form_keeps_what_was_typed(world, questions, contact):
    response = world.client("supervisor").post(reverse("contact_review", args=[contact.pk]), {
        f"q_{questions[0].pk}": "not_met", "feedback": "Too short"})
    body = response.content.decode()
    assert response.status_code == 400 and not ContactReview.objects.exists()
    assert "This field is required." in body  # the unanswered question
    checked = re.findall(r'<input type="radio" name="q_[\w-]+" value="(\w+)"[^>]*checked', body)
    assert checked == ["not_met"]  # the answer given is still ticked
    assert "Too short</textarea>" in body
    with pytest.raises(ValidationError) as error:
        reviews.contact_review_save(actor=world.actor("supervisor"), contact_id=contact.pk,
                                    answers={str(questions[0].pk): "met"}, feedback="x")
    assert "Listened without judgement" in str(error.value) and "at least 10 characters" in str(error.value)


def test_only_supervisors_review_and_never_their_own_contacts(world, questions, contact):
    assert world.client("responder").post(reverse("contact_review", args=[contact.pk]), {
        **_answers(questions), "feedback": "Reviewing myself, which is not allowed."}).status_code == 403
    own = contacts.contact_log(actor=world.actor("supervisor"), channel="phone", caller_relationship="parent")
    with pytest.raises(ValidationError) as error:
        reviews.contact_review_save(actor=world.actor("supervisor"), contact_id=own.pk,
                                    answers={str(q.pk): "met" for q in questions}, feedback="Looks fine to me.")
    assert "Another supervisor reviews the contacts you took yourself." in str(error.value)


def test_a_revised_review_replaces_the_answers_and_is_unread_again(world, questions, contact):
    supervisor = world.actor("supervisor")
    first = reviews.contact_review_save(actor=supervisor, contact_id=contact.pk,
                                        answers={str(q.pk): "met" for q in questions}, feedback="First thoughts here.")
    reviews.review_mark_read(actor=world.actor("responder"), review_id=first.pk)
    revised = reviews.contact_review_save(actor=supervisor, contact_id=contact.pk,
                                          answers={str(q.pk): "not_met" for q in questions},
                                          feedback="Second thoughts, after listening again.")
    assert revised.pk == first.pk and revised.read_at is None
    assert set(revised.response.answer_data.values()) == {"not_met"}
    page = world.client("supervisor").get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert "Second thoughts, after listening again." in page  # the form opens with the saved review


def test_the_sample_takes_a_few_unreviewed_contacts_from_each_responder_and_stays_put(world, questions):
    colleague = make_user("responder2@northstar.test", world.org, Role.HELPLINE_RESPONDER)
    supervisor = world.actor("supervisor")
    logged = {}
    for persona, user in (("responder", world.users["responder"]), ("responder2", colleague)):
        world.users[persona] = user
        logged[user.pk] = [contacts.contact_log(actor=world.actor(persona), channel="phone",
                                                caller_relationship="parent") for _ in range(4)]
    contacts.contact_log(actor=supervisor, channel="phone", caller_relationship="self")
    old = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                               received_at=timezone.now() - timedelta(days=40))
    sample = selectors.review_sample(supervisor)
    assert sorted(c.responder_id for c in sample) == sorted([world.users["responder"].pk] * 2 + [colleague.pk] * 2)
    assert old not in sample
    assert [c.pk for c in selectors.review_sample(supervisor)] == [c.pk for c in sample]

    reviews.contact_review_save(actor=supervisor, contact_id=sample[0].pk,
                                answers={str(q.pk): "met" for q in questions}, feedback="Reviewed from the sample.")
    assert sample[0] not in selectors.review_sample(supervisor)
    page = world.client("supervisor").get(reverse("quality_reviews")).content.decode()
    assert sample[1].reference in page and sample[0].reference in page  # one to do, one written


# ---- public help requests through the API ------------------------------------------------------

def _request(world, **fields):
    from offramp.helpline.services.web_requests import help_request_submit

    data = {"name": "Ottilie", "phone": "+1 212 555 0199", "email": "", "when_to_reach": "After 6 pm",
            "worry": "My nephew repeats slogans from a forum.", "language": "en", **fields}
    return help_request_submit(organization=world.org, data=data)


def test_help_requests_are_listed_claimed_and_done_through_the_api(world):
    waiting = _request(world)
    client = world.client("responder")
    listed = client.get("/api/v1/help-requests/").json()["results"]
    assert [r["reference"] for r in listed] == [waiting.reference]
    assert "phone" not in listed[0] and "worry" not in listed[0]  # how to reach them only once claimed

    claimed = client.post(f"/api/v1/help-requests/{waiting.pk}/claim/")
    assert claimed.status_code == 200
    assert claimed.json()["phone"] == "+1 212 555 0199" and claimed.json()["status"] == "claimed"
    assert world.client("supervisor").post(f"/api/v1/help-requests/{waiting.pk}/claim/").status_code == 400
    assert world.client("supervisor").get("/api/v1/help-requests/").json()["results"] == []

    done = client.post(f"/api/v1/help-requests/{waiting.pk}/done/")
    assert done.json()["status"] == "done"
    assert client.get("/api/v1/help-requests/").json()["results"] == []
    assert AuditEvent.objects.filter(object_type="help_request", action="list").exists()


@pytest.mark.parametrize("persona", ["manager", "mentor", "evaluator", "admin", "auditor"])
def test_help_requests_api_is_for_the_helpline_only(world, persona):
    waiting = _request(world)
    client = world.client(persona)
    assert client.get("/api/v1/help-requests/").status_code == 403
    assert client.post(f"/api/v1/help-requests/{waiting.pk}/claim/").status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == HelpRequest.Status.NEW


def test_another_organisations_help_requests_stay_invisible(world):
    waiting = _request(world)
    outsider = world.client("outsider")
    assert outsider.get("/api/v1/help-requests/").json()["results"] == []
    assert outsider.post(f"/api/v1/help-requests/{waiting.pk}/claim/").status_code == 404
    assert Client().get("/api/v1/help-requests/").status_code in (401, 403)


def test_supervisor_gives_a_web_request_to_a_responder(world):
    waiting = _request(world)
    refused = world.client("supervisor").post(reverse("help_request_assign", args=[waiting.pk]),
                                              {"assignee": world.users["mentor"].pk})
    body = refused.content.decode()
    assert refused.status_code == 400
    assert "Choose a helpline responder or supervisor of your organisation." in body
    waiting.refresh_from_db()
    assert waiting.status == HelpRequest.Status.NEW

    assert world.client("responder").post(reverse("help_request_assign", args=[waiting.pk]),
                                          {"assignee": world.users["responder"].pk}).status_code == 403
    given = world.client("supervisor").post(reverse("help_request_assign", args=[waiting.pk]),
                                            {"assignee": world.users["responder"].pk})
    waiting.refresh_from_db()
    assert given.status_code == 302 and waiting.claimed_by == world.users["responder"]
    assert waiting.reference in Notification.objects.get(user=world.users["responder"]).message
    listed = world.client("responder").get("/api/v1/help-requests/").json()["results"]
    assert listed[0]["phone"] == "+1 212 555 0199"  # now theirs: they see how to reach the person
    api = world.client("supervisor").post(f"/api/v1/help-requests/{waiting.pk}/assign/",
                                          {"assignee": world.users["supervisor"].pk},
                                          content_type="application/json")
    assert api.status_code == 200 and api.json()["claimed_by"] == world.users["supervisor"].pk
