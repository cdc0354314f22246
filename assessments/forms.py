from __future__ import annotations

import math
from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from assessments.models import RatingValue
from assessments.services import ManagerInput, RatingInput
from roles.models import Role
from skills.models import Skill


class HttpURLField(forms.URLField):
    """A web address: http or https only (no javascript:, ftp:, data:)."""

    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {
        "invalid": _("Enter a web address starting with http:// or https://.")
    }


class RatingForm(forms.Form):
    """One criterion's rating and evidence; prefixed ``c<criterion id>``. Each
    field also carries the value the page was rendered with, so a save only
    writes what this page changed (a second tab's newer ratings survive)."""

    value = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[("", _("Not rated"))] + list(RatingValue.choices),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        show_hidden_initial=True,
    )
    note = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What you did that shows it: a project, a PR, a talk."),
        show_hidden_initial=True,
    )
    link = HttpURLField(
        label=_("Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        show_hidden_initial=True,
    )

    def to_input(self) -> RatingInput:
        data = self.cleaned_data
        return RatingInput(value=data["value"], note=data["note"].strip(), link=data["link"])


class StartForm(forms.Form):
    """Start (or resume) an assessment for a skill and a role."""

    skill = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=Skill.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Choose a skill"),
    )
    role = forms.ModelChoiceField(
        label=_("Role"),
        queryset=Role.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Choose a role"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("skill", "role"):
            field = self.fields[name]
            field.error_messages["invalid_choice"] = _("Choose one from the list.")


class ManagerRatingForm(forms.Form):
    """A manager's rating of one criterion; prefixed ``m<self rating id>``."""

    value = forms.TypedChoiceField(
        label=_("Manager rating"),
        choices=[("", _("No rating"))] + list(RatingValue.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "autosize"}),
    )

    def show_self_rating(self, value: int | None) -> None:
        """Let the page's script fill in the self-rating ("agree with the
        self-ratings at this level") without a round trip."""
        if value is not None:
            self.fields["value"].widget.attrs["data-self"] = str(value)

    def size_comment(self) -> None:
        size_textarea(self, "comment", chars_per_line=32)

    def to_input(self) -> ManagerInput:
        return ManagerInput(
            value=self.cleaned_data["value"], comment=self.cleaned_data["comment"].strip()
        )


class ReviewCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "autosize"}),
    )

    def size_comment(self) -> None:
        size_textarea(self, "comment", chars_per_line=80, minimum=4)


def textarea_rows(text: str, *, chars_per_line: int, minimum: int = 2) -> int:
    """Rows a textarea needs to show ``text`` whole at about ``chars_per_line``
    characters a line: never a scroll bar hiding part of a comment."""
    lines = str(text).replace("\r\n", "\n").split("\n")
    needed = sum(max(1, math.ceil(len(line) / chars_per_line)) for line in lines)
    return max(minimum, needed + 1)  # one spare line to type into


def size_textarea(form: forms.Form, name: str, *, chars_per_line: int, minimum: int = 2) -> None:
    value = form[name].value() or ""
    form.fields[name].widget.attrs["rows"] = textarea_rows(
        value, chars_per_line=chars_per_line, minimum=minimum
    )
