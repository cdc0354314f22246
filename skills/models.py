from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.validators import SLUG_RE, validate_one_line_name, validate_plain_text, validate_slug
from levels.models import Level
from roles.models import Role

# The limits of the matrix's content, stated once. Lengths are the model
# fields' max_length (read them with ``field_limit``); counts per expectation
# are these. The in-app editor (community/forms.py), the API (through the
# same forms) and the YAML importer (skills/matrix_yaml.py) all check them.
MAX_CRITERIA = 20
MAX_LINKS = 20
MAX_TOPICS = 20
MAX_TOPIC_LENGTH = 80


def field_limit(model: type[models.Model], name: str) -> int:
    """The max_length of ``model.name``: the one place a text limit is stated."""
    limit = getattr(model._meta.get_field(name), "max_length", None)
    if limit is None:
        raise ValueError(f"{model.__name__}.{name} states no max_length")
    return int(limit)


class SkillQuerySet(models.QuerySet["Skill"]):
    def with_counts(self) -> SkillQuerySet:
        """Roles, levels, required and optional cells, as the catalogue shows them."""
        return self.annotate(
            role_count=Count("expectations__role", distinct=True),
            level_count=Count("expectations__level", distinct=True),
            required_count=Count("expectations", filter=Q(expectations__required=True)),
            optional_count=Count("expectations", filter=Q(expectations__required=False)),
        )


class SkillManager(models.Manager["Skill"]):
    def get_queryset(self) -> SkillQuerySet:
        return SkillQuerySet(self.model, using=self._db)

    def with_counts(self) -> SkillQuerySet:
        return self.get_queryset().with_counts()

    def get_by_natural_key(self, slug: str) -> Skill:
        return self.get(slug=slug)


class Skill(models.Model):
    """A skill with a growth path, e.g. PyTorch. ``version`` goes up by one with
    every change to the skill or anything in its matrix (and ``changed_at``
    records when); API clients and caches key on it."""

    slug = models.SlugField(_("slug"), max_length=80, validators=[validate_slug])
    name = models.CharField(_("name"), max_length=120, validators=[validate_one_line_name])
    summary = models.CharField(_("summary"), max_length=300, validators=[validate_one_line_name])
    description = models.TextField(
        _("description"), max_length=5000, blank=True, validators=[validate_plain_text]
    )
    domain = models.CharField(_("domain"), max_length=120, validators=[validate_one_line_name])
    group = models.CharField(_("group"), max_length=120, validators=[validate_one_line_name])
    last_reviewed = models.DateField(_("last reviewed"))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Set with every version bump: when the skill or anything in its matrix last changed.
    changed_at = models.DateTimeField(_("last changed"), default=timezone.now, editable=False)

    history = HistoricalRecords(excluded_fields=["version", "changed_at"])
    objects = SkillManager()

    class Meta:
        ordering = ["domain", "group", "name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="skill_slug_unique"),
            models.CheckConstraint(condition=~Q(slug=""), name="skill_slug_not_empty"),
            models.CheckConstraint(condition=Q(version__gte=1), name="skill_version_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("skill_detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[Any, ...]:
        return (self.slug,)


class SkillLevel(models.Model):
    """What proficiency at one level of one skill looks like, whatever the role."""

    skill = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="level_descriptions", verbose_name=_("skill")
    )
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="skill_descriptions", verbose_name=_("level")
    )
    description = models.TextField(
        _("description"), max_length=5000, validators=[validate_plain_text]
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["skill", "level__number"]
        verbose_name = _("level description")
        verbose_name_plural = _("level descriptions")
        constraints = [
            models.UniqueConstraint(fields=["skill", "level"], name="skill_level_one_per_level"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} · {self.level}"


class ExpectationQuerySet(models.QuerySet["Expectation"]):
    def required(self) -> ExpectationQuerySet:
        return self.filter(required=True)

    def optional(self) -> ExpectationQuerySet:
        return self.filter(required=False)

    def at(self, level_number: int) -> ExpectationQuerySet:
        return self.filter(level__number=level_number)

    def up_to(self, level_number: int) -> ExpectationQuerySet:
        return self.filter(level__number__lte=level_number)

    def with_details(self) -> ExpectationQuerySet:
        """Everything a page shows for a cell, in a fixed number of queries."""
        return self.select_related("skill", "role", "level").prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("position")),
            Prefetch("links", queryset=LearningLink.objects.order_by("position")),
        )


class Expectation(models.Model):
    """One cell of the matrix: what a role must (or may) be able to do in a
    skill at a level, broken down into checkable criteria."""

    skill = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="expectations", verbose_name=_("skill")
    )
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="expectations", verbose_name=_("role")
    )
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="expectations", verbose_name=_("level")
    )
    required = models.BooleanField(_("required"), default=False)
    summary = models.TextField(_("summary"), max_length=2000, validators=[validate_plain_text])
    topics = models.JSONField(
        _("topics"),
        default=list,
        blank=True,
        help_text=_('A list of slugs, e.g. ["ddp", "fsdp"].'),
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ExpectationQuerySet.as_manager()

    class Meta:
        ordering = ["skill", "level__number", "role__name"]
        verbose_name = _("expectation")
        verbose_name_plural = _("expectations")
        constraints = [
            models.UniqueConstraint(
                fields=["skill", "role", "level"], name="expectation_one_per_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} · {self.role} · {self.level}"

    def clean(self) -> None:
        super().clean()
        topics = self.topics
        if not isinstance(topics, list) or not all(
            isinstance(t, str) and SLUG_RE.match(t) for t in topics
        ):
            raise ValidationError(
                {"topics": _('Topics must be a list of slugs, e.g. ["ddp", "fsdp"].')}
            )
        if len(set(topics)) != len(topics):
            raise ValidationError({"topics": _("Each topic may appear only once.")})


class Criterion(models.Model):
    """One checkable ability inside an expectation. ``key`` is stable across
    rewording so that ratings can follow a criterion through edits."""

    expectation = models.ForeignKey(
        Expectation,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("expectation"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.SlugField(_("key"), max_length=80, validators=[validate_slug])
    text = models.TextField(_("text"), max_length=1000, validators=[validate_one_line_name])

    history = HistoricalRecords()

    class Meta:
        ordering = ["expectation", "position"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["expectation", "position"], name="criterion_position_unique"
            ),
            models.UniqueConstraint(fields=["expectation", "key"], name="criterion_key_unique"),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="criterion_position_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class LearningLink(models.Model):
    """A titled pointer to documentation that helps meet an expectation."""

    expectation = models.ForeignKey(
        Expectation, on_delete=models.CASCADE, related_name="links", verbose_name=_("expectation")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200, validators=[validate_one_line_name])
    url = models.URLField(_("URL"), max_length=500)

    history = HistoricalRecords()

    class Meta:
        ordering = ["expectation", "position"]
        verbose_name = _("learning link")
        verbose_name_plural = _("learning links")
        constraints = [
            models.UniqueConstraint(
                fields=["expectation", "position"], name="link_position_unique"
            ),
            models.UniqueConstraint(fields=["expectation", "url"], name="link_url_unique"),
            models.CheckConstraint(condition=Q(position__gte=1), name="link_position_positive"),
            models.CheckConstraint(
                condition=Q(url__startswith="https://") | Q(url__startswith="http://"),
                name="link_url_is_http",
            ),
        ]

    def __str__(self) -> str:
        return self.title
