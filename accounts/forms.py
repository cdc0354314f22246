from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class SignUpForm(UserCreationForm[User]):
    email = forms.EmailField(label=_("Email"), help_text=_("Used to reset your password."))

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class ProfileForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", "role", "career_level")
        help_texts = {
            "role": _("New self-assessments start with this role."),
            "career_level": _("Your current title; the assessment computes your skill level."),
        }
