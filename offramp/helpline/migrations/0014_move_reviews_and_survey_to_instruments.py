"""Past quality reviews and survey answers move onto the instrument engine (offramp.instruments).

For each organisation that has any:

- Quality review: its review questions (taxonomy terms of the retired `review_question` vocabulary) become
  version 1 of its `helpline-quality-review` questionnaire: one required single-choice item per question
  (key `question-<term id>`, the term's label, the rating scale Met / Partly met / Not met / Not
  applicable), in the terms' order. Version 1 holds the active questions and any retired question a past
  review answered; when retired ones are among them, version 2 holds only the active ones and is current.
  Each review with answers gets a complete response on version 1 about its contact (subject
  `helpline_contact`), started and contributed by its reviewer at the review's times, and the review points
  to it; a review with no answers keeps none.
- Survey: each answer becomes a complete anonymous response on version 1 of `helpline-survey` (the
  definition the helpline ships, frozen below as it was with this migration): no subject, no author, no
  contribution, its times the start of the day it was given (in the organisation's time zone), its scores
  computed as the definition says.

Free text is written through the models, so it stays encrypted (the historical models keep
EncryptedTextField). Then the old answers and the review-question terms are deleted; the next migration
drops the old tables. An organisation that already had an instrument with one of these keys gets the moved
definition as its next version, and keeps its current version.

The reverse does nothing (`RunPython.noop`): the answers stay instrument responses, and versions an
organisation imports later cannot be mapped back onto taxonomy terms and fixed columns. Reversing the next
migration recreates the old tables, empty.
"""

import datetime
import json
from zoneinfo import ZoneInfo

from django.db import migrations

REVIEW = "helpline-quality-review"
SURVEY = "helpline-survey"
CONTACT = "helpline_contact"
REVIEW_TITLE = {'en': 'Helpline quality review', 'es': 'Revisión de calidad de la línea de ayuda'}
REVIEW_DESCRIPTION = {'en': "A supervisor's review of one helpline contact, given with written feedback for the responder who "
       'took it. To change the questions, import a new version: each review keeps the version it was '
       'answered on.',
 'es': 'La revisión que hace una supervisora o un supervisor de un contacto de la línea de ayuda, junto con '
       'comentarios escritos para quien lo atendió. Para cambiar las preguntas, importe una nueva versión: '
       'cada revisión conserva la versión con la que se respondió.'}
REVIEW_SECTION_TITLE = {'en': 'The contact', 'es': 'El contacto'}
RATING_OPTIONS = [{'value': 'met', 'label': {'en': 'Met', 'es': 'Cumplido'}},
 {'value': 'partly', 'label': {'en': 'Partly met', 'es': 'Cumplido en parte'}},
 {'value': 'not_met', 'label': {'en': 'Not met', 'es': 'No cumplido'}},
 {'value': 'na', 'label': {'en': 'Not applicable', 'es': 'No corresponde'}}]
SURVEY_V1 = {'format': 1,
 'key': 'helpline-survey',
 'title': {'en': 'Helpline survey', 'es': 'Encuesta de la línea de ayuda'},
 'description': {'en': 'The anonymous survey after a contact, answered from a one-time link without signing '
                       "in; nothing kept ties an answer to the contact or the caller. The helpline's figures "
                       'count the scores: “helpful” 4 or more, “heard” and “recommend” 1. Keep those three '
                       'scores in a new version for the figures to go on counting.',
                 'es': 'La encuesta anónima después de un contacto, respondida desde un enlace de un solo '
                       'uso sin iniciar sesión; nada de lo que se guarda vincula una respuesta con el '
                       'contacto ni con quien llamó. Las cifras de la línea de ayuda cuentan las '
                       'puntuaciones: «helpful» 4 o más, «heard» y «recommend» 1. Conserve esas tres '
                       'puntuaciones en una nueva versión para que las cifras sigan contándolas.'},
 'sections': [{'key': 'answers',
               'title': {'en': 'How was talking to us?', 'es': '¿Cómo fue hablar con nosotros?'},
               'items': [{'key': 'helpful',
                          'type': 'single_choice',
                          'required': True,
                          'label': {'en': 'How helpful was talking to us?',
                                    'es': '¿Qué tan útil fue hablar con nosotros?'},
                          'options': [{'value': '5',
                                       'label': {'en': 'Very helpful', 'es': 'Muy útil'},
                                       'score': 5},
                                      {'value': '4', 'label': {'en': 'Helpful', 'es': 'Útil'}, 'score': 4},
                                      {'value': '3', 'label': {'en': 'Somewhat', 'es': 'Algo'}, 'score': 3},
                                      {'value': '2',
                                       'label': {'en': 'A little', 'es': 'Un poco'},
                                       'score': 2},
                                      {'value': '1',
                                       'label': {'en': 'Not helpful', 'es': 'Nada útil'},
                                       'score': 1}]},
                         {'key': 'felt_heard',
                          'type': 'single_choice',
                          'required': True,
                          'label': {'en': 'Did you feel listened to without judgement?',
                                    'es': '¿Se sintió escuchado/a sin juicios?'},
                          'options': [{'value': 'yes', 'label': {'en': 'Yes', 'es': 'Sí'}, 'score': 1},
                                      {'value': 'no', 'label': {'en': 'No', 'es': 'No'}, 'score': 0}]},
                         {'key': 'would_recommend',
                          'type': 'single_choice',
                          'required': True,
                          'label': {'en': 'Would you recommend us to someone in your place?',
                                    'es': '¿Nos recomendaría a alguien en su situación?'},
                          'options': [{'value': 'yes', 'label': {'en': 'Yes', 'es': 'Sí'}, 'score': 1},
                                      {'value': 'no', 'label': {'en': 'No', 'es': 'No'}, 'score': 0}]},
                         {'key': 'comment',
                          'type': 'text',
                          'label': {'en': 'Anything else? (optional — please do not write names)',
                                    'es': '¿Algo más? (opcional; por favor no escriba nombres)'}}]}],
 'scores': [{'key': 'helpful',
             'label': {'en': 'How helpful (1 to 5)', 'es': 'Utilidad (de 1 a 5)'},
             'method': 'sum',
             'items': ['helpful']},
            {'key': 'heard',
             'label': {'en': 'Felt listened to (1 yes, 0 no)', 'es': 'Se sintió escuchado/a (1 sí, 0 no)'},
             'method': 'sum',
             'items': ['felt_heard']},
            {'key': 'recommend',
             'label': {'en': 'Would recommend (1 yes, 0 no)', 'es': 'Lo recomendaría (1 sí, 0 no)'},
             'method': 'sum',
             'items': ['would_recommend']}]}


def _add_version(apps, organization, definition):
    """The definition as the next version of the organisation's instrument with its key (version 1 of a
    new instrument); the caller decides whether it is current."""
    Instrument = apps.get_model("instruments", "Instrument")
    InstrumentVersion = apps.get_model("instruments", "InstrumentVersion")
    instrument = Instrument.objects.filter(organization=organization, key=definition["key"]).first()
    if instrument is None:
        instrument = Instrument.objects.create(organization=organization, key=definition["key"],
                                               title=definition["title"]["en"])
    number = (InstrumentVersion.objects.filter(instrument=instrument).order_by("-number")
              .values_list("number", flat=True).first() or 0) + 1
    version = InstrumentVersion.objects.create(organization=organization, instrument=instrument, number=number,
                                               definition=definition, created_by=None)
    return instrument, version


def _make_current(instrument, version):
    instrument.current_version = version
    instrument.save(update_fields=["current_version"])


def _review_definition(terms):
    return {"format": 1, "key": REVIEW, "title": REVIEW_TITLE, "description": REVIEW_DESCRIPTION,
            "sections": [{"key": "contact", "title": REVIEW_SECTION_TITLE, "items": [
                {"key": f"question-{term.pk}", "type": "single_choice", "required": True,
                 "label": (term.label or "").strip() or f"Question {term.pk}", "options": RATING_OPTIONS}
                for term in terms]}]}


def _move_reviews(apps, organization):
    TaxonomyTerm = apps.get_model("core", "TaxonomyTerm")
    ContactReview = apps.get_model("helpline", "ContactReview")
    ReviewAnswer = apps.get_model("helpline", "ReviewAnswer")
    InstrumentResponse = apps.get_model("instruments", "InstrumentResponse")
    Contribution = apps.get_model("instruments", "Contribution")
    terms = list(TaxonomyTerm.objects.filter(organization=organization, vocabulary="review_question")
                 .order_by("position", "label", "pk"))
    answered = set(ReviewAnswer.objects.filter(review__organization=organization).values_list("question_id", flat=True))
    asked = [term for term in terms if term.active or term.pk in answered]
    if not asked:
        return
    fresh = not apps.get_model("instruments", "Instrument").objects.filter(organization=organization,
                                                                         key=REVIEW).exists()
    instrument, first = _add_version(apps, organization, _review_definition(asked))
    active = [term for term in asked if term.active]
    if fresh:
        _make_current(instrument, first)
        if active and len(active) < len(asked):
            _make_current(instrument, _add_version(apps, organization, _review_definition(active))[1])
    reviews = ContactReview.objects.filter(organization=organization).order_by("created_at", "pk")
    for review in reviews.iterator():
        answers = {f"question-{answer.question_id}": answer.rating
                   for answer in ReviewAnswer.objects.filter(review=review).order_by("pk")}
        if not answers:
            continue
        stored = json.dumps(answers, ensure_ascii=False)
        response = InstrumentResponse.objects.create(
            organization=organization, version=first, subject_type=CONTACT, subject_id=str(review.contact_id),
            status="complete", informant="self", answers=stored, scores={}, started_by_id=review.reviewer_id,
            created_at=review.created_at, updated_at=review.updated_at, completed_at=review.updated_at)
        Contribution.objects.create(organization=organization, response=response, author_id=review.reviewer_id,
                                    answers=stored, created_at=review.updated_at)
        review.response = response
        review.save(update_fields=["response"])


def _score(value):
    """A score domain of one item, as the engine keeps it (no thresholds)."""
    return {"value": value, "answered": 0 if value is None else 1, "band": None, "label": None}


def _move_survey(apps, organization):
    SurveyResponse = apps.get_model("helpline", "SurveyResponse")
    InstrumentResponse = apps.get_model("instruments", "InstrumentResponse")
    answers = SurveyResponse.objects.filter(organization=organization).order_by("submitted_on", "pk")
    if not answers.exists():
        return
    fresh = not apps.get_model("instruments", "Instrument").objects.filter(organization=organization,
                                                                         key=SURVEY).exists()
    instrument, version = _add_version(apps, organization, SURVEY_V1)
    if fresh:
        _make_current(instrument, version)
    zone = ZoneInfo(organization.time_zone)
    for answer in answers.iterator():
        given, scores = {}, {}
        if 1 <= answer.helpful <= 5:  # the form offered 1 to 5
            given["helpful"], scores["helpful"] = str(answer.helpful), _score(answer.helpful)
        else:
            scores["helpful"] = _score(None)
        given["felt_heard"], scores["heard"] = ("yes", _score(1)) if answer.felt_heard else ("no", _score(0))
        given["would_recommend"], scores["recommend"] = (("yes", _score(1)) if answer.would_recommend
                                                         else ("no", _score(0)))
        comment = (answer.comment or "").strip()
        if comment:
            given["comment"] = comment
        day = datetime.datetime.combine(answer.submitted_on, datetime.time.min, tzinfo=zone)
        InstrumentResponse.objects.create(
            organization=organization, version=version, subject_type="", subject_id="", status="complete",
            informant="self", answers=json.dumps(given, ensure_ascii=False), scores=scores, started_by=None,
            created_at=day, updated_at=day, completed_at=day)


def forwards(apps, schema_editor):
    Organization = apps.get_model("core", "Organization")
    for organization in Organization.objects.order_by("pk"):
        _move_reviews(apps, organization)
        _move_survey(apps, organization)
    apps.get_model("helpline", "ReviewAnswer").objects.all().delete()
    apps.get_model("helpline", "SurveyResponse").objects.all().delete()
    apps.get_model("core", "TaxonomyTerm").objects.filter(vocabulary="review_question").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("helpline", "0013_contactreview_response"),
        ("instruments", "0002_packaged_and_anonymous"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False),
    ]
