"""An external professional (E3): reads only the cases whose team they are on, and nothing else."""

import re

import pytest
from django.urls import reverse

from offramp.cases import services as case_services
from offramp.cases.models import CaseTeamMember, ParticipantRole, TeamRole


@pytest.fixture
def second_case(world):
    """Another case of the same organisation, without the external professional."""
    return case_services.case_open(actor=world.actor("manager"), kind="family_support",
                                   participants=[(world.mother.pk, ParticipantRole.CLIENT)])


def test_their_case_opens_another_case_is_not_found(world, second_case):
    client = world.client("external")
    page = client.get(reverse("case_detail", args=[world.case.pk]))
    assert page.status_code == 200 and "Zephyrine" in page.content.decode()
    assert reverse("person_detail", args=[world.client_person.pk]) not in page.content.decode()
    assert client.get(reverse("case_detail", args=[second_case.pk])).status_code == 404
    assert client.get(f"/api/v1/cases/{second_case.pk}/").status_code == 404
    assert client.get(f"/api/v1/cases/{world.case.pk}/").status_code == 200


def test_the_case_list_and_the_api_list_only_theirs(world, second_case):
    client = world.client("external")
    listing = client.get(reverse("case_list")).content.decode()
    assert world.case.reference in listing and second_case.reference not in listing
    api = [c["reference"] for c in client.get("/api/v1/cases/").json()["results"]]
    assert api == [world.case.reference]


def test_no_people_search_helpline_figures_audit_or_new_case(world):
    client = world.client("external")
    for url in (reverse("person_list"), reverse("person_create"), reverse("case_open"), reverse("helpline_queue"),
                reverse("audit"), "/api/v1/people/", "/figures/"):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("person_list"), {"name": "Zephyrine"}).status_code == 403
    assert client.post("/api/v1/people/search/", {"given_name": "Zephyrine"},
                       content_type="application/json").status_code == 403
    assert client.get(reverse("person_detail", args=[world.client_person.pk])).status_code == 403
    assert client.get(reverse("note_create", args=[world.case.pk])).status_code == 403


def test_removed_from_the_team_they_lose_the_case(world):
    member = CaseTeamMember.objects.get(case=world.case, user=world.users["external"])
    case_services.case_team_remove(actor=world.actor("manager"), case_id=world.case.pk, member_id=member.pk)
    assert world.client("external").get(reverse("case_detail", args=[world.case.pk])).status_code == 404


def test_the_team_picker_offers_fitting_colleagues_of_the_organisation_only(world, second_case):
    case_page = world.client("manager").get(reverse("case_detail", args=[second_case.pk])).content.decode()
    assert reverse("case_team_add", args=[second_case.pk]) in case_page  # the picker is a page of its own
    page = world.client("manager").get(reverse("case_team_add", args=[second_case.pk])).content.decode()
    select = re.search(r'<select[^>]*name="member"[^>]*>(.*?)</select>', page, re.S).group(1)
    offered = set(re.findall(r'<option value="(\d+)"', select))
    users = world.users
    assert str(users["external"].pk) in offered and str(users["mentor"].pk) in offered
    for persona in ("outsider", "facilitator", "trainer", "evaluator", "auditor", "admin", "manager"):
        assert str(users[persona].pk) not in offered, persona  # the manager is on this team already
    assert "External professional" in select


def test_an_external_professional_joins_a_team_only_as_another_professional(world, second_case):
    client = world.client("manager")
    refused = client.post(reverse("case_team_add", args=[second_case.pk]),
                          {"member": world.users["external"].pk, "role": TeamRole.CASE_MANAGER})
    assert refused.status_code == 400
    added = client.post(reverse("case_team_add", args=[second_case.pk]),
                        {"member": world.users["external"].pk, "role": TeamRole.OTHER, "profession": "Probation"})
    assert added.status_code == 302
    assert world.client("external").get(reverse("case_detail", args=[second_case.pk])).status_code == 200


@pytest.mark.parametrize("hostile", ["99999999999999999999", "abc", "-1", ""])
def test_hostile_member_ids_are_refused(world, second_case, hostile):
    client = world.client("manager")
    page = client.post(reverse("case_team_add", args=[second_case.pk]), {"member": hostile, "role": "other"})
    api = client.post(f"/api/v1/cases/{second_case.pk}/team/", {"member": hostile, "role": "other"},
                      content_type="application/json")
    assert page.status_code == 400 and api.status_code == 400
    assert CaseTeamMember.objects.filter(case=second_case).count() == 1  # its manager only
