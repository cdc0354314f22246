from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.tasks import password_reset_email
from common.validators import validate_one_line_name


def unique_email(email: str, *, exclude_pk: int | None = None) -> str:
    """Password resets go by email, so two accounts may not share one."""
    email = email.strip()
    others = User.objects.filter(email__iexact=email)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if email and others.exists():
        raise forms.ValidationError(_("Another account already uses this email address."))
    return email


class SignUpForm(UserCreationForm[User]):
    email = forms.EmailField(label=_("Email"), help_text=_("Used to reset your password."))

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_email(self) -> str:
        return unique_email(self.cleaned_data["email"])


# Days a new token lives; "" never expires.
TOKEN_EXPIRY_CHOICES = [
    ("", _("Never")),
    ("30", _("In 30 days")),
    ("90", _("In 90 days")),
    ("365", _("In a year")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What the token is for, e.g. “HR sync” or “my laptop”."),
        validators=[validate_one_line_name],
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("Expires"),
        choices=TOKEN_EXPIRY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("After that day the API refuses the token."),
    )
    read_only = forms.BooleanField(
        label=_("Read-only"),
        required=False,
        help_text=_(
            "It can read the matrix and everything you can see, but cannot change anything."
        ),
    )


class ProfileForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = (
            "first_name",
            "last_name",
            "email",
            "role",
            "career_level",
            "language",
            "reminder_emails",
        )
        help_texts = {
            "role": _("New self-assessments start with this role."),
            "career_level": _(
                "Your current title. Assessments show what you need for the next one."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [("", _("The language of my browser")), *settings.LANGUAGES]

    def clean_email(self) -> str:
        return unique_email(self.cleaned_data["email"], exclude_pk=self.instance.pk)


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's, with the account looked up and the email rendered and sent by
    the worker: the request only enqueues, the same one task whether the
    address has an account or not, so neither the mail server's speed nor
    the lookup can tell an attacker which addresses exist. The token is made
    when the email is sent, so no reset link is ever stored in the queue."""

    def save(
        self,
        domain_override: str | None = None,
        subject_template_name: str = "registration/password_reset_subject.txt",
        email_template_name: str = "registration/password_reset_email.html",
        use_https: bool = False,
        token_generator: Any = None,
        from_email: str | None = None,
        request: HttpRequest | None = None,
        html_email_template_name: str | None = None,
        extra_email_context: dict[str, Any] | None = None,
    ) -> None:
        # The default token generator and no extra context: what the view passes.
        password_reset_email.enqueue(
            email=self.cleaned_data["email"],
            domain=domain_override or get_current_site(request).domain,
            use_https=use_https,
            language=translation.get_language(),
            subject_template_name=subject_template_name,
            email_template_name=email_template_name,
            html_email_template_name=html_email_template_name,
            from_email=from_email,
        )
