"""The protocol's services: each stage's record, the gate they open, the aftercare schedule and the work
queue, and who may write them."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from offramp.assessments import catalogue
from offramp.assessments import services as assessment_services
from offramp.cases import services as case_services
from offramp.core.access import Forbidden, NotFound
from offramp.core.models import AuditEvent
from offramp.core.workqueue import work_counts, work_queue
from offramp.protocol import selectors, services
from offramp.protocol.models import AftercareCheckIn, FamilyEvaluation, MonitoringEntry

from .conftest import WORRIES, resolve, walk_to_coaching, write

pytestmark = pytest.mark.django_db


def test_the_evaluation_is_one_record_written_again_encrypted_and_audited(world):
    first = write(world, "evaluation")
    second = services.family_evaluation_save(actor=world.actor("mentor"), case_id=world.case.pk, worries="Calmer now.",
                                             needs="Work.", openings="His cousin.")
    assert first.pk == second.pk and FamilyEvaluation.objects.get().worries == "Calmer now."
    with connection.cursor() as cursor:
        cursor.execute("SELECT worries FROM protocol_familyevaluation")
        raw = bytes(cursor.fetchone()[0])
    assert b"Calmer" not in raw
    actions = list(AuditEvent.objects.filter(object_type="family_evaluation").order_by("at").values_list("action", flat=True))
    assert actions == ["create", "update"]


def test_every_problem_is_named(world):
    with pytest.raises(ValidationError) as refused:
        services.family_evaluation_save(actor=world.actor("manager"), case_id=world.case.pk, worries=" ", needs="",
                                        openings="x" * 20_001, diagnostic_id="not-an-id")
    assert set(refused.value.message_dict) == {"worries", "needs", "openings", "diagnostic"}
    with pytest.raises(ValidationError) as future:
        services.monitoring_entry_add(actor=world.actor("manager"), case_id=world.case.pk, changes="Better",
                                      observed_on=timezone.localdate() + timedelta(days=5))
    assert "future" in str(future.value.message_dict["observed_on"])
    with pytest.raises(ValidationError) as ancient:  # a year-1000 entry must not count as the stage's record
        services.monitoring_entry_add(actor=world.actor("manager"), case_id=world.case.pk, changes="Better",
                                      observed_on=timezone.localdate().replace(year=1000))
    assert "before 1900" in str(ancient.value.message_dict["observed_on"])
    assert not MonitoringEntry.objects.filter(case=world.case).exists()
    with pytest.raises(ValidationError) as sessions:
        services.coaching_plan_save(actor=world.actor("manager"), case_id=world.case.pk, topics="t", family_goals="g",
                                    sessions_planned=-1, sessions_held=True)
    assert set(sessions.value.message_dict) == {"sessions_planned", "sessions_held"}


def test_the_evaluation_links_only_a_social_diagnostic_of_the_case(world):
    stage = assessment_services.assessment_start(actor=world.actor("manager"), case_id=world.case.pk,
                                                 person_id=world.client_person.pk,
                                                 instrument_key=catalogue.STAGE_OF_CHANGE)
    with pytest.raises(ValidationError) as refused:
        services.family_evaluation_save(actor=world.actor("manager"), case_id=world.case.pk, worries="w", needs="n",
                                        openings="o", diagnostic_id=stage.pk)
    assert "social diagnostics" in str(refused.value.message_dict["diagnostic"])
    if selectors.SOCIAL_DIAGNOSTIC not in catalogue.BUILT_IN:
        pytest.skip("the assessments app does not ship the social diagnostic yet")
    diagnostic = assessment_services.assessment_start(
        actor=world.actor("manager"), case_id=world.case.pk, person_id=world.client_person.pk,
        instrument_key=selectors.SOCIAL_DIAGNOSTIC, informant="informant", informant_relationship="Mother")
    record = services.family_evaluation_save(actor=world.actor("manager"), case_id=world.case.pk, worries="w",
                                             needs="n", openings="o", diagnostic_id=diagnostic.pk)
    assert record.diagnostic_id == diagnostic.pk


@pytest.mark.parametrize("persona, refusal", [
    ("professional", Forbidden), ("external", Forbidden), ("responder", NotFound), ("other_manager", NotFound),
    ("admin", Forbidden), ("evaluator", Forbidden)])
def test_who_may_not_write(world, persona, refusal):
    with pytest.raises(refusal):
        write(world, "evaluation", persona=persona)
    assert not FamilyEvaluation.objects.exists()


def test_another_organisation_and_other_kinds_of_case_are_not_found(world):
    with pytest.raises(NotFound):
        services.monitoring_entry_add(actor=world.actor("outsider", world.other_org), case_id=world.case.pk,
                                      observed_on=timezone.localdate(), changes="x")
    with pytest.raises(NotFound):  # the outsider's own case is an individual-exit case: no family protocol
        services.monitoring_entry_add(actor=world.actor("outsider", world.other_org), case_id=world.other_case.pk,
                                      observed_on=timezone.localdate(), changes="x")
    assert not MonitoringEntry.objects.exists()


def test_each_stage_opens_with_its_record(world):
    actor = world.actor("manager")
    for record, to_status in (("evaluation", "plan"), ("plan", "monitoring"), ("monitoring", "coaching")):
        with pytest.raises(ValidationError) as refused:
            case_services.case_transition(actor=actor, case_id=world.case.pk, to_status=to_status)
        assert str(selectors.MISSING[record]) in refused.value.message_dict["gate"]
        write(world, record)
        case_services.case_transition(actor=actor, case_id=world.case.pk, to_status=to_status)
    with pytest.raises(ValidationError) as refused:
        case_services.case_transition(actor=actor, case_id=world.case.pk, to_status="resolved", evidence={})
    assert "coaching plan is not recorded" in str(refused.value.message_dict["gate"])


def test_aftercare_follows_the_resolution_at_one_three_and_six_months(world):
    with pytest.raises(ValidationError) as early:
        services.aftercare_check_in_record(actor=world.actor("manager"), case_id=world.case.pk,
                                           held_on=timezone.localdate(), watch="steady")
    assert "resolved" in str(early.value.message_dict["held_on"])
    resolve(world, days_ago=200)
    care = selectors.aftercare(world.actor("manager"), world.case)
    assert [slot.month for slot in care.slots] == [1, 3, 6] and {s.state for s in care.slots} == {"overdue"}
    with pytest.raises(ValidationError) as refused:
        services.aftercare_check_in_record(actor=world.actor("manager"), case_id=world.case.pk,
                                           held_on=timezone.localdate() - timedelta(days=300), watch="maybe")
    assert set(refused.value.message_dict) == {"held_on", "watch"}
    for watch in ("steady", "pressure", "relapse"):
        services.aftercare_check_in_record(actor=world.actor("mentor"), case_id=world.case.pk,
                                           held_on=timezone.localdate(), watch=watch, notes="Talked by phone.")
    assert list(AftercareCheckIn.objects.order_by("month").values_list("month", flat=True)) == [1, 3, 6]
    care = selectors.aftercare(world.actor("manager"), world.case)
    assert care.next_slot is None and care.worrying.watch == "relapse"
    with pytest.raises(ValidationError):
        services.aftercare_check_in_record(actor=world.actor("manager"), case_id=world.case.pk,
                                           held_on=timezone.localdate(), watch="steady")
    world.case.refresh_from_db()
    assert world.case.status == "resolved"  # check-ins never reopen the case themselves


def test_a_due_check_in_is_on_the_case_managers_queue_until_it_is_held(world):
    resolve(world, days_ago=40)
    manager = world.actor("manager")
    items = [item for item in work_queue(manager) if item.kind == "aftercare"]
    assert len(items) == 1 and items[0].reference == world.case.reference and items[0].overdue
    assert items[0].person_name == "Zephyrine Quillbottom"
    assert work_counts(manager).overdue >= 1
    assert not [item for item in work_queue(world.actor("mentor")) if item.kind == "aftercare"]
    assert not [item for item in work_queue(world.actor("other_manager")) if item.kind == "aftercare"]
    services.aftercare_check_in_record(actor=manager, case_id=world.case.pk, held_on=timezone.localdate(),
                                       watch="steady")
    assert not [item for item in work_queue(manager) if item.kind == "aftercare"]  # three months: not yet


def test_walking_a_family_case_writes_every_record(world):
    walk_to_coaching(world)
    records = selectors.case_records(world.actor("manager"), world.case)
    assert records.evaluation.worries == WORRIES and records.plan and records.monitoring and not records.coaching


def test_the_audit_trail_names_the_records_by_their_case(world):
    from offramp.core import record_labels

    record = write(world, "evaluation")
    labels = record_labels.kind("family_evaluation").labels(world.actor("auditor"), [str(record.pk)])
    assert labels == {str(record.pk): f"family evaluation on {world.case.reference}"}
