from __future__ import annotations

import json
from argparse import ArgumentParser
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch

from assessments.models import Assessment, CriterionRating, ManagerRating, ManagerReview


def assessment_records(*, submitted_only: bool) -> Iterator[dict[str, Any]]:
    """Every assessment as plain data keyed by names (username, skill and role
    slugs, criterion keys), so the record reads without this database."""
    rows = (
        Assessment.objects.select_related("engineer", "skill", "role")
        .prefetch_related(
            Prefetch(
                "ratings",
                queryset=CriterionRating.objects.select_related("criterion").order_by(
                    "frozen_level", "frozen_position", "pk"
                ),
            ),
            Prefetch(
                "reviews",
                queryset=ManagerReview.objects.select_related("team", "reviewer").prefetch_related(
                    Prefetch("ratings", queryset=ManagerRating.objects.select_related("rating"))
                ),
            ),
        )
        .order_by("engineer__username", "created_at", "pk")
    )
    if submitted_only:
        rows = rows.filter(status=Assessment.Status.SUBMITTED)
    for a in rows.iterator(chunk_size=500):
        yield {
            "id": a.pk,
            "engineer": a.engineer.username,
            "skill": a.skill.slug,
            "role": a.role.slug,
            "status": a.status,
            "matrix_version": a.matrix_version,
            "level_reached": a.level_reached,
            "target_level": a.target_level,
            "created_at": a.created_at.isoformat(),
            "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
            "ratings": [
                {
                    "criterion": r.frozen_key or (r.criterion.key if r.criterion else None),
                    "text": r.frozen_text or (r.criterion.text if r.criterion else ""),
                    "level": r.frozen_level,
                    "required": r.frozen_required,
                    "value": r.value,
                    "note": r.note,
                    "link": r.link,
                }
                for r in a.ratings.all()
            ],
            "reviews": [
                {
                    "team": review.team.slug,
                    "reviewer": review.reviewer.username if review.reviewer else None,
                    "comment": review.comment,
                    "shared_at": review.shared_at.isoformat() if review.shared_at else None,
                    "ratings": [
                        {
                            "criterion": m.rating.frozen_key,
                            "value": m.value,
                            "comment": m.comment,
                        }
                        for m in review.ratings.all()
                    ],
                }
                for review in a.reviews.all()
            ],
        }


class Command(BaseCommand):
    help = (
        "Write every assessment (ratings, evidence, managers' reviews) as JSON Lines, "
        "one assessment per line, keyed by usernames, slugs and criterion keys: a "
        "portable record beside the database backup (see docs/operations.md)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--output", "-o", metavar="FILE", help="write here, not to stdout")
        parser.add_argument(
            "--submitted", action="store_true", help="only submitted snapshots, not drafts"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        records = assessment_records(submitted_only=options["submitted"])
        if not options["output"]:
            for record in records:
                self.stdout.write(json.dumps(record, ensure_ascii=False))
            return
        path = Path(options["output"])
        partial = path.with_name(path.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8") as out:
                count = 0
                for record in records:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    count += 1
            partial.replace(path)  # never a half-written file under the real name
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(f"cannot write {path}: {exc.strerror}") from None
        self.stderr.write(f"{count} assessments written to {path}")
