from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import UserCreationForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.mail import in_background
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


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What the token is for, e.g. “HR sync” or “my laptop”."),
        validators=[validate_one_line_name],
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
    """Django's, with the email rendered and sent after the response: an
    address with an account must not take measurably longer to answer than
    one without (both only look the address up in the request)."""

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        language = translation.get_language()
        send = super().send_mail  # renders, sends, logs a failure (never raises)

        def task() -> None:
            with translation.override(language):
                send(*args, **kwargs)

        in_background(task, name="password_reset_email")
