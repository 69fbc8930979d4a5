"""The header drawn by base.html: the current page is marked for every link in it, and the organisation, its
switch and signing out sit in one disclosure (its layout at 1280 and 390 px: tests/browser/test_header.py)."""

import re

import pytest
from django.urls import reverse

from offramp.core.models import Role
from offramp.core.services import membership_grant


def _current(page: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', page, re.S)
    assert nav
    return [re.sub(r"<span.*", "", text, flags=re.S).strip()
            for attributes, text in re.findall(r"<a ([^>]*)>(.*?)</a>", nav.group(1), re.S)
            if "aria-current" in attributes]


def _account(page: str) -> str:
    account = re.search(r'<details class="account">(.*?)</details>', page, re.S)
    assert account, "no account disclosure"
    return account.group(1)


@pytest.mark.parametrize(("url_name", "current"), [("settings", "Settings"), ("notifications", "Notifications")])
def test_settings_and_notifications_are_marked_when_open(world, url_name, current):
    assert _current(world.client("manager").get(reverse(url_name)).content.decode()) == [current]


def test_the_account_names_the_organisation_and_signs_out(world):
    account = _account(world.client("manager").get(reverse("case_list")).content.decode())
    summary = re.search(r"<summary>(.*?)</summary>", account, re.S)
    assert summary and world.org.name in summary.group(1) and "Your account" in summary.group(1)
    assert world.users["manager"].display_name in account
    assert reverse("account_logout") in account and "Sign out" in account
    assert 'id="org-switch"' not in account  # one organisation: nothing to switch to


def test_someone_in_two_organisations_switches_from_it(world):
    membership_grant(organization=world.other_org, user=world.users["supervisor"], role=Role.SUPERVISOR)
    account = _account(world.client("supervisor").get(reverse("case_list")).content.decode())
    assert 'id="org-switch"' in account and reverse("organization_switch") in account
    assert f'<option value="{world.other_org.pk}">{world.other_org.name}</option>' in account
