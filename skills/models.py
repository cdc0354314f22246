from __future__ import annotations

import re
import uuid
from difflib import SequenceMatcher
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.text import text_problem
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
MAX_WATCH_TERMS = 50
MAX_MOVED = 20


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
    # Staleness (docs/fixtures.md "Staleness"): API names the technology has
    # deprecated or replaced, and documentation that moved to another address.
    watch_terms = models.JSONField(
        _("watch terms"),
        default=list,
        blank=True,
        help_text=_(
            'API names that are deprecated or replaced, e.g. [{"term": "torch.jit", '
            '"successor": "torch.export", "since": "PyTorch 2.5", "note": ""}].'
        ),
    )
    moved_links = models.JSONField(
        _("moved documentation"),
        default=list,
        blank=True,
        help_text=_(
            'Addresses that moved, e.g. [{"from": "https://pytorch.org/docs/", '
            '"to": "https://docs.pytorch.org/docs/"}].'
        ),
    )
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

    def clean(self) -> None:
        super().clean()
        errors = {}
        if problem := watch_terms_problem(self.watch_terms):
            errors["watch_terms"] = problem
        if problem := moved_links_problem(self.moved_links):
            errors["moved_links"] = problem
        if errors:
            raise ValidationError(errors)


# -- Staleness: watch terms, moved documentation, deprecated items -------------

WATCH_FIELDS = {"term": True, "successor": True, "since": False, "note": False}
WATCH_LIMITS = {"term": 120, "successor": 120, "since": 80, "note": 500}
MOVED_FIELDS = {"from": True, "to": True}
MOVED_LIMITS = {"from": 500, "to": 500}
# An http(s) address, as the importer and the admin's JSON fields accept it.
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*\Z")


def _entries_problem(
    value: Any, fields: dict[str, bool], limits: dict[str, int], limit: int, what: str
) -> str | None:
    """The first problem with a list of small records (watch terms, moved
    addresses) as a sentence for the admin, or None. The importer reports
    the same rules by file and line."""
    if not isinstance(value, list):
        return str(_("Expected a list of %(what)s.") % {"what": what})
    if len(value) > limit:
        return str(_("At most %(max)s %(what)s.") % {"max": limit, "what": what})
    for i, item in enumerate(value, start=1):
        if not isinstance(item, dict) or set(item) - set(fields):
            return str(
                _("Entry %(n)s: expected the fields %(fields)s.")
                % {"n": i, "fields": ", ".join(fields)}
            )
        for name, required in fields.items():
            text = item.get(name, "")
            if not isinstance(text, str) or (required and not text.strip()):
                return str(_("Entry %(n)s: %(field)s is required text.") % {"n": i, "field": name})
            if len(text) > limits[name] or text_problem(text, multiline=False):
                return str(
                    _("Entry %(n)s: %(field)s must be one line of at most %(max)s characters.")
                    % {"n": i, "field": name, "max": limits[name]}
                )
    return None


def watch_terms_problem(value: Any) -> str | None:
    problem = _entries_problem(value, WATCH_FIELDS, WATCH_LIMITS, MAX_WATCH_TERMS, "watch terms")
    if problem is None:
        terms = [item["term"].casefold() for item in value]
        if len(set(terms)) != len(terms):
            return str(_("Each watch term may appear only once."))
    return problem


def moved_links_problem(value: Any) -> str | None:
    problem = _entries_problem(value, MOVED_FIELDS, MOVED_LIMITS, MAX_MOVED, "moved addresses")
    if problem is None:
        for i, item in enumerate(value, start=1):
            if not (URL_RE.match(item["from"]) and URL_RE.match(item["to"])):
                return str(
                    _("Entry %(n)s: from and to must be http:// or https:// addresses.") % {"n": i}
                )
    return problem


class Deprecatable(models.Model):
    """A criterion or link the technology has moved on from: still shown,
    marked, with what replaces it."""

    deprecated = models.BooleanField(_("deprecated"), default=False)
    deprecated_since = models.CharField(
        _("deprecated since"),
        max_length=80,
        blank=True,
        validators=[validate_one_line_name],
        help_text=_("A release of the technology, e.g. “PyTorch 2.5”."),
    )
    replaced_by = models.CharField(
        _("replaced by"),
        max_length=200,
        blank=True,
        validators=[validate_one_line_name],
        help_text=_("What to use instead, e.g. “torch.export”."),
    )
    replacement_url = models.URLField(
        _("replacement link"), max_length=500, blank=True,
        help_text=_("Documentation of the replacement (optional)."),
    )  # fmt: skip
    deprecation_note = models.CharField(
        _("deprecation note"), max_length=500, blank=True, validators=[validate_one_line_name]
    )

    class Meta:
        abstract = True

    DEPRECATION_FIELDS = (
        "deprecated", "deprecated_since", "replaced_by", "replacement_url", "deprecation_note",
    )  # fmt: skip

    def clean(self) -> None:
        super().clean()
        if self.deprecated and not (self.deprecated_since.strip() and self.replaced_by.strip()):
            raise ValidationError(
                _("A deprecated item needs “deprecated since” and “replaced by”."),
                code="deprecation_incomplete",
            )
        if not self.deprecated and any(getattr(self, name) for name in self.DEPRECATION_FIELDS[1:]):
            raise ValidationError(
                _("Tick “deprecated”, or leave the deprecation fields empty."),
                code="deprecation_unticked",
            )

    def deprecation(self) -> dict[str, str] | None:
        """The deprecation as the YAML and the API show it, or None."""
        if not self.deprecated:
            return None
        return {
            "since": self.deprecated_since,
            "replaced_by": self.replaced_by,
            "url": self.replacement_url,
            "note": self.deprecation_note,
        }


def deprecation_constraints(prefix: str) -> list[models.BaseConstraint]:
    """Named constraints that keep a deprecation whole, and none on an item
    that is not deprecated."""
    return [
        models.CheckConstraint(
            condition=Q(deprecated=False) | (~Q(deprecated_since="") & ~Q(replaced_by="")),
            name=f"{prefix}_deprecation_complete",
        ),
        models.CheckConstraint(
            condition=Q(deprecated=True)
            | Q(deprecated_since="", replaced_by="", replacement_url="", deprecation_note=""),
            name=f"{prefix}_deprecation_only_when_deprecated",
        ),
        models.CheckConstraint(
            condition=Q(replacement_url="")
            | Q(replacement_url__startswith="https://")
            | Q(replacement_url__startswith="http://"),
            name=f"{prefix}_replacement_url_is_http",
        ),
    ]


_WORD_EDGES = "\"'\u201c\u201d\u2018\u2019()[]{}.,;:!?"  # quotes (straight and curly), brackets
# Words whose change alone does not change what a criterion asks for.
_GLUE_WORDS = frozenset(
    ["a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "as"]
)


def _words(text: str) -> list[str]:
    return [w for w in (word.strip(_WORD_EDGES) for word in text.casefold().split()) if w]


def _material_word(word: str) -> bool:
    return word not in _GLUE_WORDS


def _typo(old: str, new: str) -> bool:
    """One word for another that is a spelling of it: "optimiser" and
    "optimizer". API names and numbers are never typos: "torch.cuda.amp" to
    "torch.amp" or "3 teams" to "10 teams" changes what is asked."""
    if any(c.isdigit() or c in "._" for c in old + new):
        return False
    return SequenceMatcher(None, old, new, autojunk=False).ratio() >= 0.8


def materially_different(before: str, after: str) -> bool:
    """Whether a criterion's new text asks for something else, not just reads
    better. Compared word by word (case and the punctuation around words
    aside): a word added, removed or replaced is material, unless it is a
    small joining word ("a", "the", "and" …) or a spelling fix of the same
    word; an API name or a number that changes always is."""
    old, new = _words(before), _words(after)
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        removed, added = old[i1:i2], new[j1:j2]
        if op == "replace" and len(removed) == len(added):
            changed = [(a, b) for a, b in zip(removed, added, strict=True) if a != b]
            if all(_typo(a, b) or not (_material_word(a) or _material_word(b)) for a, b in changed):
                continue
            return True
        if any(_material_word(w) for w in [*removed, *added]):
            return True
    return False


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


class Criterion(Deprecatable):
    """One checkable ability inside an expectation. ``key`` is stable across
    rewording so that ratings can follow a criterion through edits.
    ``revised_at`` is when it last changed in a way that asks people who
    rated it to look again: marked deprecated, or reworded materially."""

    expectation = models.ForeignKey(
        Expectation,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("expectation"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.SlugField(_("key"), max_length=80, validators=[validate_slug])
    text = models.TextField(_("text"), max_length=1000, validators=[validate_one_line_name])
    revised_at = models.DateTimeField(_("revised"), null=True, blank=True, editable=False)
    # The text as it read before that revision: what people rated.
    revised_from = models.TextField(_("text before the revision"), blank=True, editable=False)
    # A revision whose raters have not been asked to re-check yet: set with
    # revised_at, cleared once they have (assessments, after the change commits).
    recheck_pending = models.BooleanField(default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["revised_at", "revised_from", "recheck_pending"])

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
            *deprecation_constraints("criterion"),
        ]

    def __str__(self) -> str:
        return self.text

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Every way the matrix is edited (admin, in-app edit, import) saves
        criteria one by one, so this is where a revision is noticed."""
        loaded = getattr(self, "_loaded", None)
        if loaded is None and self.pk is not None:
            # Built rather than loaded (a history revert): compare with the row.
            loaded = (
                type(self)
                ._default_manager.filter(pk=self.pk)
                .values_list("text", "deprecated")
                .first()
            )
        if loaded is not None and self.pk is not None:
            old_text, was_deprecated = loaded
            if (self.deprecated and was_deprecated is False) or (
                old_text is not None and materially_different(old_text, self.text)
            ):
                self.revised_at = timezone.now()
                self.revised_from = old_text or ""
                self.recheck_pending = True
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {
                        *kwargs["update_fields"], "revised_at", "revised_from", "recheck_pending",
                    }  # fmt: skip
        super().save(*args, **kwargs)
        self._loaded: tuple[str | None, bool | None] = (self.text, self.deprecated)

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any, **kwargs: Any) -> Criterion:
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._loaded = (instance.__dict__.get("text"), instance.__dict__.get("deprecated"))
        return instance


class LearningLink(Deprecatable):
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
            *deprecation_constraints("link"),
        ]

    def __str__(self) -> str:
        return self.title


class PendingImport(models.Model):
    """Files an admin uploaded in the app, kept between the preview and the
    confirmation so they are never uploaded twice: the preview (a dry run's
    report) and the state of the matrix it was computed against. Confirming
    marks it done (once: ``confirmed_at`` is set atomically) and keeps the
    import's report for the result page; its files are dropped then. Old ones
    expire (``PENDING_IMPORT_HOURS``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    prune = models.BooleanField(default=False)
    # The state of the matrix the preview was computed against (imports.py).
    state = models.JSONField(default=dict)
    preview = models.JSONField(default=dict)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)

    class Meta:
        permissions = [("import_matrix", "Can import the matrix from files in the app")]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(result__isnull=False),
                name="pending_import_confirmed_has_result",
            )
        ]

    def __str__(self) -> str:
        return f"import {self.pk} by {self.uploaded_by_id}"


class PendingImportFile(models.Model):
    """One uploaded file of a pending import, as uploaded."""

    pending = models.ForeignKey(PendingImport, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=255)
    content = models.BinaryField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["pending", "position"], name="pending_import_file_position_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name
