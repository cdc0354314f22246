from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cycles.services import cycles_tick


class Command(BaseCommand):
    help = (
        "Open the cycles whose day came, send the reminders due and close the cycles past "
        "their review due date (what the worker runs on its schedule). Safe to repeat."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = cycles_tick()
        self.stdout.write(
            "closed {closed}, opened {opened}, reminders sent {reminded}".format(**result)
        )
