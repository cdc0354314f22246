from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from skills.export import export_yaml, levels_document, roles_document, skill_document
from skills.models import Skill


class Command(BaseCommand):
    help = (
        "Write a skill's matrix (or the levels or roles) as YAML in the import "
        "format. The output re-imports to the identical state."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("skill", nargs="?", metavar="SKILL", help="skill slug, e.g. pytorch")
        what.add_argument("--levels", action="store_true", help="export the levels")
        what.add_argument("--roles", action="store_true", help="export the roles")
        parser.add_argument("--output", "-o", metavar="FILE", help="write here, not to stdout")

    def handle(self, *args: Any, **options: Any) -> None:
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
            document = skill_document(skill)
        text = export_yaml(document)
        if options["output"]:
            try:
                Path(options["output"]).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"{options['output']}: cannot write: {exc.strerror}") from None
        else:
            self.stdout.write(text, ending="")
