"""Colleagues are picked from a list, never typed (issue 10): giving a contact or a web request to a
colleague and naming who keeps a follow-up. The lists offer the organisation's helpline responders
and supervisors only, by name; the services refuse anyone else, whatever id is posted."""

import re

import pytest
from django.urls import reverse

from offramp.helpline.models import FollowUp, HelplineContact, HelpRequest
from offramp.helpline.services import contacts

HOSTILE_IDS = ["99999999999999999999", "-1", "1.5", "abc", "١", "\x00"]


def _log(world):
    return contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                                leave_unassigned=True)


def _request(world):
    return HelpRequest.objects.create(organization=world.org, reference="WEB-2026-00001", name="Ottilie",
                                      phone="+1 212 555 0199", worry="My son.", language="en")


def _options(html: str, select_name: str) -> dict[str, str]:
    """The options of the first <select name=...> on the page: {value: label}."""
    select = re.search(rf'<select name="{select_name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no picker named {select_name}"
    return {value: label.strip() for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>',
                                                                 select.group(1))}


def _names(world, *personas) -> set[str]:
    return {world.users[p].display_name for p in personas}


def test_the_contact_page_offers_helpline_colleagues_by_name(world):
    contact = _log(world)
    page = world.client("supervisor").get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assign = _options(page, "assignee")
    assert set(assign.values()) - {"Choose a colleague"} == _names(world, "responder", "supervisor")
    assert str(world.users["outsider"].pk) not in assign  # a supervisor too, but of another organisation
    follow_up = _options(page[page.index('action="' + reverse("follow_up_create", args=[contact.pk])):],
                         "assignee")
    assert follow_up[""] == "You"
    assert set(follow_up.values()) - {"You"} == _names(world, "responder")  # everyone but the reader


def test_a_responder_sees_no_assignment_picker(world):
    contact = _log(world)
    page = world.client("responder").get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert reverse("contact_assign", args=[contact.pk]) not in page


def test_the_helpline_page_offers_the_same_colleagues_for_a_web_request(world):
    _request(world)
    page = world.client("supervisor").get(reverse("helpline_queue")).content.decode()
    offered = _options(page, "assignee")
    assert set(offered.values()) - {"Choose a colleague"} == _names(world, "responder", "supervisor")
    names = [label for value, label in offered.items() if value]
    assert names == sorted(names)


def test_a_contact_is_given_to_the_colleague_picked(world):
    contact = _log(world)
    response = world.client("supervisor").post(reverse("contact_assign", args=[contact.pk]),
                                               {"assignee": world.users["responder"].pk})
    contact.refresh_from_db()
    assert response.status_code == 302 and contact.assigned_to == world.users["responder"]


@pytest.mark.parametrize("persona", ["manager", "mentor", "evaluator", "outsider"])
def test_a_colleague_not_offered_is_refused_with_nothing_changed_or_shown(world, persona):
    contact, waiting = _log(world), _request(world)
    chosen = world.users[persona].pk
    supervisor = world.client("supervisor")
    for url, data in ((reverse("contact_assign", args=[contact.pk]), {"assignee": chosen}),
                      (reverse("help_request_assign", args=[waiting.pk]), {"assignee": chosen}),
                      (reverse("follow_up_create", args=[contact.pk]),
                       {"assignee": chosen, "due_at": "2030-01-01T10:00"})):
        response = supervisor.post(url, data)
        body = response.content.decode()
        assert response.status_code == 400, url
        assert "Choose a helpline responder or supervisor of your organisation." in body
        assert world.users["outsider"].display_name not in body
    contact.refresh_from_db()
    waiting.refresh_from_db()
    assert contact.assigned_to is None and waiting.status == HelpRequest.Status.NEW
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize("hostile", HOSTILE_IDS)
def test_hostile_ids_are_refused_not_crashed_on(world, hostile):
    contact, waiting = _log(world), _request(world)
    supervisor = world.client("supervisor")
    assert supervisor.post(reverse("contact_assign", args=[contact.pk]), {"assignee": hostile}).status_code == 400
    assert supervisor.post(reverse("help_request_assign", args=[waiting.pk]), {"assignee": hostile}).status_code == 400
    assert supervisor.post(reverse("follow_up_create", args=[contact.pk]),
                           {"assignee": hostile, "due_at": "2030-01-01T10:00"}).status_code == 400
    for url, body in ((f"/api/v1/contacts/{contact.pk}/assign/", {}), (f"/api/v1/help-requests/{waiting.pk}/assign/", {}),
                      (f"/api/v1/contacts/{contact.pk}/follow-ups/", {"due_at": "2030-01-01T10:00:00Z"})):
        response = supervisor.post(url, {"assignee": hostile, **body}, content_type="application/json")
        assert response.status_code == 400 and "assignee" in response.json(), url
    contact.refresh_from_db()
    assert contact.assigned_to is None and not FollowUp.objects.exists()


def test_a_follow_up_is_kept_by_the_colleague_picked_or_by_whoever_schedules_it(world):
    contact = _log(world)
    client = world.client("supervisor")
    assert client.post(reverse("follow_up_create", args=[contact.pk]), {
        "assignee": world.users["responder"].pk, "due_at": "2030-01-01T10:00"}).status_code == 302
    assert client.post(reverse("follow_up_create", args=[contact.pk]), {
        "assignee": "", "due_at": "2030-01-02T10:00"}).status_code == 302
    kept = list(FollowUp.objects.order_by("due_at").values_list("assigned_to", flat=True))
    assert kept == [world.users["responder"].pk, world.users["supervisor"].pk]


def test_the_api_takes_the_colleagues_user_id(world):
    contact, waiting = _log(world), _request(world)
    supervisor = world.client("supervisor")
    me = supervisor.get("/api/v1/me/").json()
    assert me["id"] == world.users["supervisor"].pk
    assigned = supervisor.post(f"/api/v1/contacts/{contact.pk}/assign/", {"assignee": world.users["responder"].pk},
                               content_type="application/json")
    assert assigned.status_code == 200 and assigned.json()["assigned_to"] == world.users["responder"].pk
    given = supervisor.post(f"/api/v1/help-requests/{waiting.pk}/assign/", {"assignee": me["id"]},
                            content_type="application/json")
    assert given.status_code == 200 and given.json()["claimed_by"] == me["id"]
    refused = supervisor.post(f"/api/v1/contacts/{contact.pk}/assign/", {"assignee": world.users["outsider"].pk},
                              content_type="application/json")
    assert refused.status_code == 400 and refused.json()["assignee"] == [
        "Choose a helpline responder or supervisor of your organisation."]
    assert HelplineContact.objects.get(pk=contact.pk).assigned_to == world.users["responder"]
    huge = supervisor.post(f"/api/v1/contacts/{contact.pk}/assign/", {"assignee": 10**30}, content_type="application/json")
    assert huge.status_code == 400 and "assignee" in huge.json()
    old_key = supervisor.post(f"/api/v1/contacts/{contact.pk}/assign/", {"assignee_email": "responder@northstar.test"},
                              content_type="application/json")
    assert old_key.status_code == 400  # the e-mail key is gone: the body names what the endpoint does not take
