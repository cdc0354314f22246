"""Writes that concern people: notifications (in-app, and by email)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Collection, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import ApiToken, Membership, Notification, User
from accounts.tasks import email_person
from common.errors import NotAllowed
from common.mail import one_line
from worker.queue import enqueue_many

logger = logging.getLogger(__name__)


def language_of(user: User) -> str:
    """The language to write to ``user`` in: their choice, else the site's."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def in_language_of(user: User) -> translation.override:
    """``with in_language_of(user): ...`` builds messages for ``user``."""
    return translation.override(language_of(user))


def _email(
    person: User, message: str, body: str, *, event: str, context: Mapping[str, Any]
) -> dict[str, Any]:
    """The keyword arguments of one email task (plain data: the task table
    stores them as JSON)."""
    return {
        "user_id": person.pk,
        "to": person.email,
        "subject": f"Skills Matrix: {one_line(message)}"[:150],
        "body": body,
        "event": event,
        "context": dict(context),
    }


def notification_send(
    *, user: User, message: str, url: str = "", email_body: str = ""
) -> Notification:
    """Record an in-app notification and enqueue its email, in the caller's
    transaction: the worker sends it once that commits (nothing is sent for a
    change that rolls back), and a failed send is retried there, never
    undoing (or erroring) the change that caused it."""
    with transaction.atomic():
        notification = Notification.objects.create(user=user, message=message, url=url)
        if user.email:
            email_person.enqueue(
                **_email(
                    user, message, email_body or message, event="notification_email", context={}
                )
            )
    return notification


def notifications_send_many(
    messages: Mapping[User, tuple[str, str]],
    *,
    event: str,
    skip_email: Collection[int] = (),
    **context: Any,
) -> int:
    """One in-app notification (``(message, url)``, already in each person's
    language) per person, in one insert, and one email task per person with
    an address, except those whose id is in ``skip_email`` (they turned
    such emails off). Both in one transaction: a fan-out task that fails
    before it commits is retried whole, with nobody told twice; once it
    commits, each email is retried on its own. ``context`` (plain data) goes
    into the failure logs. Returns how many were told."""
    notifications: list[Notification] = []
    emails: list[dict[str, Any]] = []
    base = settings.SITE_URL.rstrip("/")
    for person, (message, url) in messages.items():
        notifications.append(Notification(user=person, message=message[:500], url=url))
        if person.email and person.pk not in skip_email:
            body = f"{message}\n\n{base}{url}\n"
            emails.append(_email(person, message, body, event=event, context=context))
    with transaction.atomic():
        Notification.objects.bulk_create(notifications, batch_size=500)
        enqueue_many(email_person, emails)
    return len(notifications)


def invitation_answer(*, membership: Membership, by: User, accept: bool) -> None:
    """Accept or decline an invitation to a team. Only the invited person can."""
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.user_id != by.pk or locked.status != Membership.Status.INVITED:
            raise NotAllowed(_("This invitation is not open to you."))
        if accept:
            locked.status = Membership.Status.ACTIVE
            locked.save(update_fields=["status"])
        else:
            locked.delete()
    logger.info("team_invitation_answered", extra={"membership": membership.pk, "accepted": accept})


TOKEN_PREFIX = "smx_"  # noqa: S105 - a public marker, not a secret


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(
    *, user: User, name: str, expires_in_days: int | None = None, read_only: bool = False
) -> tuple[ApiToken, str]:
    """Create a token; returns it and the secret, which is never stored.
    ``expires_in_days`` None: it never expires."""
    if expires_in_days is not None and expires_in_days < 1:
        raise ValueError(f"expires_in_days must be at least 1, got {expires_in_days}")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = (
        None if expires_in_days is None else timezone.now() + dt.timedelta(days=expires_in_days)
    )
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        digest=token_digest(raw),
        expires_at=expires_at,
        read_only=read_only,
    )
    logger.info(
        "api_token_created",
        extra={
            "user": user.pk,
            "token": token.pk,
            "read_only": read_only,
            "expires_at": expires_at,
        },
    )
    return token, raw


def api_token_revoke(*, token: ApiToken, by: User) -> None:
    if token.user_id != by.pk:
        raise NotAllowed(_("This token belongs to someone else."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    logger.info("api_token_revoked", extra={"user": by.pk, "token": token.pk})
