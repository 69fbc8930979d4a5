"""English and Spanish ship; messages reach the user in their language."""

import pathlib
import shutil

import pytest
from django.core.management import call_command
from django.urls import reverse

import offramp


def test_pages_in_spanish(world):
    client = world.client("manager")
    page = client.get(reverse("work_queue"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Sus tareas" in page and 'lang="es"' in page


def test_validation_messages_in_spanish(world):
    response = world.client("manager").post(reverse("case_transition", args=[world.case.pk]),
                                            {"to_status": "paused", "reason": "x"}, HTTP_ACCEPT_LANGUAGE="es")
    assert "Explique por qué, en al menos 10 caracteres." in response.content.decode()


CATALOGUE = "locale/es/LC_MESSAGES/django.po"


def _untranslated(po: pathlib.Path) -> list[str]:
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]  # the first entry is the header
    return [e for e in entries if e.rstrip().endswith('msgstr ""') or "#, fuzzy" in e]


def test_every_message_has_a_spanish_translation():
    assert _untranslated(pathlib.Path(offramp.__file__).parent / CATALOGUE) == []


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext (CI installs it)")
def test_the_catalogue_holds_every_message_in_the_code(tmp_path, monkeypatch):
    """Extract the messages afresh from a copy of the code: a message added or changed without
    updating the catalogue shows up as untranslated or fuzzy (run `make messages`, then translate)."""
    copy = tmp_path / "offramp"
    shutil.copytree(pathlib.Path(offramp.__file__).parent, copy,
                    ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["es"], no_obsolete=True, verbosity=0)
    assert _untranslated(copy / CATALOGUE) == []


def test_choice_labels_in_templates_match_django_and_follow_the_language(db):
    """The `label` filter stands in for get_FOO_display on busy pages; it must say the same thing."""
    from django.template import Context, Template
    from django.utils import translation

    from offramp.helpline.models import HelplineContact

    contact = HelplineContact(channel="phone", caller_relationship="teacher")
    template = Template('{{ c|label:"channel" }} / {{ c|label:"caller_relationship" }}')
    for language in ("en", "es"):
        with translation.override(language):
            expected = f"{contact.get_channel_display()} / {contact.get_caller_relationship_display()}"
            assert template.render(Context({"c": contact})) == expected
    with translation.override("es"):
        assert template.render(Context({"c": contact})) != "Phone / Teacher or school staff"
    contact.channel = "carrier-pigeon"  # a value no longer among the choices shows as stored
    assert Template('{{ c|label:"channel" }}').render(Context({"c": contact})) == "carrier-pigeon"
