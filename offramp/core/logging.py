"""A second line of defence: personal data is redacted from every log record before it is written.

The code never logs personal data on purpose; this filter catches what frameworks might: a value in
an exception message (a database or SMTP error names the value it refused), a repr of a dict or of
keyword arguments, a query string. It is attached to every handler in settings.LOGGING.

What it redacts, in the final message, in the formatted exception and in the stack:
- key=value, key='value', key: "value", 'key': 'value' and "key": "value" for the field names in
  PERSONAL_KEYS (and any name ending in _email, _phone or _name), whatever the value is (a string,
  a list, a dict, a bare word);
- e-mail addresses anywhere (also URL-encoded, with %40);
- phone-number-like runs of seven or more digits anywhere (spaces, dots, dashes, brackets between
  them; an ISO date is left alone);
- the one-time secret in a survey link or a password-reset link.
"""

import logging
import re
import traceback

REDACTED = "[redacted]"

PERSONAL_KEYS = frozenset({
    "caller_name", "caller_email", "caller_phone", "given_name", "family_name", "aliases", "alias_list",
    "date_of_birth", "email", "phone", "name", "display_name", "narrative", "summary", "worry",
    "when_to_reach", "concern_name", "text", "value", "password", "password1", "password2", "token",
    "secret", "code", "comment", "feedback", "reason", "note", "openings", "evidence", "login", "username",
    "q", "search", "data", "body", "content", "ip_address", "remote_addr", "user_agent",
})
_PERSONAL_SUFFIXES = ("_email", "_phone", "_name")

# A value: a quoted string (either quote, escapes allowed; one never closed runs to the end of the line),
# a list, a dict, a repr like date(1990, 4, 12), or a bare word. Bounded, so no input makes it slow.
_VALUE = (r"""(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|['"][^\n]*"""
          r"""|\[[^\]\n]{0,2000}\]?|\{[^}\n]{0,2000}\}?|[\w.]{1,60}\([^)\n]{0,200}\)?|[^\s,;&)}\]'"]{1,2000})""")
# key=value, key: "value", 'key': value, "key": value. The key is checked in Python (one set lookup).
_PAIR = re.compile(r"""(?<![\w.'"])(['"]?)([A-Za-z_]\w{0,60})\1(\s{0,5}[=:]\s{0,5})(b?)(""" + _VALUE + ")")
_EMAIL = re.compile(r"[\w.!#$%&*+?^`~-]{1,64}(?:@|%40)[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}")
_PHONE = re.compile(r"(?<![\w-])(?<!\d:)\+?\(?\d[\d \t().\-/]{5,30}\d(?![\w-])")
# One-time secrets carried in a path (a 4xx is logged with its path): the survey link, a password reset.
_PATH_SECRET = re.compile(r"(/survey/|/password/reset/key/|/confirm-email/)[^/\s?#'\"]+")
_DIGIT = re.compile(r"\d")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _personal(key: str) -> bool:
    key = key.lower()
    return key in PERSONAL_KEYS or key.endswith(_PERSONAL_SUFFIXES)


def _pair(match: re.Match, depth: int) -> str:
    quote, key, separator, prefix, value = match.groups()
    # key: value only with a quoted value ("Name: Quorblat" in prose stays prose; the other rules still run).
    labelled = ":" in separator and not quote and value[:1] not in ("'", '"')
    if _personal(key) and not labelled:
        return f"{quote}{key}{quote}{separator}{REDACTED}"
    # Not a personal key: keep it, but look inside its value (a dict's repr nests more pairs).
    if value[:1] in ("'", '"'):  # inside the quotes (the closing one may be missing)
        closed = len(value) > 1 and value[-1] == value[0]
        value = value[0] + _pairs(value[1:-1] if closed else value[1:], depth + 1) + (value[0] if closed else "")
    else:
        value = _pairs(value, depth + 1)
    return f"{quote}{key}{quote}{separator}{prefix}{value}"


def _pairs(text: str, depth: int = 0) -> str:
    if depth > 3 or len(text) < 4 or ("=" not in text and ":" not in text):
        return text
    return _PAIR.sub(lambda match: _pair(match, depth), text)


def _phone(match: re.Match) -> str:
    candidate = match.group(0)
    if len(_DIGIT.findall(candidate)) < 7:
        return candidate
    date = _ISO_DATE.match(candidate)
    if date:  # a date (2026-12-01 10:00 splits at the colon) keeps its shape; what follows is checked
        rest = candidate[date.end():]
        return candidate[:date.end()] + (_PHONE.sub(_phone, rest) if rest.strip() else rest)
    return REDACTED


def redact(text: str) -> str:
    """The text with personal data replaced by [redacted]. Cheap enough for every log record."""
    if not text:
        return text
    text = _pairs(text)
    if "/survey/" in text or "/key/" in text or "/confirm-email/" in text:
        text = _PATH_SECRET.sub(lambda m: m.group(1) + REDACTED, text)
    if "@" in text or "%40" in text:
        text = _EMAIL.sub(REDACTED, text)
    return _PHONE.sub(_phone, text)


class RedactPersonalData(logging.Filter):
    """Rewrites the record in place: the message is formatted with its arguments and redacted
    (record.args is then None), the exception is formatted now and redacted into record.exc_text
    (record.exc_info is dropped so no formatter formats it again, unredacted), and so is the stack."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "django.server" and isinstance(record.args, tuple) and len(record.args) == 3:
            # The access log: the request line may carry a secret; its status and size are numbers
            # that the phone rule would otherwise take for a phone number.
            line, status, size = record.args
            record.args = (redact(str(line)), status, size)
            record.msg, record.args = record.getMessage(), None
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a filter that raised would fail the logging call itself
            # A broken format string or argument: keep the template, never the arguments.
            message = f"{record.msg} (unformattable arguments withheld)"
        record.msg, record.args = redact(str(message)), None
        if record.exc_info:
            if not record.exc_text:
                record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            record.exc_info = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
