from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Team, User
from cycles.models import Cycle, today
from cycles.services import cycle_create
from skills.models import Skill


def next_quarter(day: dt.date) -> tuple[int, int]:
    """(year, quarter) of the quarter after the one ``day`` is in."""
    quarter = (day.month - 1) // 3 + 1
    return (day.year + 1, 1) if quarter == 4 else (day.year, quarter + 1)


class Command(BaseCommand):
    help = (
        "Open a PyTorch cycle for ML Platform named after the next quarter (self-assessments "
        "due in three weeks, reviews two weeks later), so the cycle pages are never empty. "
        "Only with DEBUG on; run after create_demo_users. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("refusing to create demo content with DEBUG off")
        skill = Skill.objects.filter(slug="pytorch").first()
        team = Team.objects.filter(slug="ml-platform").first()
        carol = User.objects.filter(username="carol").first()
        if skill is None or team is None or carol is None:
            self.stdout.write("  (no PyTorch matrix, ML Platform team or carol: no demo cycle)")
            return
        start = today()
        year, quarter = next_quarter(start)
        name = f"PyTorch Q{quarter} {year}"
        if Cycle.objects.open_or_scheduled().filter(skill=skill, teams=team).exists():
            self.stdout.write("  cycle: an open PyTorch cycle for ML Platform exists already")
            return
        cycle = cycle_create(
            by=carol,
            name=name,
            skill=skill,
            teams=[team],
            everyone=False,
            opens_on=start,
            self_due=start + dt.timedelta(days=21),
            review_due=start + dt.timedelta(days=35),
        )
        self.stdout.write(f"  cycle: {cycle.name} for ML Platform, open at /cycles/{cycle.pk}/")
