"""The default e-mail backend when no mail server is configured: it says that a message was sent,
never to whom or what it said. Django's console backend printed the whole message (the recipient,
and the body with a one-time survey link) to standard output, which ends up in the server's logs."""

from django.core.mail.backends.console import EmailBackend


class RedactedConsoleEmailBackend(EmailBackend):
    """Writes one line per message: how many recipients it had. Subject (a notification's names a
    colleague), recipients, sender, headers and body are never written."""

    def write_message(self, message):
        count = len(message.recipients())
        self.stream.write(f"E-mail (console backend, not delivered) to {count} recipient{'s' if count != 1 else ''}; "
                          "subject, recipients and body withheld.\n")
