"""The helpline page's lists with context: how long unassigned contacts and web requests have waited,
each recent contact's main concern and responder, and the contacts' search and filters (a GET form
that keeps its values), never showing another organisation's contacts or staff."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from offramp.core.calendar import org_today
from offramp.core.models import Role, TaxonomyTerm
from offramp.helpline import vocabularies
from offramp.helpline.models import HelplineContact
from offramp.helpline.services import contacts, web_requests
from tests.conftest import make_user


def _log(world, persona="responder", org=None, **fields):
    defaults = {"channel": "phone", "caller_relationship": "parent"}
    return contacts.contact_log(actor=world.actor(persona, org), **{**defaults, **fields})


def _term(org, label, vocabulary=vocabularies.IDEOLOGY):
    return TaxonomyTerm.objects.create(organization=org, vocabulary=vocabulary, label=label)


def _page(world, persona="supervisor", **params):
    response = world.client(persona).get(reverse("helpline_queue"), params)
    assert response.status_code == 200
    return response.content.decode()


def _listed(page: str) -> str:
    """The contacts table of the helpline page."""
    return page[page.index('id="recent-heading"'):]


@pytest.fixture
def outsider_responder(world):
    world.users["outsider_responder"] = make_user("responder@harbor.test", world.other_org, Role.HELPLINE_RESPONDER)
    return world.users["outsider_responder"]


# ---- waiting times ------------------------------------------------------------------------------

def test_unassigned_contacts_and_web_requests_say_how_long_they_have_waited(world):
    _log(world, leave_unassigned=True, received_at=timezone.now() - timedelta(hours=2, minutes=10, seconds=5))
    _log(world, leave_unassigned=True, received_at=timezone.now() - timedelta(days=3, hours=1))
    web_requests.help_request_submit(organization=world.org, data={
        "name": "Someone", "phone": "+1 212 555 0188", "email": "", "when_to_reach": "", "worry": "Worried.",
        "language": "en"})
    page = _page(world)
    unassigned = page[page.index('id="unassigned-heading"'):page.index('id="follow-heading"')]
    assert "waiting 2 hours" in unassigned and "waiting 3 days" in unassigned  # the work queue's words
    assert unassigned.index("waiting 3 days") < unassigned.index("waiting 2 hours")  # oldest first
    requests = page[page.index('id="web-heading"'):page.index('id="unassigned-heading"')]
    assert "waiting 1 minute" in requests


# ---- what each row shows -----------------------------------------------------------------------

def test_a_recent_contact_shows_its_main_concern_an_excerpt_and_its_responder(world):
    militia, online = _term(world.org, "Militia movement"), _term(world.org, "Spends nights on forums", vocabularies.SIGN)
    _log(world, terms={"ideologies": [militia.pk], "signs": [online.pk]},
         summary="Mother worried about her son's new friends and a rally he plans to attend next month. " * 3)
    _log(world, ideology_unclear=True, summary="Short call.")
    rows = _listed(_page(world))
    assert "Militia movement" in rows and "Spends nights on forums" in rows
    assert "Mother worried about her son&#x27;s new friends" in rows and "…" in rows  # an excerpt, not all of it
    assert rows.count("next month") == 1
    assert "Movement unclear" in rows and "Short call." in rows
    assert "Responder" in rows  # the responder's name (the persona's display name)


# ---- filters ------------------------------------------------------------------------------------

def test_each_filter_narrows_the_list_and_the_form_keeps_its_values(world):
    militia = _term(world.org, "Militia movement")
    other_responder = world.users["responder2"] = make_user("responder2@northstar.test", world.org,
                                                            Role.HELPLINE_RESPONDER)
    old = _log(world, channel="email", received_at=timezone.now() - timedelta(days=40))
    danger = _log(world, self_harm=True, terms={"ideologies": [militia.pk]})
    mine = _log(world, leave_unassigned=True, caller_phone="+1 212 555 0199")
    theirs = _log(world, "responder2", channel="chat", caller_relationship="self", caller_email="Someone@Example.org")
    everyone = {old, danger, mine, theirs}

    def shown(**params):
        rows = _listed(_page(world, **params))
        return {c for c in everyone if str(c.pk) in rows}

    assert shown() == everyone
    assert shown(channel="email") == {old}
    assert shown(safety="on") == {danger}
    assert shown(concern=str(militia.pk)) == {danger}
    assert shown(assigned="no") == {mine}
    assert shown(assigned="yes") == everyone - {mine}
    assert shown(responder=str(other_responder.pk)) == {theirs}
    assert shown(caller="(212) 555-0199") == {mine}  # the same number typed another way
    assert shown(caller="someone@example.org") == {theirs}
    today = org_today(world.org)  # days are the organisation's, whatever the server's time zone
    assert shown(received_from=today.isoformat()) == everyone - {old}
    assert shown(received_to=(today - timedelta(days=1)).isoformat()) == {old}
    assert shown(received_from=(today - timedelta(days=45)).isoformat(),
                 received_to=(today - timedelta(days=30)).isoformat()) == {old}

    page = _page(world, channel="email", safety="on", assigned="no", caller="+1 212 555 0199")
    assert '<option value="email" selected>' in page
    assert 'name="safety" id="id_safety" checked' in page
    assert '<option value="no" selected>' in page
    assert 'value="+1 212 555 0199"' in page
    assert "No contacts match." in page


def test_the_safety_filter_is_any_question_answered_yes(world):
    flagged = {flag: _log(world, **{flag: True}) for flag in
               ("immediate_danger", "threat_to_others", "self_harm", "vulnerable_at_risk")}
    calm = _log(world)
    rows = _listed(_page(world, safety="on"))
    assert all(c.reference in rows for c in flagged.values()) and calm.reference not in rows


def test_the_responder_picker_offers_the_organisations_helpline_staff_only(world, outsider_responder):
    page = _page(world)
    picker = page[page.index('name="responder"'):]
    picker = picker[:picker.index("</select>")]
    assert f'value="{world.users["responder"].pk}"' in picker
    assert f'value="{world.users["supervisor"].pk}"' in picker
    assert f'value="{world.users["manager"].pk}"' not in picker  # not on the helpline
    assert f'value="{outsider_responder.pk}"' not in picker and "harbor" not in picker


def test_another_organisations_contacts_never_appear_even_when_filtered_by_their_responder(world, outsider_responder):
    theirs = _log(world, "outsider_responder", org=world.other_org, caller_phone="+1 212 555 0123")
    ours = _log(world, caller_phone="+1 212 555 0124")
    harbor_term = _term(world.other_org, "Harbor-only movement")
    assert str(theirs.pk) not in _page(world)
    page = _page(world, responder=str(outsider_responder.pk))
    assert "Choose a responder from the list." in page and str(theirs.pk) not in page
    assert str(ours.pk) in _listed(page)  # the refused filter is left out, not the list
    page = _page(world, concern=str(harbor_term.pk))
    assert "Select a valid choice" in page and str(theirs.pk) not in page
    assert "Harbor-only movement" not in page
    assert str(theirs.pk) not in _page(world, caller="+1 212 555 0123")  # their caller, searched here


@pytest.mark.parametrize("params", [
    {"received_from": "2026-02-30"}, {"received_to": "yesterday"}, {"received_from": "0001-01-01"},
    {"received_to": "9999-12-31"}, {"received_from": "2026-05-02", "received_to": "2026-05-01"},
    {"channel": "carrier pigeon"}, {"responder": "x" * 5000}, {"responder": "99999999999999999999"},
    {"responder": "-1"}, {"concern": "' OR 1=1 --"}, {"concern": "99999999"}, {"assigned": "maybe"},
    {"caller": "x" * 5000}, {"caller": "Wilhelmina"}, {"safety": "\x00"}, {"page": "0"},
])
def test_hostile_input_in_any_filter_gives_a_message_never_a_server_error(world, params):
    _log(world)
    response = world.client("responder").get(reverse("helpline_queue"), params)
    if "page" in params:
        assert response.status_code == 400
        return
    assert response.status_code == 200
    page = response.content.decode()
    if "safety" not in params:
        assert 'class="error"' in page and 'aria-invalid="true"' in page


def test_a_name_typed_in_the_caller_search_says_what_can_be_searched(world):
    page = _page(world, caller="Wilhelmina")
    assert "Type the caller&#x27;s phone number or e-mail address" in page


def test_a_role_without_the_helpline_gets_403_and_no_list(world):
    assert world.client("manager").get(reverse("helpline_queue"), {"safety": "on"}).status_code == 403
    assert world.client("evaluator").get(reverse("helpline_queue")).status_code == 403


def test_merged_duplicates_stay_out_of_filtered_lists(world):
    kept, duplicate = _log(world, caller_phone="+1 212 555 0177"), _log(world, caller_phone="+1 212 555 0177")
    HelplineContact.objects.filter(pk=duplicate.pk).update(merged_into=kept)
    rows = _listed(_page(world, caller="+1 212 555 0177"))
    assert kept.reference in rows and duplicate.reference not in rows
