from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from skills.matrix_yaml import MatrixError
from skills.models import Skill
from skills.services import KINDS, ImportReport, matrix_import
from skills.sources import SUFFIXES, parse_paths


class Command(BaseCommand):
    help = (
        "Import levels, roles and skills from YAML files, spreadsheets (.xlsx, .csv) "
        "or folders of them (format: docs/fixtures.md). Validates everything before "
        "writing, in one transaction; running it twice changes nothing the second time."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="YAML, XLSX or CSV files, or folders"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change; write nothing"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="import only into a database with no skills yet (first install); once "
            "curators edit in the app, the database is the source of truth",
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help="delete skill content that is in the database but not in the files",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Skill.objects.exists():
            self.stdout.write("skills exist already: nothing imported (--if-empty)")
            return
        files = collect_files(options["paths"])
        try:
            bundle = parse_paths(files, max_bytes=settings.MATRIX_IMPORT_MAX_BYTES)
            report = matrix_import(
                bundle=bundle, prune=options["prune"], dry_run=options["dry_run"]
            )
        except MatrixError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"import failed with {len(exc.problems)} problem(s); nothing was written"
            ) from None
        self.print_report(report)

    def print_report(self, report: ImportReport) -> None:
        width = max(len(kind) for kind in KINDS)
        self.stdout.write(f"{'':{width}}  created  updated  unchanged  removed")
        for kind in KINDS:
            self.stdout.write(
                f"{kind:{width}}  {report.created[kind]:7}  {report.updated[kind]:7}  "
                f"{report.unchanged[kind]:9}  {report.removed[kind]:7}"
            )
        totals = (
            f"{sum(report.created.values())} created, {sum(report.updated.values())} updated, "
            f"{sum(report.unchanged.values())} unchanged, {sum(report.removed.values())} removed"
        )
        self.stdout.write(totals)
        for slug, (before, after) in sorted(report.versions.items()):
            if before:
                self.stdout.write(f"skill {slug}: version {before} -> {after}")
            else:
                self.stdout.write(f"skill {slug}: new, version {after}")
        for label in report.removed_items:
            self.stdout.write(f"removed: {label}")
        if report.not_in_files:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(report.not_in_files)} item(s) are in the database but not in the "
                    "files; they were kept (use --prune to delete them):"
                )
            )
            for label in report.not_in_files:
                self.stdout.write(f"  kept: {label}")
        if report.dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))


def collect_files(raw_paths: list[str]) -> list[tuple[Path, str]]:
    """Expand folders to the YAML and spreadsheet files inside them, in a stable
    order."""
    files: list[tuple[Path, str]] = []
    seen: set[Path] = set()

    def add(path: Path, name: str) -> None:
        # The same file named twice (directly and through its folder) counts once.
        if path.resolve() not in seen:
            seen.add(path.resolve())
            files.append((path, name))

    for raw in raw_paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.casefold() in SUFFIXES)
            if not found:
                raise CommandError(f"{raw}: the folder holds no .yaml, .yml, .xlsx or .csv files")
            for p in found:
                add(p, str(p))
        elif path.exists():
            add(path, raw)
        else:
            raise CommandError(f"{raw}: no such file or folder")
    return files
