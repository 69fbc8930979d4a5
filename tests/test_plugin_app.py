"""An app can plug into every registry without editing core, cases, helpline or api (issue 9).

tests/plugin_app is a real Django app ("peer_groups": support group sessions), installed by the test
settings only. It adds a case timeline entry, a work-queue item, a questionnaire subject, API endpoints,
a vocabulary, demo data, a figures table, a menu link and its own permissions, each registered from its
AppConfig.ready(). Every test here looks from the outside: pages, the API, the seed command.
"""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import offramp
from offramp.core import vocabularies
from offramp.core.models import AuditEvent, Organization, TaxonomyTerm
from offramp.instruments.models import Instrument
from tests.plugin_app import services
from tests.plugin_app.demo import DEFINITION
from tests.plugin_app.models import GroupSession
from tests.plugin_app.vocabularies import TOPIC


def _topic(org, label="Leaving a movement") -> TaxonomyTerm:
    return TaxonomyTerm.objects.create(organization=org, vocabulary=TOPIC, label=label)


def _session(world, persona="facilitator", *, days_ago=3, attendance=8, topic=None, case=None, org=None):
    actor = world.actor(persona, org)
    return services.session_record(actor=actor, topic_id=(topic or _topic(actor.organization)).pk,
                                   held_at=timezone.now() - timedelta(days=days_ago), attendance=attendance,
                                   case_id=case.pk if case else None)


def _denied(user) -> int:
    return AuditEvent.objects.filter(action="denied", actor=user).count()


# -- a timeline entry type ----------------------------------------------------------------------------


def test_the_case_page_shows_a_session_held_for_the_case(world):
    session = _session(world, "supervisor", case=world.case, attendance=6)
    page = world.client("manager").get(reverse("case_detail", args=[world.case.pk])).content.decode()
    assert f'id="group-session-{session.pk}"' in page
    assert "Leaving a movement" in page and "6 attended" in page


def test_a_session_for_no_case_is_on_no_case_page(world):
    session = _session(world)
    page = world.client("manager").get(reverse("case_detail", args=[world.case.pk])).content.decode()
    assert f"group-session-{session.pk}" not in page


# -- a work-queue item --------------------------------------------------------------------------------


def test_the_facilitators_work_queue_shows_the_report_to_write_on_the_page_and_in_the_api(world):
    session = _session(world, days_ago=3)
    page = world.client("facilitator").get(reverse("work_queue")).content.decode()
    assert "Write the group session report" in page
    assert reverse("peer_groups:session_detail", args=[session.pk]) in page
    items = world.client("facilitator").get("/api/v1/work-queue/").json()
    assert [(item["kind"], item["overdue"]) for item in items] == [("group_report", True)]
    assert "Write the group session report" not in world.client("supervisor").get(reverse("work_queue")).content.decode()


def test_the_report_written_on_its_page_takes_the_item_off_the_queue(world):
    session = _session(world)
    client = world.client("facilitator")
    response = client.post(reverse("peer_groups:session_detail", args=[session.pk]), {"report": "Calm; all spoke."})
    assert response.status_code == 302
    assert client.get("/api/v1/work-queue/").json() == []
    session.refresh_from_db()
    assert session.report == "Calm; all spoke."


# -- an API endpoint, auto-mounted --------------------------------------------------------------------


def test_the_api_lists_records_and_reads_the_organisations_sessions(world):
    session = _session(world)
    client = world.client("facilitator")
    listed = client.get("/api/v1/peer-groups/sessions/").json()
    assert [row["id"] for row in listed["results"]] == [str(session.pk)]
    one = client.get(f"/api/v1/peer-groups/sessions/{session.pk}/").json()
    assert one["topic"] == "Leaving a movement" and one["attendance"] == 8 and one["reported"] is False
    topic = _topic(world.org, "Families")
    created = client.post("/api/v1/peer-groups/sessions/", {
        "topic": topic.pk, "held_at": (timezone.now() - timedelta(hours=2)).isoformat(), "attendance": 5,
    }, content_type="application/json")
    assert created.status_code == 201 and created.json()["topic"] == "Families"


def test_the_api_refuses_a_role_without_the_apps_permission(world):
    client, user = world.client("manager"), world.users["manager"]
    before = _denied(user)
    assert client.get("/api/v1/peer-groups/sessions/").status_code == 403
    assert _denied(user) == before + 1


def test_the_api_answers_not_found_for_another_organisations_session(world):
    theirs = _session(world, "outsider", org=world.other_org)
    before = _denied(world.users["facilitator"])
    assert world.client("facilitator").get(f"/api/v1/peer-groups/sessions/{theirs.pk}/").status_code == 404
    assert _denied(world.users["facilitator"]) == before + 1
    page = world.client("facilitator").get(reverse("peer_groups:session_detail", args=[theirs.pk]))
    assert page.status_code == 404


def test_the_api_does_not_link_a_case_for_someone_who_may_not_see_casework(world):
    topic = _topic(world.org)
    response = world.client("facilitator").post("/api/v1/peer-groups/sessions/", {
        "topic": topic.pk, "held_at": timezone.now().isoformat(), "attendance": 5, "case": str(world.case.pk),
    }, content_type="application/json")
    assert response.status_code == 403
    assert not GroupSession.objects.exists()


# -- a questionnaire and its subject ------------------------------------------------------------------


def test_a_questionnaire_imported_through_the_engine_is_answered_about_a_session(world):
    definition = json.loads(DEFINITION.read_text(encoding="utf-8"))
    assert world.client("admin").post("/api/v1/instruments/", definition,
                                      content_type="application/json").status_code == 201
    session = _session(world)
    start = {"instrument_key": "peer-session-feedback", "subject_type": "group_session", "subject_id": str(session.pk)}
    started = world.client("facilitator").post("/api/v1/instruments/responses/", start, content_type="application/json")
    assert started.status_code == 201
    assert world.client("manager").post("/api/v1/instruments/responses/", start,
                                        content_type="application/json").status_code == 404
    theirs = _session(world, "outsider", org=world.other_org)
    elsewhere = {**start, "subject_id": str(theirs.pk)}
    assert world.client("facilitator").post("/api/v1/instruments/responses/", elsewhere,
                                            content_type="application/json").status_code == 404


# -- a vocabulary -------------------------------------------------------------------------------------


def test_its_vocabulary_is_declared_and_accepted_for_taxonomy_terms(world):
    assert TOPIC in [key for key, _label in vocabularies.choices()]
    TaxonomyTerm(organization=world.org, vocabulary=TOPIC, label="Staying out").full_clean()
    page = world.client("admin").get("/admin/core/taxonomyterm/add/").content.decode()
    assert f'value="{TOPIC}"' in page


# -- demo data ----------------------------------------------------------------------------------------


def test_the_demo_seed_makes_its_sessions_topics_and_questionnaire(db):
    call_command("seed", "--scale", "demo")
    for org in Organization.objects.filter(slug__in=["northstar", "puente"]):
        assert GroupSession.objects.filter(organization=org).count() == 5
        assert GroupSession.objects.filter(organization=org, case__isnull=False).count() == 1
        assert TaxonomyTerm.objects.filter(organization=org, vocabulary=TOPIC).count() == 3
        assert Instrument.objects.filter(organization=org, key="peer-session-feedback").exists()


# -- a figures table ----------------------------------------------------------------------------------


def _figures(world):
    """Attendance by topic at the organisation's threshold of 11: 30, 4 (shown "<11") and 15 (hidden as
    "≥11", or the total would give the 4 away)."""
    for label, attendance in (("Leaving a movement", 30), ("Families", 4), ("Staying out", 15)):
        _session(world, topic=_topic(world.org, label), attendance=attendance)


def test_figures_show_its_table_with_small_cells_suppressed(world):
    _figures(world)
    page = world.client("evaluator").get(reverse("figures")).content.decode()
    assert "<caption>Group attendance by topic</caption>" in page
    assert '<th scope="row">Leaving a movement</th><td>30</td>' in page
    assert '<th scope="row">Families</th><td>&lt;11</td>' in page
    assert '<th scope="row">Staying out</th><td>≥11</td>' in page
    assert '<th scope="row">Total</th><td>49</td>' in page
    assert ">4<" not in page and ">15<" not in page
    table = world.client("evaluator").get("/api/v1/figures/peer_groups.attendance_by_topic/").json()
    assert {row["label"]: row["count"] for row in table["rows"]} == {
        "Leaving a movement": 30, "Families": "<11", "Staying out": "≥11"}
    assert table["total"] == 49


def test_figures_show_its_table_only_to_the_roles_its_permission_names(world):
    _figures(world)
    assert "Group attendance by topic" in world.client("supervisor").get(reverse("figures")).content.decode()
    assert "Group attendance by topic" not in world.client("admin").get(reverse("figures")).content.decode()
    assert world.client("admin").get("/api/v1/figures/peer_groups.attendance_by_topic/").status_code == 403
    keys = [table["key"] for table in world.client("admin").get("/api/v1/figures/").json()["tables"]]
    assert "peer_groups.attendance_by_topic" not in keys


def test_figures_count_only_the_actors_organisation(world):
    _figures(world)
    _session(world, "outsider", org=world.other_org, topic=_topic(world.other_org, "Families"), attendance=40)
    url = "/api/v1/figures/peer_groups.attendance_by_topic/"
    assert world.client("evaluator").get(url).json()["total"] == 49
    assert world.client("outsider").get(url).json()["rows"] == [{"key": str(TaxonomyTerm.objects.get(
        organization=world.other_org).pk), "label": "Families", "count": 40}]


# -- a menu item --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "shown"), [
    ("facilitator", True), ("supervisor", True), ("manager", False), ("admin", False), ("evaluator", False),
])
def test_the_menu_shows_its_link_only_to_the_roles_its_permission_names(world, persona, shown):
    page = world.client(persona).get(reverse("work_queue")).content.decode()
    assert (f'<a href="{reverse("peer_groups:session_list")}" >Groups</a>' in page) is shown
    assert ("Groups</a>" in page) is shown


def test_its_link_is_the_current_page_on_its_pages(world):
    page = world.client("facilitator").get(reverse("peer_groups:session_list")).content.decode()
    assert f'<a href="{reverse("peer_groups:session_list")}" aria-current="page">Groups</a>' in page


def test_it_ships_its_own_spanish(world):
    page = world.client("facilitator").get(reverse("work_queue"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Grupos</a>" in page


# -- and nothing outside it names it ------------------------------------------------------------------


INSTALLED_BY = Path(offramp.__file__).parent / "settings" / "test.py"  # the one line that installs it


def test_nothing_under_offramp_names_the_app():
    names = [b"plugin_app", b"peer_groups", b"peer-groups", b"group_session", b"peer_group_topic"]
    files = [path for path in sorted(Path(offramp.__file__).parent.rglob("*")) if path.is_file()]
    assert len(files) > 100
    found = [f"{path.relative_to(INSTALLED_BY.parents[1])}: {name.decode()}"
             for path in files if path != INSTALLED_BY for name in names if name in path.read_bytes()]
    assert found == []
    assert b'"tests.plugin_app"' in INSTALLED_BY.read_bytes()
