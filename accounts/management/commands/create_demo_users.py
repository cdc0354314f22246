from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User

# (username, first name, password, is_staff/superuser, what they are for)
DEMO_USERS = [
    ("alice", "Alice", "alice-demo-2026", False, "engineer"),
    ("bob", "Bob", "bob-demo-2026", False, "Alice's manager"),
    ("carol", "Carol", "carol-demo-2026", True, "admin: edits the matrix at /admin/"),
    ("mallory", "Mallory", "mallory-demo-2026", False, "engineer on another team"),
]


class Command(BaseCommand):
    help = "Create (or reset) the demo users and print their passwords. Only with DEBUG on."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "refusing to create demo users with DEBUG off: they have published "
                "passwords and must never exist in production"
            )
        self.stdout.write("Demo users (local use only):")
        for username, first_name, password, is_admin, purpose in DEMO_USERS:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "email": f"{username}@example.com",
                    "is_staff": is_admin,
                    "is_superuser": is_admin,
                    "is_active": True,
                },
            )
            user.set_password(password)
            user.save(update_fields=["password"])
            self.stdout.write(f"  {username:8} {password:18} {purpose}")
