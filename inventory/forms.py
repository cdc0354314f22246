from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from levels.models import Level
from skills.models import Skill


class WhoKnowsForm(forms.Form):
    """The search of "Who knows X" (page and API): a skill by slug and the
    lowest level to list, one of the ladder's numbers (default: the lowest)."""

    skill = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=Skill.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Choose a skill"),
        error_messages={
            "required": _("Choose a skill."),
            "invalid_choice": _("No skill has the slug “%(value)s”."),
        },
    )
    min_level = forms.TypedChoiceField(
        label=_("At least"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, levels: list[Level], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["min_level"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(lvl.number, f"{lvl.number} · {lvl.career_name}") for lvl in levels]
        self.lowest = levels[0].number if levels else 1
        if levels:
            message = gettext(
                "The level must be a number from %(lowest)s (%(low_name)s) to "
                "%(highest)s (%(high_name)s)."
            ) % {
                "lowest": levels[0].number,
                "low_name": levels[0].career_name,
                "highest": levels[-1].number,
                "high_name": levels[-1].career_name,
            }
            # Django fills in %(value)s next: a % in a level's name stays literal.
            field.error_messages["invalid_choice"] = message.replace("%", "%%")

    def clean_min_level(self) -> int:
        value: int | None = self.cleaned_data.get("min_level")
        return self.lowest if value is None else value
