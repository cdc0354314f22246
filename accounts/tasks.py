"""Emails, sent by the worker: one task per person, so that a retry sends
again only the email that failed, never the ones that went out."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.tasks import task
from django.template import loader
from django.utils import translation

from common.mail import one_line, send_one


@task()
def email_person(
    *, user_id: int, to: str, subject: str, body: str, event: str, context: dict[str, Any]
) -> int:
    """Send one email, already written in the person's language. The
    address is the one they had when it was enqueued."""
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    return send_one(message, event=event, user=user_id, **context)


class _ResetSender(auth_forms.PasswordResetForm):
    """Django's reset form, sending in the worker: the link's token is made
    here (never stored in the task table), and a failed send raises so that
    the task is retried."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = one_line(loader.render_to_string(subject_template_name, context))
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            html = loader.render_to_string(html_email_template_name, context)
            message.attach_alternative(html, "text/html")
        send_one(message, event="password_reset_email", user=context["user"].pk)


@task()
def password_reset_email(
    *,
    email: str,
    domain: str,
    use_https: bool,
    language: str,
    subject_template_name: str,
    email_template_name: str,
    html_email_template_name: str | None,
    from_email: str | None,
) -> None:
    """Look the address up and, when it has an account that may reset its
    password, send the link (in the language of the request that asked)."""
    form = _ResetSender(data={"email": email})
    if not form.is_valid():
        return
    with translation.override(language):
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name=subject_template_name,
            email_template_name=email_template_name,
            html_email_template_name=html_email_template_name,
            from_email=from_email,
        )
