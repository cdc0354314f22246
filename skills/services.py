"""Writes to the matrix. Every function here is atomic and keyword-only."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone, translation

from levels.ladder import level_references
from levels.models import Level
from roles.models import Role
from skills.matrix_yaml import (
    CriterionSpec,
    LinkSpec,
    MatrixBundle,
    MatrixError,
    Problem,
    SkillSpec,
    deprecation_fields,
)
from skills.models import Criterion, Expectation, LearningLink, Skill, SkillLevel
from skills.references import criterion_references
from skills.signals import matrix_changed

logger = logging.getLogger(__name__)

CHANGE_REASON = "import_matrix"

# Kinds in the order the report lists them.
KINDS = (
    "levels",
    "roles",
    "skills",
    "level descriptions",
    "expectations",
    "criteria",
    "learning links",
)


@dataclass
class SkillTally:
    """What an import did (or would do) to one skill's own content."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    not_in_files: list[str] = field(default_factory=list)
    removed_items: list[str] = field(default_factory=list)
    # What would be created, and what would change (with the fields), by label.
    created_items: list[str] = field(default_factory=list)
    updated_items: list[str] = field(default_factory=list)

    def counts(self, outcome: str) -> int:
        counter: Counter[str] = getattr(self, outcome)
        return sum(counter.values())


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    # Things in the database but not in the files, listed so nobody is surprised.
    not_in_files: list[str] = field(default_factory=list)
    removed_items: list[str] = field(default_factory=list)
    # Skill slug -> (version before, version after); 0 before means new.
    versions: dict[str, tuple[int, int]] = field(default_factory=dict)
    new_skills: set[str] = field(default_factory=set)
    # The same counts for each skill in the files (levels and roles are
    # shared by every skill: they count above only).
    skills: dict[str, SkillTally] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(
            sum(self.created.values()) + sum(self.updated.values()) + sum(self.removed.values())
        )


class _DryRunRollback(Exception):
    pass


def matrix_import(
    *,
    bundle: MatrixBundle,
    prune: bool = False,
    dry_run: bool = False,
    by: AbstractBaseUser | None = None,
) -> ImportReport:
    """Bring the database in line with ``bundle`` in one transaction.

    Cross-references (roles and levels used by skills) are checked against the
    bundle and the database before the first write; any problem raises
    ``MatrixError`` and nothing is written. Content present in the database but
    absent from the files is kept and listed unless ``prune`` is set. A dry run
    does all the work and rolls it back, so its report is exact.
    """
    report = ImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            _check_references(bundle, prune=prune)
            writer = _Writer(report=report, prune=prune, by=by)
            vocabulary_changed = writer.levels(bundle.levels) | writer.roles(bundle.roles)
            touched: set[int] = set()
            for spec in bundle.skills:
                skill, changed = writer.skill(spec)
                if changed:
                    touched.add(skill.pk)
            # Last, once the skills have let go of what they no longer use.
            vocabulary_changed |= writer.levels_not_in_files(bundle.levels)
            if vocabulary_changed:
                # Level and role names appear in every skill's matrix.
                touched.update(Skill.objects.values_list("pk", flat=True))
            _bump_versions(touched, report, by=by)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    logger.info(
        "matrix_imported",
        extra={
            "dry_run": dry_run,
            "prune": prune,
            "items_created": sum(report.created.values()),
            "items_updated": sum(report.updated.values()),
            "items_removed": sum(report.removed.values()),
        },
    )
    return report


def skill_bump_version(
    *,
    skill: Skill,
    by: AbstractBaseUser | None = None,
    reason: str = "",
    told: frozenset[int] = frozenset(),
) -> int:
    """Record that the skill's matrix changed; returns the new version. The
    followers hear of it once the change commits, except the people in
    ``told`` (ids of people already told in their own words)."""
    Skill.objects.filter(pk=skill.pk).update(version=F("version") + 1, changed_at=timezone.now())
    skill.refresh_from_db(fields=["version", "changed_at"])
    _announce({skill.pk}, by=by, reason=reason, told=told)
    return skill.version


def skills_bump_versions(
    *,
    skill_ids: Collection[int] | None = None,
    by: AbstractBaseUser | None = None,
    reason: str = "",
) -> None:
    """A level or role changed: bump the skills whose matrix shows it (None:
    every skill, as for a level's names)."""
    rows = Skill.objects.all() if skill_ids is None else Skill.objects.filter(pk__in=skill_ids)
    ids = set(rows.values_list("pk", flat=True))
    if not ids:
        return
    Skill.objects.filter(pk__in=ids).update(version=F("version") + 1, changed_at=timezone.now())
    _announce(ids, by=by, reason=reason)


def _announce(
    skill_ids: set[int],
    *,
    by: AbstractBaseUser | None,
    reason: str,
    told: frozenset[int] = frozenset(),
) -> None:
    """One ``matrix_changed`` per transaction and cause, sent after commit (a
    rolled-back change tells nobody). The change is committed by then: a
    receiver that fails is logged, and neither stops the others nor turns
    the request that made the change into an error."""
    if not skill_ids:
        return

    def send() -> None:
        answers = matrix_changed.send_robust(
            sender=Skill, skill_ids=frozenset(skill_ids), by=by, reason=reason, told=told
        )
        for receiver, answer in answers:
            if isinstance(answer, Exception):
                logger.error(
                    "matrix_changed_receiver_failed",
                    exc_info=answer,
                    extra={"receiver": getattr(receiver, "__qualname__", str(receiver))},
                )

    transaction.on_commit(send)


def _bump_versions(
    skill_ids: set[int], report: ImportReport, *, by: AbstractBaseUser | None
) -> None:
    """One bump per skill per import, however many of its parts changed. A
    skill created by this import starts at version 1."""
    if not skill_ids:
        return
    rows = Skill.objects.filter(pk__in=skill_ids)
    before = dict(rows.values_list("slug", "version"))
    rows.exclude(slug__in=report.new_skills).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    for slug, version in rows.values_list("slug", "version"):
        report.versions[slug] = (0 if slug in report.new_skills else before[slug], version)
    if not report.dry_run:
        # One announcement for the whole import, however many skills it touched.
        _announce(skill_ids, by=by, reason="import")


def _final_ladder(bundle: MatrixBundle, *, prune: bool) -> set[int]:
    """The level numbers the database will have once ``bundle`` is imported:
    a levels file is the whole ladder, but levels it leaves out are removed
    only with ``prune`` (and only when nothing refers to them)."""
    in_files = {spec.number for spec in bundle.levels}
    if in_files and prune:
        return in_files
    return in_files | set(Level.objects.values_list("number", flat=True))


def _check_references(bundle: MatrixBundle, *, prune: bool = False) -> None:
    level_numbers = _final_ladder(bundle, prune=prune)
    role_slugs = {spec.slug for spec in bundle.roles} | set(
        Role.objects.values_list("slug", flat=True)
    )
    problems: list[Problem] = []
    # Level slugs must stay unique once the files are applied to the database.
    final_slugs = dict(Level.objects.values_list("number", "slug"))
    final_slugs.update({spec.number: spec.slug for spec in bundle.levels})
    for spec in bundle.levels:
        clash = [n for n, slug in final_slugs.items() if slug == spec.slug and n != spec.number]
        if clash:
            problems.append(
                spec.source.problem(
                    f'level slug "{spec.slug}" is already used by level {clash[0]} in the database'
                )
            )
    for skill in bundle.skills:
        for number, source in skill.level_sources.items():
            if number not in level_numbers:
                problems.append(source.problem(_unknown_level(number, level_numbers)))
        for exp in skill.expectations:
            if exp.role not in role_slugs:
                known = ", ".join(sorted(role_slugs)) or "none yet"
                problems.append(
                    exp.source.problem(
                        f'unknown role "{exp.role}": not in these files or the database '
                        f"(known roles: {known})"
                    )
                )
            if exp.level not in level_numbers:
                problems.append(exp.source.problem(_unknown_level(exp.level, level_numbers)))
    if problems:
        raise MatrixError(problems)


def _unknown_level(number: int, ladder: set[int]) -> str:
    if not ladder:
        return (
            f"unknown level {number}: there is no ladder yet "
            "(import levels.yaml first or together with this file)"
        )
    return (
        f"unknown level {number}: the ladder has levels 1 to {max(ladder)} "
        "(in these files and the database); add the level to levels.yaml first"
    )


M = TypeVar("M", bound=models.Model)


class _Writer:
    def __init__(self, *, report: ImportReport, prune: bool, by: AbstractBaseUser | None) -> None:
        self.report = report
        self.prune = prune
        self.by = by
        self._levels: dict[int, Level] | None = None
        self._roles: dict[str, Role] | None = None
        # The skill whose content is being synced, if any.
        self._tally: SkillTally | None = None

    def _count(self, outcome: str, kind: str, n: int = 1) -> None:
        getattr(self.report, outcome)[kind] += n
        if self._tally is not None:
            getattr(self._tally, outcome)[kind] += n

    # -- helpers --------------------------------------------------------------

    def _save(self, obj: models.Model) -> None:
        obj._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
        if self.by is not None:
            obj._history_user = self.by  # type: ignore[attr-defined]
        obj.save()

    def _sync(
        self, kind: str, obj: M, values: dict[str, Any], *, is_new: bool, label: str = ""
    ) -> bool:
        """Apply ``values`` to ``obj``; save and count only if something differs.
        A ``label`` lists the item in its skill's report (the import preview)."""
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if is_new:
            for name, value in values.items():
                setattr(obj, name, value)
            self._save(obj)
            self._count("created", kind)
            if label and self._tally is not None:
                self._tally.created_items.append(label)
            return True
        if not changed:
            self._count("unchanged", kind)
            return False
        for name in changed:
            setattr(obj, name, values[name])
        self._save(obj)
        self._count("updated", kind)
        # Every updated item is listed, so the list adds up to the count: an
        # item the files only put in another place (removing one above it
        # renumbers the rest) is "moved".
        fields = [name.replace("_", " ") for name in changed if name != "position"]
        if "position" in changed:
            fields.append("moved")
        if label and self._tally is not None:
            self._tally.updated_items.append(f"{label} ({', '.join(fields)})")
        return True

    def _leftover(
        self, kind: str, obj: models.Model, label: str, *, notes: Sequence[str] = ()
    ) -> bool:
        """Content in the database that the files do not mention; ``notes``
        say what keeps a copy of it once removed."""
        if self.prune:
            if notes:
                label = f"{label} ({'; '.join(notes)})"
            self._count("removed", kind)
            self.report.removed_items.append(label)
            if self._tally is not None:
                self._tally.removed_items.append(label)
            obj._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
            if self.by is not None:
                obj._history_user = self.by  # type: ignore[attr-defined]
            obj.delete()
            return True
        self.report.not_in_files.append(label)
        if self._tally is not None:
            self._tally.not_in_files.append(label)
        return False

    # -- vocabulary ---------------------------------------------------------------

    def levels(self, specs: Sequence[Any]) -> bool:
        existing = Level.objects.by_number()
        renamed = [
            spec.number
            for spec in specs
            if spec.number in existing and existing[spec.number].slug != spec.slug
        ]
        if renamed:
            # Step aside first so that swapping two levels' slugs never collides.
            for number in renamed:
                Level.objects.filter(number=number).update(slug=f"renaming-{number}")
        changed = False
        for spec in specs:
            level = existing.get(spec.number)
            values = {
                "slug": spec.slug,
                "career_name": spec.career_name,
                "proficiency_name": spec.proficiency_name,
                "summary": spec.summary,
            }
            is_new = level is None
            obj = level or Level(number=spec.number)
            changed |= self._sync("levels", obj, values, is_new=is_new)
        return changed

    def levels_not_in_files(self, specs: Sequence[Any]) -> bool:
        """Levels in the database above the ladder of the files (a levels file
        is the whole ladder). Kept and listed; removed with ``prune`` unless
        something refers to them, in which case the whole import is refused:
        renumbering or dropping a level would rewrite frozen snapshots."""
        if not specs:
            return False  # no levels file in this import: the ladder stays as it is
        wanted = {spec.number for spec in specs}
        leftovers = [lvl for lvl in Level.objects.order_by("number") if lvl.number not in wanted]
        if not leftovers:
            return False
        labels = {lvl.number: f"level {lvl.number} ({lvl.career_name})" for lvl in leftovers}
        if not self.prune:
            self.report.not_in_files.extend(labels.values())
            return False
        with translation.override("en"):  # the importer speaks English, as its other messages
            referenced = level_references([lvl.number for lvl in leftovers])
        if referenced:
            source = specs[0].source
            raise MatrixError(
                [
                    Problem(
                        source.file,
                        None,
                        "levels",
                        f"cannot remove {labels[number]}: it is still referred to by "
                        f"{'; '.join(what)}. Keep it in the file, or leave the ladder as "
                        "it is; nothing was imported",
                    )
                    for number, what in sorted(referenced.items())
                ]
            )
        for lvl in leftovers:
            self._leftover("levels", lvl, labels[lvl.number])
        return True

    def roles(self, specs: Sequence[Any]) -> bool:
        existing = {role.slug: role for role in Role.objects.all()}
        changed = False
        for spec in specs:
            role = existing.get(spec.slug)
            values = {"name": spec.name, "family": spec.family, "summary": spec.summary}
            is_new = role is None
            obj = role or Role(slug=spec.slug)
            changed |= self._sync("roles", obj, values, is_new=is_new)
        return changed

    # -- one skill --------------------------------------------------------------

    def skill(self, spec: SkillSpec) -> tuple[Skill, bool]:
        self._tally = self.report.skills.setdefault(spec.slug, SkillTally())
        existing = Skill.objects.filter(slug=spec.slug).first()
        is_new = existing is None
        skill = existing or Skill(slug=spec.slug)
        changed = self._sync(
            "skills",
            skill,
            {
                "name": spec.name,
                "summary": spec.summary,
                "description": spec.description,
                "domain": spec.domain,
                "group": spec.group,
                "last_reviewed": spec.last_reviewed,
                "watch_terms": [dict(term) for term in spec.watch_terms],
                "moved_links": [dict(moved) for moved in spec.moved_links],
            },
            is_new=is_new,
            label=f"{spec.slug}: the skill's own fields",
        )
        if is_new:
            self.report.new_skills.add(spec.slug)
        if self._levels is None or self._roles is None:
            # Read once per import, after levels and roles have been synced.
            self._levels = Level.objects.by_number()
            self._roles = {role.slug: role for role in Role.objects.all()}
        changed |= self._level_descriptions(skill, spec, self._levels)
        changed |= self._expectations(skill, spec, self._levels, self._roles)
        return skill, changed

    def _level_descriptions(self, skill: Skill, spec: SkillSpec, levels: dict[int, Level]) -> bool:
        existing = {
            d.level.number: d
            for d in SkillLevel.objects.filter(skill=skill).select_related("level")
        }
        changed = False
        for number, text in spec.level_descriptions.items():
            obj = existing.pop(number, None)
            is_new = obj is None
            target = obj or SkillLevel(skill=skill, level=levels[number])
            changed |= self._sync(
                "level descriptions",
                target,
                {"description": text},
                is_new=is_new,
                label=f"{skill.slug}: level {number} description",
            )
        for number, obj in sorted(existing.items()):
            changed |= self._leftover(
                "level descriptions", obj, f"{skill.slug}: level {number} description"
            )
        return changed

    def _expectations(
        self,
        skill: Skill,
        spec: SkillSpec,
        levels: dict[int, Level],
        roles: dict[str, Role],
    ) -> bool:
        existing = {
            (e.role.slug, e.level.number): e
            for e in Expectation.objects.filter(skill=skill)
            .select_related("role", "level")
            .prefetch_related("criteria", "links")
        }
        changed = False
        for exp_spec in spec.expectations:
            obj = existing.pop((exp_spec.role, exp_spec.level), None)
            is_new = obj is None
            target = obj or Expectation(
                skill=skill, role=roles[exp_spec.role], level=levels[exp_spec.level]
            )
            changed |= self._sync(
                "expectations",
                target,
                {
                    "required": exp_spec.required,
                    "summary": exp_spec.summary,
                    "topics": list(exp_spec.topics),
                    "last_reviewed": exp_spec.last_reviewed,
                },
                is_new=is_new,
                label=f"{skill.slug}: {exp_spec.role} at level {exp_spec.level}",
            )
            label = f"{skill.slug}: {exp_spec.role} at level {exp_spec.level}"
            old_criteria = [] if is_new else list(target.criteria.all())
            old_links = [] if is_new else list(target.links.all())
            changed |= self._children(
                kind="criteria",
                model=Criterion,
                parent=target,
                existing=old_criteria,
                key_field="key",
                specs=exp_spec.criteria,
                values=lambda spec: {"text": spec.text, **deprecation_fields(spec.deprecated)},
                label=lambda c: f'criterion "{c.key}"',
                label_prefix=label,
            )
            changed |= self._children(
                kind="learning links",
                model=LearningLink,
                parent=target,
                existing=old_links,
                key_field="url",
                specs=exp_spec.links,
                values=lambda spec: {"title": spec.title, **deprecation_fields(spec.deprecated)},
                label=lambda link: f"link {link.url}",
                label_prefix=label,
            )
        for (role, number), obj in sorted(existing.items()):
            criteria, links = len(obj.criteria.all()), len(obj.links.all())
            if self._leftover(
                "expectations",
                obj,
                f"{skill.slug}: {role} at level {number} "
                f"(with its {criteria} criteria and {links} links)",
            ):
                changed = True
                self._count("removed", "criteria", criteria)
                self._count("removed", "learning links", links)
        return changed

    def _children(
        self,
        *,
        kind: str,
        model: type[M],
        parent: Expectation,
        existing: list[M],
        key_field: str,
        specs: Sequence[CriterionSpec] | Sequence[LinkSpec],
        values: Callable[[Any], dict[str, Any]],
        label: Callable[[Any], str],
        label_prefix: str,
    ) -> bool:
        """Sync an ordered list of children (criteria or links) identified by
        ``key_field``: the criterion key, or the link's address."""
        key_of = attrgetter(key_field)
        by_key: dict[str, M] = {key_of(obj): obj for obj in existing}
        wanted = [key_of(spec) for spec in specs]
        leftovers = [obj for obj in existing if key_of(obj) not in set(wanted)]
        changed = False
        copies = (
            criterion_references([obj.pk for obj in leftovers])
            if self.prune and kind == "criteria" and leftovers
            else {}
        )
        for obj in leftovers:
            if self._leftover(
                kind, obj, f"{label_prefix}: {label(obj)}", notes=copies.get(obj.pk, ())
            ):
                changed = True
                by_key.pop(key_of(obj))
        kept = [obj for obj in leftovers if key_of(obj) in by_key]
        # Files decide the order; kept leftovers follow the listed items.
        order = {key: i + 1 for i, key in enumerate(wanted + [key_of(o) for o in kept])}
        moving = [o for o in by_key.values() if getattr(o, "position", None) != order[key_of(o)]]
        if moving:
            # Step aside first so the unique (parent, position) constraint holds
            # at every statement, on every database.
            model._default_manager.filter(pk__in=[o.pk for o in moving]).update(
                position=F("position") + 10_000
            )
        for spec in specs:
            key = key_of(spec)
            current = by_key.get(key)
            target = (
                current if current is not None else model(expectation=parent, **{key_field: key})
            )
            changed |= self._sync(
                kind,
                target,
                {**values(spec), "position": order[key]},
                is_new=current is None,
                label=f"{label_prefix}: {label(target)}",
            )
        for obj in kept:
            if getattr(obj, "position", None) != order[key_of(obj)]:
                setattr(obj, "position", order[key_of(obj)])  # noqa: B010
                self._save(obj)
                changed = True
        return changed
