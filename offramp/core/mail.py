"""The default e-mail backend when no mail server is configured: it says that a message was sent,
never to whom or what it said. Django's console backend printed the whole message (the recipient,
and the body with a one-time survey link) to standard output, which ends up in the server's logs.
And `send_plain_mail`, the one way the code sends a message."""

from django.conf import settings
from django.core.mail import send_mail
from django.core.mail.backends.console import EmailBackend


def send_plain_mail(*, to: str, subject: str, body: str) -> None:
    """One plain-text message from DEFAULT_FROM_EMAIL; a refusal raises (OSError, smtplib's errors).
    Not a service: it changes nothing in the database, and callers send after their transaction."""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


class RedactedConsoleEmailBackend(EmailBackend):
    """Writes one line per message: how many recipients it had. Subject (a notification's names a
    colleague), recipients, sender, headers and body are never written."""

    def write_message(self, message):
        count = len(message.recipients())
        self.stream.write(f"E-mail (console backend, not delivered) to {count} recipient{'s' if count != 1 else ''}; "
                          "subject, recipients and body withheld.\n")
