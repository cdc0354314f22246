"""Snapshots submitted before readiness had a target: aim them at the level
after the one they reached and recount readiness up to it from their frozen
ratings (their career level at the time is unknown)."""

from typing import Any

from django.db import migrations


def backfill(apps: Any, schema_editor: Any) -> None:
    from assessments.rules import CriterionState, readiness

    Assessment = apps.get_model("assessments", "Assessment")
    CriterionRating = apps.get_model("assessments", "CriterionRating")
    for snapshot in Assessment.objects.filter(status="submitted", target_level__isnull=True):
        reached = snapshot.level_reached or 0
        if reached >= 5:
            continue
        states = [
            CriterionState(r.frozen_key, r.frozen_level, bool(r.frozen_required), r.value)
            for r in CriterionRating.objects.filter(
                assessment=snapshot, frozen_level__isnull=False
            )
        ]
        result = readiness(states, target=reached + 1)
        snapshot.target_level = reached + 1
        snapshot.required_met = result.required_met
        snapshot.required_total = result.required_total
        snapshot.optional_met = result.optional_met
        snapshot.optional_total = result.optional_total
        snapshot.save(
            update_fields=[
                "target_level", "required_met", "required_total", "optional_met", "optional_total",
            ]
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_career_and_target_level")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
