"""Writes that concern people: notifications (in-app, and by email)."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Collection, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import ApiToken, Membership, Notification, User
from common.errors import NotAllowed
from common.mail import one_line, send_quietly

logger = logging.getLogger(__name__)


def language_of(user: User) -> str:
    """The language to write to ``user`` in: their choice, else the site's."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def in_language_of(user: User) -> translation.override:
    """``with in_language_of(user): ...`` builds messages for ``user``."""
    return translation.override(language_of(user))


def notification_send(
    *, user: User, message: str, url: str = "", email_body: str = ""
) -> Notification:
    """Record an in-app notification and, once the transaction commits, email
    it. The notification is the record: an email that cannot be sent is
    logged and never undoes (or errors) the change that caused it."""
    notification = Notification.objects.create(user=user, message=message, url=url)
    if user.email:
        email = EmailMessage(
            subject=f"Skills Matrix: {one_line(message)}"[:150],
            body=email_body or message,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        )
        transaction.on_commit(
            lambda: send_quietly({user.pk: email}, event="notification_email"), robust=True
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
    language) and one email per person, in one insert and over one mail
    connection. For fan-outs that run after their change committed: a
    failed email is logged, never raised. Returns how many were told.
    People whose id is in ``skip_email`` get the in-app notification only."""
    notifications: list[Notification] = []
    emails: dict[int, EmailMessage] = {}
    for person, (message, url) in messages.items():
        notifications.append(Notification(user=person, message=message[:500], url=url))
        if person.email and person.pk not in skip_email:
            emails[person.pk] = EmailMessage(
                subject=f"Skills Matrix: {one_line(message)}"[:150],
                body=f"{message}\n\n{settings.SITE_URL.rstrip('/')}{url}\n",
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[person.email],
            )
    Notification.objects.bulk_create(notifications, batch_size=500)
    if emails:
        send_quietly(emails, event=event, **context)
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


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it and the secret, which is never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=raw[: len(TOKEN_PREFIX) + 6], digest=token_digest(raw)
    )
    logger.info("api_token_created", extra={"user": user.pk, "token": token.pk})
    return token, raw


def api_token_revoke(*, token: ApiToken, by: User) -> None:
    if token.user_id != by.pk:
        raise NotAllowed(_("This token belongs to someone else."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    logger.info("api_token_revoked", extra={"user": by.pk, "token": token.pk})
