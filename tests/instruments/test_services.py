"""Versioning, responses, contributions, encryption, scoring on completion, comparison, the subject registry."""

import copy

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from offramp.core.access import Forbidden, NotFound
from offramp.core.models import AuditEvent
from offramp.instruments import selectors, services, subjects
from offramp.instruments.comparison import compare
from offramp.instruments.definition import DefinitionError
from offramp.instruments.models import (
    Contribution,
    Instrument,
    InstrumentResponse,
    InstrumentVersion,
)

from .conftest import SUBJECT, answers_complete


def test_import_creates_an_instrument_then_versions(world, example):
    admin = world.actor("admin")
    first = services.instrument_import(actor=admin, data=copy.deepcopy(example))
    assert first.number == 1 and first.instrument.current_version == first
    assert services.instrument_import(actor=admin, data=copy.deepcopy(example)) == first  # same definition: no version
    changed = copy.deepcopy(example)
    changed["sections"][0]["items"][1]["max"] = 7
    second = services.instrument_import(actor=admin, data=changed)
    assert second.number == 2 and second.instrument_id == first.instrument_id
    instrument = Instrument.objects.get()
    assert instrument.current_version == second and instrument.versions.count() == 2
    assert AuditEvent.objects.filter(action="create", object_type="instrument_version").count() == 2


def test_a_version_is_never_edited(version):
    version.definition["title"] = "Changed"
    with pytest.raises(ValueError, match="never changed"):
        version.save()


def test_a_response_keeps_its_version(world, example, version):
    response = services.response_start(actor=world.actor("manager"), version_id=version.pk)
    changed = copy.deepcopy(example)
    changed["title"] = "Wellbeing check-in, revised"
    services.instrument_import(actor=world.actor("admin"), data=changed)
    response.refresh_from_db()
    assert response.version == version
    assert services.response_start(actor=world.actor("manager"), instrument_key="wellbeing-checkin").version.number == 2


def test_only_org_admins_import_and_nothing_is_saved_on_error(world, example):
    with pytest.raises(Forbidden):
        services.instrument_import(actor=world.actor("manager"), data=example)
    bad = copy.deepcopy(example)
    bad["scores"][0]["method"] = "median"
    with pytest.raises(DefinitionError):
        services.instrument_import(actor=world.actor("admin"), data=bad)
    assert not Instrument.objects.exists() and not InstrumentVersion.objects.exists()


def test_contributions_are_attributed_and_merged_in_order(world, version, test_subject):
    manager, other = world.actor("manager"), world.actor("other_manager")
    response = services.response_start(actor=manager, version_id=version.pk, subject_type=SUBJECT,
                                       subject_id="subject-1", informant="informant",
                                       informant_relationship="mother")
    services.response_contribute(actor=manager, response_id=response.pk, answers={"sleep": "well", "mood": 2},
                                 agency="Northstar")
    services.response_contribute(actor=other, response_id=response.pk, answers={"mood": 4, "notes": "Calmer now."},
                                 agency="Probation service")
    response.refresh_from_db()
    assert response.answer_data == {"sleep": "well", "mood": 4, "notes": "Calmer now."}
    assert response.informant == "informant" and response.informant_relationship == "mother"
    contributions = list(selectors.response_contributions(response))
    assert [(c.author, c.agency, c.answer_data) for c in contributions] == [
        (world.users["manager"], "Northstar", {"sleep": "well", "mood": 2}),
        (world.users["other_manager"], "Probation service", {"mood": 4, "notes": "Calmer now."}),
    ]


def test_answers_are_encrypted_in_the_database(world, version):
    response = services.response_start(actor=world.actor("manager"), version_id=version.pk)
    services.response_contribute(actor=world.actor("manager"), response_id=response.pk,
                                 answers={"notes": "Zanzibar-marmalade-secret", "mood": 3}, agency="Quokka agency")
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM instruments_instrumentresponse")
        (raw_response,) = cursor.fetchone()
        cursor.execute("SELECT answers, agency FROM instruments_contribution")
        raw_answers, raw_agency = cursor.fetchone()
    for raw in (raw_response, raw_answers, raw_agency):
        assert b"Zanzibar" not in bytes(raw) and b"Quokka" not in bytes(raw) and b"notes" not in bytes(raw)


def test_completion_needs_required_items_shown_and_scores_are_kept(world, version):
    manager = world.actor("manager")
    response = services.response_start(actor=manager, version_id=version.pk)
    services.response_contribute(actor=manager, response_id=response.pk,
                                 answers={"sleep": "badly", "mood": 4, "old_contacts": "yes_met"})
    with pytest.raises(ValidationError) as caught:
        services.response_complete(actor=manager, response_id=response.pk)
    assert set(caught.value.message_dict) == {"someone_to_talk_to", "pressure_details"}
    response = services.response_complete(actor=manager, response_id=response.pk,
                                          answers={"someone_to_talk_to": "no",
                                                   "old_contacts": {"special": "not_relevant"}})
    assert response.status == "complete" and response.completed_at
    assert response.scores["wellbeing"]["value"] == 4 and response.scores["concerns"]["value"] == 2
    with pytest.raises(ValidationError):
        services.response_contribute(actor=manager, response_id=response.pk, answers={"mood": 1})


def test_bad_answers_are_refused_by_item(world, version):
    response = services.response_start(actor=world.actor("manager"), version_id=version.pk)
    with pytest.raises(ValidationError) as caught:
        services.response_contribute(actor=world.actor("manager"), response_id=response.pk,
                                     answers={"mood": 11, "someone_to_talk_to": {"special": "not_relevant"}})
    assert set(caught.value.message_dict) == {"mood", "someone_to_talk_to"}
    assert not Contribution.objects.exists()


def test_compare_item_by_item_and_domain_by_domain(world, version, test_subject):
    manager = world.actor("manager")
    results = []
    for answers in (answers_complete(), {**answers_complete(), "sleep": "well", "mood": 4}):
        response = services.response_start(actor=manager, version_id=version.pk, subject_type=SUBJECT,
                                           subject_id="subject-1")
        results.append(services.response_complete(actor=manager, response_id=response.pk, answers=answers))
    comparison = compare(*results)
    by_key = {row["key"]: row for row in comparison["items"]}
    assert by_key["sleep"]["before"] == "badly" and by_key["sleep"]["after"] == "well" and by_key["sleep"]["changed"]
    assert by_key["sleep"]["before_text"] == "Badly" and by_key["sleep"]["after_text"] == "Well"
    assert not by_key["mood"]["changed"]
    domains = {row["key"]: row for row in comparison["domains"]}
    assert (domains["wellbeing"]["before"], domains["wellbeing"]["after"], domains["wellbeing"]["changed"]) == (6, 8, True)
    assert domains["mood_average"]["changed"] is False


def test_subject_registry_decides_who_reads_and_writes(world, version, test_subject):
    with pytest.raises(NotFound):  # a subject id the subject's app does not let them have
        services.response_start(actor=world.actor("manager"), version_id=version.pk, subject_type=SUBJECT,
                                subject_id="subject-9")
    with pytest.raises(NotFound):  # a type nobody registered
        services.response_start(actor=world.actor("manager"), version_id=version.pk, subject_type="unknown_thing",
                                subject_id="1")
    response = services.response_start(actor=world.actor("manager"), version_id=version.pk, subject_type=SUBJECT,
                                       subject_id="subject-1")
    assert selectors.response_get(world.actor("supervisor"), response.pk) == response  # may read
    with pytest.raises(NotFound):  # may not write
        services.response_contribute(actor=world.actor("supervisor"), response_id=response.pk, answers={"mood": 2})
    for persona in ("mentor", "evaluator", "admin"):
        with pytest.raises(NotFound):
            selectors.response_get(world.actor(persona), response.pk)
    subjects.unregister_subject(SUBJECT)
    with pytest.raises(NotFound):  # the hook is gone: nobody reads it
        selectors.response_get(world.actor("manager"), response.pk)


def test_anonymous_responses_are_read_by_admins_and_supervisors_only(world, version):
    response = services.response_start(actor=world.actor("responder"), version_id=version.pk)
    assert response.subject_type == "" and response.subject_id == ""
    for persona in ("admin", "supervisor"):
        assert selectors.response_get(world.actor(persona), response.pk) == response
    for persona in ("manager", "evaluator"):
        with pytest.raises(NotFound):
            selectors.response_get(world.actor(persona), response.pk)


def test_another_organisation_sees_nothing(world, version):
    outsider = world.actor("outsider", world.other_org)
    response = services.response_start(actor=world.actor("manager"), version_id=version.pk)
    with pytest.raises(NotFound):
        selectors.version_get(outsider, version.pk)
    with pytest.raises(NotFound):
        selectors.instrument_get(outsider, version.instrument_id)
    with pytest.raises(NotFound):
        selectors.response_get(outsider, response.pk)
    with pytest.raises(NotFound):
        services.response_start(actor=outsider, version_id=version.pk)
    assert list(selectors.instruments_for(outsider)) == []
    assert InstrumentResponse.objects.count() == 1


# ---- the parts other apps' services compose (*_within) ------------------------------------------

def test_a_shipped_definition_is_set_up_once_and_never_overwritten(world, example):
    from django.db import transaction

    with transaction.atomic():
        first = services.instrument_ensure_within(organization=world.org, data=copy.deepcopy(example))
    assert first.number == 1 and first.created_by is None and first.instrument.current_version == first
    assert AuditEvent.objects.filter(object_type="instrument_version", object_id=str(first.pk), actor=None).exists()
    changed = copy.deepcopy(example)
    changed["title"] = "Something else"
    with transaction.atomic():
        assert services.instrument_ensure_within(organization=world.org, data=changed) == first
    # An org admin's own version is what the app gets from then on.
    own = services.instrument_import(actor=world.actor("admin"), data=changed)
    with transaction.atomic():
        assert services.instrument_ensure_within(organization=world.org, data=copy.deepcopy(example)) == own
    assert InstrumentVersion.objects.filter(organization=world.org).count() == 2
    assert not Instrument.objects.filter(organization=world.other_org).exists()


def test_a_whole_response_from_an_apps_form(world, version, test_subject):
    from django.db import transaction

    manager = world.actor("manager")
    with transaction.atomic():
        response = services.response_complete_within(actor=manager, version=version, subject_type=SUBJECT,
                                                     subject_id="subject-1", answers=answers_complete())
    assert response.is_complete and response.scores and response.started_by == world.users["manager"]
    assert Contribution.objects.get(response=response).answer_data == answers_complete()
    with pytest.raises(ValidationError) as error, transaction.atomic():
        services.response_complete_within(actor=manager, version=version, subject_type=SUBJECT,
                                          subject_id="subject-1", answers={"sleep": "well"})
    assert "mood" in error.value.message_dict
    with pytest.raises(NotFound), transaction.atomic():  # not a subject this actor may write to
        services.response_complete_within(actor=world.actor("supervisor"), version=version, subject_type=SUBJECT,
                                          subject_id="subject-1", answers=answers_complete())


def test_an_anonymous_response_keeps_no_author_and_only_the_day(world, version):
    from datetime import time, timedelta
    from zoneinfo import ZoneInfo

    from django.db import transaction
    from django.utils import timezone

    with transaction.atomic():
        response = services.response_anonymous_within(version=version, answers=answers_complete())
    assert response.is_complete and response.started_by is None and response.subject_type == ""
    assert not Contribution.objects.filter(response=response).exists()
    assert not AuditEvent.objects.filter(object_id=str(response.pk)).exists()
    zone = ZoneInfo(world.org.time_zone)
    assert {timezone.localtime(moment, zone).time() for moment in (response.created_at, response.completed_at)} == {
        time.min}
    counts = selectors.domain_counts(world.actor("admin"), version.instrument.key,
                                     since=timezone.now() - timedelta(days=1), at_least={"wellbeing": 0})
    assert counts["n"] == 1
