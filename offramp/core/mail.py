"""The default e-mail backend when no mail server is configured: it says that a message was sent,
never to whom or what it said. Django's console backend printed the whole message (the recipient,
and the body with a one-time survey link) to standard output, which ends up in the server's logs."""

from django.core.mail.backends.console import EmailBackend

from offramp.core.logging import redact


class RedactedConsoleEmailBackend(EmailBackend):
    """Writes one line per message: its subject (redacted as log lines are) and how many recipients
    it had. Recipients, sender, headers and body are never written."""

    def write_message(self, message):
        count = len(message.recipients())
        self.stream.write(f"E-mail (console backend, not delivered): subject {redact(str(message.subject))!r}, "
                          f"{count} recipient{'s' if count != 1 else ''}; recipients and body withheld.\n")
