"""The helpline's two questionnaires on the instrument engine (offramp.instruments), shipped as
definitions in `definitions/` (FORMAT.md's format, English and Spanish):

- `helpline-quality-review`: a supervisor's review of a contact. Each review's answers are a response
  about the contact (subject type `helpline_contact`, registered in `apps.py`: supervisors review
  others' contacts; the responder who took a contact reads its reviews); the review (`ContactReview`)
  keeps the sampling, the feedback and whether the responder read it.
- `helpline-survey`: the anonymous survey after a contact, each answer an anonymous response (no
  subject, no author, its times the start of the day). The figures count its scores: `helpful` 4 or
  more, `heard` and `recommend` 1 (`SURVEY_POSITIVE`).

An organisation gets each definition as its version 1 on first use (`services._common.ensure_instrument`,
inside the service that first needs it: a review saved, a survey link made or answered); until then
the pages show the packaged definition. An org admin changes the questions by importing a new version
on the Questionnaires page, which never changes a version already in use."""

import copy
import json
from functools import cache
from pathlib import Path

REVIEW = "helpline-quality-review"
SURVEY = "helpline-survey"
CONTACT = "helpline_contact"  # the subject type of a review's response
SURVEY_POSITIVE = {"helpful": 4, "heard": 1, "recommend": 1}  # score domain -> the least value counted
SURVEY_COMMENT = "comment"  # the survey's free-text item, shown to supervisors (figures.survey_comments)

DEFINITIONS = Path(__file__).resolve().parent / "definitions"


@cache
def _read(key: str) -> dict:
    return json.loads((DEFINITIONS / f"{key}.json").read_text(encoding="utf-8"))


def packaged(key: str) -> dict:
    """The definition the helpline ships for this instrument (a copy: the caller may keep it)."""
    return copy.deepcopy(_read(key))
