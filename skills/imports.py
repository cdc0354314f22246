"""Importing in the app: an admin uploads files, sees a preview (a dry run),
then confirms or cancels.

The files stay on the server between the two steps (``PendingImport``), with
the preview and the state of the matrix it was computed against: each
affected skill's version and a digest of the levels and the roles. Confirming
re-parses the stored files, refuses if that state moved (someone edited a
skill, another import landed) and then runs the real import, which must do
exactly what the preview said (or it is rolled back and refused too). A
pending import is confirmed at most once: the row is locked and marked in
the transaction that imports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AbstractUser, AnonymousUser
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import Conflict, NotAllowed
from levels.models import Level
from roles.models import Role
from skills.matrix_yaml import MatrixBundle
from skills.models import PendingImport, PendingImportFile, Skill
from skills.services import ImportReport, SkillTally, matrix_import
from skills.sources import parse_upload

logger = logging.getLogger(__name__)

IMPORT_PERMISSION = "skills.import_matrix"
OUTCOMES = ("created", "updated", "unchanged", "removed")

State = dict[str, Any]


def can_import(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Admins: staff with the import permission (superusers have it)."""
    return (
        isinstance(user, AbstractUser)
        and user.is_active
        and user.is_staff
        and user.has_perm(IMPORT_PERMISSION)
    )


class ImportStale(Conflict):
    """The matrix changed since the preview: it no longer says what would happen."""

    code = "import_stale"

    def __init__(self, changes: Sequence[str]) -> None:
        super().__init__(
            _("The matrix changed since this preview, so nothing was imported: %(changes)s")
            % {"changes": "; ".join(changes)}
        )
        self.changes = list(changes)


class ImportDone(Conflict):
    """Confirmed already (a second click, another tab)."""

    code = "import_done"


# -- the state a preview was computed against ---------------------------------


def _digest(rows: Iterable[Sequence[Any]]) -> str:
    return hashlib.sha256(repr([tuple(map(str, row)) for row in rows]).encode()).hexdigest()


def _vocabulary_fields(model: type[Level] | type[Role]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if not f.primary_key]


def matrix_state(*, bundle: MatrixBundle, report: ImportReport) -> State:
    """What the preview depends on, in three queries: the version of every
    skill the import reads or bumps (0: no such skill), and digests of the
    levels and the roles, which every skill shares. Every change of a
    skill's content bumps its version (admin, in-app edits, imports)."""
    return _state_of(sorted({spec.slug for spec in bundle.skills} | set(report.versions)))


def _state_of(slugs: Sequence[str]) -> State:
    versions = dict(Skill.objects.filter(slug__in=slugs).values_list("slug", "version"))
    return {
        "skills": {slug: versions.get(slug, 0) for slug in slugs},
        "levels": _digest(Level.objects.order_by("number").values_list(*_vocabulary_fields(Level))),
        "roles": _digest(Role.objects.order_by("slug").values_list(*_vocabulary_fields(Role))),
    }


def state_changes(before: State, now: State) -> list[str]:
    """What moved between two states, in words."""
    changes: list[str] = []
    for slug, version in before.get("skills", {}).items():
        current = now.get("skills", {}).get(slug, 0)
        if current == version:
            continue
        if not version:
            changes.append(_("skill “%(slug)s” was created meanwhile") % {"slug": slug})
        elif not current:
            changes.append(_("skill “%(slug)s” was deleted meanwhile") % {"slug": slug})
        else:
            changes.append(
                _("skill “%(slug)s” is at version %(now)s, the preview saw %(then)s")
                % {"slug": slug, "now": current, "then": version}
            )
    if before.get("levels") != now.get("levels"):
        changes.append(_("the levels were edited"))
    if before.get("roles") != now.get("roles"):
        changes.append(_("the roles were edited"))
    return changes


def pending_import_changes(pending: PendingImport) -> list[str]:
    """What moved in the matrix since this preview was computed, in words
    (empty while the preview still holds), in three queries: the stored
    state names every skill the preview depends on."""
    before: State = pending.state or {}
    return state_changes(before, _state_of(sorted(before.get("skills", {}))))


# -- reports as stored JSON ------------------------------------------------------


def _tally_json(tally: SkillTally) -> dict[str, Any]:
    return {
        **{outcome: dict(getattr(tally, outcome)) for outcome in OUTCOMES},
        "not_in_files": tally.not_in_files,
        "removed_items": tally.removed_items,
        "created_items": tally.created_items,
        "updated_items": tally.updated_items,
    }


def report_to_json(
    report: ImportReport, *, names: dict[str, str], files: Sequence[str]
) -> dict[str, Any]:
    """The report as JSON, with each skill's name from the files and the
    files' names."""
    return {
        **{outcome: dict(getattr(report, outcome)) for outcome in OUTCOMES},
        "not_in_files": report.not_in_files,
        "removed_items": report.removed_items,
        "versions": {slug: list(pair) for slug, pair in report.versions.items()},
        "new_skills": sorted(report.new_skills),
        "skills": {slug: _tally_json(tally) for slug, tally in report.skills.items()},
        "names": names,
        "files": list(files),
    }


def report_from_json(data: dict[str, Any]) -> ImportReport:
    report = ImportReport(
        not_in_files=list(data["not_in_files"]),
        removed_items=list(data["removed_items"]),
        versions={slug: (pair[0], pair[1]) for slug, pair in data["versions"].items()},
        new_skills=set(data["new_skills"]),
    )
    for outcome in OUTCOMES:
        setattr(report, outcome, Counter(data[outcome]))
    for slug, raw in data["skills"].items():
        report.skills[slug] = SkillTally(
            **{outcome: Counter(raw[outcome]) for outcome in OUTCOMES},
            not_in_files=list(raw["not_in_files"]),
            removed_items=list(raw["removed_items"]),
            created_items=list(raw.get("created_items", [])),
            updated_items=list(raw.get("updated_items", [])),
        )
    return report


def _names(bundle: MatrixBundle) -> dict[str, str]:
    return {spec.slug: spec.name for spec in bundle.skills}


# -- fetch and check --------------------------------------------------------------


def _expiry_cutoff() -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=settings.MATRIX_PENDING_IMPORT_HOURS)


def get_pending_import_for(user: AbstractBaseUser | AnonymousUser, pk: Any) -> PendingImport:
    """The uploader's own pending import; anyone else (other admins
    included) gets a 404, as for an expired or cancelled one."""
    if not can_import(user):
        raise Http404
    fresh = PendingImport.objects.filter(created_at__gte=_expiry_cutoff())
    pending = fresh.filter(pk=pk, uploaded_by_id=user.pk).first()
    if pending is None:
        raise Http404
    return pending


def pending_import_files(pending: PendingImport) -> list[tuple[str, bytes]]:
    return [
        (name, bytes(content))
        for name, content in PendingImportFile.objects.filter(pending=pending).values_list(
            "name", "content"
        )
    ]


# -- services ---------------------------------------------------------------------


def _check_admin(by: AbstractBaseUser) -> None:
    if not can_import(by):
        raise NotAllowed(_("Only admins can import the matrix."))


def pending_import_create(
    *, files: Sequence[tuple[str, bytes]], prune: bool, by: AbstractBaseUser
) -> PendingImport:
    """Parse the upload, compute its preview (a dry run) and keep both with the
    files. Raises ``MatrixError`` (nothing kept) when the files are invalid."""
    _check_admin(by)
    pending_imports_expire()
    bundle = parse_upload(files, max_bytes=settings.MATRIX_IMPORT_MAX_BYTES)
    with transaction.atomic():
        report = matrix_import(bundle=bundle, prune=prune, dry_run=True, by=by)
        state = matrix_state(bundle=bundle, report=report)
        pending = PendingImport.objects.create(
            uploaded_by_id=by.pk,
            prune=prune,
            state=state,
            preview=report_to_json(
                report, names=_names(bundle), files=[name for name, _content in files]
            ),
        )
        PendingImportFile.objects.bulk_create(
            [
                PendingImportFile(pending=pending, position=i, name=name, content=content)
                for i, (name, content) in enumerate(files)
            ]
        )
    logger.info("matrix_import_previewed", extra={"pending_import": str(pending.pk)})
    return pending


def pending_import_refresh(*, pending: PendingImport, by: AbstractBaseUser) -> PendingImport:
    """A fresh preview of the same files against the matrix as it is now."""
    _check_admin(by)
    with transaction.atomic():
        locked = _lock_unconfirmed(pending, by)
        files = pending_import_files(locked)
        bundle = parse_upload(files, max_bytes=settings.MATRIX_IMPORT_MAX_BYTES)
        report = matrix_import(bundle=bundle, prune=locked.prune, dry_run=True, by=by)
        locked.state = matrix_state(bundle=bundle, report=report)
        locked.preview = report_to_json(
            report, names=_names(bundle), files=[name for name, _content in files]
        )
        locked.save(update_fields=["state", "preview"])
    return locked


def _lock_unconfirmed(pending: PendingImport, by: AbstractBaseUser) -> PendingImport:
    locked = (
        PendingImport.objects.select_for_update()
        .filter(pk=pending.pk, uploaded_by_id=by.pk)
        .first()
    )
    if locked is None:
        raise Http404
    if locked.confirmed_at is not None:
        raise ImportDone(_("This import was confirmed already."))
    return locked


_OUTCOME_KEYS = (*OUTCOMES, "not_in_files", "removed_items", "versions", "new_skills", "skills")


def _same_outcome(preview: dict[str, Any], actual: dict[str, Any]) -> bool:
    return all(preview.get(key) == actual.get(key) for key in _OUTCOME_KEYS)


def pending_import_confirm(*, pending: PendingImport, by: AbstractBaseUser) -> ImportReport:
    """Import the stored files for real, once, if the matrix is still as the
    preview saw it; raises ``ImportStale`` (nothing written) if not, and
    ``ImportDone`` for a second confirmation."""
    _check_admin(by)
    with transaction.atomic():
        # Locked (a write lock on SQLite) until the import commits: a second
        # confirmation waits, then finds it done.
        locked = _lock_unconfirmed(pending, by)
        bundle = parse_upload(
            pending_import_files(locked), max_bytes=settings.MATRIX_IMPORT_MAX_BYTES
        )
        # Lock the skills the files name so an in-app edit cannot slip in
        # between the check and the import (PostgreSQL; SQLite locks it all).
        list(
            Skill.objects.select_for_update()
            .filter(slug__in=[spec.slug for spec in bundle.skills])
            .values_list("pk", flat=True)
        )
        before = locked.state
        # Re-computed with the preview's own list of affected skills.
        now = matrix_state(bundle=bundle, report=report_from_json(locked.preview))
        if changes := state_changes(before, now):
            raise ImportStale(changes)
        report = matrix_import(bundle=bundle, prune=locked.prune, dry_run=False, by=by)
        result = report_to_json(report, names=_names(bundle), files=locked.preview.get("files", []))
        if not _same_outcome(locked.preview, result):
            # Something no version records changed (a database edited by hand).
            raise ImportStale([_("the import would now do something else than the preview")])
        locked.confirmed_at = timezone.now()
        locked.result = result
        locked.save(update_fields=["confirmed_at", "result"])
        # The files were needed only until now.
        PendingImportFile.objects.filter(pending=locked).delete()
    logger.info("matrix_import_confirmed", extra={"pending_import": str(locked.pk)})
    return report


def pending_import_cancel(*, pending: PendingImport, by: AbstractBaseUser) -> None:
    _check_admin(by)
    with transaction.atomic():
        locked = _lock_unconfirmed(pending, by)
        locked.delete()


def pending_imports_expire() -> int:
    """Delete uploads older than MATRIX_PENDING_IMPORT_HOURS (confirmed or not)."""
    deleted, _by_model = PendingImport.objects.filter(created_at__lt=_expiry_cutoff()).delete()
    return deleted
