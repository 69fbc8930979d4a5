"""What each role can and cannot see and do with a case, from the outside (pages and API).

Invisible: 404 (and nothing in lists or search). Visible but not allowed: 403.
"""

import pytest
from django.urls import reverse

from offramp.cases import gates
from offramp.core.models import AuditEvent

# persona: (case page, write note page, move case, in case list)
CASE_MATRIX = {
    "manager": (200, 200, True, True),
    "mentor": (200, 200, False, True),
    "professional": (200, 403, False, True),
    "external": (200, 403, False, True),
    "supervisor": (200, 200, True, True),
    "other_manager": (404, 404, False, False),
    "responder": (404, 404, False, False),
    "facilitator": (403, 403, False, None),
    "admin": (403, 403, False, None),
    "trainer": (403, 403, False, None),
    "evaluator": (403, 403, False, None),
    "auditor": (403, 403, False, None),
    "outsider": (404, 404, False, False),
}


@pytest.mark.parametrize("persona", CASE_MATRIX)
def test_case_page(world, persona):
    expected = CASE_MATRIX[persona][0]
    response = world.client(persona).get(reverse("case_detail", args=[world.case.pk]))
    assert response.status_code == expected
    body = response.content.decode()
    if expected != 200:
        assert world.case.reference not in body
        assert "Zephyrine" not in body


@pytest.mark.parametrize("persona", CASE_MATRIX)
def test_note_form(world, persona):
    response = world.client(persona).get(reverse("note_create", args=[world.case.pk]))
    assert response.status_code == CASE_MATRIX[persona][1]


@pytest.mark.parametrize("persona", CASE_MATRIX)
def test_case_transition(world, persona):
    with gates.suspended():  # who may move it, not what the family protocol's stage asks for (tests/protocol)
        response = world.client(persona).post(reverse("case_transition", args=[world.case.pk]), {"to_status": "plan"})
    world.case.refresh_from_db()
    if CASE_MATRIX[persona][2]:
        assert response.status_code == 302
        assert world.case.status == "plan"
    else:
        assert response.status_code in (403, 404)
        assert world.case.status == "evaluation"


@pytest.mark.parametrize("persona", CASE_MATRIX)
def test_case_list(world, persona):
    response = world.client(persona).get(reverse("case_list"))
    listed = CASE_MATRIX[persona][3]
    if listed is None:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert (world.case.reference in response.content.decode()) is listed
    assert world.other_case.reference not in response.content.decode() or persona == "outsider"


@pytest.mark.parametrize("persona", CASE_MATRIX)
def test_api_case(world, persona):
    page_status = CASE_MATRIX[persona][0]
    response = world.client(persona).get(f"/api/v1/cases/{world.case.pk}/")
    assert response.status_code == page_status
    listing = world.client(persona).get("/api/v1/cases/")
    if CASE_MATRIX[persona][3] is None:
        assert listing.status_code == 403
    else:
        references = [c["reference"] for c in listing.json()["results"]]
        assert (world.case.reference in references) is CASE_MATRIX[persona][3]


PERSON_VISIBLE = {"manager", "mentor", "professional", "supervisor"}


@pytest.mark.parametrize("persona", CASE_MATRIX)
def test_person_page_and_search(world, persona):
    client = world.client(persona)
    detail = client.get(reverse("person_detail", args=[world.client_person.pk]))
    search = client.post(reverse("person_list"), {"phone": "(202) 555-0147"})
    if CASE_MATRIX[persona][3] is None or persona == "external":  # an external professional finds no one
        assert detail.status_code == 403 and search.status_code == 403
        assert "Zephyrine" not in detail.content.decode() + search.content.decode()
        return
    visible = persona in PERSON_VISIBLE
    assert detail.status_code == (200 if visible else 404)
    assert ("Zephyrine" in search.content.decode()) is visible
    api = client.post("/api/v1/people/search/", {"email": "ZQ@example.org"}, content_type="application/json")
    assert any(p["given_name"] == "Zephyrine" for p in api.json()) is visible


def test_other_organisation_records_are_404_for_everyone_here(world):
    for persona in ("supervisor", "manager", "admin"):
        client = world.client(persona)
        assert client.get(reverse("case_detail", args=[world.other_case.pk])).status_code in (403, 404)
        assert client.get(f"/api/v1/cases/{world.other_case.pk}/").status_code in (403, 404)
    supervisor = world.client("supervisor")
    assert supervisor.get(reverse("case_detail", args=[world.other_case.pk])).status_code == 404
    assert "Fenwhistle" not in supervisor.post(reverse("person_list"), {"name": "Orsolya"}).content.decode()


def test_refused_access_is_audited(world):
    world.client("other_manager").get(reverse("case_detail", args=[world.case.pk]))
    denied = AuditEvent.objects.filter(action="denied", object_id=str(world.case.pk))
    assert denied.filter(actor=world.users["other_manager"]).exists()


def test_removed_team_member_loses_access(world):
    from offramp.cases.models import CaseTeamMember
    from offramp.cases.services import case_team_remove

    member = CaseTeamMember.objects.get(case=world.case, user=world.users["mentor"])
    case_team_remove(actor=world.actor("manager"), case_id=world.case.pk, member_id=member.pk)
    assert world.client("mentor").get(reverse("case_detail", args=[world.case.pk])).status_code == 404


def test_switching_organisation_changes_what_is_visible(world):
    from offramp.core.models import Role
    from offramp.core.services import membership_grant

    user = world.users["supervisor"]
    membership_grant(organization=world.other_org, user=user, role=Role.SUPERVISOR)
    client = world.client("supervisor")
    assert client.get(reverse("case_detail", args=[world.case.pk])).status_code == 200
    client.post(reverse("organization_switch"), {"organization": str(world.other_org.pk)})
    assert client.get(reverse("case_detail", args=[world.case.pk])).status_code == 404
    assert client.get(reverse("case_detail", args=[world.other_case.pk])).status_code == 200


def test_cannot_switch_into_an_organisation_without_membership(world):
    client = world.client("manager")
    client.post(reverse("organization_switch"), {"organization": str(world.other_org.pk)})
    assert client.get(reverse("case_detail", args=[world.other_case.pk])).status_code == 404
    assert client.get(reverse("case_detail", args=[world.case.pk])).status_code == 200


def test_team_member_picked_on_the_page_and_by_id_in_the_api(world):
    client = world.client("manager")
    refused = client.post(reverse("case_team_add", args=[world.case.pk]),
                          {"member": world.users["outsider"].pk, "role": "supervisor"})
    assert refused.status_code == 400
    assert "does not hold a role that fits this team role" in refused.content.decode()
    assert client.post(reverse("case_team_add", args=[world.case.pk]),
                       {"member": world.users["supervisor"].pk, "role": "supervisor"}).status_code == 302
    api = client.post(f"/api/v1/cases/{world.case.pk}/team/", {"member": world.users["responder"].pk, "role": "other"},
                      content_type="application/json")
    assert api.status_code == 201 and api.json()["role"] == "other"
    wrong_role = client.post(f"/api/v1/cases/{world.case.pk}/team/",
                             {"member": world.users["trainer"].pk, "role": "peer_mentor"},
                             content_type="application/json")
    assert wrong_role.status_code == 400 and "member" in wrong_role.json()


# What each persona may do on the shared case: "manage", "write" (notes), "read", or an
# HTTP status for everything (404 when the case is invisible, 403 when the role has no casework).
LEVEL = {
    "manager": "manage", "supervisor": "manage", "mentor": "write", "professional": "read", "external": "read",
    "other_manager": 404, "responder": 404, "outsider": 404,
    "admin": 403, "facilitator": 403, "trainer": 403, "evaluator": 403, "auditor": 403,
}
RANK = {"read": 1, "write": 2, "manage": 3}


def _expected(persona: str, needs: str, success: int) -> int:
    level = LEVEL[persona]
    if isinstance(level, int):
        return level
    return success if RANK[level] >= RANK[needs] else 403


def _signed_note(world):
    from django.utils import timezone

    from offramp.cases.services import note_create

    return note_create(actor=world.actor("manager"), case_id=world.case.pk, note_type="call", channel="phone",
                       direction="outbound", occurred_at=timezone.now(), narrative="Signed.", sign=True)


ENDPOINTS = [
    # (label, needs, success status, method, url builder, data)
    ("add participant", "manage", 302, "post", lambda w, n: reverse("case_participant_add", args=[w.case.pk]),
     lambda w: {"person": str(w.mother.pk), "role": "collateral"}),
    ("add team member", "manage", 302, "post", lambda w, n: reverse("case_team_add", args=[w.case.pk]),
     lambda w: {"member": w.users["other_manager"].pk, "role": "other"}),
    ("team picker page", "manage", 200, "get", lambda w, n: reverse("case_team_add", args=[w.case.pk]), None),
    ("add addendum", "write", 302, "post", lambda w, n: reverse("note_addendum", args=[n.pk]),
     lambda w: {"narrative": "Correction."}),
    ("API notes list", "read", 200, "get", lambda w, n: f"/api/v1/cases/{w.case.pk}/notes/", None),
    ("API participant", "manage", 201, "post_json", lambda w, n: f"/api/v1/cases/{w.case.pk}/participants/",
     lambda w: {"person": str(w.mother.pk), "role": "collateral"}),
    ("API addendum", "write", 201, "post_json", lambda w, n: f"/api/v1/notes/{n.pk}/addenda/",
     lambda w: {"narrative": "Correction."}),
]


@pytest.mark.parametrize("persona", LEVEL)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_every_case_endpoint_by_role(world, persona, endpoint):
    _label, needs, success, method, url, data = endpoint
    note = _signed_note(world)
    client = world.client(persona)
    target = url(world, note)
    payload = data(world) if data else None
    if method == "post_json":
        response = client.post(target, payload, content_type="application/json")
    else:
        response = getattr(client, method)(target, payload or {})
    assert response.status_code == _expected(persona, needs, success)
    if response.status_code in (403, 404):
        assert "Zephyrine" not in response.content.decode()
