from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from inventory.services import skill_visibility_set
from skills.models import Skill

# Demo people who let colleagues find them by PyTorch in "Who knows X".
OPTED_IN = ["alice", "dan"]


class Command(BaseCommand):
    help = (
        "Let alice and dan be found by PyTorch in “Who knows X”. Only with DEBUG on; "
        "run after create_demo_users. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("refusing to create demo content with DEBUG off")
        skill = Skill.objects.filter(slug="pytorch").first()
        if skill is None:
            self.stdout.write("  (no PyTorch skill: import fixtures/ first)")
            return
        for person in User.objects.filter(username__in=OPTED_IN, is_active=True):
            skill_visibility_set(person=person, skill=skill, visible=True)
            self.stdout.write(f"  {person.username} can be found by {skill.name}")
