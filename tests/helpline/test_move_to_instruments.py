"""The data migration that moved past quality reviews and survey answers onto the instrument engine
(helpline 0014), run for real: the database is taken back to before it, the old rows are written through
the historical models, and it is migrated forward again."""

from datetime import datetime, time, timedelta
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from offramp.core.access import actor_for
from offramp.core.models import Role, TaxonomyTerm
from offramp.core.services import organization_create
from offramp.helpline import questionnaires
from offramp.helpline.models import ContactReview, HelplineContact
from offramp.helpline.services import contacts
from offramp.instruments.models import Contribution, Instrument, InstrumentResponse
from tests.conftest import login, make_user

BEFORE = [("helpline", "0013_contactreview_response")]


@pytest.fixture
def _audit_table_flushable(transactional_db):
    """The test ends with a flush (DELETE on SQLite), which the append-only triggers refuse: empty the
    audit table with them off, then put them back for the tests that follow."""
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_delete")
            cursor.execute("DELETE FROM core_auditevent")
            for statement in import_module("offramp.core.migrations.0002_audit_chain").SQLITE:
                cursor.execute(statement)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_audit_table_flushable")
def test_past_reviews_and_survey_answers_become_responses_and_are_shown():
    org = organization_create(name="Northstar Exit", slug="northstar")
    quiet = organization_create(name="Harbor Bridge", slug="harbor")
    org.small_cell_threshold = 3
    org.save()
    supervisor = make_user("supervisor@northstar.test", org, Role.SUPERVISOR)
    responder = make_user("responder@northstar.test", org, Role.HELPLINE_RESPONDER)
    evaluator = make_user("evaluator@northstar.test", org, Role.EVALUATOR)
    answered = contacts.contact_log(actor=actor_for(responder, org.pk), channel="phone", caller_relationship="parent")
    unanswered = contacts.contact_log(actor=actor_for(responder, org.pk), channel="phone", caller_relationship="self")
    final = MigrationExecutor(connection).loader.graph.leaf_nodes()

    old = _migrate(BEFORE)
    Term = old.get_model("core", "TaxonomyTerm")
    Review = old.get_model("helpline", "ContactReview")
    Answer = old.get_model("helpline", "ReviewAnswer")
    Survey = old.get_model("helpline", "SurveyResponse")
    safety = Term.objects.create(organization_id=org.pk, vocabulary="review_question", label="Asked every safety question",
                                 position=0)
    retired = Term.objects.create(organization_id=org.pk, vocabulary="review_question", label="Read the script aloud",
                                  position=1, active=False)
    listening = Term.objects.create(organization_id=org.pk, vocabulary="review_question",
                                    label="Listened without judgement", position=2)
    reviewed_at = timezone.now().replace(microsecond=0) - timedelta(days=3)
    review = Review.objects.create(organization_id=org.pk, contact_id=answered.pk, reviewer_id=supervisor.pk,
                                   responder_id=responder.pk, feedback="Calm and clear. Ask about weapons next time.",
                                   created_at=reviewed_at, updated_at=reviewed_at)
    Answer.objects.create(review=review, question=safety, rating="partly")
    Answer.objects.create(review=review, question=retired, rating="met")
    Answer.objects.create(review=review, question=listening, rating="met")
    bare = Review.objects.create(organization_id=org.pk, contact_id=unanswered.pk, reviewer_id=supervisor.pk,
                                 responder_id=responder.pk, feedback="Reviewed before there were questions.")
    zone = ZoneInfo(org.time_zone)
    today = timezone.localdate(timezone=zone)
    for helpful, heard, recommend, comment in ((5, True, True, "Kind and calm."), (4, True, False, ""),
                                               (2, False, True, "")):
        Survey.objects.create(organization_id=org.pk, helpful=helpful, felt_heard=heard, would_recommend=recommend,
                              comment=comment, submitted_on=today - timedelta(days=2))

    _migrate(final)

    # The review questions became the organisation's questionnaire: version 1 with every question a
    # review answered, version 2 (current) with the active ones.
    instrument = Instrument.objects.get(organization=org, key=questionnaires.REVIEW)
    first, second = instrument.versions.order_by("number")
    assert instrument.current_version == second and first.created_by is None
    labels = [item["label"] for item in first.definition["sections"][0]["items"]]
    assert labels == ["Asked every safety question", "Read the script aloud", "Listened without judgement"]
    assert [item["label"] for item in second.definition["sections"][0]["items"]] == [
        "Asked every safety question", "Listened without judgement"]
    assert not TaxonomyTerm.objects.filter(vocabulary="review_question").exists()
    moved = ContactReview.objects.get(pk=review.pk)
    response = moved.response
    assert response.version == first and response.is_complete and response.started_by == supervisor
    assert (response.subject_type, response.subject_id) == ("helpline_contact", str(answered.pk))
    assert response.answer_data == {f"question-{safety.pk}": "partly", f"question-{retired.pk}": "met",
                                    f"question-{listening.pk}": "met"}
    assert response.completed_at == reviewed_at
    assert Contribution.objects.get(response=response).author == supervisor
    assert ContactReview.objects.get(pk=bare.pk).response is None
    # Stored encrypted, as before.
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM instruments_instrumentresponse")
        raw = b" ".join(bytes(row[0]) for row in cursor.fetchall())
    assert b"partly" not in raw and b"Kind and calm" not in raw

    # The pages show them: the review on the contact page, with its own questions; the survey in the figures.
    page = login(responder).get(reverse("contact_detail", args=[answered.pk])).content.decode()
    assert "Read the script aloud" in page and "Partly met" in page and "Ask about weapons next time." in page
    form = login(supervisor).get(reverse("contact_detail", args=[unanswered.pk])).content.decode()
    assert "Read the script aloud" not in form and "Listened without judgement" in form  # the current questions

    answers = InstrumentResponse.objects.filter(organization=org, version__instrument__key=questionnaires.SURVEY)
    assert answers.count() == 3 and {a.version.number for a in answers} == {1}
    assert {a.created_at for a in answers} == {datetime.combine(today - timedelta(days=2), time.min,
                                                                tzinfo=zone)}
    assert sorted(a.answer_data.get("comment", "") for a in answers) == ["", "", "Kind and calm."]
    assert all(a.subject_type == "" and a.started_by is None for a in answers)
    assert answers.first().version.definition == questionnaires.packaged(questionnaires.SURVEY)
    figures = login(evaluator).get("/api/v1/helpline/figures/").json()
    assert figures["surveys"] == 3 and figures["survey_shares"] == {"helpful": 67, "heard": 67, "recommend": 67}
    # An organisation with nothing to move gets nothing until its first use.
    assert not Instrument.objects.filter(organization=quiet).exists()
    assert HelplineContact.objects.count() == 2
