"""The admin for the whole matrix, levels and roles included: every edit made
here bumps the version of the skills it touches (API clients and caches key on
it), and every model keeps its history with who changed what, and a revert."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Count, F, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from levels.ladder import MAX_RUNGS, MIN_RUNGS, ladder, level_references
from levels.models import Level
from roles.models import Role
from skills.models import (
    MAX_CRITERIA,
    MAX_LINKS,
    Criterion,
    Deprecatable,
    Expectation,
    LearningLink,
    Skill,
    SkillLevel,
)
from skills.services import skill_bump_version, skills_bump_versions


class VersionBumpingAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    """Bumps the affected skill's version on every saved change, delete or
    history revert (which goes through ``save_model`` only)."""

    def skill_of(self, obj: Any) -> Skill | None:
        """The skill whose matrix ``obj`` is part of; None: see ``skill_ids_of``."""
        return None

    def skill_ids_of(self, obj: Any) -> set[int] | None:
        """The skills whose displayed matrix shows ``obj`` when it is part of
        none in particular (a level or a role); None means every skill."""
        return None

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        # Compare with the stored row rather than the form's initial data: a
        # history revert submits a form whose initial data is the old version.
        fields = [f.attname for f in obj._meta.concrete_fields]
        stored = type(obj)._default_manager.filter(pk=obj.pk).values(*fields).first()
        super().save_model(request, obj, form, change)
        obj._matrix_changed = stored != {name: getattr(obj, name) for name in fields}
        # A brand-new skill starts at version 1; anything else new changes a matrix.
        if obj._matrix_changed and not (stored is None and isinstance(obj, Skill)):
            self._bump(request, obj)

    def save_related(
        self,
        request: HttpRequest,
        form: ModelForm[Any],
        formsets: list[BaseInlineFormSet[Any, Any, Any]],
        change: bool,
    ) -> None:
        super().save_related(request, form, formsets, change)
        already_bumped = getattr(form.instance, "_matrix_changed", False)
        if not already_bumped and any(fs.has_changed() for fs in formsets):
            self._bump(request, form.instance)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        skill, skill_ids = self.skill_of(obj), self.skill_ids_of(obj)
        super().delete_model(request, obj)
        self._bump_skill(request, skill, skill_ids)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        affected = [(self.skill_of(obj), self.skill_ids_of(obj)) for obj in queryset]
        super().delete_queryset(request, queryset)
        skills = {skill for skill, _ids in affected if skill is not None}
        for skill in skills:
            self._bump_skill(request, skill, None)
        others = [ids for skill, ids in affected if skill is None]
        if any(ids is None for ids in others):
            self._bump_skill(request, None, None)
        elif others:
            self._bump_skill(request, None, {pk for ids in others if ids for pk in ids})

    def _bump(self, request: HttpRequest, obj: Any) -> None:
        self._bump_skill(request, self.skill_of(obj), self.skill_ids_of(obj))

    def _bump_skill(
        self, request: HttpRequest, skill: Skill | None, skill_ids: set[int] | None
    ) -> None:
        by = request.user if request.user.is_authenticated else None
        # A deleted skill has no version left to bump.
        if skill is None:
            skills_bump_versions(skill_ids=skill_ids, by=by, reason="admin")
        elif Skill.objects.filter(pk=skill.pk).exists():
            skill_bump_version(skill=skill, by=by, reason="admin")


class LevelForm(forms.ModelForm):  # type: ignore[type-arg]
    """The ladder stays numbered 1..N without gaps: a new level goes on top."""

    class Meta:
        model = Level
        fields = ["number", "slug", "career_name", "proficiency_name", "summary"]

    def clean_number(self) -> int:
        number: int = self.cleaned_data["number"]
        others = Level.objects.exclude(pk=self.instance.pk).values_list("number", flat=True)
        top = max(others, default=0)
        if self.instance.pk is not None and number != self.instance.number:
            raise forms.ValidationError(
                _("A level keeps its number: snapshots and ratings refer to it by number.")
            )
        if self.instance.pk is None and number != top + 1:
            raise forms.ValidationError(
                _("A new level goes on top of the ladder: its number must be %(next)s.")
                % {"next": top + 1}
            )
        if number > MAX_RUNGS:
            raise forms.ValidationError(
                _("A ladder has at most %(max)s levels.") % {"max": MAX_RUNGS}
            )
        return number


@admin.register(Level)
class LevelAdmin(VersionBumpingAdmin):
    form = LevelForm
    list_display = ["number", "career_name", "proficiency_name", "slug"]
    ordering = ["number"]
    search_fields = ["career_name", "proficiency_name", "slug"]

    def get_deleted_objects(
        self, objs: Any, request: HttpRequest
    ) -> tuple[list[Any], dict[Any, Any], set[Any], list[Any]]:
        """Refuse (as Django refuses protected objects) to delete a level
        anything refers to, or one with levels above it: snapshots are frozen
        and the ladder stays numbered 1..N. Used by the delete page and the
        bulk delete action alike, so neither writes anything then."""
        deleted, counts, perms, protected = super().get_deleted_objects(objs, request)
        levels = list(objs)
        numbers = {lvl.number for lvl in levels}
        top = ladder().top
        references = level_references(numbers)
        protected = list(protected)
        for lvl in sorted(levels, key=lambda lvl: lvl.number):
            name = f"{lvl.number} · {lvl.career_name}"
            for what in references.get(lvl.number, []):
                protected.append(
                    _("Level %(level)s is referred to by %(what)s") % {"level": name, "what": what}
                )
            above = [n for n in range(lvl.number + 1, top + 1) if n not in numbers]
            if above:
                protected.append(
                    _(
                        "Level %(level)s has level %(above)s above it: only the top of "
                        "the ladder can be removed (the levels stay numbered without gaps)"
                    )
                    % {"level": name, "above": above[0]}
                )
        remaining = len(ladder()) - len(numbers)
        if 0 < remaining < MIN_RUNGS:
            protected.append(_("A ladder needs at least %(min)s levels.") % {"min": MIN_RUNGS})
        return deleted, counts, perms, protected


@admin.register(Role)
class RoleAdmin(VersionBumpingAdmin):
    list_display = ["name", "family", "slug"]
    list_filter = ["family"]
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}

    def skill_ids_of(self, obj: Any) -> set[int] | None:
        # A role shows only in the matrices that expect something of it: a
        # new role, or one no skill mentions yet, changes no matrix.
        return set(Expectation.objects.filter(role_id=obj.pk).values_list("skill_id", flat=True))


class SkillLevelInline(admin.StackedInline):  # type: ignore[type-arg]
    model = SkillLevel
    extra = 0
    autocomplete_fields = ["level"]


class StalenessListField(forms.JSONField):
    """A JSON list edited as text: an emptied box means an empty list (the
    column is not nullable), and the list is shown one entry per line."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return []
        parsed = super().to_python(value)
        return [] if parsed is None else parsed

    def prepare_value(self, value: Any) -> Any:
        if value is None:  # the add form: the model's default
            return "[]"
        if isinstance(value, list) and value:
            lines = ",\n".join("  " + json.dumps(v, ensure_ascii=False) for v in value)
            return f"[\n{lines}\n]"
        return super().prepare_value(value)


class SkillForm(ModelForm[Skill]):
    watch_terms = StalenessListField(
        label=_("Watch terms"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "vLargeTextField"}),
        help_text=_(
            "API names the technology has deprecated or replaced; a criterion or link "
            "that names one without being marked deprecated or naming the successor is "
            "listed as out of date. A JSON list, one entry per line: "
            '{"term": "torch.jit", "successor": "torch.export", "since": "PyTorch 2.5", '
            '"note": ""}. “term” and “successor” are required.'
        ),
    )
    moved_links = StalenessListField(
        label=_("Moved documentation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}),
        help_text=_(
            "Documentation that moved to another address; links under the old one are "
            "listed as out of date. A JSON list, one entry per line: "
            '{"from": "https://pytorch.org/docs/", "to": "https://docs.pytorch.org/docs/"}.'
        ),
    )

    class Meta:
        model = Skill
        # The admin adds the rest from SkillAdmin.fieldsets.
        fields = ["watch_terms", "moved_links"]


@admin.register(Skill)
class SkillAdmin(VersionBumpingAdmin):
    form = SkillForm
    list_display = ["name", "domain", "group", "last_reviewed", "version", "expectation_count"]
    list_filter = ["domain", "group"]
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["version"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name", "slug", "summary", "description", "domain", "group",
                    "last_reviewed", "version",
                ]
            },
        ),
        (_("Staleness"), {"fields": ["watch_terms", "moved_links"]}),
    ]  # fmt: skip
    inlines = [SkillLevelInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Skill]:
        return super().get_queryset(request).annotate(n_expectations=Count("expectations"))  # type: ignore[no-any-return]

    @admin.display(description=_("expectations"), ordering="n_expectations")
    def expectation_count(self, obj: Any) -> int:
        return int(obj.n_expectations)

    def skill_of(self, obj: Any) -> Skill | None:
        return obj if isinstance(obj, Skill) else None


class DeprecatableForm(ModelForm[Any]):
    """A criterion or link: a deprecation that ``clean()`` refused in words
    is not refused a second time by the name of the constraint behind it."""

    _excluded: frozenset[str] = frozenset()

    def _get_validation_exclusions(self) -> set[str]:
        exclude: set[str] = super()._get_validation_exclusions()  # type: ignore[misc]
        return exclude | self._excluded

    def _validate_without(self, fields: set[str], validate: Any) -> None:
        self._excluded = frozenset(fields)
        try:
            validate()
        finally:
            self._excluded = frozenset()

    def constraint_exclusions(self) -> set[str]:
        said = any(
            self.has_error(NON_FIELD_ERRORS, code)
            for code in ("deprecation_incomplete", "deprecation_unticked")
        )
        return set(Deprecatable.DEPRECATION_FIELDS) if said else set()

    def validate_constraints(self) -> None:
        self._validate_without(self.constraint_exclusions(), super().validate_constraints)


class PositionedForm(DeprecatableForm):
    """A criterion or link row: its position is checked across the whole
    formset (duplicates within one submission are refused) rather than against
    the stored rows, so two rows can swap positions in one save."""

    def validate_unique(self) -> None:
        self._validate_without({"position"}, super().validate_unique)

    def constraint_exclusions(self) -> set[str]:
        return super().constraint_exclusions() | {"position"}


class PositionedFormSet(BaseInlineFormSet[Any, Any, Any]):
    """Ordered children of a cell, at most as many as the importer and the
    in-app editor accept (``max_num`` on the inline, checked on save)."""

    def save(self, commit: bool = True) -> list[Any]:
        if commit:
            moving = [
                form.instance.pk
                for form in self.initial_forms
                if form.instance.pk and "position" in form.changed_data
            ]
            # Step aside first so the unique (parent, position) constraint holds
            # at every statement, on every database.
            assert self.model is not None
            self.model._default_manager.filter(pk__in=moving).update(
                position=F("position") + 10_000
            )
        return super().save(commit)


class CriterionInlineForm(PositionedForm):
    class Meta:
        model = Criterion
        fields = ["position", "key", "text", *Criterion.DEPRECATION_FIELDS]
        # Plain inputs: the admin's URL widget adds a "Currently:" line per row.
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2, "cols": 30}),
            "replacement_url": forms.URLInput,
        }


class LearningLinkInlineForm(PositionedForm):
    class Meta:
        model = LearningLink
        fields = ["position", "title", "url", *LearningLink.DEPRECATION_FIELDS]
        widgets = {"url": forms.URLInput, "replacement_url": forms.URLInput}


class LimitedInline(admin.TabularInline):  # type: ignore[type-arg]
    """Refuses more rows than ``max_num`` on save, not only in the page."""

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        return super().get_formset(request, obj, validate_max=True, **kwargs)


class CriterionInline(LimitedInline):
    """Each row saves through ``Criterion.save()``: marking one deprecated
    there sets ``revised_at`` and asks people who rated it to look again."""

    model = Criterion
    form = CriterionInlineForm
    formset = PositionedFormSet
    extra = 1
    max_num = MAX_CRITERIA
    ordering = ["position"]
    fields = ["position", "key", "text", *Criterion.DEPRECATION_FIELDS]


class LearningLinkInline(LimitedInline):
    model = LearningLink
    form = LearningLinkInlineForm
    formset = PositionedFormSet
    extra = 0
    max_num = MAX_LINKS
    ordering = ["position"]
    fields = ["position", "title", "url", *LearningLink.DEPRECATION_FIELDS]


@admin.register(Expectation)
class ExpectationAdmin(VersionBumpingAdmin):
    class Media:
        # Narrow columns, so a row with its deprecation fits the page.
        css = {"all": ["css/admin-matrix.css"]}

    list_display = ["__str__", "required", "criterion_count", "last_reviewed"]
    list_filter = ["skill", "level", "role", "required"]
    list_select_related = ["skill", "role", "level"]
    search_fields = ["summary", "criteria__text", "criteria__key", "role__name", "skill__name"]
    autocomplete_fields = ["skill", "role", "level"]
    inlines = [CriterionInline, LearningLinkInline]
    ordering = ["skill__name", "level__number", "role__name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Expectation]:
        return super().get_queryset(request).annotate(n_criteria=Count("criteria"))  # type: ignore[no-any-return]

    @admin.display(description=_("criteria"), ordering="n_criteria")
    def criterion_count(self, obj: Any) -> int:
        return int(obj.n_criteria)

    def skill_of(self, obj: Any) -> Skill | None:
        return obj.skill if isinstance(obj, Expectation) else None


@admin.register(Criterion)
class CriterionAdmin(VersionBumpingAdmin):
    """Criteria are edited inline on their expectation; this list is for search
    and for each criterion's own history."""

    form = DeprecatableForm
    list_display = ["text", "key", "expectation", "deprecated"]
    list_select_related = ["expectation__skill", "expectation__role", "expectation__level"]
    list_filter = ["expectation__skill", "expectation__level", "expectation__role"]
    search_fields = ["text", "key"]
    autocomplete_fields = ["expectation"]

    def skill_of(self, obj: Any) -> Skill | None:
        return obj.expectation.skill if isinstance(obj, Criterion) else None


@admin.register(SkillLevel)
class SkillLevelAdmin(VersionBumpingAdmin):
    list_display = ["skill", "level"]
    list_filter = ["skill", "level"]
    list_select_related = ["skill", "level"]
    search_fields = ["description", "skill__name"]

    def skill_of(self, obj: Any) -> Skill | None:
        return obj.skill if isinstance(obj, SkillLevel) else None


@admin.register(LearningLink)
class LearningLinkAdmin(VersionBumpingAdmin):
    """Links are edited inline on their expectation; this list is for search
    and for each link's own history."""

    form = DeprecatableForm
    list_display = ["title", "url", "expectation", "deprecated"]
    list_select_related = ["expectation__skill", "expectation__role", "expectation__level"]
    search_fields = ["title", "url"]
    autocomplete_fields = ["expectation"]

    def skill_of(self, obj: Any) -> Skill | None:
        return obj.expectation.skill if isinstance(obj, LearningLink) else None
