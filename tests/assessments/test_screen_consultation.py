"""A positive suicide-risk screen takes the helpline's safety path (R1): the supervisors on call are alerted
with the case's own, the worker records the consultation with a supervisor picked from a list (on call
first), which clears the urgent alerts, and the consulted supervisor confirms it from their alert."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from offramp.assessments import catalogue, services
from offramp.cases import services as case_services
from offramp.cases.models import TeamRole
from offramp.core.access import NotFound, actor_for
from offramp.core.models import AuditEvent, Notification, Role
from offramp.helpline.services import on_call
from tests.conftest import login, make_user

from .conftest import assess

NO = {f"asq_{n}": "no" for n in range(1, 5)}
POSITIVE = {**NO, "asq_2": "yes", "asq_5": "no"}


@pytest.fixture
def on_call_supervisor(world):
    user = make_user("oncall@northstar.test", world.org, Role.SUPERVISOR)
    now = timezone.now()
    on_call.on_call_shift_add(actor=world.actor("supervisor"), supervisor=user.pk, starts_at=now - timedelta(hours=1),
                              ends_at=now + timedelta(hours=8))
    return user


@pytest.fixture
def screen(world, on_call_supervisor):
    case_services.case_team_add(actor=world.actor("manager"), case_id=world.case.pk,
                                member=world.users["supervisor"].pk, role=TeamRole.SUPERVISOR)
    return assess(world, catalogue.ASQ, POSITIVE, persona="mentor")


def test_the_supervisors_on_call_are_alerted_with_the_cases_own(world, screen, on_call_supervisor):
    alerted = set(Notification.objects.filter(urgent=True).values_list("user_id", flat=True))
    assert alerted == {on_call_supervisor.pk, world.users["supervisor"].pk}


def test_a_restricted_case_alerts_only_its_own_supervisors(world, on_call_supervisor):
    world.case.restricted = True
    world.case.save(update_fields=["restricted"])
    case_services.case_team_add(actor=world.actor("manager"), case_id=world.case.pk,
                                member=world.users["supervisor"].pk, role=TeamRole.SUPERVISOR)
    assess(world, catalogue.ASQ, POSITIVE, persona="mentor")
    assert set(Notification.objects.values_list("user_id", flat=True)) == {world.users["supervisor"].pk}


def test_recording_the_consultation_clears_the_alerts_and_the_supervisor_confirms(world, screen, on_call_supervisor):
    client = world.client("mentor")
    url = reverse("assessments:assessment_detail", args=[screen.pk])
    page = client.get(url).content.decode()
    assert "Record the consultation with a supervisor" in page and "On call now" in page
    assert page.index(f'value="{on_call_supervisor.pk}"') < page.index(f'value="{world.users["supervisor"].pk}"')
    refused = client.post(reverse("assessments:assessment_consultation", args=[screen.pk]),
                          {"supervisor": str(world.users["outsider"].pk), "text": "short"})
    body = refused.content.decode()
    assert refused.status_code == 400 and "Choose the supervisor you consulted." in body and "at least 10" in body
    assert re.search(r">\s*short</textarea>", body)  # what was typed is kept
    done = client.post(reverse("assessments:assessment_consultation", args=[screen.pk]),
                       {"supervisor": str(on_call_supervisor.pk), "text": "Agreed a safety plan; GP tomorrow at nine."})
    assert done.status_code == 302
    screen.refresh_from_db()
    assert screen.consulted_with == on_call_supervisor and screen.consultation_confirmed_at is None
    waiting = Notification.objects.filter(urgent=True, read_at__isnull=True)
    assert list(waiting.values_list("user_id", flat=True)) == [on_call_supervisor.pk]
    assert "Confirm the consultation" in waiting.get().message
    with pytest.raises(ValidationError):
        services.assessment_confirm_consultation(actor=world.actor("supervisor"), assessment_id=screen.pk)
    services.assessment_confirm_consultation(actor=actor_for(on_call_supervisor, world.org.pk), assessment_id=screen.pk)
    screen.refresh_from_db()
    assert screen.consultation_confirmed_at is not None and not waiting.exists()
    assert AuditEvent.objects.filter(object_id=str(screen.pk), detail__op="consultation_confirmed").exists()
    page = world.client("manager").get(url).content.decode()
    assert "confirmed by" in page and "Record the consultation" not in page


def test_a_supervisor_records_their_own_consultation_confirmed_at_once(world, screen):
    services.assessment_record_consultation(actor=world.actor("supervisor"), assessment_id=screen.pk,
                                            text="Spoke with him myself; he is safe tonight.")
    screen.refresh_from_db()
    assert screen.consulted_with == world.users["supervisor"] and screen.consultation_confirmed_at is not None
    assert not Notification.objects.filter(urgent=True, read_at__isnull=True).exists()


def test_only_a_positive_screen_on_a_case_one_writes_on_takes_a_consultation(world, on_call_supervisor):
    negative = assess(world, catalogue.ASQ, NO)
    with pytest.raises(ValidationError):
        services.assessment_record_consultation(actor=world.actor("manager"), assessment_id=negative.pk,
                                                text="Nothing to consult about here.", supervisor=on_call_supervisor.pk)
    positive = assess(world, catalogue.ASQ, POSITIVE)
    for persona in ("other_manager", "outsider", "responder"):
        response = world.client(persona).post(reverse("assessments:assessment_consultation", args=[positive.pk]),
                                              {"supervisor": str(on_call_supervisor.pk), "text": "Probing from outside."})
        assert response.status_code in (403, 404)
    with pytest.raises(NotFound):
        services.assessment_record_consultation(actor=world.actor("outsider"), assessment_id=positive.pk,
                                                text="Probing from outside.")
    positive.refresh_from_db()
    assert positive.consulted_at is None


def test_the_api_records_and_confirms_the_consultation(world, screen, on_call_supervisor):
    url = reverse("api_assessment_consultation", args=[screen.pk])
    refused = world.client("mentor").post(url, {"supervisor": world.users["outsider"].pk, "text": "Agreed a plan."},
                                          content_type="application/json")
    assert refused.status_code == 400 and "Choose the supervisor you consulted." in str(refused.json())
    done = world.client("mentor").post(url, {"supervisor": on_call_supervisor.pk, "text": "Agreed a safety plan."},
                                       content_type="application/json")
    assert done.status_code == 201 and done.json()["consultation"]["confirmed_at"] is None
    assert world.client("other_manager").post(reverse("api_assessment_consultation_confirm", args=[screen.pk]),
                                              content_type="application/json").status_code == 404
    client = login(on_call_supervisor)
    confirmed = client.post(reverse("api_assessment_consultation_confirm", args=[screen.pk]),
                            content_type="application/json")
    assert confirmed.status_code == 200 and confirmed.json()["consultation"]["confirmed_at"]
