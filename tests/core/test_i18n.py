"""English and Spanish ship; messages reach the user in their language."""

from django.urls import reverse


def test_pages_in_spanish(world):
    client = world.client("manager")
    page = client.get(reverse("work_queue"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Sus tareas" in page and 'lang="es"' in page


def test_validation_messages_in_spanish(world):
    response = world.client("manager").post(reverse("case_transition", args=[world.case.pk]),
                                            {"to_status": "paused", "reason": "x"}, HTTP_ACCEPT_LANGUAGE="es")
    assert "Explique por qué, en al menos 10 caracteres." in response.content.decode()


def test_every_message_has_a_spanish_translation():
    import pathlib

    po = pathlib.Path(__file__).resolve().parents[2] / "offramp/locale/es/LC_MESSAGES/django.po"
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]  # the first entry is the header
    untranslated = [e for e in entries if e.rstrip().endswith('msgstr ""')]
    assert untranslated == []
    assert not any("#, fuzzy" in e for e in entries)
