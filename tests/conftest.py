"""A standing cast: one persona per role in Northstar, plus outsiders (another organisation)."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from offramp.assessments import catalogue as assessment_catalogue
from offramp.assessments import services as assessment_services
from offramp.cases import services as case_services
from offramp.cases.models import ParticipantRole, TeamRole
from offramp.core.access import Actor, actor_for
from offramp.core.auth import SESSION_MFA_KEY
from offramp.core.crypto import keyring
from offramp.core.middleware import SESSION_ORG_KEY
from offramp.core.models import Role, TaxonomyTerm, User
from offramp.core.services import membership_grant, organization_create
from offramp.helpline import vocabularies as helpline_vocabularies
from offramp.helpline.models import Resource
from offramp.helpline.services import contacts as helpline_contacts
from offramp.people import services as people_services
from tests.plugin_app import services as group_services
from tests.plugin_app import vocabularies as group_vocabularies

PASSWORD = "a-long-test-password-42"


@pytest.fixture(autouse=True)
def _fresh_keyring():
    keyring.clear()
    yield
    keyring.clear()


@pytest.fixture(autouse=True)
def _english_between_tests():
    """LocaleMiddleware leaves the last request's language active in the thread; a Spanish page
    test must not turn the next test's service messages into Spanish."""
    translation.activate("en")
    yield
    translation.deactivate()


def make_user(email: str, org, *roles: str) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, display_name=email.split("@")[0].title())
    for role in roles:
        membership_grant(organization=org, user=user, role=role)
    return user


def login(user: User, org=None) -> Client:
    """A client signed in past the second factor (the login flow itself is tested on its own)."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_MFA_KEY] = True
    if org is not None:
        session[SESSION_ORG_KEY] = str(org.pk)
    session.save()
    return client


@dataclass
class World:
    org: object
    other_org: object
    users: dict
    case: object
    client_person: object
    mother: object
    other_case: object

    def actor(self, name: str, org=None) -> Actor:
        return actor_for(self.users[name], (org or self.org).pk)

    def client(self, name: str) -> Client:
        return login(self.users[name])


PERSONAS = {
    "admin": (Role.ORG_ADMIN,),
    "supervisor": (Role.SUPERVISOR,),
    "manager": (Role.CASE_MANAGER,),
    "mentor": (Role.PEER_MENTOR,),
    "responder": (Role.HELPLINE_RESPONDER,),
    "facilitator": (Role.GROUP_FACILITATOR,),
    "trainer": (Role.TRAINER,),
    "evaluator": (Role.EVALUATOR,),
    "auditor": (Role.AUDITOR,),
    "other_manager": (Role.CASE_MANAGER,),  # same organisation, not on the case
    "professional": (Role.CASE_MANAGER,),  # on the case as a read-only "other professional"
    "external": (Role.EXTERNAL_PROFESSIONAL,),  # a probation officer from outside, on the case's team only
}


@pytest.fixture
def world(db) -> World:
    org = organization_create(name="Northstar Exit", slug="northstar")
    other_org = organization_create(name="Harbor Bridge", slug="harbor", case_reference_prefix="HBR")
    users = {name: make_user(f"{name}@northstar.test", org, *roles) for name, roles in PERSONAS.items()}
    users["outsider"] = make_user("outsider@harbor.test", other_org, Role.SUPERVISOR, Role.CASE_MANAGER,
                                  Role.ORG_ADMIN, Role.AUDITOR)
    manager = actor_for(users["manager"], org.pk)
    client_person = people_services.person_create(
        actor=manager, given_name="Zephyrine", family_name="Quillbottom",
        contacts=[{"kind": "phone", "value": "+1 202 555 0147"}, {"kind": "email", "value": "zq@example.org"}],
    )
    mother = people_services.person_create(actor=manager, given_name="Marguerite", family_name="Quillbottom")
    case = case_services.case_open(
        actor=manager, kind="family_support", summary="Worried mother called about her son.",
        participants=[(client_person.pk, ParticipantRole.CLIENT), (mother.pk, ParticipantRole.FAMILY_MEMBER)],
    )
    case_services.case_team_add(actor=manager, case_id=case.pk, member=users["mentor"].pk, role=TeamRole.PEER_MENTOR)
    case_services.case_team_add(actor=manager, case_id=case.pk, member=users["professional"].pk, role=TeamRole.OTHER,
                                profession="Probation officer")
    case_services.case_team_add(actor=manager, case_id=case.pk, member=users["external"].pk, role=TeamRole.OTHER,
                                profession="Probation officer")
    outsider = actor_for(users["outsider"], other_org.pk)
    other_person = people_services.person_create(actor=outsider, given_name="Orsolya", family_name="Fenwhistle")
    other_case = case_services.case_open(actor=outsider, kind="individual_exit",
                                         participants=[(other_person.pk, ParticipantRole.CLIENT)])
    return World(org, other_org, users, case, client_person, mother, other_case)


def hours_ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


@pytest.fixture
def route_records(world):
    """Real records for the ids of URLs, for the tests that walk every route (tests/routes.py)."""
    responder = world.actor("responder")
    term = TaxonomyTerm.objects.create(organization=world.org, vocabulary=helpline_vocabularies.IDEOLOGY,
                                       label="Militia")
    contact = helpline_contacts.contact_log(actor=responder, channel="phone", caller_relationship="parent",
                                            caller_name="Wilhelmina", terms={"ideologies": [term.pk]})
    resource = Resource.objects.create(organization=world.org, name="Bridges", category="mental_health")
    # The example app's (tests/plugin_app): a session, and its figures table.
    topic = TaxonomyTerm.objects.create(organization=world.org, vocabulary=group_vocabularies.TOPIC, label="Families")
    session = group_services.session_record(actor=world.actor("facilitator"), topic_id=topic.pk,
                                            held_at=hours_ago(30), attendance=6)
    # Assessments: a draft and a complete stage of change of the case's client (comparable with each other).
    assessments = [assessment_services.assessment_start(
        actor=world.actor("manager"), case_id=world.case.pk, person_id=world.client_person.pk,
        instrument_key=assessment_catalogue.STAGE_OF_CHANGE) for _ in range(2)]
    assessment_services.assessment_complete(actor=world.actor("manager"), assessment_id=assessments[1].pk, answers={
        f"{target}_stage": "contemplation" for target in assessment_catalogue.TARGETS})
    # Plans: a goal for the case's client, and a task for it on the mentor's queue.
    from offramp.plans import services as plan_services
    from offramp.plans.selectors import today as plan_today

    plan_due = plan_today(world.actor("manager")) + timedelta(days=30)
    goal = plan_services.goal_create(
        actor=world.actor("manager"), case_id=world.case.pk, person_id=world.client_person.pk,
        statement="Find work.", measure="Applications sent.", target="Three", due_on=plan_due,
        achievable="Trained.", relevant="Structure.", dimensions=["occupational"])
    plan_task = plan_services.task_create(actor=world.actor("manager"), case_id=world.case.pk, kind="task",
                                          description="Call.", assignee_id=world.users["mentor"].pk,
                                          due_on=plan_due, goal_id=goal.pk)
    return {"case_id": world.case.pk, "person_id": world.client_person.pk, "contact_id": contact.pk,
            "resource_id": resource.pk, "slug": world.org.slug, "session_id": session.pk,
            "key": "peer_groups.attendance_by_topic", "assessment_id": assessments[0].pk,
            "other_id": assessments[1].pk, "goal_id": goal.pk, "task_id": plan_task.pk}
