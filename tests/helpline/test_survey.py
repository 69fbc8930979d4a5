"""The anonymous post-contact survey: one-time links, answers never tied to the caller."""

from django.test import Client
from django.urls import reverse

from offramp.helpline import contacts
from offramp.helpline.models import SurveyInvitation, SurveyResponse

ANSWERS = {"helpful": "5", "felt_heard": "yes", "would_recommend": "yes", "comment": "Kind and calm."}


def _link(world) -> str:
    contact = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent")
    page = world.client("responder").post(reverse("survey_link", args=[contact.pk]), follow=True).content.decode()
    start = page.index("/survey/")
    return page[start:page.index("/", start + len("/survey/")) + 1]


def test_link_works_once_without_login(world):
    link = _link(world)
    client = Client()
    assert client.get(link).status_code == 200
    assert "Thank you" in client.post(link, ANSWERS).content.decode()
    assert client.post(link, ANSWERS).status_code == 404
    assert SurveyResponse.objects.count() == 1


def test_answers_cannot_be_traced_to_the_contact(world):
    link = _link(world)
    Client().post(link, ANSWERS)
    response = SurveyResponse.objects.get()
    field_names = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not field_names & {"contact", "invitation", "caller", "created_at"}
    assert response.comment == "Kind and calm."
    assert {f.name for f in SurveyInvitation._meta.get_fields()}.isdisjoint({"contact", "response"})


def test_bad_answers_are_explained(world):
    link = _link(world)
    page = Client().post(link, {"helpful": "9"})
    assert page.status_code == 400 and "Select a valid choice" in page.content.decode()


def test_unknown_link(db):
    assert Client().get("/survey/nonsense/").status_code == 404


def test_results_feed_the_figures_once_there_are_enough(world):
    for _ in range(11):
        Client().post(_link(world), ANSWERS)
    figures = world.client("evaluator").get("/api/v1/helpline/figures/").json()
    assert figures["surveys"] == 11 and figures["survey_shares"] == {"helpful": 100, "heard": 100, "recommend": 100}
