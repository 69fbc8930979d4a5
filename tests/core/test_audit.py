"""The audit trail: every read and change of personal data is recorded, append-only and hash-chained."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from offramp.cases import gates
from offramp.core.audit import audit_verify
from offramp.core.models import AuditEvent


def _drop_append_only_triggers():
    """What an attacker with database access could do; verification must still catch the change."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_delete")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent")


def test_chain_verifies_after_real_work(world):
    world.client("manager").get(reverse("case_detail", args=[world.case.pk]))
    result = audit_verify()
    assert result.ok and result.checked == AuditEvent.objects.count() > 10
    call_command("audit", "verify")


@pytest.mark.parametrize("tampering", [
    "UPDATE core_auditevent SET action = 'view' WHERE id = %s",
    "UPDATE core_auditevent SET detail = '{}' WHERE id = %s",
    "DELETE FROM core_auditevent WHERE id = %s",
])
def test_tampered_event_is_named(world, tampering):
    target = AuditEvent.objects.order_by("pk")[5]
    _drop_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute(tampering, [target.pk])
    result = audit_verify()
    assert not result.ok and result.first_broken_id == target.pk
    with pytest.raises(CommandError, match=f"event {target.pk}"):
        call_command("audit", "verify")


@pytest.mark.parametrize("tampering", [
    "UPDATE core_auditevent SET organization_id = 'not-a-uuid' WHERE id = %s",
    "UPDATE core_auditevent SET actor_id = 'someone' WHERE id = %s",
    "UPDATE core_auditevent SET at = 'yesterday' WHERE id = %s",
])
def test_an_unreadable_event_is_named_not_a_traceback(world, tampering):
    """A field overwritten with a value of the wrong type (possible on SQLite, which keeps any text)."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's column types refuse such values outright")
    target = AuditEvent.objects.order_by("pk")[7]
    _drop_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute(tampering, [target.pk])
    result = audit_verify(batch_size=4)
    assert not result.ok and result.first_broken_id == target.pk and result.checked == target.pk - 1
    with pytest.raises(CommandError, match=f"event {target.pk}: was altered"):
        call_command("audit", "verify")


def test_removed_last_events_are_noticed(world):
    last = AuditEvent.objects.order_by("-pk").first()
    _drop_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
    assert not audit_verify().ok


def test_database_refuses_updates_and_deletes(world):
    event = AuditEvent.objects.order_by("pk").first()
    for statement in ("UPDATE core_auditevent SET reason = 'x' WHERE id = %s", "DELETE FROM core_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    with pytest.raises(ValueError):
        event.save()


@pytest.mark.parametrize(("method", "name", "data", "action", "object_type"), [
    ("get", "case_detail", None, "view", "case"),
    ("get", "case_list", None, "list", "case"),
    ("get", "person_detail", None, "view", "person"),
    ("post", "person_list", {"name": "zephyrine"}, "search", "person"),
])
def test_reads_are_audited(world, method, name, data, action, object_type):
    args = {"case_detail": [world.case.pk], "person_detail": [world.client_person.pk]}.get(name, [])
    before = AuditEvent.objects.count()
    getattr(world.client("manager"), method)(reverse(name, args=args), data or {})
    event = AuditEvent.objects.order_by("-pk").first()
    assert AuditEvent.objects.count() > before
    assert (event.action, event.object_type, event.actor_id) == (action, object_type, world.users["manager"].pk)


def test_search_audit_records_what_kind_not_the_terms(world):
    world.client("manager").post(reverse("person_list"), {"name": "Zephyrine"})
    event = AuditEvent.objects.filter(action="search").order_by("-pk").first()
    assert event.detail == {"by": ["name"], "count": 1}
    assert "Zephyrine" not in str(event.detail) + event.reason


def test_changes_are_audited_with_the_work(world):
    client = world.client("manager")
    with gates.suspended():  # the move itself, not the family protocol's stage record (tests/protocol)
        client.post(reverse("case_transition", args=[world.case.pk]), {"to_status": "plan"})
    event = AuditEvent.objects.filter(action="update", object_type="case").order_by("-pk").first()
    assert event.detail["to_status"] == "plan"


def test_export_is_audited_and_restricted(world):
    assert world.client("manager").get(reverse("audit_export")).status_code == 403
    response = world.client("auditor").get(reverse("audit_export"))
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("id,at,actor")
    assert AuditEvent.objects.filter(action="export", actor=world.users["auditor"]).exists()


def test_audit_trail_page_shows_only_own_organisation(world):
    world.client("outsider").get(reverse("case_detail", args=[world.other_case.pk]))
    page = world.client("auditor").get(reverse("audit"), {"object_id": str(world.other_case.pk)})
    assert page.status_code == 200
    assert "No events match." in page.content.decode()
    api = world.client("auditor").get("/api/v1/audit-events/")
    assert api.status_code == 200
    assert all(e["object_id"] != str(world.other_case.pk) for e in api.json()["results"])
    assert world.client("manager").get("/api/v1/audit-events/").status_code == 403
