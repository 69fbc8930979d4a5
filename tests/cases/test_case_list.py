"""The case list with context: the client's name for those who may open the case, status, owner,
last activity and the next reply due; filters by status, kind, owner, "mine" and late replies (a GET
form that keeps its values; bad input gets a message, never a server error); the API list's filters."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from offramp.cases import services as case_services
from offramp.cases.models import ParticipantRole, TeamRole
from offramp.people import services as people_services


def _page(world, persona="supervisor", **params) -> str:
    response = world.client(persona).get(reverse("case_list"), params)
    assert response.status_code == 200
    return response.content.decode()


def _rows(page: str) -> str:
    return page[page.index("<tbody>"):page.index("</tbody>")]


def _message_from_client(world, case, *, days_ago: float):
    """A signed inbound message from the case's client: it opens a reply clock."""
    participant = case.participants.get(role=ParticipantRole.CLIENT)
    return case_services.note_create(
        actor=world.actor("manager"), case_id=case.pk, note_type="message", channel="text", direction="inbound",
        occurred_at=timezone.now() - timedelta(days=days_ago), narrative="Can we meet this week?",
        with_participant_id=participant.pk, sign=True)


def _case(world, given_name, *, persona="manager", restricted=False, kind="prevention"):
    actor = world.actor(persona)
    person = people_services.person_create(actor=actor, given_name=given_name, family_name="Testcase")
    return case_services.case_open(actor=actor, kind=kind, restricted=restricted,
                                   participants=[(person.pk, ParticipantRole.CLIENT)])


def test_each_row_shows_the_client_owner_last_activity_and_a_late_reply(world):
    _message_from_client(world, world.case, days_ago=10)
    rows = _rows(_page(world, "manager"))
    assert "Zephyrine Quillbottom" in rows  # the client, not the family member
    assert "Marguerite" not in rows
    assert "Manager" in rows  # the case manager owns it
    assert "Reply to a message" in rows and "days late" in rows
    assert 'class="badge badge-overdue"' in rows  # said in words, not by colour alone


def test_a_restricted_case_a_supervisor_only_sees_listed_shows_no_name_owner_or_activity(world):
    secret = _case(world, "Hushabella", restricted=True)
    _message_from_client(world, secret, days_ago=3)
    rows = _rows(_page(world, "supervisor"))
    assert secret.reference in rows and "break the glass" in rows
    assert "Hushabella" not in rows
    row = rows[rows.index(secret.reference):]
    row = row[:row.index("</tr>")]
    assert "Manager" not in row and "late" not in row and "Not shown" in row


def test_filters_by_status_kind_owner_mine_and_late_replies_keep_their_values(world):
    quiet = _case(world, "Quietus")
    late = _case(world, "Tardilla")
    _message_from_client(world, late, days_ago=10)
    soon = _case(world, "Promptia")
    _message_from_client(world, soon, days_ago=0)
    supervised = _case(world, "Supervia", persona="supervisor")
    cases = {world.case, quiet, late, soon, supervised}

    def shown(**params):
        rows = _rows(_page(world, **params))
        return {c for c in cases if c.reference in rows}

    assert shown() == cases
    assert shown(overdue="on") == {late}
    assert shown(kind="family_support") == {world.case}
    assert world.case.status != "inquiry"  # a family case opens at its own first stage
    assert shown(status="inquiry") == cases - {world.case}
    assert shown(status=world.case.status) == {world.case}
    assert shown(status="closed") == set()
    assert shown(owner=str(world.users["supervisor"].pk)) == {supervised}
    assert shown(owner=str(world.users["manager"].pk)) == cases - {supervised}
    case_services.case_team_add(actor=world.actor("manager"), case_id=quiet.pk, member=world.users["supervisor"].pk,
                                role=TeamRole.SUPERVISOR)
    assert shown(owner=str(world.users["supervisor"].pk)) == {supervised}  # the case manager still owns it
    rows = _rows(_page(world))
    quiet_row = rows[rows.index(quiet.reference):]
    assert "Manager" in quiet_row[:quiet_row.index("</tr>")] and "Supervisor" not in quiet_row[:quiet_row.index("</tr>")]
    assert {c for c in cases if c.reference in _rows(_page(world, "mentor", mine="on"))} == {world.case}

    page = _page(world, owner=str(world.users["manager"].pk), overdue="on", kind="prevention")
    assert f'<option value="{world.users["manager"].pk}" selected>' in page
    assert 'name="overdue" id="id_overdue" checked' in page
    assert '<option value="prevention" selected>' in page


def test_the_owner_picker_offers_this_organisations_case_managers_and_supervisors_only(world):
    page = _page(world)
    picker = page[page.index('name="owner"'):]
    picker = picker[:picker.index("</select>")]
    assert f'value="{world.users["manager"].pk}"' in picker and f'value="{world.users["supervisor"].pk}"' in picker
    assert f'value="{world.users["responder"].pk}"' not in picker and f'value="{world.users["evaluator"].pk}"' not in picker
    assert f'value="{world.users["outsider"].pk}"' not in picker


def test_another_organisations_cases_never_appear_even_filtered_by_their_owner(world):
    outsider = world.users["outsider"]
    page = _page(world, owner=str(outsider.pk))
    assert "Choose an owner from the list." in page and 'aria-invalid="true"' in page
    assert world.other_case.reference not in page and "Orsolya" not in page
    assert world.case.reference in _rows(page)  # the refused filter is left out, not the list
    api = world.client("supervisor").get("/api/v1/cases/", {"owner": outsider.pk})
    assert api.status_code == 400 and "owner" in api.json().get("errors", api.json())
    assert world.other_case.reference not in api.content.decode()


@pytest.mark.parametrize("params", [
    {"owner": "x" * 5000}, {"owner": "99999999999999999999"}, {"owner": "-1"}, {"status": "' OR 1=1"},
    {"kind": "nonsense"}, {"reference": "R" * 5000}, {"mine": "\x00"}, {"overdue": "maybe"},
])
def test_hostile_input_in_any_filter_gives_a_message_never_a_server_error(world, params):
    response = world.client("supervisor").get(reverse("case_list"), params)
    assert response.status_code == 200
    if not {"mine", "overdue"} & set(params):
        assert 'class="error"' in response.content.decode()
    api = world.client("supervisor").get("/api/v1/cases/", params)
    assert api.status_code in (200, 400)


def test_the_api_list_filters_by_owner_and_late_replies(world):
    late = _case(world, "Tardilla")
    _message_from_client(world, late, days_ago=10)
    _case(world, "Supervia", persona="supervisor")
    client = world.client("supervisor")
    late_refs = {c["reference"] for c in client.get("/api/v1/cases/", {"overdue": "true"}).json()["results"]}
    assert late_refs == {late.reference}
    owned = {c["reference"] for c in client.get("/api/v1/cases/", {"owner": world.users["manager"].pk}).json()["results"]}
    assert owned == {world.case.reference, late.reference}


def test_a_role_without_casework_gets_403(world):
    assert world.client("evaluator").get(reverse("case_list"), {"overdue": "on"}).status_code == 403
