"""Pages end to end: org admin imports, exports and reads definitions; a case manager answers, reads and
compares responses about a subject they may work on; other organisations get 404."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from offramp.instruments import services
from offramp.instruments.models import Instrument, InstrumentResponse

from .conftest import SUBJECT, answers_complete


def _upload(data, name="definition.json"):
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, body, content_type="application/json")


def test_admin_imports_lists_reads_and_exports(world, example):
    client = world.client("admin")
    assert client.get(reverse("instruments:instrument_list")).status_code == 200
    response = client.post(reverse("instruments:instrument_import"), {"file": _upload(example)})
    instrument = Instrument.objects.get()
    assert response.status_code == 302 and response.url == reverse("instruments:version_detail",
                                                                   args=[instrument.current_version_id])
    page = client.get(reverse("instruments:instrument_detail", args=[instrument.pk])).content.decode()
    assert "Wellbeing check-in" in page and "How have you been sleeping lately?" in page
    assert "Only when “Is there someone you can talk to when things are hard?” is “Yes”, “Not sure”." in page
    listing = client.get(reverse("instruments:instrument_list")).content.decode()
    assert "wellbeing-checkin" in listing
    export = client.get(reverse("instruments:version_export", args=[instrument.current_version_id]))
    assert export.status_code == 200 and json.loads(export.content) == example
    assert "attachment" in export["Content-Disposition"]


def test_spanish_labels_fall_back_to_english(world, version):
    client = world.client("admin")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("instruments:version_detail", args=[version.pk]), HTTP_ACCEPT_LANGUAGE="es")
    assert "¿Cómo has dormido últimamente?" in page.content.decode()


def test_import_lists_every_problem_and_saves_nothing(world, example):
    client = world.client("admin")
    example["sections"][0]["items"][0]["options"] = example["sections"][0]["items"][0]["options"][:1]
    example["scores"][0]["items"].append("notes")
    response = client.post(reverse("instruments:instrument_import"), {"file": _upload(example)})
    body = response.content.decode()
    assert response.status_code == 400 and "Nothing was imported" in body
    assert "sections[0].items[0].options: a single-choice item needs at least two options" in body
    assert "scores[0].items[3]: “notes” has no scores" in body
    assert not Instrument.objects.exists()
    broken = client.post(reverse("instruments:instrument_import"), {"file": _upload(b'{"format": 1,')})
    assert broken.status_code == 400 and "The file is not valid JSON: line 1" in broken.content.decode()


def test_case_manager_cannot_import_or_export(world, version, example):
    client = world.client("manager")
    assert client.post(reverse("instruments:instrument_import"), {"file": _upload(example)}).status_code == 403
    assert client.get(reverse("instruments:version_export", args=[version.pk])).status_code == 403
    assert client.get(reverse("instruments:version_detail", args=[version.pk])).status_code == 200


def test_case_manager_answers_in_two_contributions_and_completes(world, version, test_subject):
    client = world.client("manager")
    start = client.post(reverse("instruments:response_start", args=[version.pk]) + "?subject_type=x",
                        {"informant": "informant", "informant_relationship": "teacher", "subject_type": SUBJECT,
                         "subject_id": "subject-1"})
    response = InstrumentResponse.objects.get()
    assert start.status_code == 302 and start.url == reverse("instruments:response_answer", args=[response.pk])
    form_url = start.url
    page = client.get(form_url).content.decode()
    assert "<fieldset" in page and "<legend>How have you been sleeping lately?" in page
    assert 'type="radio" name="q_sleep"' in page and 'type="checkbox" name="q_worries"' in page
    assert "Only when" in page and "No information" in page
    saved = client.post(form_url, {"q_sleep": "badly", "q_mood": "2", "q_notes": "Tired.", "agency": "Northstar"})
    assert saved.status_code == 302
    # A second person: what was there is shown; only what they change is theirs.
    other = world.client("manager")
    done = other.post(form_url, {"q_sleep": "badly", "q_mood": "3", "q_someone_to_talk_to": "no",
                                 "s_old_contacts": "not_relevant", "complete": "1", "agency": "School"})
    assert done.status_code == 302
    response.refresh_from_db()
    assert response.status == "complete" and response.scores["wellbeing"]["value"] == 3
    detail = client.get(reverse("instruments:response_detail", args=[response.pk])).content.decode()
    assert "Completed from an informant: teacher" in detail and "Test record subject-1" in detail
    assert "Northstar" in detail and "School" in detail and "Tired." in detail and "Not relevant" in detail
    contributions = list(response.contributions.order_by("created_at"))
    assert contributions[1].answer_data == {"mood": 3, "someone_to_talk_to": "no",
                                            "old_contacts": {"special": "not_relevant"}}


def test_form_errors_keep_what_was_typed_and_validate_only_shown_items(world, version, test_subject):
    client = world.client("manager")
    response = services.response_start(actor=world.actor("manager"), version_id=version.pk, subject_type=SUBJECT,
                                       subject_id="subject-1")
    url = reverse("instruments:response_answer", args=[response.pk])
    page = client.post(url, {"q_sleep": "well", "q_mood": "4", "q_someone_to_talk_to": "yes",
                             "q_old_contacts": "yes_met", "q_notes": "Kept-this-text", "complete": "1"})
    body = page.content.decode()
    assert page.status_code == 400 and "This item is required." in body and "Kept-this-text" in body
    assert 'id="item-pressure_details"' in body
    assert not InstrumentResponse.objects.filter(status="complete").exists()
    # "who_helps" depends on someone_to_talk_to; with "no" it is hidden, and its answer is not kept.
    done = client.post(url, {"q_sleep": "well", "q_mood": "4", "q_someone_to_talk_to": "no",
                             "q_who_helps": ["family"], "q_old_contacts": "no", "complete": "1"})
    assert done.status_code == 302
    response.refresh_from_db()
    assert "who_helps" not in response.answer_data
    both = client.get(url)
    assert both.status_code == 302  # complete: the form is closed


def test_special_answer_and_value_together_is_an_error(world, version):
    client = world.client("manager")
    response = services.response_start(actor=world.actor("manager"), version_id=version.pk)
    page = client.post(reverse("instruments:response_answer", args=[response.pk]),
                       {"q_sleep": "well", "s_sleep": "no_information"})
    assert page.status_code == 400 and "not both" in page.content.decode()


def test_compare_page_marks_changed_items(world, version, test_subject):
    manager = world.actor("manager")
    ids = []
    for answers in (answers_complete(), {**answers_complete(), "sleep": "well"}):
        response = services.response_start(actor=manager, version_id=version.pk, subject_type=SUBJECT,
                                           subject_id="subject-1")
        ids.append(services.response_complete(actor=manager, response_id=response.pk, answers=answers).pk)
    client = world.client("manager")
    page = client.get(reverse("instruments:response_compare", args=ids)).content.decode()
    assert page.count('class="changed"') == 3  # sleep, wellbeing, concerns
    assert "Badly" in page and "Well" in page
    detail = client.get(reverse("instruments:response_detail", args=[ids[1]])).content.decode()
    assert reverse("instruments:response_compare", args=[ids[0], ids[1]]) in detail
    other = services.response_start(actor=manager, version_id=version.pk, subject_type=SUBJECT, subject_id="subject-2")
    assert client.get(reverse("instruments:response_compare", args=[ids[0], other.pk])).status_code == 404


def test_other_organisations_get_404(world, version, test_subject):
    response = services.response_start(actor=world.actor("manager"), version_id=version.pk, subject_type=SUBJECT,
                                       subject_id="subject-1")
    client = world.client("outsider")
    for url in (reverse("instruments:instrument_detail", args=[version.instrument_id]),
                reverse("instruments:version_detail", args=[version.pk]),
                reverse("instruments:version_export", args=[version.pk]),
                reverse("instruments:response_start", args=[version.pk]),
                reverse("instruments:response_detail", args=[response.pk]),
                reverse("instruments:response_answer", args=[response.pk])):
        assert client.get(url).status_code == 404, url
    assert "wellbeing" not in client.get(reverse("instruments:instrument_list")).content.decode()
    assert world.client("mentor").get(reverse("instruments:response_detail", args=[response.pk])).status_code == 404


def test_response_page_queries_do_not_grow_with_answers(world, version, test_subject):
    manager, client = world.actor("manager"), world.client("manager")
    response = services.response_start(actor=manager, version_id=version.pk, subject_type=SUBJECT,
                                       subject_id="subject-1")
    services.response_contribute(actor=manager, response_id=response.pk, answers={"sleep": "well"})
    url = reverse("instruments:response_detail", args=[response.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(6):
        services.response_contribute(actor=manager, response_id=response.pk,
                                     answers={"mood": 1 + n % 5, "notes": f"Note {n}", "worries": ["money"],
                                              "hours_online": n, "next_meeting": f"2026-05-0{n + 1}"})
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few) <= 20
