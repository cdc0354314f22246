from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Team, User
from common.validators import validate_one_line_name
from cycles.models import today
from cycles.selectors import STATUSES
from skills.models import Skill


class CycleForm(forms.Form):
    """What a cycle is made of; the service checks the rules (who may cover
    which teams, dates in order and not in the past)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        validators=[validate_one_line_name],
        help_text=_('For example "PyTorch Q1 2027".'),
    )
    skill = forms.ModelChoiceField(
        label=_("Skill"), queryset=Skill.objects.order_by("name"), to_field_name="slug"
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=Team.objects.none(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    everyone = forms.BooleanField(label=_("Everyone (every member of every team)"), required=False)
    opens_on = forms.DateField(
        label=_("Opens on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Today opens it now; a later day opens it then."),
    )
    self_due = forms.DateField(
        label=_("Self-assessments due"), widget=forms.DateInput(attrs={"type": "date"})
    )
    review_due = forms.DateField(
        label=_("Reviews due"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The cycle closes on its own at the end of this day."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = self.fields["teams"]
        assert isinstance(teams, forms.ModelMultipleChoiceField)
        teams.queryset = (
            Team.objects.order_by("name")
            if user.is_staff
            else Team.objects.managed_by(user).order_by("name")
        )
        if not user.is_staff:
            del self.fields["everyone"]
        if not self.is_bound and "opens_on" not in self.initial:
            start = today()
            self.initial.update(
                opens_on=start,
                self_due=start + dt.timedelta(days=21),
                review_due=start + dt.timedelta(days=35),
            )


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Everyone"))] + [(s, s) for s in STATUSES],
    )
