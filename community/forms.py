"""Forms for suggesting, editing and discussing. The content forms also
validate API input, so a page and an API call accept exactly the same text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.validators import validate_one_line_name, validate_plain_text
from community.models import Comment, TargetKind
from community.targets import Content
from skills.models import MAX_CRITERIA, Criterion, Expectation, SkillLevel, field_limit


class LevelDescriptionForm(forms.Form):
    description = forms.CharField(
        label=_("Level description"),
        max_length=field_limit(SkillLevel, "description"),
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What proficiency at this level looks like, whatever the role."),
    )

    def content(self) -> Content:
        return {"description": self.cleaned_data["description"]}


class ExpectationForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        max_length=field_limit(Expectation, "summary"),
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    required = forms.BooleanField(label=_("Required for this role at this level"), required=False)
    criteria = forms.CharField(
        label=_("Criteria"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One checkable ability per line. Rewording a line keeps the ratings "
            "people gave it; a new line is a new criterion."
        ),
        error_messages={"required": _("List at least one criterion.")},
    )

    def clean_criteria(self) -> list[str]:
        raw = self.cleaned_data["criteria"]
        lines = raw if isinstance(raw, list) else str(raw).splitlines()
        texts = [" ".join(str(line).split()) for line in lines]
        texts = [text for text in texts if text]
        if not texts:
            raise forms.ValidationError(_("List at least one criterion."))
        if len(texts) > MAX_CRITERIA:
            raise forms.ValidationError(
                _("At most %(max)s criteria per expectation; this has %(count)s.")
                % {"max": MAX_CRITERIA, "count": len(texts)}
            )
        limit = field_limit(Criterion, "text")
        if too_long := [t for t in texts if len(t) > limit]:
            raise forms.ValidationError(
                _("Each criterion may have at most %(max)s characters; “%(start)s…” has %(count)s.")
                % {"max": limit, "start": too_long[0][:40], "count": len(too_long[0])}
            )
        if len(set(texts)) != len(texts):
            raise forms.ValidationError(_("Each criterion may appear only once."))
        for text in texts:  # the same characters as the importer and the admin take
            validate_one_line_name(text)
        return texts

    def content(self) -> Content:
        return {
            "summary": self.cleaned_data["summary"],
            "required": self.cleaned_data["required"],
            "criteria": self.cleaned_data["criteria"],
        }


CONTENT_FORMS: dict[str, type[LevelDescriptionForm] | type[ExpectationForm]] = {
    TargetKind.LEVEL: LevelDescriptionForm,
    TargetKind.EXPECTATION: ExpectationForm,
}


def initial_for(kind: str, content: Content) -> dict[str, Any]:
    if kind == TargetKind.EXPECTATION:
        # One line per criterion: a criterion imported with a line break in
        # its text shows on one line, so it stays one criterion.
        lines = [" ".join(text.split()) for text in content["criteria"]]
        return {**content, "criteria": "\n".join(lines)}
    return dict(content)


class RationaleForm(forms.Form):
    rationale = forms.CharField(
        label=_("Why this change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Curators read this first: what is wrong or missing today."),
    )


class BaseVersionForm(forms.Form):
    base_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the person who suggested the edit."),
        error_messages={"required": _("Give a reason: the person who suggested it will read it.")},
    )


class AcceptForm(forms.Form):
    reviewed_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    confirm_stale = forms.BooleanField(required=False)


class CommentForm(forms.ModelForm[Comment]):
    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
        labels = {"body": _("Your comment")}
        help_texts = {"body": _("Plain text; links are made clickable.")}

    def clean_body(self) -> str:
        body = str(self.cleaned_data["body"]).strip()
        if not body:
            raise forms.ValidationError(_("Write something first."))
        return body
