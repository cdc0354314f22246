from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from skills.export import export_yaml, levels_document, roles_document, skill_document
from skills.models import Skill
from skills.spreadsheet import export_csv, export_xlsx


class Command(BaseCommand):
    help = (
        "Write a skill's matrix (or the levels or roles) in the import format: YAML, "
        "or a skill as a spreadsheet (xlsx, csv). The output re-imports to the "
        "identical state."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("skill", nargs="?", metavar="SKILL", help="skill slug, e.g. pytorch")
        what.add_argument("--levels", action="store_true", help="export the levels")
        what.add_argument("--roles", action="store_true", help="export the roles")
        parser.add_argument("--output", "-o", metavar="FILE", help="write here, not to stdout")
        parser.add_argument(
            "--format",
            choices=["yaml", "xlsx", "csv"],
            default="yaml",
            help="yaml (the default), or a skill as an XLSX workbook or a CSV file",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        form = options["format"]
        if form != "yaml" and not options["skill"]:
            raise CommandError("levels and roles are exported as YAML only (--format yaml)")
        if form == "xlsx" and not options["output"]:
            raise CommandError("an XLSX workbook is written to a file: give --output FILE.xlsx")
        if options["levels"]:
            document = levels_document()
        elif options["roles"]:
            document = roles_document()
        else:
            slug = options["skill"]
            skill = Skill.objects.filter(slug=slug).first()
            if skill is None:
                known = ", ".join(Skill.objects.order_by("slug").values_list("slug", flat=True))
                raise CommandError(f'unknown skill "{slug}" (known: {known or "none"})')
            if form == "xlsx":
                self.write(options["output"], export_xlsx([skill]))
                return
            if form == "csv":
                self.write(options["output"], export_csv([skill]))
                return
            document = skill_document(skill)
        text = export_yaml(document)
        if options["output"]:
            self.write(options["output"], text.encode())
        else:
            self.stdout.write(text, ending="")

    def write(self, output: str | None, data: bytes) -> None:
        if output is None:  # CSV on the terminal, without the byte order mark
            self.stdout.write(data.decode("utf-8-sig"), ending="")
            return
        try:
            Path(output).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"{output}: cannot write: {exc.strerror}") from None
