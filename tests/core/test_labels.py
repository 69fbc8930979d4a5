"""Labels read as plain words: the practice standards' codes ("(R1)", "(E2)", "(H3)") stay in the code and
the docs, never on a page; a checkbox's label, which follows the box, has no trailing colon, while a label
above its field keeps one (core/form_rendering.py, for every form)."""

import re

import pytest
from django import forms
from django.urls import reverse

CODE = re.compile(r"\((?:[EHQR]\d{1,2})(?:,\s*[EHQR]\d{1,2})*\)")  # (R1), (H4, R1)
LABEL = re.compile(r"<label [^>]*>([^<]*)</label>")


def _labels(page: str) -> list[str]:
    return LABEL.findall(page)


@pytest.mark.parametrize(("persona", "url_name"), [
    ("manager", "case_detail"),  # a family case being evaluated shows the stage's hint
    ("manager", "note_create"),  # the narrative's help text
    ("responder", "contact_create"),
    ("supervisor", "case_list"),
    ("supervisor", "helpline_queue"),
])
def test_no_standard_codes_on_the_pages(world, persona, url_name):
    args = [world.case.pk] if url_name in {"case_detail", "note_create"} else []
    response = world.client(persona).get(reverse(url_name, args=args))
    assert response.status_code == 200
    assert CODE.findall(response.content.decode()) == []


def test_the_family_evaluation_hint_reads_without_its_code(world):
    page = world.client("manager").get(reverse("case_detail", args=[world.case.pk])).content.decode()
    assert "the openings through which family and mentors can re-engage.</p>" in page


def test_checkbox_labels_have_no_colon_and_other_labels_keep_theirs(world):
    page = world.client("responder").get(reverse("contact_create")).content.decode()
    labels = _labels(page)
    assert "They contacted us" in labels  # a checkbox
    assert "Leave it for the team to pick up" in labels
    assert "How they got in touch:" in labels  # a list above its label's field
    assert not [label for label in labels if label.startswith("They contacted us:")]


def test_the_rule_holds_for_any_form():
    """It lives in the form renderer, so a form nobody has thought about follows it too."""

    class Ask(forms.Form):
        agree = forms.BooleanField(label="I agree", required=False)
        name = forms.CharField(label="Name")

    form = Ask()
    assert form["agree"].label_tag() == '<label for="id_agree">I agree</label>'
    assert form["name"].label_tag() == '<label for="id_name">Name:</label>'
    assert '<label for="id_agree">I agree</label>' in form.as_div()
    # A suffix asked for explicitly is still honoured.
    assert form["agree"].label_tag(label_suffix="?") == '<label for="id_agree">I agree?</label>'

