"""The quality review and the survey on the instrument engine: the organisation's own versions of the
questions, reviews read with the questions they were answered with, survey answers tied to nothing, and
who reads what."""

import json
from datetime import time
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from offramp.core.models import AuditEvent, Role
from offramp.helpline import questionnaires
from offramp.helpline.models import ContactReview, SurveyInvitation
from offramp.helpline.services import contacts, reviews, survey
from offramp.instruments.models import Contribution, Instrument, InstrumentResponse
from tests.conftest import make_user

from .test_quality_review import review_definition

PACKAGED_ANSWERS = {key: "met" for key in ("listened", "safety", "needs", "coaching", "resources", "documented")}
SURVEY_ANSWERS = {"helpful": "4", "felt_heard": "yes", "would_recommend": "no", "comment": "Kind and calm."}


def _contact(world, persona="responder", **fields):
    return contacts.contact_log(actor=world.actor(persona), channel="phone", caller_relationship="parent", **fields)


def _upload(data: dict) -> SimpleUploadedFile:
    return SimpleUploadedFile("review.json", json.dumps(data).encode(), content_type="application/json")


def _review(world, contact, answers=None, feedback="Calm, clear and kind; name the next step."):
    return reviews.contact_review_save(actor=world.actor("supervisor"), contact_id=contact.pk,
                                       answers=answers or PACKAGED_ANSWERS, feedback=feedback)


def test_the_first_review_sets_up_the_packaged_questions_as_version_1(world):
    contact = _contact(world)
    page = world.client("supervisor").get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert "Asked every safety question and acted on the answers" in page  # shown before its first use
    assert not Instrument.objects.exists()
    review = _review(world, contact)
    instrument = Instrument.objects.get(organization=world.org, key=questionnaires.REVIEW)
    version = instrument.current_version
    assert version.number == 1 and version.created_by is None
    assert version.definition == questionnaires.packaged(questionnaires.REVIEW)
    assert review.response.version == version and review.response.is_complete
    assert (review.response.subject_type, review.response.subject_id) == ("helpline_contact", str(contact.pk))
    assert review.response.started_by == world.users["supervisor"]
    # The version page says where version 1 came from; in Spanish, the questions are Spanish.
    admin = world.client("admin")
    listing = admin.get(reverse("instruments:version_detail", args=[version.pk])).content.decode()
    assert "Shipped with Offramp" in listing
    spanish = admin.get(reverse("instruments:version_detail", args=[version.pk]), HTTP_ACCEPT_LANGUAGE="es")
    assert "Hizo todas las preguntas de seguridad" in spanish.content.decode()
    # Another organisation gets its own copy when it first reviews, not this one.
    assert not Instrument.objects.filter(organization=world.other_org).exists()


def test_an_admins_new_version_changes_the_form_and_an_older_review_keeps_its_questions(world):
    first, second = _contact(world), _contact(world)
    older = _review(world, first)
    imported = world.client("admin").post(reverse("instruments:instrument_import"), {"file": _upload(
        review_definition(("next_step", "Agreed a next step with the caller"),
                          ("tone", "Kept a calm, warm tone")))})
    assert imported.status_code == 302
    instrument = Instrument.objects.get(organization=world.org, key=questionnaires.REVIEW)
    assert instrument.current_version.number == 2
    assert instrument.versions.get(number=1).definition == questionnaires.packaged(questionnaires.REVIEW)

    supervisor = world.client("supervisor")
    page = supervisor.get(reverse("contact_detail", args=[second.pk])).content.decode()
    assert 'name="q_next_step"' in page and "Kept a calm, warm tone" in page
    assert 'name="q_listened"' not in page and "Asked every safety question" not in page
    saved = supervisor.post(reverse("contact_review", args=[second.pk]), {
        "q_next_step": "partly", "q_tone": "met", "feedback": "Warm; agree the next step out loud."})
    assert saved.status_code == 302
    newer = ContactReview.objects.get(contact=second)
    assert newer.response.version.number == 2 and newer.response.answer_data == {"next_step": "partly", "tone": "met"}
    # The older review reads with its own version's questions, on the contact page and on its own.
    older_page = supervisor.get(reverse("contact_detail", args=[first.pk])).content.decode()
    assert "Asked every safety question and acted on the answers" in older_page
    assert "Answered on version 1 of the questionnaire" in older_page
    response_page = supervisor.get(reverse("instruments:response_detail", args=[older.response_id])).content.decode()
    assert "Documented what was said, not guesses about motives" in response_page
    assert "Agreed a next step" not in response_page
    # Revising it answers the current questions; the first answers stay on record.
    revised = _review(world, first, answers={"next_step": "met", "tone": "met"}, feedback="Second look: well done.")
    assert revised.pk == older.pk and revised.response.version.number == 2
    assert InstrumentResponse.objects.filter(pk=older.response_id, version__number=1).exists()


def test_questions_of_the_new_version_are_required_and_old_ones_are_refused(world):
    contact = _contact(world)
    world.client("admin").post(reverse("instruments:instrument_import"), {"file": _upload(
        review_definition(("next_step", "Agreed a next step with the caller")))})
    refused = world.client("supervisor").post(reverse("contact_review", args=[contact.pk]), {
        "q_listened": "met", "feedback": "Answers to questions no longer asked."})
    assert refused.status_code == 400 and "This field is required." in refused.content.decode()
    assert not ContactReview.objects.exists()


def test_a_responder_reads_reviews_of_their_own_contacts_only(world):
    colleague = make_user("responder2@northstar.test", world.org, Role.HELPLINE_RESPONDER)
    world.users["responder2"] = colleague
    review = _review(world, _contact(world))
    url = reverse("instruments:response_detail", args=[review.response_id])
    api = f"/api/v1/instruments/responses/{review.response_id}/"
    assert world.client("responder").get(url).status_code == 200
    assert world.client("responder").get(api).status_code == 200
    for persona in ("responder2", "manager", "evaluator", "admin"):
        assert world.client(persona).get(url).status_code == 404, persona
        assert world.client(persona).get(api).status_code == 404, persona
    assert world.client("supervisor").get(url).status_code == 200
    # Nobody starts a review of their own contact through the questionnaire pages either.
    own = _contact(world, "supervisor")
    version = review.response.version
    started = world.client("supervisor").post(reverse("instruments:response_start", args=[version.pk]), {
        "informant": "self", "subject_type": "helpline_contact", "subject_id": str(own.pk)})
    assert started.status_code == 404


def test_another_organisation_reads_neither_reviews_nor_survey_answers(world):
    review = _review(world, _contact(world))
    invitation = survey.survey_invitation_create(actor=world.actor("responder"))
    Client().post(reverse("survey", args=[invitation.token]), SURVEY_ANSWERS)
    answer = InstrumentResponse.objects.get(version__instrument__key=questionnaires.SURVEY)
    outsider = world.client("outsider")  # a supervisor and org admin elsewhere
    for response_id in (review.response_id, answer.pk):
        assert outsider.get(reverse("instruments:response_detail", args=[response_id])).status_code == 404
        assert outsider.get(f"/api/v1/instruments/responses/{response_id}/").status_code == 404
    version = Instrument.objects.get(organization=world.org, key=questionnaires.SURVEY).current_version_id
    assert outsider.get(reverse("instruments:version_detail", args=[version])).status_code == 404
    # In their own organisation, supervisors and org admins read the anonymous answers; responders do not.
    for persona, status in (("supervisor", 200), ("admin", 200), ("responder", 404), ("evaluator", 404)):
        page = world.client(persona).get(reverse("instruments:response_detail", args=[answer.pk]))
        assert page.status_code == status, persona
    page = world.client("admin").get(reverse("instruments:response_detail", args=[answer.pk])).content.decode()
    assert "Kind and calm." in page and "Anonymously, on" in page and world.users["responder"].display_name not in page


def test_survey_answers_are_tied_to_no_contact_caller_or_moment(world):
    contact = _contact(world, caller_name="Philippa", caller_email="philippa@example.org",
                       summary="Worried about her son's new friends.")
    page = world.client("responder").post(reverse("survey_link", args=[contact.pk]), follow=True).content.decode()
    start = page.index("/survey/")
    link = page[start:page.index("/", start + len("/survey/")) + 1]
    assert "Thank you" in Client().post(link, SURVEY_ANSWERS).content.decode()
    response = InstrumentResponse.objects.get(version__instrument__key=questionnaires.SURVEY)

    # No relation leads from the answer to a contact, an invitation, a caller or a person.
    related = {field.related_model._meta.label for field in InstrumentResponse._meta.get_fields()
               if field.is_relation and field.related_model}
    assert related == {"core.Organization", "instruments.InstrumentVersion", "core.User", "instruments.Contribution"}
    assert {f.name for f in SurveyInvitation._meta.get_fields()}.isdisjoint({"contact", "response"})
    # Nor does anything kept on the row: no subject, no author, no contribution, no event.
    assert (response.subject_type, response.subject_id, response.started_by_id) == ("", "", None)
    assert response.informant_relationship in (None, "")
    assert not Contribution.objects.filter(response=response).exists()
    assert not AuditEvent.objects.filter(object_id=str(response.pk)).exists()
    values = " ".join(str(getattr(response, field.attname)) for field in InstrumentResponse._meta.concrete_fields)
    values += response.answers
    for secret in (str(contact.pk), contact.reference, "Philippa", "philippa@example.org", link.split("/")[2]):
        assert secret not in values
    # No moment to join on: every time on the row is the start of the organisation's day.
    zone = ZoneInfo(world.org.time_zone)
    day_start = {timezone.localtime(moment, zone).time()
                 for moment in (response.created_at, response.updated_at, response.completed_at)}
    assert day_start == {time.min}
    assert response.answer_data == SURVEY_ANSWERS
    assert response.scores["helpful"]["value"] == 4 and response.scores["recommend"]["value"] == 0


def test_survey_figures_count_scores_with_the_small_cell_threshold(world):
    world.org.small_cell_threshold = 5
    world.org.save()
    for index in range(4):
        invitation = survey.survey_invitation_create(actor=world.actor("responder"))
        survey.survey_submit(token=invitation.token, data={**SURVEY_ANSWERS, "helpful": str(5 - index % 3)})
    evaluator = world.client("evaluator")
    figures = evaluator.get("/api/v1/helpline/figures/").json()
    assert figures["surveys"] == "<5" and figures["survey_shares"] is None
    invitation = survey.survey_invitation_create(actor=world.actor("responder"))
    survey.survey_submit(token=invitation.token, data={"helpful": "2", "felt_heard": "no", "would_recommend": "yes"})
    figures = evaluator.get("/api/v1/helpline/figures/").json()
    # helpful: 5, 4, 3, 5, 2 -> three of five at 4 or more; heard four of five; recommend one of five.
    assert figures["surveys"] == 5 and figures["survey_shares"] == {"helpful": 60, "heard": 80, "recommend": 20}


def test_an_admins_new_survey_version_is_what_the_link_asks(world):
    invitation = survey.survey_invitation_create(actor=world.actor("responder"))
    packaged = questionnaires.packaged(questionnaires.SURVEY)
    packaged["sections"][0]["items"].insert(3, {"key": "came_back", "type": "single_choice",
                                                "label": {"en": "Would you call us again?", "es": "¿Volvería a llamarnos?"},
                                                "required": True, "options": [
                                                    {"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}]})
    world.client("admin").post(reverse("instruments:instrument_import"), {"file": _upload(packaged)})
    client = Client()
    # Public pages speak the organisation's language unless the visitor picks another (?lang=).
    page = client.get(reverse("survey", args=[invitation.token]), {"lang": "es"}).content.decode()
    assert "¿Volvería a llamarnos?" in page and "¿Qué tan útil fue hablar con nosotros?" in page
    refused = client.post(reverse("survey", args=[invitation.token]), SURVEY_ANSWERS)
    assert refused.status_code == 400  # the new question is required
    assert "Thank you" in client.post(reverse("survey", args=[invitation.token]),
                                      {**SURVEY_ANSWERS, "came_back": "yes"}).content.decode()
    response = InstrumentResponse.objects.get(version__instrument__key=questionnaires.SURVEY)
    assert response.version.number == 2 and response.answer_data["came_back"] == "yes"
