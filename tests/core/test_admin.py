"""The configuration admin: org admins manage their own organisation only; changes are audited."""

from django.urls import reverse

from offramp.cases.models import ResolutionCriterion
from offramp.core.models import AuditEvent, Membership


def test_only_org_admins_reach_the_admin(world):
    assert world.client("admin").get("/admin/").status_code == 200
    for persona in ("manager", "supervisor", "auditor"):  # signed in without the right: refused, not a loop
        before = AuditEvent.objects.filter(action="denied", actor=world.users[persona]).count()
        assert world.client(persona).get("/admin/").status_code == 403
        assert AuditEvent.objects.filter(action="denied", actor=world.users[persona]).count() == before + 1


def test_admin_lists_only_own_organisation(world):
    client = world.client("admin")
    memberships = client.get("/admin/core/membership/").content.decode()
    assert "Manager" in memberships and "Outsider" not in memberships
    foreign = Membership.objects.filter(organization=world.other_org).first()
    assert client.get(f"/admin/core/membership/{foreign.pk}/change/").status_code == 404  # as if missing
    organizations = client.get("/admin/core/organization/").content.decode()
    assert "Northstar Exit" in organizations and "Harbor Bridge" not in organizations
    users = client.get("/admin/core/user/").content.decode()
    assert "outsider@harbor.test" not in users


def test_no_client_data_in_the_admin(world):
    client = world.client("admin")
    for path in ("/admin/people/person/", "/admin/cases/case/", "/admin/cases/note/"):
        assert client.get(path).status_code == 404


def test_resolution_criteria_are_managed_and_audited(world):
    client = world.client("admin")
    response = client.post("/admin/cases/resolutioncriterion/add/", {
        "organization": str(world.org.pk), "kind": "family_support", "text": "Family feels safe at home",
        "position": 0, "active": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    criterion = ResolutionCriterion.objects.get(text="Family feels safe at home")
    assert AuditEvent.objects.filter(action="create", object_type="resolutioncriterion",
                                     object_id=str(criterion.pk), actor=world.users["admin"]).exists()


def test_org_admin_cannot_create_rows_for_another_organisation(world):
    response = world.client("admin").post("/admin/cases/resolutioncriterion/add/", {
        "organization": str(world.other_org.pk), "kind": "family_support", "text": "Sneaky", "position": 0})
    assert response.status_code == 200  # the form refuses the choice
    assert not ResolutionCriterion.objects.filter(text="Sneaky").exists()


def test_org_admin_changes_organisation_calendar(world):
    client = world.client("admin")
    url = reverse("admin:core_organization_change", args=[world.org.pk])
    data = {"name": "Northstar Exit", "slug": "northstar", "country": "US", "subdivision": "NY",
            "time_zone": "America/Chicago", "workday_start": "08:00", "workday_end": "16:00",
            "working_weekdays": "01234", "case_reference_prefix": "OFR", "small_cell_threshold": 11,
            "emergency_guidance": "Call 911.", "emergency_number": "911", "crisis_line": "988",
            "public_language": "en", "quick_exit_url": "https://www.bbc.com/weather"}
    assert client.post(url, data).status_code == 302
    world.org.refresh_from_db()
    assert world.org.time_zone == "America/Chicago"
