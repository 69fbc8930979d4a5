"""The main menu is registered by the apps (core.navigation); each role sees the links it always saw, in
the same order, the current page marked."""

import re

import pytest
from django.urls import reverse

from offramp.core import navigation
from offramp.core.access import CASEWORK

FRAME = ["Work queue", "Notifications", "Settings"]  # drawn by base.html itself
LAND_ON_FIGURES = {"evaluator", "auditor"}  # no work queue: their home is the figures page
# The test settings install the example app (tests/plugin_app), whose "Groups" link is for facilitators
# and supervisors.
MENUS = {
    "admin": ["Figures", "Directory", "Audit trail", "Questionnaires"],
    "supervisor": ["Cases", "People", "Helpline", "Figures", "Directory", "Groups"],
    "manager": ["Cases", "People", "Directory"],
    "mentor": ["Cases", "People", "Directory"],
    "responder": ["Cases", "People", "Helpline", "Directory"],
    "facilitator": ["Directory", "Groups"],
    "trainer": ["Directory"],
    "evaluator": ["Figures", "Directory"],
    "auditor": ["Figures", "Directory", "Audit trail"],
}


def _menu(page: str) -> list[tuple[str, bool]]:
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', page, re.S)
    assert nav, "no main menu"
    links = re.findall(r"<a ([^>]*)>(.*?)</a>", nav.group(1), re.S)
    return [(re.sub(r"<span.*", "", text, flags=re.S).strip(), "aria-current" in attributes)
            for attributes, text in links]


@pytest.mark.parametrize("persona", sorted(MENUS))
def test_each_role_sees_its_links_in_order(world, persona):
    page = world.client(persona).get(reverse("work_queue"), follow=True).content.decode()
    frame_start = [] if persona in LAND_ON_FIGURES else [FRAME[0]]
    assert [label for label, _current in _menu(page)] == [*frame_start, *MENUS[persona], *FRAME[1:]]


@pytest.mark.parametrize(("persona", "url", "current"), [
    ("supervisor", "/cases/", "Cases"),
    ("supervisor", "/people/", "People"),
    ("responder", "/helpline/", "Helpline"),
    ("evaluator", "/helpline/dashboard/", "Figures"),
    ("manager", "/directory/", "Directory"),
    ("auditor", "/audit/", "Audit trail"),
    ("admin", "/instruments/", "Questionnaires"),
    ("admin", "/instruments/import/", "Questionnaires"),
])
def test_the_current_page_is_marked(world, persona, url, current):
    page = world.client(persona).get(url).content.decode()
    assert [label for label, is_current in _menu(page) if is_current] == [current]


def test_a_link_registered_by_an_app_shows_to_the_roles_its_permission_names(world, monkeypatch):
    monkeypatch.setattr(navigation, "_items", dict(navigation._items))
    navigation.register(navigation.MenuItem("Somewhere", "settings", CASEWORK, order=15))
    assert ("Somewhere", False) in _menu(world.client("manager").get(reverse("work_queue")).content.decode())
    assert ("Somewhere", False) not in _menu(world.client("evaluator").get(reverse("resource_list")).content.decode())
