"""Canaries: distinctive values typed into every form and API body that takes personal data never reach
a log line (any logger, any level, exceptions included) or the console (the mail backend).

Two lines of defence are checked separately:
- the sources: every record as it was logged, before any filter touched it, holds no canary;
- the configured pipeline: the handler Django built from settings.LOGGING carries the redacting filter,
  and what it writes holds no canary, nor does anything printed to stdout or stderr.
"""

import io
import logging
import smtplib
import time
import traceback
from contextlib import contextmanager, suppress
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from offramp.core.logging import RedactPersonalData, redact
from offramp.helpline import help_page
from offramp.helpline.models import HelpRequest, SurveyInvitation
from tests.helpline.safety import ALL_NO

GIVEN, FAMILY = "Canaryzed", "Quorblat"
NAME = f"{GIVEN} {FAMILY}"
EMAIL = "canary.quorblat@example.org"
PHONE = "+1 202 555 0199"
WORDS = "Zibbleworth frets about Vantablorp"
# Every spelling the code might produce of the values above (compared without regard to case).
CANARIES = [GIVEN, FAMILY, "canary.quorblat", "202 555 0199", "2025550199", "555 0199", "555-0199",
            "Zibbleworth", "Vantablorp"]

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class RawRecords(logging.Handler):
    """Keeps every record as it was logged, before a filter rewrites it: message, arguments, extras
    (django.request passes the request), the formatted exception and stack."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.texts = []

    def emit(self, record):
        parts = [record.name, str(record.msg), repr(record.args)]
        with suppress(Exception):  # a broken format string still has its arguments above
            parts.append(record.getMessage())
        if record.exc_info:
            parts.append("".join(traceback.format_exception(*record.exc_info)))
        parts += [record.exc_text or "", record.stack_info or ""]
        parts += [f"{key}={value!r}" for key, value in vars(record).items() if key not in _STANDARD]
        self.texts.append("\n".join(parts))


def _configured_console():
    """The handler Django configured from settings.LOGGING["handlers"]["console"] at start-up."""
    handlers = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    assert len(handlers) == 1, logging.getLogger().handlers
    return handlers[0]


def _found(text: str, canaries=CANARIES) -> list[str]:
    lowered = text.lower()
    return [canary for canary in canaries if canary.lower() in lowered]


@contextmanager
def raw_logs():
    """Every record logged at DEBUG while inside, as it was logged (before the configured filter
    rewrites it in place). Django's loggers are INFO in the configuration; they are opened fully here
    (template lookups log at DEBUG); the levels settings.LOGGING sets on purpose (django.db.backends,
    axes) stay as configured."""
    root, django_logger = logging.getLogger(), logging.getLogger("django")
    raw = RawRecords()
    root.handlers.insert(0, raw)  # before the configured handler
    levels = root.level, django_logger.level
    root.setLevel(logging.DEBUG)
    django_logger.setLevel(logging.DEBUG)
    try:
        yield raw
    finally:
        root.removeHandler(raw)
        root.setLevel(levels[0])
        django_logger.setLevel(levels[1])


@pytest.fixture
def logs(settings, caplog, capfd):
    """Everything logged at DEBUG, raw and as the configured handler writes it, and the console."""
    settings.EMAIL_BACKEND = "offramp.core.mail.RedactedConsoleEmailBackend"
    cache.clear()
    console = _configured_console()
    assert any(isinstance(f, RedactPersonalData) for f in console.filters)
    written = io.StringIO()
    stream = console.setStream(written)
    caplog.set_level(logging.DEBUG)
    try:
        with raw_logs() as raw:
            yield {"raw": raw, "written": written, "caplog": caplog, "capfd": capfd}
    finally:
        console.setStream(stream)
        cache.clear()


def _help_token() -> str:
    """The public form's hidden token, as if the form had been shown ten seconds ago."""
    return help_page.form_token(issued_at=time.time() - 10)


def _local(world, hours: float = 0) -> str:
    """A time as a form's datetime-local field sends it (the organisation's wall clock)."""
    when = timezone.now() + timedelta(hours=hours)
    return timezone.localtime(when, ZoneInfo(world.org.time_zone)).strftime("%Y-%m-%dT%H:%M")


def _json(client, method, path, body):
    return getattr(client, method)(path, body, content_type="application/json")


def _seed_people_and_cases(world):
    manager = world.client("manager")
    person = {"given_name": GIVEN, "family_name": FAMILY, "aliases": f"{WORDS}\n{NAME}", "pronouns": "they",
              "languages": "Quorblatian", "date_of_birth": "1990-04-12"}
    assert manager.post(reverse("person_create"), {**person, "phone": PHONE, "email": EMAIL}).status_code == 302
    manager.post(reverse("person_create"), {**person, "email": "canary.quorblat@", "date_of_birth": "Vantablorp"})
    manager.post(reverse("person_list"), {"name": NAME, "phone": PHONE, "email": EMAIL})
    person_id = world.client_person.pk
    assert manager.post(reverse("person_edit", args=[person_id]), person).status_code == 302
    manager.post(reverse("person_edit", args=[person_id]), {**person, "date_of_birth": "2999-01-01"})
    assert manager.post(reverse("contact_add", args=[person_id]),
                        {"kind": "phone", "value": PHONE, "safe_to_contact": "on"}).status_code == 302
    manager.post(reverse("contact_add", args=[person_id]), {"kind": "email", "value": "canary.quorblat@"})
    manager.post(reverse("contact_add", args=[person_id]), {"kind": "Zibbleworth", "value": EMAIL})
    world.client("outsider").post(reverse("contact_add", args=[person_id]), {"kind": "email", "value": EMAIL})

    created = _json(manager, "post", "/api/v1/people/", {**person, "contacts": [
        {"kind": "phone", "value": PHONE}, {"kind": "email", "value": EMAIL}]})
    assert created.status_code == 201
    _json(manager, "post", "/api/v1/people/", {**person, "contacts": [{"kind": "email", "value": "canary.quorblat@"}]})
    _json(manager, "post", "/api/v1/people/", {"given_name": [NAME], "date_of_birth": WORDS, "contacts": EMAIL})
    _json(manager, "post", "/api/v1/people/search/", {"name": NAME, "phone": PHONE, "email": EMAIL})
    _json(manager, "post", "/api/v1/people/search/", {"name": {"x": NAME}, "phone": [PHONE]})
    assert _json(manager, "put", f"/api/v1/people/{created.json()['id']}/", person).status_code == 200
    _json(manager, "put", f"/api/v1/people/{created.json()['id']}/", {**person, "date_of_birth": WORDS})
    _json(manager, "post", f"/api/v1/people/{person_id}/contacts/", {"kind": "email", "value": EMAIL})
    _json(manager, "post", f"/api/v1/people/{person_id}/contacts/", {"kind": WORDS, "value": PHONE})
    _json(world.client("outsider"), "post", f"/api/v1/people/{person_id}/contacts/", {"kind": "email", "value": EMAIL})
    manager.post("/api/v1/people/", f"{{\"given_name\": \"{NAME}\", \"email\": \"{EMAIL}\"",
                 content_type="application/json")  # not JSON

    case = world.case.pk
    note = {"note_type": "call", "channel": "phone", "direction": "inbound",
            "occurred_at": _local(world, hours=-1),
            "narrative": f"{NAME} said {WORDS}; call {PHONE} or {EMAIL}."}
    assert manager.post(reverse("note_create", args=[case]), note).status_code == 302
    manager.post(reverse("note_create", args=[case]), {**note, "occurred_at": "2999-01-01T00:00"})
    api_note = _json(manager, "post", f"/api/v1/cases/{case}/notes/",
                     {**note, "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat()})
    assert api_note.status_code == 201
    _json(manager, "post", f"/api/v1/cases/{case}/notes/", {**note, "occurred_at": WORDS})
    note_id = api_note.json()["id"]
    manager.post(reverse("note_edit", args=[note_id]), note)
    _json(manager, "put", f"/api/v1/notes/{note_id}/", {**note, "occurred_at": api_note.json()["occurred_at"]})
    _json(manager, "post", f"/api/v1/notes/{note_id}/sign/", {})
    manager.post(reverse("note_addendum", args=[note_id]), {"narrative": f"{NAME}: {WORDS} {PHONE}"})
    _json(manager, "post", f"/api/v1/notes/{note_id}/addenda/", {"narrative": f"{NAME}: {WORDS} {EMAIL}"})
    world.client("outsider").post(reverse("note_create", args=[case]), note)
    manager.post(reverse("case_open"), {"kind": "family_support", "summary": f"{NAME} {WORDS} {PHONE}"})
    _json(manager, "post", "/api/v1/cases/", {"kind": "family_support", "summary": f"{NAME} {WORDS} {EMAIL}"})
    # Assign with ids that are e-mail addresses and names: refused, and in no log.
    manager.post(reverse("case_team_add", args=[case]), {"member": EMAIL, "role": "peer_mentor"})
    _json(manager, "post", f"/api/v1/cases/{case}/team/", {"member": EMAIL, "role": "peer_mentor"})
    _json(manager, "post", f"/api/v1/cases/{case}/team/", {"member": "canary.quorblat@", "role": NAME})


def _seed_helpline(world):
    responder, supervisor = world.client("responder"), world.client("supervisor")
    contact = {"channel": "phone", "inbound": "on", "caller_relationship": "parent", "caller_name": NAME,
               "caller_phone": PHONE, "caller_email": EMAIL, "concern_name": f"{GIVEN} Junior",
               "concern_gender": "Quorblat", "concern_region": "Vantablorp", "openings": WORDS,
               "summary": f"{NAME} worries: {WORDS}. Call {PHONE}.", **ALL_NO}
    # The autosaved draft and the repeat-caller lookup see what is typed before it is saved.
    responder.post(reverse("contact_draft"), {**contact, "draft_key": "canary-form"})
    responder.post(reverse("contact_lookup"), {"caller_phone": PHONE, "caller_email": EMAIL})
    # A safety "yes" alerts before saving, and a question not asked says why.
    responder.post(reverse("contact_safety"), {**contact, "self_harm": "yes"})
    responder.post(reverse("contact_alert"), {**contact, "self_harm": "yes", "draft_key": "canary-form"})
    responder.post(reverse("contact_create"), {**contact, "self_harm": "not_asked", "safety_unasked_reason": WORDS,
                                               "immediate_danger": "yes"})
    page = responder.post(reverse("contact_create"), contact, follow=True)
    assert page.status_code == 200 and page.redirect_chain
    responder.post(reverse("contact_create"), {**contact, "caller_email": "canary.quorblat@"})
    responder.post(reverse("contact_create"), {**contact, "channel": WORDS, "received_at": NAME})
    api = {**contact, "inbound": True}
    created = _json(responder, "post", "/api/v1/contacts/", api)
    assert created.status_code == 201
    _json(responder, "post", "/api/v1/contacts/", {**api, "caller_email": "canary.quorblat@"})
    _json(responder, "post", "/api/v1/contacts/", {**api, "channel": NAME, "signs": [PHONE], "resources_given": [EMAIL],
                                                  "help_request": NAME, "received_at": WORDS})
    _json(responder, "post", "/api/v1/contacts/", {**api, "caller_name": {"nested": [NAME, EMAIL]}})
    responder.post("/api/v1/contacts/", f"{{\"caller_email\": \"{EMAIL}\", \"caller_name\": \"{NAME}\"",
                   content_type="application/json")  # not JSON
    contact_id = created.json()["id"]
    responder.get(reverse("contact_detail", args=[contact_id]))
    responder.get(reverse("helpline_queue"))
    _json(responder, "get", f"/api/v1/contacts/{contact_id}/", None)

    # Addenda, follow-ups, consultation, flag, merge, review.
    responder.post(reverse("contact_addendum", args=[contact_id]), {"text": f"{NAME} called back: {WORDS} {PHONE}"})
    responder.post(reverse("contact_addendum", args=[contact_id]), {"text": "", "resource_ids": [EMAIL]})
    _json(responder, "post", f"/api/v1/contacts/{contact_id}/addenda/", {"text": f"{NAME} {WORDS} {EMAIL}"})
    _json(responder, "post", f"/api/v1/contacts/{contact_id}/addenda/", {"text": "", "resource_ids": [PHONE]})
    responder.post(reverse("follow_up_create", args=[contact_id]), {
        "due_at": _local(world, hours=24), "assignee": EMAIL,
        "note": f"Ring {NAME} on {PHONE}"})
    responder.post(reverse("contact_consultation", args=[contact_id]), {"supervisor": EMAIL,
                                                                         "text": f"{NAME}: {WORDS}"})
    supervisor.post(reverse("caller_flag", args=[contact_id]), {"reason": f"{NAME} {WORDS} {PHONE}", "days": "30"})
    supervisor.post(reverse("contact_merge", args=[contact_id]), {"duplicate_reference": GIVEN,
                                                                  "reason": f"{NAME} {WORDS}"})
    _json(supervisor, "post", f"/api/v1/contacts/{contact_id}/merge/", {"duplicate_reference": FAMILY,
                                                                        "reason": f"{NAME} {EMAIL}"})
    supervisor.post(reverse("contact_review", args=[contact_id]), {"feedback": f"{NAME} {WORDS} {PHONE}"})
    # Assign with ids that are e-mail addresses and names: refused, and in no log.
    supervisor.post(reverse("contact_assign", args=[contact_id]), {"assignee": EMAIL})
    supervisor.post(reverse("contact_assign", args=[contact_id]), {"assignee": NAME})
    _json(supervisor, "post", f"/api/v1/contacts/{contact_id}/assign/", {"assignee": EMAIL})
    _json(supervisor, "post", f"/api/v1/contacts/{contact_id}/assign/", {"assignee": PHONE})
    supervisor.post(reverse("on_call"), {"supervisor": EMAIL, "phone": f"{PHONE} {NAME}",
                                         "starts_at": _local(world),
                                         "ends_at": _local(world, hours=4)})
    world.client("outsider").post(reverse("contact_addendum", args=[contact_id]), {"text": NAME})
    return contact_id


def _seed_public_page_and_survey(world, contact_id, django_capture_on_commit_callbacks):
    form = {"name": NAME, "phone": PHONE, "email": EMAIL, "when_to_reach": f"after 6, ask for {GIVEN}",
            "worry": f"{WORDS}; my nephew {NAME}", "language": "en", "confirm_by_email": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        sent = Client().post(reverse("help_request", args=["northstar"]), {**form, "started": _help_token()})
    assert sent.status_code == 302 and HelpRequest.objects.count() == 1
    Client().post(reverse("help_request", args=["northstar"]), {**form, "email": "canary.quorblat@", "phone": "",
                                                                "started": _help_token()})
    Client().post(reverse("help_request", args=["northstar"]), {**form, "started": "Vantablorp"})
    Client().post(reverse("help_request", args=["northstar"]), {**form, "started": _help_token(), "website": WORDS})
    request_id = HelpRequest.objects.get().pk
    supervisor, responder = world.client("supervisor"), world.client("responder")
    supervisor.post(reverse("help_request_assign", args=[request_id]), {"assignee": EMAIL})
    _json(supervisor, "post", f"/api/v1/help-requests/{request_id}/assign/", {"assignee": EMAIL})
    responder.post(reverse("help_request_claim", args=[request_id]))
    responder.get(reverse("helpline_queue"))
    _json(responder, "get", "/api/v1/help-requests/", None)
    responder.get(reverse("contact_create"), {"request": request_id})

    with django_capture_on_commit_callbacks(execute=True):
        responder.post(reverse("survey_email", args=[contact_id]), follow=True)
    token = SurveyInvitation.objects.get().token
    survey = Client()
    survey.get(f"/survey/{token}/")
    survey.post(f"/survey/{token}/", {"helpful": "9", "comment": f"{NAME} {WORDS} {EMAIL}"})  # 400, logged
    survey.post(f"/survey/{token}/", {"helpful": "5", "felt_heard": "yes", "would_recommend": "no",
                                      "comment": f"{WORDS} {PHONE}"})
    survey.post(f"/survey/{token}/", {"helpful": "5", "felt_heard": "yes", "would_recommend": "no"})  # spent: 404
    return token


def _seed_directory_and_sign_in(world):
    admin = world.client("admin")
    entry = {"name": f"{NAME} Counselling", "category": "mental_health", "description": WORDS, "region": "County",
             "phone": PHONE, "email": EMAIL, "how_to_refer": f"Ask for {NAME}", "notes": WORDS, "active": "on"}
    assert admin.post(reverse("resource_create"), entry).status_code == 302
    admin.post(reverse("resource_create"), {**entry, "email": "canary.quorblat@"})
    admin.post(reverse("resource_create"), entry)  # the same name again
    assert _json(admin, "post", "/api/v1/resources/", {**entry, "name": f"{FAMILY} Legal Aid",
                                                       "active": True}).status_code == 201
    _json(admin, "post", "/api/v1/resources/", {**entry, "email": "canary.quorblat@", "active": True})
    rows = f"name,category,phone,email,notes\n{GIVEN} House,housing,{PHONE},{EMAIL},{WORDS}\n,nonsense,{PHONE},x,\n"
    admin.post(reverse("resource_import"), {"file": SimpleUploadedFile("d.csv", rows.encode(), "text/csv")})
    admin.get(reverse("resource_list"), {"q": WORDS})
    # A failed sign-in with the address typed as the login (axes and allauth both see it).
    Client().post("/accounts/login/", {"login": EMAIL, "password": NAME})
    Client().post("/accounts/login/", {"login": world.users["manager"].email, "password": WORDS})


def test_no_canary_reaches_a_log_or_the_console(world, logs, django_capture_on_commit_callbacks):
    _seed_people_and_cases(world)
    contact_id = _seed_helpline(world)
    token = _seed_public_page_and_survey(world, contact_id, django_capture_on_commit_callbacks)
    _seed_directory_and_sign_in(world)

    raw = "\n\n".join(logs["raw"].texts)
    assert "Bad Request" in raw and "Not Found" in raw, "expected 400s and 404s to be logged"
    assert not _found(raw), [text for text in logs["raw"].texts if _found(text)][:3]

    written = logs["written"].getvalue()
    assert "Bad Request" in written
    out, err = logs["capfd"].readouterr()
    # The confirmation of the web request and the survey link were "sent" by the console backend.
    assert out.count("E-mail (console backend, not delivered)") >= 2
    for where, text in (("configured handler", written), ("caplog", logs["caplog"].text), ("stdout", out),
                        ("stderr", err)):
        assert not _found(text, [*CANARIES, token]), (where, text[:2000])


def test_the_configured_filter_is_on_every_configured_handler():
    configured = django_settings.LOGGING
    assert configured["filters"]["redact_personal_data"]["()"] == "offramp.core.logging.RedactPersonalData"
    for name, handler in configured["handlers"].items():
        assert "redact_personal_data" in handler.get("filters", []), name
    # And on every handler actually installed on a logger (Django's defaults are gone: they had no filter).
    loggers = [logging.getLogger()] + [logger for logger in logging.root.manager.loggerDict.values()
                                       if isinstance(logger, logging.Logger)]
    for logger in loggers:
        for handler in logger.handlers:
            if type(handler).__module__.startswith("_pytest") or isinstance(handler, logging.NullHandler):
                continue  # pytest's own capture handlers (on the root and on every non-propagating logger)
            assert any(isinstance(f, RedactPersonalData) for f in handler.filters), (logger.name, handler)
    # axes logs every failed sign-in at WARNING: the login tried and the address must stay masked.
    assert {"username", "ip_address"} <= set(django_settings.AXES_SENSITIVE_PARAMETERS)


def test_console_mail_backend_says_only_that_a_message_was_sent(monkeypatch):
    import importlib

    from django.core.mail import EmailMessage

    from offramp.core.mail import RedactedConsoleEmailBackend
    from offramp.settings import base

    monkeypatch.delenv("OFFRAMP_EMAIL_BACKEND", raising=False)
    assert importlib.reload(base).EMAIL_BACKEND == "offramp.core.mail.RedactedConsoleEmailBackend"  # the default
    stream = io.StringIO()
    message = EmailMessage("A short, anonymous survey", f"Dear {NAME}, https://example.org/survey/Vantablorp/",
                           "offramp@zibbleworth.test", [EMAIL], cc=[f"{GIVEN}@example.org"])
    assert RedactedConsoleEmailBackend(stream=stream).send_messages([message]) == 1
    written = stream.getvalue()
    assert "to 2 recipients" in written and "survey" not in written and written.count("\n") == 1
    assert not _found(written)


def test_celery_keeps_the_configured_logging():
    """A worker would otherwise replace the root handlers with its own, without the filter."""
    import weakref

    from celery import signals

    from offramp.celery import _keep_django_logging

    receivers = [ref() if isinstance(ref, weakref.ReferenceType) else ref
                 for _key, ref in signals.setup_logging.receivers]
    assert _keep_django_logging in receivers


def test_filter_redacts_messages_arguments_and_exceptions(world):
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "contact_log(caller_email='x@y.org', channel=%r)",
                               ("phone",), None)
    assert RedactPersonalData().filter(record) is True
    assert record.getMessage() == "contact_log(caller_email=[redacted], channel='phone')" and record.args is None

    data = {"caller_name": NAME, "caller_phone": PHONE, "kind": "email", "value": EMAIL, "count": 3}
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "saving %s", (data,), None)
    RedactPersonalData().filter(record)
    assert not _found(record.getMessage()) and "'kind': 'email'" in record.getMessage()
    assert "'count': 3" in record.getMessage()

    try:
        raise smtplib.SMTPRecipientsRefused({EMAIL: (550, b"5.1.1 no such user")})
    except smtplib.SMTPException:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/help/x/",),
                                   sys.exc_info())
    RedactPersonalData().filter(record)
    formatted = logging.Formatter().format(record)
    assert "SMTPRecipientsRefused" in formatted and "Internal Server Error: /help/x/" in formatted
    assert not _found(formatted) and record.exc_info is None

    for text, kept in ((f"GET /people/?name={GIVEN}&phone=202+555+0199&email=canary.quorblat%40example.org", "/people/"),
                       (f"call {PHONE} or (202) 555-0199, at 2026-12-01 10:00 about HL-2026-00001", "2026-12-01 10:00"),
                       (f'AXES: login failure by {{username: "{EMAIL}", path_info: "/accounts/login/"}}', "path_info"),
                       (f"date_of_birth=datetime.date(1990, 4, 12) given_name=\"{NAME}\"", "date_of_birth"),
                       ("Bad Request: /survey/Vantablorp-Zibbleworth_1/", "Bad Request: /survey/")):
        assert not _found(redact(text)) and kept in redact(text), redact(text)
    assert "HL-2026-00001" in redact("about HL-2026-00001") and "127.0.0.1" in redact("from 127.0.0.1")


class RefusingBackend:
    """A mail server that refuses every recipient, as smtplib reports it: the exception names them."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({to: (550, b"5.1.1 no such mailbox") for m in messages
                                              for to in m.recipients()})


def test_a_refused_address_is_not_logged(world, logs, settings, django_capture_on_commit_callbacks):
    """SMTP errors name the address they refused; a failed e-mail must neither log it nor fail the page."""
    settings.EMAIL_BACKEND = "tests.test_log_canaries.RefusingBackend"
    form = {"name": NAME, "phone": PHONE, "email": EMAIL, "when_to_reach": "", "worry": WORDS, "language": "en",
            "confirm_by_email": "on", "started": _help_token()}
    with django_capture_on_commit_callbacks(execute=True):
        sent = Client().post(reverse("help_request", args=["northstar"]), form)
    assert sent.status_code == 302 and HelpRequest.objects.count() == 1  # stored; the confirmation is optional

    responder = world.client("responder")
    with django_capture_on_commit_callbacks(execute=True):  # the safety alert e-mails the supervisors
        created = _json(responder, "post", "/api/v1/contacts/", {"channel": "email", "caller_relationship": "parent",
                                                                 "caller_email": EMAIL, "self_harm": True})
    assert created.status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        page = responder.post(reverse("survey_email", args=[created.json()["id"]]), follow=True)
    assert "could not be sent" in page.content.decode()

    raw = "\n\n".join(logs["raw"].texts)
    assert "confirmation e-mail could not be sent (SMTPRecipientsRefused)" in raw
    assert "the e-mail could not be sent (SMTPRecipientsRefused)" in raw  # the supervisors' safety alert
    assert not _found(raw), [text for text in logs["raw"].texts if _found(text)][:3]
    out, err = logs["capfd"].readouterr()
    for text in (logs["written"].getvalue(), out, err):
        assert not _found(text)


def test_the_access_log_keeps_its_status_and_size_and_hides_secrets():
    import logging

    from offramp.core.logging import RedactPersonalData

    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, '"%s" %s %s',
                               ("GET /survey/Vantablorp/ HTTP/1.1", "200", "15234"), None)
    RedactPersonalData().filter(record)
    assert record.getMessage() == '"GET /survey/[redacted]/ HTTP/1.1" 200 15234'
