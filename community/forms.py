"""Forms for suggesting, editing and discussing. The content forms also
validate API input, so a page and an API call accept exactly the same text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.http import QueryDict
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


# A deprecation as content carries it: {criterion text: DEPRECATION_KEYS}.
DEPRECATION_KEYS = ("since", "replaced_by", "url", "note")
ROW_FIELDS = ("criterion", *DEPRECATION_KEYS, "remove")
# Empty rows the editor offers below the deprecations already there.
EXTRA_DEPRECATION_ROWS = 2
_ROW_RE = re.compile(r"^deprecated-(\d+)-")
_REQUIRED_WHEN_DEPRECATED = _("Required when a criterion is marked deprecated.")


@dataclass(frozen=True)
class DeprecationRow:
    """The bound fields of one "mark a criterion deprecated" row."""

    number: int
    criterion: forms.BoundField
    since: forms.BoundField
    replaced_by: forms.BoundField
    url: forms.BoundField
    note: forms.BoundField
    remove: forms.BoundField

    @property
    def fields(self) -> list[forms.BoundField]:
        return [self.since, self.replaced_by, self.url, self.note]

    @property
    def marked(self) -> bool:
        """Whether the row shows a deprecation already (and so offers "remove")."""
        return bool(self.criterion.value())


class ExpectationForm(forms.Form):
    """An expectation's summary, required flag and criteria (one per line),
    and which criteria are deprecated: rows of "criterion, since, replaced by,
    link, note" below the criteria, so no JavaScript is needed. The API sends
    the same as ``{"deprecated": {criterion text: {since, replaced_by, url,
    note}}}``, turned into the same rows."""

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

    MAIN_FIELDS = ("summary", "required", "criteria")

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        self.document_problem: str | None = None
        if data is not None and not isinstance(data, QueryDict) and "deprecated" in data:
            data = self._rows_from_document(dict(data))
        super().__init__(data, *args, **kwargs)
        initial_rows = sum(
            1 for name in self.initial if _ROW_RE.match(name) and name.endswith("-criterion")
        )
        sent_rows = max(
            (int(m.group(1)) for name in (data or {}) if (m := _ROW_RE.match(name))), default=0
        )
        # A cell has at most MAX_CRITERIA criteria, so no more rows than that
        # (plus the blank ones) are ever built, whatever index a request sends.
        most = MAX_CRITERIA + EXTRA_DEPRECATION_ROWS
        if sent_rows > most and self.document_problem is None:
            self.document_problem = str(
                _("At most %(max)s criteria can be marked deprecated.") % {"max": MAX_CRITERIA}
            )
        self.row_count = min(max(initial_rows + EXTRA_DEPRECATION_ROWS, sent_rows), most)
        # The lines a row can point at: the criteria as they were, and as sent.
        lines = [*str(self.initial.get("criteria", "")).splitlines()]
        if data is not None:
            lines += str(data.get("criteria", "")).splitlines()
        texts = list(dict.fromkeys(t for line in lines if (t := " ".join(line.split()))))
        choices = [("", _("— choose a criterion —")), *((t, _shorten(t)) for t in texts)]
        for n in range(1, self.row_count + 1):
            self.fields.update(_row_fields(n, choices))

    def _rows_from_document(self, data: dict[str, Any]) -> dict[str, Any]:
        """``{"deprecated": {text: {...}}}`` as the rows the page would send."""
        given = data.pop("deprecated")
        if given is None:
            given = {}
        if isinstance(given, Mapping) and len(given) > MAX_CRITERIA:
            self.document_problem = str(
                _("At most %(max)s criteria can be marked deprecated.") % {"max": MAX_CRITERIA}
            )
            return data
        if not isinstance(given, Mapping) or not all(
            isinstance(text, str)
            and isinstance(entry, Mapping)
            and set(entry) <= set(DEPRECATION_KEYS)
            and all(isinstance(v, str) for v in entry.values())
            for text, entry in given.items()
        ):
            self.document_problem = str(
                _(
                    "“deprecated” must map criterion texts to "
                    '{"since", "replaced_by", "url", "note"} (strings).'
                )
            )
            return data
        for n, (text, entry) in enumerate(given.items(), start=1):
            data[f"deprecated-{n}-criterion"] = text
            for key in DEPRECATION_KEYS:
                data[f"deprecated-{n}-{key}"] = entry.get(key, "")
        return data

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.MAIN_FIELDS]

    @property
    def deprecation_rows(self) -> list[DeprecationRow]:
        rows = []
        for n in range(1, self.row_count + 1):
            field = {name: self[f"deprecated-{n}-{name}"] for name in ROW_FIELDS}
            rows.append(DeprecationRow(number=n, **field))
        return rows

    @property
    def marked_count(self) -> int:
        """How many rows name a criterion: the deprecations shown."""
        return sum(1 for row in self.deprecation_rows if row.marked)

    @property
    def open_deprecations(self) -> bool:
        """Whether the rows are shown unfolded: there are some, or errors in them."""
        return bool(self.marked_count) or any(
            _ROW_RE.match(name) for name in (self.errors if self.is_bound else {})
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

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.document_problem:
            raise forms.ValidationError(self.document_problem, code="invalid_deprecated")
        criteria = cleaned.get("criteria")
        deprecated: dict[str, dict[str, str]] = {}
        for n in range(1, self.row_count + 1):
            name = f"deprecated-{n}-"
            if cleaned.get(name + "remove"):
                continue
            text = cleaned.get(name + "criterion", "")
            entry = {key: cleaned.get(name + key, "") for key in DEPRECATION_KEYS}
            if not text:
                if any(entry.values()):
                    self.add_error(
                        name + "criterion",
                        forms.ValidationError(
                            _("Choose the criterion this deprecation is for, or empty the row."),
                            code="no_criterion",
                        ),
                    )
                continue
            if criteria is not None and text not in criteria:
                self.add_error(
                    name + "criterion",
                    forms.ValidationError(
                        _("“%(text)s” is not one of this expectation's criteria.")
                        % {"text": _shorten(text)},
                        code="not_a_criterion",
                    ),
                )
            if text in deprecated:
                self.add_error(
                    name + "criterion",
                    forms.ValidationError(
                        _("This criterion is marked in another row."), code="duplicate"
                    ),
                )
            for key in ("since", "replaced_by"):
                if not entry[key] and name + key not in self.errors:
                    self.add_error(
                        name + key,
                        forms.ValidationError(_REQUIRED_WHEN_DEPRECATED, code="required"),
                    )
            deprecated[text] = entry
        if criteria is not None:  # in the order of the criteria
            deprecated = {t: deprecated[t] for t in criteria if t in deprecated}
        cleaned["deprecated"] = deprecated
        return cleaned

    def content(self) -> Content:
        content: Content = {
            "summary": self.cleaned_data["summary"],
            "required": self.cleaned_data["required"],
            "criteria": self.cleaned_data["criteria"],
        }
        # Absent when none is: content stored before deprecations were part
        # of it reads the same.
        if self.cleaned_data["deprecated"]:
            content["deprecated"] = self.cleaned_data["deprecated"]
        return content


class HttpURLField(forms.URLField):
    # The database takes http(s) addresses only (a named constraint).
    default_validators = [URLValidator(schemes=["http", "https"])]


def _shorten(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _row_fields(n: int, choices: list[tuple[str, Any]]) -> dict[str, forms.Field]:
    name = f"deprecated-{n}-"
    return {
        # Checked against the criteria in clean(), with a message that says so.
        name + "criterion": forms.CharField(
            label=_("Criterion"), required=False, widget=forms.Select(choices=choices)
        ),
        name + "since": forms.CharField(
            label=_("Deprecated since"),
            required=False,
            max_length=field_limit(Criterion, "deprecated_since"),
            validators=[validate_one_line_name],
            widget=forms.TextInput(attrs={"placeholder": _("e.g. PyTorch 2.5")}),
        ),
        name + "replaced_by": forms.CharField(
            label=_("Replaced by"),
            required=False,
            max_length=field_limit(Criterion, "replaced_by"),
            validators=[validate_one_line_name],
            widget=forms.TextInput(attrs={"placeholder": _("e.g. torch.export")}),
        ),
        name + "url": HttpURLField(
            label=_("Link to the replacement"),
            required=False,
            max_length=field_limit(Criterion, "replacement_url"),
            assume_scheme="https",
        ),
        name + "note": forms.CharField(
            label=_("Note"),
            required=False,
            max_length=field_limit(Criterion, "deprecation_note"),
            validators=[validate_one_line_name],
        ),
        name + "remove": forms.BooleanField(label=_("No longer deprecated"), required=False),
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
        initial = {key: content[key] for key in ("summary", "required")}
        initial["criteria"] = "\n".join(lines)
        deprecated = content.get("deprecated", {})
        for n, (text, entry) in enumerate(deprecated.items(), start=1):
            initial[f"deprecated-{n}-criterion"] = " ".join(text.split())
            for key in DEPRECATION_KEYS:
                initial[f"deprecated-{n}-{key}"] = entry.get(key, "")
        return initial
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
