from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from levels.models import Level
from roles.models import Role
from skills.models import Skill
from skills.uploads import ACCEPT, check_file


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


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _FilesField(forms.Field):
    """Several uploaded files; their size and type are checked by the form,
    each message naming its file."""

    widget = _MultipleFileInput

    def to_python(self, data: Any) -> list[UploadedFile[Any]]:
        if not data:
            return []
        items = data if isinstance(data, (list, tuple)) else [data]
        return [item for item in items if isinstance(item, UploadedFile)]


class ImportForm(forms.Form):
    """The in-app import's upload: files, and whether to prune."""

    uploads = _FilesField(
        label=_("Files"),
        help_text=_("YAML (.yaml, .yml) or spreadsheets (.xlsx, .csv); several at once."),
        error_messages={"required": _("Choose at least one file to import.")},
    )
    prune = forms.BooleanField(
        label=_("Remove what the files no longer contain"),
        required=False,
        help_text=_(
            "Without this, content of these skills that is in the app but not in the files "
            "is kept and listed."
        ),
    )

    def __init__(self, *args: Any, max_files: int, max_bytes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_files = max_files
        self.max_bytes = max_bytes
        self.fields["uploads"].widget.attrs["accept"] = ACCEPT

    def clean_uploads(self) -> list[tuple[str, bytes]]:
        uploaded: list[UploadedFile[Any]] = self.cleaned_data["uploads"]
        if len(uploaded) > self.max_files:
            raise forms.ValidationError(
                _("%(count)s files were uploaded; the limit is %(limit)s at once.")
                % {"count": len(uploaded), "limit": self.max_files}
            )
        files: list[tuple[str, bytes]] = []
        problems: list[str] = []
        for item in uploaded:
            name = item.name or "(unnamed)"
            size = item.size or 0
            if size > self.max_bytes:
                # The upload handler kept only the first bytes: refuse by the size sent.
                problems.append(
                    _("%(name)s: the file is %(size)s; the limit is %(limit)s.")
                    % {
                        "name": name,
                        "size": filesizeformat(size),
                        "limit": filesizeformat(self.max_bytes),
                    }
                )
                continue
            content = item.read()
            if refusal := check_file(name, content, max_bytes=self.max_bytes):
                problems.append(f"{name}: {refusal}")
                continue
            files.append((name, content))
        if problems:
            raise forms.ValidationError(problems)
        return files


class CompareForm(forms.Form):
    """The compare page's (and API's) question: ``role`` at ``level`` beside
    ``other`` (another role; default the same) at ``to`` (another level;
    default the same). At least one of the two must differ."""

    role = forms.ChoiceField(label=_("Role"))
    level = forms.TypedChoiceField(label=_("At level"), coerce=int)
    other = forms.ChoiceField(label=_("Compared with role"), required=False)
    to = forms.TypedChoiceField(label=_("At level"), coerce=int, required=False, empty_value=None)
    mine = forms.BooleanField(label=_("Compare with my latest snapshot"), required=False)

    def __init__(self, data: Any, *, roles: list[Role], levels: list[tuple[int, str]]) -> None:
        super().__init__(data)
        role_choices = [(r.slug, r.name) for r in roles]
        level_choices = [(number, name) for number, name in levels]
        fields = self.fields
        for name, empty in (("role", _("Choose a role")), ("other", _("The same role"))):
            field = fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", empty), *role_choices]
            field.error_messages["invalid_choice"] = _(
                "“%(value)s” is not a role in this skill; choose one from the list."
            )
        for name, empty in (("level", _("Choose a level")), ("to", _("The same level"))):
            field = fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = [("", empty), *level_choices]
            field.error_messages["invalid_choice"] = _(
                "“%(value)s” is not a level of the ladder; choose one from the list."
            )
        fields["role"].error_messages["required"] = _("Choose the role to compare.")
        fields["level"].error_messages["required"] = _("Choose the level to compare at.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role, level = cleaned.get("role"), cleaned.get("level")
        if not role or level is None:
            return cleaned
        other = cleaned.get("other") or role
        to = cleaned.get("to") or level
        cleaned["other"], cleaned["to"] = other, to
        if other == role and to == level:
            message = _(
                "That compares a role at a level with itself: choose another role, "
                "or another level of the same role."
            )
            if self.data.get("other"):
                self.add_error("other", message)
            elif self.data.get("to"):
                self.add_error("to", message)
            else:
                self.add_error(None, _("Choose another role or another level to compare with."))
        return cleaned

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return ""


EXPORT_FORMATS = (("xlsx", "XLSX"), ("csv", "CSV"), ("yaml", "YAML"))


class ExportForm(forms.Form):
    """Which skill to download, and as what (a GET form on the import page;
    the skill profile links to it with both filled in)."""

    skill = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=Skill.objects.order_by("name").only("slug", "name"),
        to_field_name="slug",
        empty_label=None,
    )
    format = forms.ChoiceField(label=_("Format"), choices=EXPORT_FORMATS)
