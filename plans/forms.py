"""Forms validate and normalise what people type; the services check the
rules (a target date in the past, another skill's criterion) and the views
show a refusal on the field it names."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import ACTION_MAX, COMMENT_MAX, NOTE_MAX, RESOURCE_MAX


class PlanItemForm(forms.Form):
    action = forms.CharField(
        label=_("What I will do"),
        max_length=ACTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A concrete step: a course, a project, pairing with someone, a talk."),
    )
    resource_url = forms.CharField(
        label=_("Learning resource (http or https)"),
        max_length=RESOURCE_MAX,
        required=False,
        widget=forms.URLInput,
    )
    target_date = forms.DateField(
        label=_("Target date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class CloseForm(forms.Form):
    close_note = forms.CharField(
        label=_("Why it is finished"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. “Done on the ranking project” or “No longer needed in my role”."),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class AddMissingForm(forms.Form):
    action = forms.CharField(
        label=_("What I will do, for each"),
        max_length=ACTION_MAX,
        initial=_("Practise it on real work and collect evidence for the next assessment."),
    )
