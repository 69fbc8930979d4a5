"""The audit trail names records by their references (core.record_labels, filled by the apps), filters by
record, by who and by date, and cannot be used to learn anything about another organisation's records."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from offramp.core.calendar import org_today
from offramp.core.models import AuditEvent, Role
from offramp.core.services import membership_grant
from offramp.helpline.services import contacts

AUDIT = reverse("audit")


def _rows(page: str) -> str:
    return page[page.index("<tbody>"):page.index("</tbody>")]


def test_records_are_named_by_reference_not_by_id(world):
    world.client("manager").get(reverse("case_detail", args=[world.case.pk]))
    contact = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent")
    rows = _rows(world.client("auditor").get(AUDIT).content.decode())
    assert world.case.reference in rows and str(world.case.pk) not in rows
    assert contact.reference in rows and str(contact.pk) not in rows
    assert "Manager" in rows  # who, by name


def test_a_persons_name_only_for_a_reader_allowed_to_see_them(world):
    world.client("manager").get(reverse("person_detail", args=[world.client_person.pk]))
    rows = _rows(world.client("auditor").get(AUDIT, {"object_type": "person"}).content.decode())
    assert "a person (name not shown)" in rows and "Zephyrine" not in rows and str(world.client_person.pk) not in rows
    # A supervisor who also reads the audit trail sees the people they may see, by name.
    membership_grant(organization=world.org, user=world.users["supervisor"], role=Role.AUDITOR)
    rows = _rows(world.client("supervisor").get(AUDIT, {"object_type": "person"}).content.decode())
    assert "Zephyrine Quillbottom" in rows


def test_filter_by_record_type_and_reference(world):
    world.client("manager").get(reverse("case_detail", args=[world.case.pk]))
    contact = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent")
    client = world.client("auditor")
    by_case = _rows(client.get(AUDIT, {"object_type": "case", "reference": world.case.reference.lower()}).content.decode())
    assert world.case.reference in by_case and contact.reference not in by_case
    by_contact = _rows(client.get(AUDIT, {"reference": f"  {contact.reference} "}).content.decode())  # any type
    assert contact.reference in by_contact and world.case.reference not in by_contact
    nothing = _rows(client.get(AUDIT, {"object_type": "helpline_contact", "reference": world.case.reference})
                    .content.decode())
    assert "No events match." in nothing


def test_filter_by_who_with_a_picker_of_colleagues(world):
    world.client("manager").get(reverse("case_detail", args=[world.case.pk]))
    world.client("mentor").get(reverse("case_detail", args=[world.case.pk]))
    client = world.client("auditor")
    page = client.get(AUDIT).content.decode()
    assert f'<option value="{world.users["mentor"].pk}">Mentor (mentor@northstar.test)</option>' in page
    assert "outsider@harbor.test" not in page[page.index('name="who"'):page.index("</select>", page.index('name="who"'))]
    rows = _rows(client.get(AUDIT, {"who": world.users["mentor"].pk}).content.decode())
    assert "mentor@northstar.test" in rows and "manager@northstar.test" not in rows
    assert set(AuditEvent.objects.filter(actor=world.users["mentor"]).values_list("organization", flat=True)) == {
        world.org.pk}


def test_filter_by_date_range(world):
    world.client("manager").get(reverse("case_detail", args=[world.case.pk]))
    client = world.client("auditor")
    today = org_today(world.org)
    assert world.case.reference in _rows(client.get(AUDIT, {"date_from": today.isoformat(),
                                                            "date_to": today.isoformat()}).content.decode())
    yesterday = (today - timedelta(days=1)).isoformat()
    assert "No events match." in _rows(client.get(AUDIT, {"date_to": yesterday}).content.decode())
    wrong = client.get(AUDIT, {"date_from": today.isoformat(), "date_to": yesterday}).content.decode()
    assert "The end of the period comes before its start." in wrong and "No events match." in _rows(wrong)


def test_another_organisations_records_cannot_be_probed(world):
    # Our manager tries another organisation's case: the refusal is our event, naming their id.
    assert world.client("manager").get(reverse("case_detail", args=[world.other_case.pk])).status_code == 404
    world.client("outsider").get(reverse("case_detail", args=[world.other_case.pk]))
    client = world.client("auditor")
    theirs = client.get(AUDIT, {"object_type": "case", "reference": world.other_case.reference}).content.decode()
    missing = client.get(AUDIT, {"object_type": "case", "reference": "HBR-2026-99999"}).content.decode()
    assert "No events match." in _rows(theirs) and _rows(theirs) == _rows(missing)  # the same answer either way
    # The refusal is listed, but their record is not named: their reference never shows.
    refused = _rows(client.get(AUDIT, {"action": "denied"}).content.decode())
    assert world.other_case.reference not in refused and "(not found)" in refused
    # A colleague of theirs is not on the picker and cannot be typed in.
    foreign = client.get(AUDIT, {"who": world.users["outsider"].pk}).content.decode()
    assert "Choose someone from the list." in foreign and "No events match." in _rows(foreign)


def test_the_other_organisation_never_sees_our_events(world):
    world.client("manager").get(reverse("case_detail", args=[world.case.pk]))
    client = world.client("outsider")
    for query in ({}, {"reference": world.case.reference}, {"object_id": str(world.case.pk)},
                  {"object_type": "case"}):
        rows = _rows(client.get(AUDIT, query).content.decode())
        assert world.case.reference not in rows and "manager@northstar.test" not in rows
    export = b"".join(client.get(reverse("audit_export"), {"object_id": str(world.case.pk)}).streaming_content)
    assert export.decode().strip().count("\n") == 0  # the header only


@pytest.mark.parametrize("persona", ["manager", "supervisor", "responder", "evaluator"])
def test_who_may_read_the_audit_trail_is_unchanged(world, persona):
    assert world.client(persona).get(AUDIT, {"reference": world.case.reference}).status_code == 403
    assert world.client(persona).get(reverse("audit_export")).status_code == 403


def test_export_names_records_and_does_not_keep_the_reference_typed(world):
    world.client("manager").get(reverse("case_detail", args=[world.case.pk]))
    response = world.client("auditor").get(reverse("audit_export"), {"reference": world.case.reference})
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0].startswith("id,at,actor,action,object_type,object_id,record,")
    assert all(world.case.reference in line for line in body.splitlines()[1:]) and len(body.splitlines()) > 1
    export = AuditEvent.objects.filter(action="export", object_type="audit_event").latest("id")
    assert export.detail == {"filters": {"reference": "given"}}


def _audit_page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(AUDIT).status_code == 200
    return len(queries)


def test_naming_records_costs_the_same_whatever_the_number_of_rows(world):
    client = world.client("auditor")

    def activity():
        world.client("manager").get(reverse("case_detail", args=[world.case.pk]))
        world.client("manager").get(reverse("person_detail", args=[world.client_person.pk]))
        contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent")

    activity()
    _audit_page_queries(client)
    few = _audit_page_queries(client)
    for _ in range(6):
        activity()
    assert AuditEvent.objects.filter(organization=world.org).count() > 20
    assert _audit_page_queries(client) == few
