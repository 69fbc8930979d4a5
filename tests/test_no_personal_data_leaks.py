"""No personal data in URLs, logs or error pages. (Every form and API body, with canaries, the
configured redacting filter and the console mail backend: tests/test_log_canaries.py.)"""

from django.urls import reverse

from tests.test_log_canaries import raw_logs

MARKERS = ["Zephyrine", "Quillbottom", "zq@example.org", "555 0147", "5550147", "Worried mother"]


def test_logs_hold_no_personal_data(world):
    """Checked as logged, before the configured filter redacts e-mails and numbers: the code must not
    log them in the first place."""
    manager, outsider = world.client("manager"), world.client("outsider")
    with raw_logs() as raw:
        _logs_hold_no_personal_data(world, manager, outsider)
    logged = "\n".join(raw.texts)
    assert logged, "expected some log lines (404s, 400s)"
    for marker in MARKERS:
        assert marker not in logged


def _logs_hold_no_personal_data(world, manager, outsider):
    manager.get(reverse("case_detail", args=[world.case.pk]))
    manager.post(reverse("person_list"), {"name": "Zephyrine", "phone": "202 555 0147"})
    manager.post(reverse("person_create"), {"given_name": "Zephyrine", "email": "not-an-email"})
    manager.post(reverse("note_create", args=[world.case.pk]), {"narrative": "Worried mother again"})
    outsider.get(reverse("case_detail", args=[world.case.pk]))
    outsider.get(reverse("person_detail", args=[world.client_person.pk]))
    manager.post("/api/v1/people/search/", {"email": "zq@example.org"}, content_type="application/json")
    manager.post("/api/v1/people/", {"given_name": "Zephyrine", "contacts": [{"kind": "email", "value": "zq@"}]},
                 content_type="application/json")


def test_urls_hold_no_personal_data(world):
    """Links on every page a manager sees name records by id, never by name or number."""
    import re

    client = world.client("manager")
    pages = [reverse("work_queue"), reverse("case_list"), reverse("person_list"),
             reverse("case_detail", args=[world.case.pk]), reverse("person_detail", args=[world.client_person.pk])]
    for page in pages:
        body = client.get(page).content.decode()
        for href in re.findall(r'(?:href|action)="([^"]*)"', body):
            assert not any(marker.lower() in href.lower() for marker in MARKERS), href


def test_error_pages_hold_no_personal_data(world):
    body = world.client("outsider").get(reverse("person_detail", args=[world.client_person.pk])).content.decode()
    assert "Not found" in body
    assert not any(marker in body for marker in MARKERS)


def test_str_of_people_never_shows_a_name(world):
    assert "Zephyrine" not in str(world.client_person)


def test_helpline_logs_hold_no_personal_data(world):
    from offramp.helpline.services.contacts import contact_log

    with raw_logs() as raw:
        _helpline_logs_hold_no_personal_data(world, contact_log)
    logged = "\n".join(raw.texts)
    assert "Bad Request" in logged
    for marker in MARKERS:
        assert marker not in logged


def _helpline_logs_hold_no_personal_data(world, contact_log):
    contact = contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                          caller_name="Zephyrine", caller_phone="+1 202 555 0147", summary="Worried mother",
                          self_harm=True)
    responder, supervisor = world.client("responder"), world.client("supervisor")
    responder.post(reverse("contact_create"), {"caller_name": "Zephyrine", "caller_email": "zq@"})
    responder.post(reverse("contact_merge", args=[contact.pk]), {"duplicate_reference": "Zephyrine",
                                                                 "reason": "Worried mother"})
    supervisor.post(reverse("contact_assign", args=[contact.pk]), {"assignee": "zq@example.org"})
    supervisor.post(reverse("contact_review", args=[contact.pk]), {"feedback": "Worried mother"})
    world.client("outsider").get(reverse("contact_detail", args=[contact.pk]))
