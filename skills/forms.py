from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from levels.models import Level
from roles.models import Role


class PlanForm(forms.Form):
    """The skill profile's "my role and my level" picker (a GET form)."""

    role = forms.ChoiceField(label=_("Role"), required=False)
    level = forms.TypedChoiceField(label=_("My level"), coerce=int)

    def __init__(
        self, data: Any, *, roles: list[Role], levels: list[Level], skill_name: str
    ) -> None:
        super().__init__(data)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [("", _("All roles"))] + [(r.slug, r.name) for r in roles]
        level_field = self.fields["level"]
        assert isinstance(level_field, forms.TypedChoiceField)
        level_field.choices = [
            ("", _("Choose your level")),
            (0, _("New to %(skill)s") % {"skill": skill_name}),
        ] + [(lvl.number, f"{lvl.career_name} · {lvl.proficiency_name}") for lvl in levels]
        level_field.error_messages["required"] = _("Choose your current level.")
        level_field.error_messages["invalid_choice"] = _(
            "“%(value)s” is not one of the levels; choose one from the list."
        )
        role_field.error_messages["invalid_choice"] = _(
            "“%(value)s” is not a role in this skill; choose one from the list."
        )
