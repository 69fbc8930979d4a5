"""Hostile probes from outside, every role and another organisation: the case's list of assessments, a
positive screen's consultation (page, API, the engine's own routes), resolution criteria that rest on
records, and the NUL and social-diagnostic checks. Each answers 403/404 or a clear 400, never a 500 or a
leak."""

import json
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from offramp.assessments import catalogue, services
from offramp.assessments.models import Assessment
from offramp.cases import services as case_services
from offramp.cases.models import ResolutionCriterion, ResolutionEvidence, TeamRole
from offramp.core.models import Notification, Role
from tests.assessments.conftest import SOCIAL, assess
from tests.conftest import make_user

NO = {f"asq_{n}": "no" for n in range(1, 5)}
POSITIVE = {**NO, "asq_2": "yes", "asq_5": "no"}
ROLES = ("admin", "supervisor", "manager", "mentor", "responder", "facilitator", "trainer", "evaluator", "auditor",
         "other_manager", "professional", "external", "outsider")
TEXT = "Agreed a safety plan; GP tomorrow at nine."


@pytest.fixture
def screen(world):
    case_services.case_team_add(actor=world.actor("manager"), case_id=world.case.pk,
                                member=world.users["supervisor"].pk, role=TeamRole.SUPERVISOR)
    return assess(world, catalogue.ASQ, POSITIVE, persona="mentor")


@pytest.fixture
def other_screen(world):
    """A positive screen on the other organisation's case."""
    outsider = world.actor("outsider", world.other_org)
    person = world.other_case.participants.first().person_id
    draft = services.assessment_start(actor=outsider, case_id=world.other_case.pk, person_id=person,
                                      instrument_key=catalogue.ASQ)
    return services.assessment_complete(actor=outsider, assessment_id=draft.pk, answers=POSITIVE)


# ---- 1. the case's list of assessments ------------------------------------------------------------------

def test_the_list_of_assessments_answers_each_role_and_another_organisation(world):
    stage = assess(world, catalogue.STAGE_OF_CHANGE, {f"{t}_stage": "contemplation" for t in catalogue.TARGETS})
    url = reverse("assessments:assessment_list", args=[world.case.pk])
    expected = {"manager": 200, "mentor": 200, "supervisor": 200, "professional": 200,
                "other_manager": 404, "outsider": 404}
    for persona in ROLES:
        response = world.client(persona).get(url)
        body = response.content.decode()
        if persona in expected:
            assert response.status_code == expected[persona], persona
        else:
            assert response.status_code in (403, 404), persona
        assert response.status_code != 500
        if response.status_code != 200:
            assert "Quillbottom" not in body and "Zephyrine" not in body and str(stage.pk) not in body, persona
        else:
            assert str(stage.pk) in body, persona


def test_the_list_of_assessments_refuses_unknown_ids_and_lists_only_the_cases_own(world, other_screen):
    client = world.client("manager")
    assert client.get(reverse("assessments:assessment_list", args=[uuid.uuid4()])).status_code == 404
    assert client.get(reverse("assessments:assessment_list", args=[world.other_case.pk])).status_code == 404
    assert client.get("/assessments/cases/not-a-uuid/").status_code == 404
    assess(world, catalogue.ASQ, NO)
    page = client.get(reverse("assessments:assessment_list", args=[world.case.pk])).content.decode()
    assert str(other_screen.pk) not in page and "Fenwhistle" not in page and "Orsolya" not in page
    # the other organisation's supervisor (who sees all of theirs) sees nothing of ours
    outsider = world.client("outsider")
    assert outsider.get(reverse("assessments:assessment_list", args=[world.case.pk])).status_code == 404


def test_a_restricted_cases_list_is_refused_to_a_supervisor_off_its_team(world):
    assess(world, catalogue.ASQ, NO)
    world.case.restricted = True
    world.case.save(update_fields=["restricted"])
    response = world.client("supervisor").get(reverse("assessments:assessment_list", args=[world.case.pk]))
    assert response.status_code == 403 and "Quillbottom" not in response.content.decode()
    assert world.client("manager").get(reverse("assessments:assessment_list", args=[world.case.pk])).status_code == 200


def test_hostile_text_in_an_answer_does_not_reach_the_list_or_detail_unescaped(world):
    draft = assess(world, catalogue.STAGE_OF_CHANGE, {}, complete=False)
    services_api = world.client("manager").post(
        f"/api/v1/assessments/{draft.pk}/contributions/",
        {"answers": {"behaviour_evidence": "<script>alert(1)</script>\u202eevil"}}, content_type="application/json")
    assert services_api.status_code == 201
    page = world.client("manager").get(reverse("assessments:assessment_detail", args=[draft.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    listed = world.client("manager").get(reverse("assessments:assessment_list", args=[world.case.pk]))
    assert listed.status_code == 200 and "<script>alert(1)</script>" not in listed.content.decode()


# ---- 2. the consultation on a positive screen ----------------------------------------------------------

def test_naming_anyone_but_an_active_supervisor_of_the_organisation_is_refused(world, screen):
    inactive = make_user("gone@northstar.test", world.org, Role.SUPERVISOR)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    candidates = [world.users["outsider"].pk, world.users["manager"].pk, world.users["admin"].pk, inactive.pk,
                  987654321, -1, "99999999999999999999999999", "1.5", "abc", "1 OR 1=1", "\x00"]
    page_url = reverse("assessments:assessment_consultation", args=[screen.pk])
    api_url = reverse("api_assessment_consultation", args=[screen.pk])
    for candidate in candidates:
        page = world.client("mentor").post(page_url, {"supervisor": str(candidate), "text": TEXT})
        assert page.status_code == 400, candidate
        api = world.client("mentor").post(api_url, json.dumps({"supervisor": candidate, "text": TEXT}),
                                          content_type="application/json")
        assert api.status_code == 400, candidate
        with pytest.raises(ValidationError):
            services.assessment_record_consultation(actor=world.actor("mentor"), assessment_id=screen.pk,
                                                    text=TEXT, supervisor=candidate)
    for body in ({"supervisor": 1.5, "text": TEXT}, {"supervisor": True, "text": TEXT},
                 {"supervisor": [world.users["supervisor"].pk], "text": TEXT},
                 {"supervisor": {"id": 1}, "text": TEXT}, {"supervisor": 10 ** 30, "text": TEXT},
                 {"supervisor": world.users["supervisor"].pk, "text": TEXT, "extra": 1},
                 {"supervisor": world.users["supervisor"].pk, "text": 5}, [1, 2], "text"):
        api = world.client("mentor").post(api_url, json.dumps(body), content_type="application/json")
        assert api.status_code == 400, body
    screen.refresh_from_db()
    assert screen.consulted_at is None


def test_a_non_supervisor_leaving_the_supervisor_out_is_refused(world, screen):
    with pytest.raises(ValidationError):
        services.assessment_record_consultation(actor=world.actor("mentor"), assessment_id=screen.pk, text=TEXT)
    api = world.client("manager").post(reverse("api_assessment_consultation", args=[screen.pk]),
                                       {"text": TEXT}, content_type="application/json")
    assert api.status_code == 400
    api = world.client("manager").post(reverse("api_assessment_consultation", args=[screen.pk]),
                                       {"text": TEXT, "supervisor": None}, content_type="application/json")
    assert api.status_code == 400
    screen.refresh_from_db()
    assert screen.consulted_at is None


@pytest.mark.parametrize("text", ["a\x00bcdefghijklmn", "x" * 100_000, "x" * 4001, "   short   ", "", "\u202e" * 3])
def test_hostile_consultation_text_is_refused_without_a_server_error(world, screen, text):
    supervisor = world.users["supervisor"].pk
    page = world.client("mentor").post(reverse("assessments:assessment_consultation", args=[screen.pk]),
                                       {"supervisor": str(supervisor), "text": text})
    assert page.status_code == 400
    api = world.client("mentor").post(reverse("api_assessment_consultation", args=[screen.pk]),
                                      json.dumps({"supervisor": supervisor, "text": text}),
                                      content_type="application/json")
    assert api.status_code == 400
    with pytest.raises(ValidationError):
        services.assessment_record_consultation(actor=world.actor("mentor"), assessment_id=screen.pk, text=text,
                                                supervisor=supervisor)
    screen.refresh_from_db()
    assert screen.consulted_at is None


def test_html_in_the_consultation_is_escaped_and_kept_encrypted(world, screen):
    hostile = "<script>alert('x')</script> <img src=x onerror=alert(1)> \u202eevil decided"
    done = world.client("mentor").post(reverse("assessments:assessment_consultation", args=[screen.pk]),
                                       {"supervisor": str(world.users["supervisor"].pk), "text": hostile})
    assert done.status_code == 302
    page = world.client("manager").get(reverse("assessments:assessment_detail", args=[screen.pk])).content.decode()
    assert "<script>alert('x')</script>" not in page and "<img src=x" not in page
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT consultation FROM assessments_assessment WHERE id = %s", [screen.pk.hex])
        rows = cursor.fetchall()
        if not rows:
            cursor.execute("SELECT consultation FROM assessments_assessment WHERE id = %s", [str(screen.pk)])
            rows = cursor.fetchall()
    assert rows and "script" not in str(rows[0][0])


def test_no_consultation_on_a_negative_screen_a_draft_another_kind_or_another_organisation(world, other_screen):
    supervisor = world.users["supervisor"].pk
    negative = assess(world, catalogue.ASQ, NO)
    draft = assess(world, catalogue.ASQ, {}, complete=False)
    from offramp.instruments.services import response_contribute
    response_contribute(actor=world.actor("manager"), response_id=draft.response_id, answers=POSITIVE)
    stage = assess(world, catalogue.STAGE_OF_CHANGE, {f"{t}_stage": "contemplation" for t in catalogue.TARGETS})
    for target in (negative, draft, stage):
        for url in (reverse("assessments:assessment_consultation", args=[target.pk]),
                    reverse("api_assessment_consultation", args=[target.pk])):
            response = world.client("manager").post(url, json.dumps({"supervisor": supervisor, "text": TEXT})
                                                    if "api" in url else {"supervisor": str(supervisor), "text": TEXT},
                                                    **({"content_type": "application/json"} if "api" in url else {}))
            assert response.status_code == 400, (target.instrument_key, url)
        target.refresh_from_db()
        assert target.consulted_at is None
    for persona in ROLES:
        for url in (reverse("assessments:assessment_consultation", args=[other_screen.pk]),
                    reverse("api_assessment_consultation", args=[other_screen.pk]),
                    reverse("assessments:assessment_confirm_consultation", args=[other_screen.pk]),
                    reverse("api_assessment_consultation_confirm", args=[other_screen.pk])):
            if persona == "outsider":
                continue
            body = {"supervisor": str(world.users["outsider"].pk), "text": TEXT}
            response = (world.client(persona).post(url, json.dumps(body), content_type="application/json")
                        if "api" in url else world.client(persona).post(url, body))
            if "api" not in url and "confirm" in url:
                assert response.status_code in (403, 404), (persona, url)
            else:
                assert response.status_code in (403, 404), (persona, url)
    other_screen.refresh_from_db()
    assert other_screen.consulted_at is None


def test_each_role_on_the_consultation_routes(world, screen):
    """Only those who write on the case record; nobody else learns anything; never a 500."""
    allowed = {"manager", "mentor", "supervisor"}
    for persona in ROLES:
        body = {"supervisor": world.users["supervisor"].pk, "text": TEXT}
        api = world.client(persona).post(reverse("api_assessment_consultation", args=[screen.pk]),
                                         json.dumps(body), content_type="application/json")
        if persona in allowed:
            assert api.status_code == 201, persona
            Assessment.objects.filter(pk=screen.pk).update(consulted_at=None, consulted_with=None,
                                                           consultation_confirmed_at=None)
        else:
            assert api.status_code in (403, 404), persona
            assert "Quillbottom" not in api.content.decode() and TEXT not in api.content.decode()


def test_confirming_as_someone_else_is_refused(world, screen):
    services.assessment_record_consultation(actor=world.actor("mentor"), assessment_id=screen.pk, text=TEXT,
                                            supervisor=world.users["supervisor"].pk)
    for persona in ("manager", "mentor", "other_manager", "admin"):
        api = world.client(persona).post(reverse("api_assessment_consultation_confirm", args=[screen.pk]),
                                         content_type="application/json")
        assert api.status_code in (400, 403, 404), persona
        page = world.client(persona).post(reverse("assessments:assessment_confirm_consultation", args=[screen.pk]))
        assert page.status_code in (302, 403, 404), persona
    screen.refresh_from_db()
    assert screen.consultation_confirmed_at is None
    outsider = world.client("outsider").post(reverse("api_assessment_consultation_confirm", args=[screen.pk]),
                                             content_type="application/json")
    assert outsider.status_code == 404


def test_confirming_when_nothing_was_recorded_is_refused(world, screen):
    api = world.client("supervisor").post(reverse("api_assessment_consultation_confirm", args=[screen.pk]),
                                          content_type="application/json")
    assert api.status_code == 400
    for bogus in (uuid.uuid4(),):
        assert world.client("supervisor").post(reverse("api_assessment_consultation_confirm", args=[bogus]),
                                               content_type="application/json").status_code == 404
    assert world.client("supervisor").post(f"/api/v1/assessments/{'9' * 40}/consultation/confirm/",
                                           content_type="application/json").status_code == 404


def test_notifications_name_no_one_on_the_case(world, screen):
    services.assessment_record_consultation(actor=world.actor("mentor"), assessment_id=screen.pk, text=TEXT,
                                            supervisor=world.users["supervisor"].pk)
    messages = list(Notification.objects.values_list("message", flat=True))
    assert messages
    for message in messages:
        for name in ("Zephyrine", "Quillbottom", "Marguerite"):
            assert name not in message
        assert TEXT not in message
    assert not Notification.objects.filter(organization=world.other_org).exists()
    assert not Notification.objects.filter(user=world.users["outsider"]).exists()


def test_a_supervisor_named_on_a_restricted_case_can_confirm_what_they_were_asked_to(world):
    """The named supervisor gets an urgent 'Confirm the consultation' alert: they must be able to act on it
    (or the pick must be refused). A restricted case is its team's alone."""
    world.case.restricted = True
    world.case.save(update_fields=["restricted"])
    positive = assess(world, catalogue.ASQ, POSITIVE, persona="manager")
    named = world.users["supervisor"]  # a supervisor of the organisation, not on this restricted case's team
    try:
        services.assessment_record_consultation(actor=world.actor("manager"), assessment_id=positive.pk,
                                                text=TEXT, supervisor=named.pk)
    except ValidationError:
        return  # refusing the pick is correct
    waiting = Notification.objects.filter(user=named, urgent=True, read_at__isnull=True)
    assert waiting.exists()
    # the alert points at a page they may open, and they may confirm from it
    assert world.client("supervisor").get(waiting.first().url).status_code == 200
    services.assessment_confirm_consultation(actor=world.actor("supervisor"), assessment_id=positive.pk)


def test_the_consultation_picker_of_a_restricted_case_offers_only_supervisors_who_may_open_it(world):
    """DEFECT (same root as above): the page's picker lists every supervisor of the organisation."""
    world.case.restricted = True
    world.case.save(update_fields=["restricted"])
    positive = assess(world, catalogue.ASQ, POSITIVE, persona="manager")
    page = world.client("manager").get(reverse("assessments:assessment_detail", args=[positive.pk])).content.decode()
    assert "Record the consultation" in page
    assert f'value="{world.users["supervisor"].pk}"' not in page


def test_a_confirmed_consultation_is_not_rewritten_through_the_api(world, screen):
    """DEFECT (integrity): the page offers the form only while nothing is recorded (consulted_at is None), but
    assessment_record_consultation refuses nothing once recorded: a worker rewrites the text and the
    supervisor's confirmation is wiped (consultation_confirmed_at back to None) through the API."""
    services.assessment_record_consultation(actor=world.actor("mentor"), assessment_id=screen.pk, text=TEXT,
                                            supervisor=world.users["supervisor"].pk)
    services.assessment_confirm_consultation(actor=world.actor("supervisor"), assessment_id=screen.pk)
    response = world.client("mentor").post(reverse("api_assessment_consultation", args=[screen.pk]),
                                           {"supervisor": world.users["supervisor"].pk,
                                            "text": "Completely different story now."},
                                           content_type="application/json")
    screen.refresh_from_db()
    assert response.status_code == 400
    assert screen.consultation == TEXT and screen.consultation_confirmed_at is not None


def test_a_consultation_with_a_cross_org_duplicate_membership_uses_this_organisation_only(world, screen):
    """A user who is a supervisor in the OTHER organisation and only a case manager here is not offered."""
    both = make_user("both@northstar.test", world.org, Role.CASE_MANAGER)
    from offramp.core.services import membership_grant
    membership_grant(organization=world.other_org, user=both, role=Role.SUPERVISOR)
    with pytest.raises(ValidationError):
        services.assessment_record_consultation(actor=world.actor("mentor"), assessment_id=screen.pk, text=TEXT,
                                                supervisor=both.pk)
    page = world.client("mentor").get(reverse("assessments:assessment_detail", args=[screen.pk])).content.decode()
    assert f'value="{both.pk}"' not in page
    assert f'value="{world.users["outsider"].pk}"' not in page


# ---- 3. resolution criteria that rest on records ------------------------------------------------------

@pytest.fixture
def exit_case(world):
    actor = world.actor("manager")
    case = case_services.case_open(actor=actor, kind="individual_exit", summary="Wants out.",
                                   participants=[(world.client_person.pk, "client")])
    case_services.case_team_add(actor=actor, case_id=case.pk, member=world.users["mentor"].pk,
                                role=TeamRole.PEER_MENTOR)
    case_services.case_team_add(actor=actor, case_id=case.pk, member=world.users["external"].pk,
                                role=TeamRole.OTHER, profession="Probation")
    for status in ("intake", "assessment", "active", "monitoring"):
        case_services.case_transition(actor=actor, case_id=case.pk, to_status=status)
    ResolutionCriterion.objects.create(organization=world.org, kind="individual_exit", text="No violence")
    return case


@pytest.fixture
def other_criteria(world):
    return [ResolutionCriterion.objects.create(organization=world.other_org, kind="individual_exit",
                                               text="HARBOR-SECRET criterion", record="plans.goals"),
            ResolutionCriterion.objects.create(organization=world.other_org, kind="family_support",
                                               text="HARBOR-SECRET coaching", record="protocol.coaching")]


def test_evidence_keyed_by_another_organisations_criterion_neither_counts_nor_is_stored(world, exit_case,
                                                                                        other_criteria):
    manager = world.actor("manager")
    with pytest.raises(ValidationError):
        case_services.case_transition(actor=manager, case_id=exit_case.pk, to_status="resolved",
                                      evidence={str(c.pk): "Forged." for c in other_criteria})
    own = ResolutionCriterion.objects.get(organization=world.org, kind="individual_exit")
    resolved = case_services.case_transition(
        actor=manager, case_id=exit_case.pk, to_status="resolved",
        evidence={str(own.pk): "Seen.", **{str(c.pk): "Forged." for c in other_criteria}, "x" * 50: "y",
                  "-1": "z"})
    assert resolved.status == "resolved"
    stored = list(ResolutionEvidence.objects.filter(case=exit_case).values_list("criterion_id", flat=True))
    assert stored == [own.pk]


def test_the_case_api_names_only_this_organisations_criteria_and_only_to_those_who_manage(world, exit_case,
                                                                                          other_criteria):
    ResolutionCriterion.objects.create(organization=world.org, kind="individual_exit", text="Plan goals",
                                       record="plans.goals")
    url = reverse("api_case", args=[exit_case.pk])
    for persona in ROLES:
        response = world.client(persona).get(url)
        body = response.content.decode()
        assert response.status_code != 500, persona
        assert "HARBOR-SECRET" not in body, persona
        if persona in ("manager", "supervisor"):
            assert response.status_code == 200
            texts = {c["text"] for c in response.json()["resolution_criteria"]}
            assert texts == {"No violence", "Plan goals"}
        elif response.status_code == 200:
            assert response.json()["resolution_criteria"] == [], persona
        else:
            assert response.status_code in (403, 404), persona
            assert "No violence" not in body and "Plan goals" not in body


def test_the_coaching_state_of_another_organisations_case_does_not_leak(world, other_criteria):
    """Another organisation's family case with its criterion on the coaching plan: our staff get nothing."""
    for persona in ROLES:
        if persona == "outsider":
            continue
        for url in (reverse("api_case", args=[world.other_case.pk]),
                    reverse("case_detail", args=[world.other_case.pk])):
            response = world.client(persona).get(url)
            assert response.status_code in (403, 404), (persona, url)
            assert "HARBOR-SECRET" not in response.content.decode()


def test_the_resolution_view_shows_only_this_organisations_criteria(world, exit_case, other_criteria):
    page = world.client("manager").get(reverse("case_detail", args=[exit_case.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "No violence" in body and "HARBOR-SECRET" not in body
    ext = world.client("external").get(reverse("case_detail", args=[exit_case.pk]))
    assert ext.status_code in (200, 403, 404)
    assert "HARBOR-SECRET" not in ext.content.decode()


def test_the_goals_state_reaches_only_those_who_may_read_the_plan(world, exit_case):
    """The plan-goals record's state (summary, link, what is missing) and the goals' statements: on the case
    page for the team's writers and managers only; never for the external professional on the team, a
    colleague off the case or another organisation."""
    from offramp.plans import services as plan_services
    from offramp.plans.selectors import today as plan_today
    ResolutionCriterion.objects.create(organization=world.org, kind="individual_exit", text="Plan goals",
                                       record="plans.goals")
    plan_services.goal_create(actor=world.actor("manager"), case_id=exit_case.pk, person_id=world.client_person.pk,
                              statement="SECRET-GOAL find work", measure="Applications.", target="Three",
                              due_on=plan_today(world.actor("manager")) + timedelta(days=30), achievable="Yes.",
                              relevant="Structure.", dimensions=["occupational"])
    url = reverse("case_detail", args=[exit_case.pk])
    for persona in ROLES:
        response = world.client(persona).get(url)
        body = response.content.decode()
        assert response.status_code != 500, persona
        if persona in ("manager", "supervisor", "mentor"):
            assert response.status_code == 200 and "SECRET-GOAL" in body, persona
        else:
            assert "SECRET-GOAL" not in body and "Plan goals: " not in body, persona
        api = world.client(persona).get(reverse("api_case", args=[exit_case.pk]))
        assert "SECRET-GOAL" not in api.content.decode(), persona
        if persona not in ("manager", "supervisor"):
            assert "Plan goals: " not in api.content.decode(), persona


def test_an_org_admin_cannot_reach_or_make_another_organisations_criteria(world, other_criteria):
    client = world.client("admin")
    for criterion in other_criteria:
        assert client.get(f"/admin/cases/resolutioncriterion/{criterion.pk}/change/").status_code == 404
        response = client.post(f"/admin/cases/resolutioncriterion/{criterion.pk}/change/",
                               {"organization": str(world.org.pk), "kind": "individual_exit", "text": "Hijacked",
                                "record": "plans.goals", "position": 0, "active": "on"})
        assert response.status_code == 404
    listing = client.get("/admin/cases/resolutioncriterion/").content.decode()
    assert "HARBOR-SECRET" not in listing
    form = {"organization": str(world.other_org.pk), "kind": "individual_exit", "text": "Planted",
            "record": "plans.goals", "position": 0, "active": "on"}
    refused = client.post("/admin/cases/resolutioncriterion/add/", form)
    assert refused.status_code == 200 and not ResolutionCriterion.objects.filter(text="Planted").exists()
    for bogus in ("x" * 41, "plans.goals\x00", "plans.goals ", "PLANS.GOALS", "__class__"):
        refused = client.post("/admin/cases/resolutioncriterion/add/", {**form, "organization": str(world.org.pk),
                                                                         "record": bogus})
        assert refused.status_code == 200, bogus
        assert not ResolutionCriterion.objects.filter(text="Planted").exists(), bogus
    for persona in ("manager", "supervisor", "auditor"):
        response = world.client(persona).get("/admin/cases/resolutioncriterion/")
        assert response.status_code in (302, 403, 404), persona


def test_a_stored_bogus_record_key_never_breaks_the_case_page_api_or_resolving(world, exit_case):
    own = ResolutionCriterion.objects.get(organization=world.org, kind="individual_exit")
    ResolutionCriterion.objects.filter(pk=own.pk).update(record="gone.app")
    assert world.client("manager").get(reverse("case_detail", args=[exit_case.pk])).status_code == 200
    data = world.client("manager").get(reverse("api_case", args=[exit_case.pk])).json()
    assert data["resolution_criteria"][0]["record"] is None
    resolved = case_services.case_transition(actor=world.actor("manager"), case_id=exit_case.pk,
                                             to_status="resolved", evidence={str(own.pk): "Seen."})
    assert resolved.status == "resolved"


def test_hostile_evidence_on_resolving_is_refused_by_the_api(world, exit_case):
    own = ResolutionCriterion.objects.get(organization=world.org, kind="individual_exit")
    for evidence in ({str(own.pk): "a\x00b"}, {str(own.pk): "x" * 100_000}, {str(own.pk): ["x"]},
                     {str(own.pk): {"a": 1}}):
        response = world.client("manager").post(reverse("api_case_transition", args=[exit_case.pk]),
                                                json.dumps({"to_status": "resolved", "evidence": evidence}),
                                                content_type="application/json")
        assert response.status_code == 400
    exit_case.refresh_from_db()
    assert exit_case.status == "monitoring" and not ResolutionEvidence.objects.exists()


def test_hostile_evidence_on_resolving_is_refused_by_the_page_as_by_the_api(world, exit_case):
    """DEFECT: the API bounds each criterion's evidence (2,000 characters, no NUL: cases/api.py TransitionIn),
    but case_transition (cases/services.py _check_criteria) checks neither, and the page
    (cases/views.py case_transition_view) passes the raw POST through: 100,000 characters (or a NUL) are kept."""
    own = ResolutionCriterion.objects.get(organization=world.org, kind="individual_exit")
    response = world.client("manager").post(reverse("case_transition", args=[exit_case.pk]), {
        "to_status": "resolved", f"tick_{own.pk}": "on", f"evidence_{own.pk}": "x" * 100_000})
    assert response.status_code != 500
    exit_case.refresh_from_db()
    kept = [len(e.evidence) for e in ResolutionEvidence.objects.filter(case=exit_case)]
    assert response.status_code == 400 and exit_case.status == "monitoring", (response.status_code, kept)


def test_the_transition_api_refuses_managers_who_cannot_manage(world, exit_case):
    own = ResolutionCriterion.objects.get(organization=world.org, kind="individual_exit")
    for persona in ROLES:
        if persona in ("manager", "supervisor"):
            continue
        response = world.client(persona).post(reverse("api_case_transition", args=[exit_case.pk]),
                                              json.dumps({"to_status": "resolved", "evidence": {str(own.pk): "Seen."}}),
                                              content_type="application/json")
        assert response.status_code in (403, 404), persona
    exit_case.refresh_from_db()
    assert exit_case.status == "monitoring"


# ---- 4. NUL characters and the social diagnostic ---------------------------------------------------------

def test_nul_in_any_text_answer_is_refused_on_the_page_and_the_api(world):
    draft = assess(world, catalogue.SOCIAL_DIAGNOSTIC, {}, complete=False)
    api = world.client("manager").post(f"/api/v1/assessments/{draft.pk}/complete/",
                                       json.dumps({"answers": {**SOCIAL, "openings_detail": "a\x00b"}}),
                                       content_type="application/json")
    assert api.status_code == 400
    api = world.client("manager").post(f"/api/v1/assessments/{draft.pk}/contributions/",
                                       json.dumps({"answers": {"openings_detail": "ok"}, "agency": "a\x00b"}),
                                       content_type="application/json")
    assert api.status_code == 400
    page = world.client("manager").post(reverse("assessments:assessment_answer", args=[draft.pk]),
                                        {"q_openings_detail": "a\x00b"})
    assert page.status_code == 400
    draft.response.refresh_from_db()
    assert draft.response.answer_data == {} and not draft.response.is_complete


def test_special_answers_are_the_only_dicts_and_count_as_rated(world):
    draft = assess(world, catalogue.SOCIAL_DIAGNOSTIC, {}, complete=False)
    for bad in ({}, {"special": "no_information", "x": 1}, {"special": "nope"}, [None], [""], "risk", 1):
        with pytest.raises(ValidationError):
            services.assessment_complete(actor=world.actor("manager"), assessment_id=draft.pk,
                                         answers={"family_history_rating": bad})
    draft.response.refresh_from_db()
    assert not draft.response.is_complete


def test_a_social_diagnostic_rated_then_cleared_is_not_complete(world):
    draft = assess(world, catalogue.SOCIAL_DIAGNOSTIC, {}, complete=False)
    from offramp.instruments.services import response_contribute
    response_contribute(actor=world.actor("manager"), response_id=draft.response_id,
                        answers={"family_history_rating": ["risk"]})
    with pytest.raises(ValidationError):
        services.assessment_complete(actor=world.actor("manager"), assessment_id=draft.pk,
                                     answers={"family_history_rating": None})
    draft.response.refresh_from_db()
    assert not draft.response.is_complete


def test_the_questionnaire_engines_api_cannot_complete_a_positive_screen_without_alerting(world):
    """DEFECT: an assessment's response completed through the engine's own route,
    POST /api/v1/instruments/responses/<response id>/complete/, skips assessments.services.assessment_complete:
    the positive suicide-risk screen is complete and alerts no supervisor (nor is the acuity question asked).
    The engine must refuse to complete a response whose subject is an assessment (or hand it to the app)."""
    screen = assess(world, catalogue.ASQ, {}, complete=False)
    api = world.client("mentor").post(f"/api/v1/instruments/responses/{screen.response_id}/complete/",
                                      json.dumps({"answers": {**NO, "asq_2": "yes"}}),  # acuity left unanswered
                                      content_type="application/json")
    screen.response.refresh_from_db()
    alerted = Notification.objects.filter(urgent=True).exists()
    assert api.status_code in (400, 403, 404) and not screen.response.is_complete, \
        (api.status_code, screen.response.is_complete, alerted)


def test_the_questionnaire_engines_page_cannot_complete_a_social_diagnostic_with_nothing_rated(world):
    """DEFECT: the same bypass through the engine's answer page (/instruments/responses/<id>/answer/)."""
    draft = assess(world, catalogue.SOCIAL_DIAGNOSTIC, {}, complete=False)
    page = world.client("manager").post(reverse("instruments:response_answer", args=[draft.response_id]),
                                        {"q_openings_detail": "He repairs motorbikes.", "complete": "1"})
    draft.response.refresh_from_db()
    assert not draft.response.is_complete, (page.status_code, "social diagnostic completed with nothing rated")



