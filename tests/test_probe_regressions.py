"""Regressions for the holes an outside probe found, each driven from the outside (pages and API)."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from offramp.cases import services as case_services
from offramp.cases.models import CaseParticipant, CaseTeamMember, ParticipantRole, TeamRole
from offramp.core.models import AuditEvent, User
from offramp.core.services import api_token_create
from offramp.helpline.models import Resource
from offramp.people import services as people_services
from offramp.people.models import Person, Relationship
from tests.conftest import PASSWORD, login, make_user

JSON = "application/json"
HUGE = "99999999999999999999"


def _api(client, method: str, url: str, body=None):
    payload = body if isinstance(body, str) else json.dumps(body if body is not None else {})
    return getattr(client, method)(url, payload, content_type=JSON)


@pytest.fixture
def hidden_person(world):
    """Someone only on a restricted case the case manager is not on."""
    other = world.actor("other_manager")
    person = people_services.person_create(actor=other, given_name="Hypatia", family_name="Veilmore")
    case_services.case_open(actor=other, kind="individual_exit", restricted=True,
                            participants=[(person.pk, ParticipantRole.CLIENT)])
    return person


# -- 2. adding a person one may not see ------------------------------------------------------------

def test_a_case_manager_cannot_add_a_person_they_cannot_see_to_their_case(world, hidden_person):
    manager = world.client("manager")
    page = manager.post(reverse("case_participant_add", args=[world.case.pk]),
                        {"person": hidden_person.pk, "role": ParticipantRole.COLLATERAL})
    api = _api(manager, "post", f"/api/v1/cases/{world.case.pk}/participants/",
               {"person": str(hidden_person.pk), "role": ParticipantRole.COLLATERAL})
    assert page.status_code == 404 and api.status_code == 404
    assert not CaseParticipant.objects.filter(person=hidden_person, case=world.case).exists()
    assert "Hypatia" not in manager.get(reverse("case_detail", args=[world.case.pk])).content.decode()
    assert AuditEvent.objects.filter(action="denied", object_type="person", object_id=str(hidden_person.pk)).count() == 2


def test_a_case_manager_still_adds_someone_they_can_see(world):
    manager = world.actor("manager")
    person = people_services.person_create(actor=manager, given_name="Ottoline")
    response = _api(world.client("manager"), "post", f"/api/v1/cases/{world.case.pk}/participants/",
                    {"person": str(person.pk), "role": ParticipantRole.COLLATERAL})
    assert response.status_code == 201


def test_a_relationship_to_someone_hidden_is_refused(world, hidden_person):
    manager = world.client("manager")
    page = manager.post(reverse("relationship_add", args=[world.client_person.pk]),
                        {"kind": "friend", "other": hidden_person.pk})
    api = _api(manager, "post", f"/api/v1/people/{world.client_person.pk}/relationships/",
               {"kind": "friend", "other": str(hidden_person.pk)})
    assert page.status_code == 404 and api.status_code == 404
    assert not Relationship.objects.filter(other=hidden_person).exists()


def test_a_relationship_between_two_visible_people_is_saved_from_the_page_and_the_api(world):
    """Both failed with a 500 for a valid body."""
    manager = world.client("manager")
    page = manager.post(reverse("relationship_add", args=[world.client_person.pk]),
                        {"kind": "child", "other": world.mother.pk})
    api = _api(manager, "post", f"/api/v1/people/{world.mother.pk}/relationships/",
               {"kind": "parent", "other": str(world.client_person.pk)})
    assert page.status_code == 302 and api.status_code == 201
    assert Relationship.objects.filter(person=world.client_person, other=world.mother, kind="child").exists()
    assert Relationship.objects.filter(person=world.mother, other=world.client_person, kind="parent").exists()


# -- 3. roles that never see casework ----------------------------------------------------------------

def test_a_group_facilitator_cannot_join_a_case_team(world):
    manager = world.client("manager")
    page = manager.post(reverse("case_team_add", args=[world.case.pk]),
                        {"member": world.users["facilitator"].pk, "role": TeamRole.OTHER, "profession": "Group lead"})
    api = _api(manager, "post", f"/api/v1/cases/{world.case.pk}/team/",
               {"member": world.users["facilitator"].pk, "role": TeamRole.OTHER})
    assert page.status_code == 400 and api.status_code == 400
    assert "does not hold a role" in api.content.decode()
    assert not CaseTeamMember.objects.filter(user=world.users["facilitator"]).exists()


@pytest.mark.parametrize("persona", ["facilitator", "trainer", "evaluator", "auditor", "admin"])
def test_a_role_that_never_sees_identities_sees_none_even_if_put_on_a_team(world, persona):
    """A team membership written before this rule (or by hand) still opens nothing."""
    CaseTeamMember.objects.create(organization=world.org, case=world.case, user=world.users[persona],
                                  role=TeamRole.OTHER)
    client = world.client(persona)
    for url in (reverse("case_detail", args=[world.case.pk]), reverse("person_detail", args=[world.client_person.pk]),
                f"/api/v1/people/{world.client_person.pk}/", f"/api/v1/cases/{world.case.pk}/"):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert "Zephyrine" not in response.content.decode()


# -- 4. hostile input is a 400 or a form message, never a 500 --------------------------------------

PAGED = {
    "case_list": "manager", "person_list": "supervisor", "resource_list": "responder", "helpline_queue": "responder",
    "quality_reviews": "supervisor", "feedback": "responder", "notifications": "manager", "audit": "admin",
}
API_PAGED = {
    "/api/v1/cases/": "manager", "/api/v1/people/": "supervisor", "/api/v1/contacts/": "responder",
    "/api/v1/resources/": "responder", "/api/v1/help-requests/": "responder", "/api/v1/audit-events/": "admin",
}


@pytest.mark.parametrize("page", [HUGE, "²", "-1", "0", "1e3", "٣", "10001"])
def test_page_numbers_out_of_shape_are_a_clear_400_on_every_paged_list(world, page):
    for name, persona in PAGED.items():
        response = world.client(persona).get(reverse(name), {"page": page})
        assert response.status_code == 400, name
        assert "Page numbers are whole numbers" in response.content.decode(), name
    for url, persona in API_PAGED.items():
        response = world.client(persona).get(url, {"page": page})
        assert response.status_code == 400, url
        assert "Page numbers are whole numbers" in response.json()["detail"], url


def test_a_real_page_number_still_works(world):
    assert world.client("manager").get(reverse("case_list"), {"page": "3"}).status_code == 200
    assert world.client("manager").get("/api/v1/cases/", {"page": "2"}).status_code == 200


@pytest.mark.parametrize("weeks", [HUGE, "²", "0", "-4", "abc"])
def test_the_figures_period_out_of_shape_is_a_400(world, weeks):
    supervisor = world.client("supervisor")
    assert supervisor.get(reverse("helpline_dashboard"), {"weeks": weeks}).status_code == 400
    assert supervisor.get("/api/v1/helpline/figures/", {"weeks": weeks}).status_code == 400
    assert supervisor.get("/api/v1/helpline/figures/", {"weeks": "26"}).json()["weeks"] == 26


@pytest.mark.parametrize("body", ['["name", "category"]', '"a string"', "42", "null", '{"name": '])
def test_a_body_that_is_not_an_object_is_a_400(world, body):
    admin = world.client("admin")
    resource = Resource.objects.create(organization=world.org, name="Bridges", category="mental_health")
    for method, url in (("post", "/api/v1/resources/"), ("put", f"/api/v1/resources/{resource.pk}/"),
                        ("post", "/api/v1/people/")):
        client = admin if "resources" in url else world.client("manager")
        response = _api(client, method, url, body)
        assert response.status_code == 400, (url, response.content)
    assert Resource.objects.filter(organization=world.org).count() == 1


def test_a_deeply_nested_body_is_a_400(world):
    for depth in (25, 100_000):
        body = '{"given_name": ' + "[" * depth + "]" * depth + "}"
        response = _api(world.client("manager"), "post", "/api/v1/people/", body)
        assert response.status_code == 400 and "nests deeper" in response.json()["detail"]


def test_an_oversized_body_is_refused_before_it_is_read(world, settings):
    settings.OFFRAMP_MAX_REQUEST_BYTES = 10_000
    before = Person.objects.count()
    response = _api(world.client("manager"), "post", "/api/v1/people/", {"given_name": "x" * 20_000})
    assert response.status_code == 413
    assert Person.objects.count() == before


@pytest.mark.parametrize("field", ["ideologies", "signs", "needs", "coaching_topics"])
@pytest.mark.parametrize("value", [10**30, 2**63, -1, 0])
def test_an_id_too_large_for_the_database_is_a_form_message(world, field, value):
    response = _api(world.client("responder"), "post", "/api/v1/contacts/",
                    {"channel": "phone", "caller_relationship": "parent", field: [value]})
    assert response.status_code == 400 and field in response.json()


def test_a_huge_id_in_a_page_form_is_a_form_message(world):
    response = world.client("responder").post(reverse("contact_create"), {
        "channel": "phone", "caller_relationship": "parent", "ideologies": [HUGE], "resources_given": [HUGE]})
    assert response.status_code == 400


def test_a_directory_import_with_a_giant_cell_names_the_row(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = "name,category,description\nBridges,mental_health,ok\nHarbour,mental_health," + "x" * 200_000 + "\n"
    response = world.client("admin").post(reverse("resource_import"),
                                           {"file": SimpleUploadedFile("d.csv", text.encode(), "text/csv")},
                                           follow=True)
    assert response.status_code == 200
    assert "Row 3 could not be read" in response.content.decode()
    assert not Resource.objects.filter(organization=world.org).exists()


# -- 7. access is checked before the body ---------------------------------------------------------

def test_another_organisations_record_is_404_whatever_the_body(world):
    outsider_person = Person.objects.get(organization=world.other_org)
    manager = world.client("manager")
    for body in ({}, {"kind": "nonsense"}, {"kind": "friend", "other": str(world.mother.pk)}, ["x"]):
        response = _api(manager, "post", f"/api/v1/people/{outsider_person.pk}/relationships/", body)
        assert response.status_code == 404, body
    for url in (f"/api/v1/cases/{world.other_case.pk}/notes/", f"/api/v1/cases/{world.other_case.pk}/team/",
                f"/api/v1/cases/{world.other_case.pk}/participants/",
                f"/api/v1/cases/{world.other_case.pk}/transitions/"):
        assert _api(manager, "post", url, {"bogus": 1}).status_code == 404, url
    assert _api(manager, "put", f"/api/v1/people/{outsider_person.pk}/", {"bogus": 1}).status_code == 404


def test_a_role_refusal_comes_before_the_body(world):
    resource = Resource.objects.create(organization=world.org, name="Bridges", category="mental_health")
    responder = world.client("responder")
    assert _api(responder, "post", "/api/v1/resources/", ["x"]).status_code == 403
    assert _api(responder, "put", f"/api/v1/resources/{resource.pk}/", {"name": ["a"]}).status_code == 403


# -- 12, 13. strict bodies and clean names --------------------------------------------------------

def test_unknown_fields_are_refused_by_name(world):
    response = _api(world.client("manager"), "post", "/api/v1/people/",
                    {"given_name": "Ottoline", "is_superuser": True, "organization": str(world.other_org.pk)})
    assert response.status_code == 400
    assert "is_superuser" in response.json()["unknown_fields"][0] and "organization" in response.json()["unknown_fields"][0]
    assert not Person.objects.filter(organization=world.org, created_by=world.users["manager"]).exclude(
        pk__in=[world.client_person.pk, world.mother.pk]).exists()


def test_a_resource_read_from_the_api_can_be_sent_back_unchanged(world):
    admin = world.client("admin")
    created = _api(admin, "post", "/api/v1/resources/", {"name": "Bridges", "category": "mental_health"})
    assert created.status_code == 201, created.content
    created = created.json()
    assert _api(admin, "put", f"/api/v1/resources/{created['id']}/", created).status_code == 200


def test_a_list_where_text_is_expected_is_refused(world):
    response = _api(world.client("admin"), "post", "/api/v1/resources/", {"name": ["a", "b"], "category": "mental_health"})
    assert response.status_code == 400 and "name" in response.json()
    assert not Resource.objects.filter(organization=world.org).exists()


@pytest.mark.parametrize(("name", "message"), [
    ("\u200b\u200b", "Give at least one name"),
    ("\ufeff \u2060", "Give at least one name"),
    ("Ali\u202eecilA", "change the direction of the text"),
    ("\u2067Zed\u2069", "change the direction of the text"),
])
def test_names_that_are_invisible_or_carry_direction_overrides_are_refused(world, name, message):
    manager = world.client("manager")
    page = manager.post(reverse("person_create"), {"given_name": name})
    api = _api(manager, "post", "/api/v1/people/", {"given_name": name})
    assert page.status_code == 400 and message in page.content.decode()
    assert api.status_code == 400 and message in api.json()["given_name"][0]
    contact = _api(world.client("responder"), "post", "/api/v1/contacts/",
                   {"channel": "phone", "caller_relationship": "parent", "caller_name": name + "x"})
    if "direction" in message:
        assert contact.status_code == 400 and "caller_name" in contact.json()
    resource = _api(world.client("admin"), "post", "/api/v1/resources/", {"name": name, "category": "mental_health"})
    assert resource.status_code == 400 and "name" in resource.json()


def test_names_are_stored_in_one_normal_form(world):
    person = people_services.person_create(actor=world.actor("manager"), given_name="\u200bJose\u0301 ",
                                           aliases="\u200b\nPepe\u200b\n")
    assert person.given_name == "Jos\u00e9" and person.aliases == "Pepe"


# -- 10. nothing personal is kept by a browser or proxy -------------------------------------------

def test_signed_in_pages_and_the_api_are_not_stored(world):
    manager = world.client("manager")
    for url in (reverse("work_queue"), reverse("case_detail", args=[world.case.pk]),
                reverse("person_detail", args=[world.client_person.pk]), "/api/v1/cases/", "/api/v1/me/"):
        assert "no-store" in manager.get(url)["Cache-Control"], url
    assert "no-store" in world.client("outsider").get(reverse("case_detail", args=[world.case.pk]))["Cache-Control"]
    assert "no-store" in world.client("admin").get("/admin/")["Cache-Control"]


# -- 5. refusals and sign-ins are in the audit trail ------------------------------------------------

@pytest.mark.parametrize(("persona", "method", "name", "args"), [
    ("evaluator", "get", "case_detail", "case"),
    ("supervisor", "get", "resource_edit", "resource"),
    ("manager", "post", "api_token_revoke", 999999),
    ("manager", "get", "quality_reviews", None),
    ("outsider", "get", "person_detail", "person"),
])
def test_every_refusal_is_audited(world, persona, method, name, args):
    resource = Resource.objects.create(organization=world.org, name="Bridges", category="mental_health")
    arg = {"case": world.case.pk, "resource": resource.pk, "person": world.client_person.pk}.get(args, args)
    before = AuditEvent.objects.filter(action="denied", actor=world.users[persona]).count()
    response = getattr(world.client(persona), method)(reverse(name, args=[arg] if arg else []))
    assert response.status_code in (403, 404)
    assert AuditEvent.objects.filter(action="denied", actor=world.users[persona]).count() == before + 1


def test_a_refusal_through_an_api_token_is_audited(world):
    _token, secret = api_token_create(actor=world.actor("evaluator"), name="script")
    response = Client().get(f"/api/v1/cases/{world.case.pk}/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 403
    event = AuditEvent.objects.filter(action="denied").latest("pk")
    assert event.actor_id == world.users["evaluator"].pk and event.detail["route"] == "api_case"


def test_sign_ins_failures_and_lockouts_are_audited_by_account_never_by_what_was_typed(world, settings):
    user = world.users["manager"]
    events = AuditEvent.objects.filter(actor=user)
    Client().post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert events.filter(action="login", organization_id=world.org.pk).count() == 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post("/accounts/login/", {"login": user.email, "password": "Wrong-but-secret-77"})
    failed = events.filter(action="login_failed")
    assert failed.count() == settings.AXES_FAILURE_LIMIT and failed.first().detail["known_account"] is True
    assert events.filter(action="lockout").count() == 1
    Client().post("/accounts/login/", {"login": "nobody@nowhere.test", "password": "Wrong-but-secret-77"})
    stranger = AuditEvent.objects.filter(action="login_failed", actor__isnull=True).get()
    assert stranger.detail == {"known_account": False} and stranger.organization_id is None
    dumped = json.dumps(list(AuditEvent.objects.values("object_id", "reason", "detail")))
    assert "Wrong-but-secret" not in dumped and "nobody@nowhere" not in dumped
    # Each organisation's admins see their own account's failures on the audit trail.
    trail = world.client("admin").get(reverse("audit"), {"action": "login_failed"}).content.decode()
    assert trail.count("<td>Sign-in failed</td>") == settings.AXES_FAILURE_LIMIT  # the action's label


def test_a_follow_up_goes_only_to_someone_who_can_open_the_contact(world, route_records):
    contact = route_records["contact_id"]
    responder = world.client("responder")
    for persona in ("evaluator", "facilitator", "outsider"):
        response = _api(responder, "post", f"/api/v1/contacts/{contact}/follow-ups/",
                        {"due_at": "2030-01-01T10:00:00Z", "assignee": world.users[persona].pk})
        assert response.status_code == 400 and "assignee" in response.json()
    assert _api(responder, "post", f"/api/v1/contacts/{contact}/follow-ups/",
                {"due_at": "2030-01-01T10:00:00Z", "assignee": world.users["supervisor"].pk}).status_code == 201


# -- the second probe -----------------------------------------------------------------------------

def _token_client(world, persona):
    _token, secret = api_token_create(actor=world.actor(persona), name="script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00Z", "1899-12-31T23:00:00Z"])
def test_a_moment_before_1900_is_refused_and_every_page_keeps_working(world, moment):
    """A token request in UTC could store year 1, which broke the helpline and case pages when shown
    in New York time."""
    responder, manager = _token_client(world, "responder"), _token_client(world, "manager")
    contact = _api(responder, "post", "/api/v1/contacts/", {"channel": "phone", "caller_relationship": "parent",
                                                            "received_at": moment, "leave_unassigned": True})
    note = _api(manager, "post", f"/api/v1/cases/{world.case.pk}/notes/", {
        "note_type": "message", "channel": "text", "direction": "inbound", "occurred_at": moment,
        "narrative": "Old.", "with_participant_id": str(world.case.participants.get(person=world.client_person).pk)})
    assert contact.status_code == 400 and "received_at" in contact.json()
    assert note.status_code == 400 and "occurred_at" in note.json()
    assert world.client("supervisor").get(reverse("helpline_queue")).status_code == 200
    assert world.client("supervisor").get(reverse("case_detail", args=[world.case.pk])).status_code == 200


def test_far_future_moments_are_form_messages(world, route_records):
    contact = route_records["contact_id"]
    responder, supervisor = world.client("responder"), world.client("supervisor")
    assert _api(responder, "post", f"/api/v1/contacts/{contact}/follow-ups/",
                {"due_at": "9999-12-31T23:59:59"}).status_code == 400
    assert responder.post(reverse("follow_up_create", args=[contact]),
                          {"due_at": "9999-12-31T23:59"}).status_code == 400
    assert supervisor.post(reverse("on_call"), {"supervisor": world.users["supervisor"].pk,
                                                "starts_at": "9999-12-31T20:00", "ends_at": "9999-12-31T23:59"}
                           ).status_code == 400


def test_a_token_request_reads_times_in_the_organisations_zone(world):
    me = _token_client(world, "manager").get(f"/api/v1/cases/{world.case.pk}/")
    assert me.status_code == 200 and me.json()["opened_at"].endswith(("-05:00", "-04:00"))


@pytest.mark.parametrize(("field", "value"), [
    ("time_zone", "Mars/Olympus_Mons"), ("working_weekdays", "789"), ("working_weekdays", ""),
    ("workday_end", "07:00"), ("country", "ZZ"), ("small_cell_threshold", "1"),
])
def test_an_org_admin_cannot_stop_the_organisation_with_a_bad_calendar(world, field, value):
    url = reverse("admin:core_organization_change", args=[world.org.pk])
    data = {"name": "Northstar Exit", "slug": "northstar", "country": "US", "subdivision": "NY",
            "time_zone": "America/Chicago", "workday_start": "08:00", "workday_end": "16:00",
            "working_weekdays": "01234", "case_reference_prefix": "OFR", "small_cell_threshold": 11,
            "emergency_guidance": "Call 911.", "emergency_number": "911", "crisis_line": "988",
            "public_language": "en", "quick_exit_url": "https://www.bbc.com/weather", field: value}
    response = world.client("admin").post(url, data)
    assert response.status_code == 200 and "errornote" in response.content.decode()
    world.org.refresh_from_db()
    assert world.org.time_zone == "America/New_York" and world.org.working_weekdays == "01234"
    assert world.client("manager").get(reverse("work_queue")).status_code == 200


def test_an_org_admin_cannot_grant_themselves_a_role(world):
    from offramp.core.models import Membership

    admin, me = world.client("admin"), world.users["admin"]
    response = admin.post(reverse("admin:core_membership_add"),
                          {"user": me.pk, "organization": world.org.pk, "role": "supervisor"})
    assert response.status_code == 200
    own = Membership.objects.get(user=me)
    assert admin.post(reverse("admin:core_membership_change", args=[own.pk]),
                      {"user": me.pk, "organization": world.org.pk, "role": "supervisor"}).status_code == 403
    assert list(Membership.objects.filter(user=me).values_list("role", flat=True)) == ["org_admin"]
    assert admin.get(reverse("person_list")).status_code == 403


def test_a_break_glass_reason_may_not_name_anyone(world):
    world.case.restricted = True
    world.case.save(update_fields=["restricted"])
    response = _api(world.client("supervisor"), "post", f"/api/v1/cases/{world.case.pk}/break-glass/",
                    {"reason": "Zephyrine called in crisis, police on the way."})
    assert response.status_code == 400 and "without naming anyone" in response.json()["reason"][0]
    assert not AuditEvent.objects.filter(action="break_glass").exists()
    assert _api(world.client("supervisor"), "post", f"/api/v1/cases/{world.case.pk}/break-glass/",
                {"reason": "Client called in crisis, police on the way."}).status_code == 201


def test_staff_do_not_manage_their_own_sign_in_addresses(world):
    response = world.client("facilitator").post("/accounts/email/", {"action_add": "", "email": "admin@harbor.test"})
    assert response.status_code == 404
    assert world.client("facilitator").get("/accounts/email/").status_code == 404


def test_only_the_claimer_or_a_supervisor_closes_work(world, route_records):
    from offramp.helpline.models import FollowUp, HelpRequest
    from offramp.helpline.services import follow_ups, web_requests

    make_user("responder2@northstar.test", world.org, "helpline_responder")
    request = HelpRequest.objects.create(organization=world.org, reference="WEB-1", name="x", phone="1",
                                         worry="w", language="en")
    web_requests.help_request_claim(actor=world.actor("responder"), request_id=request.pk)
    follow_up = follow_ups.follow_up_schedule(actor=world.actor("responder"),
                                              contact_id=route_records["contact_id"],
                                              due_at=timezone.now() + timedelta(days=1))
    other = login(User.objects.get(email="responder2@northstar.test"))
    assert _api(other, "post", f"/api/v1/help-requests/{request.pk}/done/", {}).status_code == 404
    assert _api(other, "post", f"/api/v1/follow-ups/{follow_up.pk}/done/", {}).status_code == 403
    request.refresh_from_db()
    assert request.status == "claimed" and FollowUp.objects.get(pk=follow_up.pk).done_at is None
    assert _api(world.client("supervisor"), "post", f"/api/v1/follow-ups/{follow_up.pk}/done/", {}).status_code == 200


def test_assigning_another_organisations_request_is_404_whatever_the_body(world):
    from offramp.helpline.models import HelpRequest

    theirs = HelpRequest.objects.create(organization=world.other_org, reference="WEB-9", name="x", phone="1",
                                        worry="w", language="en")
    response = world.client("supervisor").post(reverse("help_request_assign", args=[theirs.pk]), {"assignee": "x"})
    assert response.status_code == 404


def test_unknown_fields_inside_nested_objects_are_named(world):
    response = _api(world.client("manager"), "post", "/api/v1/people/", {
        "given_name": "Ottoline", "contacts": [{"kind": "phone", "value": "+1 202 555 0100", "organization": "x"}]})
    assert response.status_code == 400 and "contacts[0].organization" in response.json()["unknown_fields"][0]


def test_hidden_direction_characters_are_refused_beyond_names(world):
    from tests.helpline.test_public_request import _send

    assert _send(Client(), name="\u202eRosalind").status_code == 400
    response = _api(world.client("manager"), "post", "/api/v1/people/", {"given_name": "Ana", "pronouns": "\u202eshe"})
    assert response.status_code == 400 and "pronouns" in response.json()
    contact = _api(world.client("responder"), "post", "/api/v1/contacts/",
                   {"channel": "phone", "caller_relationship": "parent", "concern_region": "\u2067Queens\u2069"})
    assert contact.status_code == 400 and "concern_region" in contact.json()


def test_the_console_mail_line_names_nothing(world, capsys, settings):
    from django.core.mail import send_mail

    settings.EMAIL_BACKEND = "offramp.core.mail.RedactedConsoleEmailBackend"
    send_mail("Offramp: Quorblatia Zentwhistle gave you a contact", "body", None, ["someone@example.org"])
    printed = capsys.readouterr().out
    assert "1 recipient" in printed and "Quorblatia" not in printed and "someone@" not in printed


@pytest.mark.parametrize("weeks", ["5", "13", "104"])
def test_only_the_pages_periods_can_be_asked_for(world, weeks):
    assert world.client("evaluator").get("/api/v1/helpline/figures/", {"weeks": weeks}).status_code == 400


def test_an_address_differing_only_in_capitals_is_the_same_account(world):
    from offramp.core.models import User as Staff

    response = world.client("admin").post(reverse("admin:core_user_add"), {
        "email": "Outsider@Harbor.test", "display_name": "Copy", "password1": "a-long-Passphrase-77",
        "password2": "a-long-Passphrase-77", "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-organization": world.org.pk, "memberships-0-role": "case_manager"})
    assert response.status_code == 200
    assert Staff.objects.filter(email__iexact="outsider@harbor.test").count() == 1


def test_a_token_holders_request_for_an_unknown_api_address_is_audited(world):
    client = _token_client(world, "evaluator")
    for url in ("/api/v1/nonexistent/", "/api/v1/contacts/not-a-uuid/"):
        before = AuditEvent.objects.filter(action="denied", actor=world.users["evaluator"]).count()
        assert client.get(url).status_code == 404
        assert AuditEvent.objects.filter(action="denied", actor=world.users["evaluator"]).count() == before + 1
    assert Client(HTTP_AUTHORIZATION="Bearer ofr_not-a-token").get("/api/v1/nonexistent/").status_code == 404
