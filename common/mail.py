"""Sending one email from a background task (``send_one``), and console
backends: for development one that prints what a person would read, the
headers and the plain-text body, decoded (Django's own prints the encoded
message, so long links arrive split by quoted-printable soft breaks)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.mail import EmailMessage, mailers
from django.core.mail.backends.console import EmailBackend

logger = logging.getLogger(__name__)


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


def one_line(text: str) -> str:
    """A header value on one line (a name with a line break, from before names
    were checked or from a script, must not end the Subject header)."""
    return " ".join(text.splitlines()).strip()


def send_one(message: EmailMessage, *, event: str, user: int | None, **context: Any) -> int:
    """Send one person's email, from a background task. A failure is logged
    with ``event``, the person's id (never the address) and ``context``, then
    raised, so that the worker retries the task with backoff (and keeps it,
    failed, for admins once it gives up); the record the email reports (a
    notification) was saved before. Any exception counts, not just SMTP's: a
    header the backend refuses raises ValueError, other backends their own."""
    message.subject = one_line(str(message.subject))
    try:
        with mailers.default as backend:
            return backend.send_messages([message]) or 0
    except Exception:
        logger.exception("email_failed", extra={"event": event, "user": user, **context})
        raise
