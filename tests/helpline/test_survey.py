"""The anonymous post-contact survey: one-time links, answers never tied to the caller."""

from django.test import Client
from django.urls import reverse

from offramp.helpline import questionnaires
from offramp.helpline.models import SurveyInvitation
from offramp.helpline.services import contacts
from offramp.instruments.models import InstrumentResponse

ANSWERS = {"helpful": "5", "felt_heard": "yes", "would_recommend": "yes", "comment": "Kind and calm."}


def _answers():
    """The survey's answers: anonymous responses to the organisation's survey questionnaire."""
    return InstrumentResponse.objects.filter(version__instrument__key=questionnaires.SURVEY)


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
    assert _answers().count() == 1


def test_answers_cannot_be_traced_to_the_contact(world):
    link = _link(world)
    Client().post(link, ANSWERS)
    response = _answers().get()
    field_names = {f.name for f in InstrumentResponse._meta.get_fields()}
    assert not field_names & {"contact", "invitation", "caller"}
    assert (response.subject_type, response.subject_id, response.started_by) == ("", "", None)
    assert response.answer_data["comment"] == "Kind and calm."
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


def test_the_link_is_emailed_to_the_caller_without_naming_the_call(world):
    from django.core import mail

    from offramp.core.models import AuditEvent

    contact = contacts.contact_log(actor=world.actor("responder"), channel="email", caller_relationship="parent",
                                   caller_email="caller@example.org", caller_name="Philippa",
                                   summary="Worried about her son's new friends.")
    page = world.client("responder").get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert "E-mail the survey link to the caller" in page
    sent = world.client("responder").post(reverse("survey_email", args=[contact.pk]), follow=True)
    assert "The survey link was sent to the caller&#x27;s e-mail." in sent.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["caller@example.org"]
    message = mail.outbox[0].subject + mail.outbox[0].body
    for secret in ("Northstar", "Philippa", contact.reference, "son", "helpline"):
        assert secret not in message
    link = message[message.index("/survey/"):].split()[0]
    assert "Thank you" in Client().post(link, ANSWERS).content.decode()
    # Nothing kept says which link went to whom.
    invitation = SurveyInvitation.objects.get()
    assert not AuditEvent.objects.filter(object_id=str(contact.pk), object_type="survey_invitation").exists()
    assert str(invitation.token) not in str(list(AuditEvent.objects.values_list("detail", flat=True)))


def test_no_email_without_an_address_or_access(world):
    from django.core import mail

    anonymous = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent")
    assert "E-mail the survey link" not in world.client("responder").get(
        reverse("contact_detail", args=[anonymous.pk])).content.decode()
    refused = world.client("responder").post(reverse("survey_email", args=[anonymous.pk]), follow=True)
    assert "This caller gave no e-mail address" in refused.content.decode()
    with_email = contacts.contact_log(actor=world.actor("responder"), channel="email", caller_relationship="parent",
                                      caller_email="caller@example.org")
    assert world.client("manager").post(reverse("survey_email", args=[with_email.pk])).status_code == 403
    assert world.client("outsider").post(reverse("survey_email", args=[with_email.pk])).status_code in (403, 404)
    assert mail.outbox == [] and not SurveyInvitation.objects.exists()


def test_a_mail_server_that_is_down_gets_a_clear_message(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2  # nothing listens there
    contact = contacts.contact_log(actor=world.actor("responder"), channel="email", caller_relationship="parent",
                                   caller_email="caller@example.org")
    page = world.client("responder").post(reverse("survey_email", args=[contact.pk]), follow=True)
    assert page.status_code == 200 and "The e-mail could not be sent." in page.content.decode()
    assert not SurveyInvitation.objects.exists()  # no link kept that nobody received
