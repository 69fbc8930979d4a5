"""Restricted cases: team only; a supervisor may break the glass with a typed reason (audited, notified)."""

from django.core import mail
from django.urls import reverse

from offramp.cases.models import ParticipantRole, TeamRole
from offramp.cases.services import case_open, case_team_add
from offramp.core.models import AuditEvent, Notification, Role
from offramp.core.services import membership_grant
from tests.conftest import make_user


def _restricted(world):
    manager = world.actor("manager")
    case = case_open(actor=manager, kind="individual_exit", restricted=True,
                     participants=[(world.client_person.pk, ParticipantRole.CLIENT)])
    lead = make_user("lead@northstar.test", world.org, Role.SUPERVISOR)
    case_team_add(actor=manager, case_id=case.pk, member=lead.pk, role=TeamRole.SUPERVISOR)
    return case, lead


def test_supervisor_off_the_team_sees_it_exists_but_must_break_the_glass(world):
    case, lead = _restricted(world)
    client = world.client("supervisor")
    listing = client.get(reverse("case_list")).content.decode()
    assert case.reference in listing and "break the glass to open" in listing
    page = client.get(reverse("case_detail", args=[case.pk]))
    assert page.status_code == 403 and "Break the glass" in page.content.decode()
    assert "Zephyrine" not in page.content.decode()
    assert AuditEvent.objects.filter(action="denied", object_id=str(case.pk)).exists()


def test_breaking_the_glass_needs_a_reason_then_grants_read_only_access(world, django_capture_on_commit_callbacks):
    case, lead = _restricted(world)
    client = world.client("supervisor")
    refused = client.post(reverse("case_break_glass", args=[case.pk]), {"reason": "need"})
    assert refused.status_code == 400 and "at least 10 characters" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("case_break_glass", args=[case.pk]), {"reason": "Police called about an imminent threat"})
    page = client.get(reverse("case_detail", args=[case.pk]))
    assert page.status_code == 200 and "breaking the glass" in page.content.decode()
    assert client.get(reverse("note_create", args=[case.pk])).status_code == 403
    event = AuditEvent.objects.get(action="break_glass", object_id=str(case.pk))
    assert event.reason == "Police called about an imminent threat" and event.actor == world.users["supervisor"]
    notice = Notification.objects.get(user=lead)
    assert case.reference in notice.message and "Zephyrine" not in notice.message
    assert mail.outbox and mail.outbox[0].to == ["lead@northstar.test"]


def test_others_cannot_break_the_glass_or_see_restricted_cases(world):
    case, _lead = _restricted(world)
    for persona in ("other_manager", "responder"):
        client = world.client(persona)
        assert client.get(reverse("case_detail", args=[case.pk])).status_code == 404
        assert case.reference not in client.get(reverse("case_list")).content.decode()
    assert world.client("other_manager").post(reverse("case_break_glass", args=[case.pk]),
                                              {"reason": "Curious about this case"}).status_code == 403
    assert world.client("outsider").post(reverse("case_break_glass", args=[case.pk]),
                                         {"reason": "Curious about this case"}).status_code == 404


def test_break_glass_through_the_api(world):
    case, _lead = _restricted(world)
    client = world.client("supervisor")
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 403
    assert client.post(f"/api/v1/cases/{case.pk}/break-glass/", {"reason": "Imminent risk reported by school"},
                       content_type="application/json").status_code == 201
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 200


def test_supervisor_in_two_organisations_only_breaks_glass_in_the_current_one(world):
    case, _lead = _restricted(world)
    membership_grant(organization=world.other_org, user=world.users["supervisor"], role=Role.SUPERVISOR)
    client = world.client("supervisor")
    client.post(reverse("organization_switch"), {"organization": str(world.other_org.pk)})
    assert client.post(reverse("case_break_glass", args=[case.pk]),
                       {"reason": "Wrong organisation attempt"}).status_code == 404
