"""Sending email without letting it break what caused it (``send_quietly``),
and console backends: for development one that prints what a person would
read, the headers and the plain-text body, decoded (Django's own prints the
encoded message, so long links arrive split by quoted-printable soft breaks)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any

from django.core.mail import EmailMessage, mailers
from django.core.mail.backends.console import EmailBackend
from django.db import transaction

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


def send_quietly(emails: Mapping[int, EmailMessage], *, event: str, **context: Any) -> int:
    """Send each person's email (keyed by their user id) over one connection;
    returns how many went out.

    An email is a courtesy beside a record that is already saved (a
    notification, a reset link the person can ask for again), so no failure
    of sending may undo the action or turn it into an error page: each one is
    logged with ``event``, the person's id (never the address) and
    ``context``, and the rest still go. Any exception, not just SMTP's: a
    header the backend refuses raises ValueError, other backends their own."""
    sent = 0
    backend = mailers.default
    try:
        with backend:
            for user_id, message in emails.items():
                message.subject = one_line(str(message.subject))
                try:
                    sent += backend.send_messages([message]) or 0
                except Exception:
                    logger.exception(
                        "email_failed", extra={"event": event, "user": user_id, **context}
                    )
    except Exception:  # opening or closing the connection
        logger.exception("email_failed", extra={"event": event, "count": len(emails), **context})
    return sent


def in_background(task: Callable[[], object], *, name: str) -> None:
    """Run ``task`` after the transaction commits, in a thread of its own, so
    that the response does not wait for it. For work whose duration must not
    show in the response time (a password reset must answer alike whether the
    address has an account or not). There is no task queue yet; a worker
    would take this over. The thread is not a daemon: a worker shutting down
    lets it finish (the SMTP timeout bounds it)."""

    def start() -> None:
        threading.Thread(target=task, name=f"background:{name}").start()

    transaction.on_commit(start, robust=True)
