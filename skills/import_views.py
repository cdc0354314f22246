"""The in-app import, for admins: upload files, read the preview, confirm or
cancel, see the result. Anonymous people are sent to sign in; signed-in
people who are not admins get a 403; another admin's import is a 404."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from io import BytesIO
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.errors import NotAllowed
from skills.export import export_yaml, skill_document
from skills.forms import ExportForm, ImportForm
from skills.imports import (
    ImportDone,
    ImportStale,
    can_import,
    get_pending_import_for,
    pending_import_cancel,
    pending_import_changes,
    pending_import_confirm,
    pending_import_create,
    pending_import_refresh,
    report_from_json,
)
from skills.matrix_yaml import MatrixError, Problem
from skills.models import PendingImport
from skills.services import KINDS, ImportReport
from skills.spreadsheet import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, export_csv, export_xlsx

View = Callable[..., HttpResponse]


def admin_required(view: View) -> View:
    """Sign-in first; then admins only: the app's 403 page, saying why (an
    expected refusal, so no traceback in the log). Reads no request body."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_import(request.user):
            raise NotAllowed(_("Only admins can import or export the matrix."))
        return view(request, *args, **kwargs)

    return wrapped


class BoundedUploadHandler(FileUploadHandler):
    """Keeps each uploaded file in memory, but never more than ``max_bytes``
    + 1 bytes of it: the rest is read and dropped, and the size sent is
    still reported (``UploadedFile.size``), so the form can refuse it by
    name. Nothing goes to a temporary file."""

    def __init__(self, request: HttpRequest, *, max_bytes: int) -> None:
        super().__init__(request)
        self.max_bytes = max_bytes
        self.buffer = BytesIO()

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        room = self.max_bytes + 1 - self.buffer.tell()
        if room > 0:
            self.buffer.write(raw_data[:room])
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def _form(data: Any = None, files: Any = None) -> ImportForm:
    return ImportForm(
        data,
        files,
        max_files=settings.MATRIX_UPLOAD_MAX_FILES,
        max_bytes=settings.MATRIX_IMPORT_MAX_BYTES,
    )


def _upload_page(
    request: HttpRequest,
    form: ImportForm,
    *,
    problems: list[Problem] | None = None,
    error: str = "",
    export_form: ExportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "export_form": export_form or ExportForm(),
        "error": error,
        "problems": problems or [],
        "max_bytes": settings.MATRIX_IMPORT_MAX_BYTES,
        "max_files": settings.MATRIX_UPLOAD_MAX_FILES,
    }
    return render(request, "skills/import.html", context, status=status)


@csrf_exempt  # checked by _upload, once the upload handler is in place
@require_http_methods(["GET", "POST"])
@admin_required
def upload(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        sent = int(request.META.get("CONTENT_LENGTH") or 0)
        if sent > settings.MATRIX_UPLOAD_MAX_BYTES:
            # Refused unread: the body is not parsed at all.
            refusal = _(
                "The upload is %(size)s; the limit is %(limit)s for all files together."
            ) % {
                "size": filesizeformat(sent),
                "limit": filesizeformat(settings.MATRIX_UPLOAD_MAX_BYTES),
            }
            return _upload_page(request, _form(), error=refusal, status=400)
        request.upload_handlers = [
            BoundedUploadHandler(request, max_bytes=settings.MATRIX_IMPORT_MAX_BYTES)
        ]
    return _upload(request)


@csrf_protect
def _upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _upload_page(request, _form())
    form = _form(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    try:
        pending = pending_import_create(
            files=form.cleaned_data["uploads"],
            prune=form.cleaned_data["prune"],
            by=request.user,  # type: ignore[arg-type]
        )
    except MatrixError as exc:
        return _upload_page(request, form, problems=exc.problems, status=400)
    return redirect("import_preview", pk=pending.pk)


@require_safe
@admin_required
def export(request: HttpRequest) -> HttpResponse:
    """One skill as a file that imports as it is: XLSX (the Skill and
    Criteria sheets), CSV (the criteria) or YAML (everything)."""
    form = ExportForm(request.GET)
    if not form.is_valid():
        return _upload_page(request, _form(), export_form=form, status=400)
    skill = form.cleaned_data["skill"]
    kind = form.cleaned_data["format"]
    if kind == "xlsx":
        response = HttpResponse(export_xlsx([skill]), content_type=XLSX_CONTENT_TYPE)
    elif kind == "csv":
        response = HttpResponse(export_csv([skill]), content_type=CSV_CONTENT_TYPE)
    else:
        response = HttpResponse(
            export_yaml(skill_document(skill)), content_type="application/yaml; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{skill.slug}.{kind}"'
    return response


@dataclass
class KindRow:
    kind: str
    created: int
    updated: int
    unchanged: int
    removed: int


@dataclass
class SkillRow:
    slug: str
    name: str
    before: int
    after: int
    created: int
    updated: int
    unchanged: int
    removed: int
    kept: int
    kinds: list[KindRow]
    removed_items: list[str] = field(default_factory=list)
    not_in_files: list[str] = field(default_factory=list)
    created_items: list[str] = field(default_factory=list)
    updated_items: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.after != self.before

    @property
    def new(self) -> bool:
        return self.before == 0 and self.after > 0


VOCABULARY = ("levels", "roles")


def _rows(report: ImportReport, names: dict[str, str]) -> list[SkillRow]:
    rows: list[SkillRow] = []
    for slug, tally in sorted(report.skills.items(), key=lambda item: names.get(item[0], item[0])):
        before, after = report.versions.get(slug, (None, None))
        rows.append(
            SkillRow(
                slug=slug,
                name=names.get(slug, slug),
                before=before if before is not None else -1,
                after=after if after is not None else -1,
                created=tally.counts("created"),
                updated=tally.counts("updated"),
                unchanged=tally.counts("unchanged"),
                removed=tally.counts("removed"),
                kept=len(tally.not_in_files),
                kinds=[
                    KindRow(
                        kind,
                        tally.created[kind],
                        tally.updated[kind],
                        tally.unchanged[kind],
                        tally.removed[kind],
                    )
                    for kind in KINDS
                    if kind not in VOCABULARY
                ],
                removed_items=tally.removed_items,
                not_in_files=tally.not_in_files,
                # A new skill's every item is new: the counts say enough.
                created_items=[] if before == 0 else tally.created_items,
                updated_items=tally.updated_items,
            )
        )
    return rows


def _preview_page(
    request: HttpRequest,
    pending: PendingImport,
    *,
    error: str = "",
    problems: list[Problem] | None = None,
    stale: bool = False,
    status: int = 200,
) -> HttpResponse:
    done = pending.confirmed_at is not None
    if stale:
        # Only the refusal: a preview that no longer holds is not shown as one.
        context = {"pending": pending, "error": error, "problems": problems or []}
        return render(request, "skills/import_stale.html", context, status=status)
    data = pending.result if done and pending.result is not None else pending.preview
    report = report_from_json(data)
    names: dict[str, str] = data.get("names", {})
    rows = _rows(report, names)
    in_files = set(report.skills)
    # Levels or roles that change bump every skill's version, listed apart.
    others = sorted((slug, pair) for slug, pair in report.versions.items() if slug not in in_files)
    vocabulary = [
        KindRow(
            kind,
            report.created[kind],
            report.updated[kind],
            report.unchanged[kind],
            report.removed[kind],
        )
        for kind in VOCABULARY
        if report.created[kind] + report.updated[kind] + report.unchanged[kind]
    ]
    # Levels and roles belong to no skill: what the files leave out of them
    # is named here, as each skill's is in its own section.
    skill_kept = {label for row in rows for label in row.not_in_files}
    skill_removed = {label for row in rows for label in row.removed_items}
    context = {
        "pending": pending,
        "done": done,
        "vocabulary_kept": [label for label in report.not_in_files if label not in skill_kept],
        "vocabulary_removed": [
            label for label in report.removed_items if label not in skill_removed
        ],
        "files": data.get("files", []),
        "rows": rows,
        "vocabulary": vocabulary,
        "other_versions": others,
        "changed": report.changed,
        "totals": {
            "created": sum(report.created.values()),
            "updated": sum(report.updated.values()),
            "unchanged": sum(report.unchanged.values()),
            "removed": sum(report.removed.values()),
            "kept": len(report.not_in_files),
        },
        "error": error,
        "problems": problems or [],
    }
    return render(request, "skills/import_preview.html", context, status=status)


@require_safe
@admin_required
def preview(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The preview of a pending import, or the result of a confirmed one; a
    preview the matrix has moved away from is shown as refused."""
    pending = get_pending_import_for(request.user, pk)
    if pending.confirmed_at is None and (changes := pending_import_changes(pending)):
        return _preview_page(request, pending, error=ImportStale(changes).message, stale=True)
    return _preview_page(request, pending)


@require_POST
@admin_required
def confirm(request: HttpRequest, pk: UUID) -> HttpResponse:
    pending = get_pending_import_for(request.user, pk)
    try:
        report = pending_import_confirm(pending=pending, by=request.user)  # type: ignore[arg-type]
    except ImportDone as exc:
        messages.info(request, exc.message)
        return redirect("import_preview", pk=pending.pk)
    except ImportStale as exc:
        if pending_import_changes(pending):
            # The preview page finds the same changes and says so: reloading
            # it re-posts nothing.
            return redirect("import_preview", pk=pending.pk)
        return _preview_page(request, pending, error=exc.message, stale=True, status=exc.status)
    except MatrixError as exc:
        # The files no longer fit the matrix (a role they use was deleted).
        return _preview_page(
            request,
            pending,
            error=_("The files no longer fit the matrix, so nothing was imported."),
            problems=exc.problems,
            stale=True,
            status=409,
        )
    if report.changed:
        messages.success(request, _("Imported. This is what changed."))
    else:
        messages.info(request, _("Nothing changed: the matrix already held what the files say."))
    return redirect("import_preview", pk=pending.pk)


@require_POST
@admin_required
def refresh(request: HttpRequest, pk: UUID) -> HttpResponse:
    """A fresh preview of the same files, after a refusal as stale."""
    pending = get_pending_import_for(request.user, pk)
    try:
        pending_import_refresh(pending=pending, by=request.user)  # type: ignore[arg-type]
    except ImportDone as exc:
        messages.info(request, exc.message)
    except MatrixError as exc:
        return _preview_page(
            request,
            pending,
            error=_("The files no longer fit the matrix, so there is no fresh preview."),
            problems=exc.problems,
            stale=True,
            status=409,
        )
    else:
        messages.info(request, _("A fresh preview against the matrix as it is now."))
    return redirect("import_preview", pk=pending.pk)


@require_POST
@admin_required
def cancel(request: HttpRequest, pk: UUID) -> HttpResponse:
    pending = get_pending_import_for(request.user, pk)
    try:
        pending_import_cancel(pending=pending, by=request.user)  # type: ignore[arg-type]
    except ImportDone as exc:
        messages.info(request, exc.message)
        return redirect("import_preview", pk=pending.pk)
    messages.info(request, _("Import cancelled; nothing was written."))
    return redirect("import_upload")
