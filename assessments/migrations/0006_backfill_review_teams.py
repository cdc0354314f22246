"""Reviews written before they belonged to a team: give each the first team
(by name) that its reviewer manages and the engineer belongs to; drop the
ones no team can own any more."""

from typing import Any

from django.db import migrations, models


def backfill(apps: Any, schema_editor: Any) -> None:
    ManagerReview = apps.get_model("assessments", "ManagerReview")
    Membership = apps.get_model("accounts", "Membership")
    for review in ManagerReview.objects.filter(team__isnull=True).select_related("assessment"):
        managed = Membership.objects.filter(user_id=review.reviewer_id, role="manager").values(
            "team_id"
        )
        team_id = (
            Membership.objects.filter(
                user_id=review.assessment.engineer_id, role="member", team_id__in=managed
            )
            .order_by("team__name")
            .values_list("team_id", flat=True)
            .first()
        )
        if team_id is None:
            review.delete()
        else:
            review.team_id = team_id
            review.save(update_fields=["team"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_reviews_per_team"),
        ("accounts", "0004_membership_status"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="managerreview",
            name="team",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE,
                related_name="reviews",
                to="accounts.team",
                verbose_name="team",
            ),
        ),
    ]
