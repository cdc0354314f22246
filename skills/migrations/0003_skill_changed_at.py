import django.utils.timezone
from django.db import migrations, models
from django.db.models import Max


def backfill(apps, schema_editor):
    """The latest change the history knows of, for skills that exist already."""
    Skill = apps.get_model("skills", "Skill")
    histories = [
        (apps.get_model("skills", "HistoricalSkill"), "id"),
        (apps.get_model("skills", "HistoricalExpectation"), "skill_id"),
        (apps.get_model("skills", "HistoricalSkillLevel"), "skill_id"),
    ]
    for skill in Skill.objects.all():
        dates = [
            model.objects.filter(**{field: skill.pk}).aggregate(last=Max("history_date"))["last"]
            for model, field in histories
        ]
        known = [d for d in dates if d is not None]
        if known:
            Skill.objects.filter(pk=skill.pk).update(changed_at=max(known))


class Migration(migrations.Migration):
    dependencies = [
        ("skills", "0002_validators_and_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="skill",
            name="changed_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="last changed"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
