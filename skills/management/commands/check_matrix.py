from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from skills.management.commands.import_matrix import collect_files
from skills.matrix_yaml import MatrixError
from skills.models import Skill
from skills.sources import parse_paths
from skills.staleness import Finding, database_findings, find_stale, record_from_spec


class Command(BaseCommand):
    help = (
        "List what in the matrix is out of date: criteria and links naming a watched "
        "API term without being marked deprecated or naming its successor, cells not "
        "reviewed for more than --months, links to documentation that moved. Checks "
        "YAML files (without importing them) or, with no paths, the database. Exits "
        "with status 1 when it finds something."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "paths", nargs="*", metavar="PATH", help="YAML files or folders (default: the database)"
        )
        parser.add_argument(
            "--months",
            type=int,
            default=settings.MATRIX_REVIEW_MONTHS,
            help="a cell reviewed longer ago than this is stale (default: %(default)s)",
        )
        parser.add_argument("--skill", action="append", metavar="SLUG", help="only this skill")

    def handle(self, *args: Any, **options: Any) -> None:
        months: int = options["months"]
        if months < 1:
            raise CommandError(f"--months must be at least 1, got {months}")
        today = timezone.localdate()
        wanted: list[str] | None = options["skill"]
        findings: list[Finding] = []
        if options["paths"]:
            files = collect_files(options["paths"])
            try:
                bundle = parse_paths(files, max_bytes=settings.MATRIX_IMPORT_MAX_BYTES)
            except MatrixError as exc:
                for problem in exc.problems:
                    self.stderr.write(str(problem))
                raise CommandError(f"the files have {len(exc.problems)} problem(s)") from None
            specs = [s for s in bundle.skills if wanted is None or s.slug in wanted]
            checked = len(specs)
            for spec in specs:
                findings.extend(find_stale(record_from_spec(spec), today=today, months=months))
        else:
            skills = Skill.objects.order_by("slug")
            if wanted is not None:
                skills = skills.filter(slug__in=wanted)
            chosen = list(skills)
            checked = len(chosen)
            findings = database_findings(today=today, months=months, skills=chosen)
        if wanted is not None and checked < len(set(wanted)):
            raise CommandError(f"no such skill among: {', '.join(sorted(set(wanted)))}")
        for finding in findings:
            self.stdout.write(f"{finding.kind}: {finding}")
        summary = f"{checked} skill(s) checked, {len(findings)} finding(s)"
        if findings:
            raise CommandError(summary)
        self.stdout.write(summary)
