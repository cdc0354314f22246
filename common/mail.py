"""A console email backend for development that prints what a person would
read: the headers and the plain-text body, decoded (Django's own prints the
encoded message, so long links arrive split by quoted-printable soft breaks)."""

from __future__ import annotations

from typing import Any

from django.core.mail.backends.console import EmailBackend


class ReadableConsoleBackend(EmailBackend):
    def write_message(self, message: Any) -> None:
        self.stream.write(f"From: {message.from_email}\n")
        self.stream.write(f"To: {', '.join(message.to)}\n")
        self.stream.write(f"Subject: {message.subject}\n\n")
        self.stream.write(f"{message.body}\n")
        self.stream.write("-" * 79 + "\n")


class SubjectOnlyConsoleBackend(EmailBackend):
    """Without an SMTP server outside development: say that an email was due,
    never what it said (a password-reset link must not land in the logs)."""

    def write_message(self, message: Any) -> None:
        self.stream.write(
            f"email not sent (no EMAIL_HOST): to {', '.join(message.to)}: {message.subject}\n"
        )
