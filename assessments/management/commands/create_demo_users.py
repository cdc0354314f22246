from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Team, User
from assessments.models import Assessment, ManagerReview
from assessments.rules import Rating
from assessments.services import (
    ManagerInput,
    RatingInput,
    assessment_rate,
    assessment_start,
    assessment_submit,
    calibration_mark,
    matrix_criteria,
    review_save,
    review_share,
)
from levels.models import Level
from roles.models import Role
from skills.models import Skill

# (username, first name, password, admin?, role slug, career level, what they are for)
DEMO_USERS = [
    ("alice", "Alice", "alice-demo-2026", False, "ml-engineer", 2, "engineer with a history"),
    ("bob", "Bob", "bob-demo-2026", False, "ml-engineer", 4, "manager of ML Platform"),
    ("carol", "Carol", "carol-demo-2026", True, None, None, "admin: edits the matrix at /admin/"),
    ("mallory", "Mallory", "mallory-demo-2026", False, "data-scientist", 2, "another team"),
    ("dan", "Dan", "dan-demo-2026", False, "ml-engineer", 3, "alice's teammate"),
    ("erin", "Erin", "erin-demo-2026", False, "ml-engineer", 1, "alice's teammate"),
    ("frank", "Frank", "frank-demo-2026", False, "nlp-engineer", 2, "teammate, not assessed yet"),
]
TEAMS = [
    ("ml-platform", "ML Platform", ["bob"], ["alice", "dan", "erin", "frank"]),
    ("data-science", "Data Science", [], ["mallory"]),
]
# One snapshot each for alice's teammates: (username, role, ratings by level).
TEAMMATES = [
    ("dan", "ml-engineer", {1: [3] * 5, 2: [3] * 4, 3: [2, 2, 2, 2], 4: [2, 1, 1, 2]}),
    ("erin", "ml-engineer", {1: [2, 2, 1, 2, 2], 2: [1, 0, 1, 0]}),
]

M, E, L, N = Rating.MEETS, Rating.EXCEEDS, Rating.LEARNING, Rating.NOT_YET
# Alice's three PyTorch snapshots as an ML Engineer: (date, ratings by level).
ALICE_HISTORY: list[tuple[dt.date, dict[int, list[int]]]] = [
    (dt.date(2026, 5, 12), {1: [M, M, M, M, M], 2: [M, L, L, M], 3: [N, N, L, N]}),
    (dt.date(2026, 8, 20), {1: [E, M, M, M, M], 2: [M, M, M, M], 3: [M, L, N, L]}),
    (dt.date(2026, 11, 3), {1: [E, E, M, M, M], 2: [E, M, M, M], 3: [M, M, L, M], 4: [L]}),
]
EVIDENCE = {
    (1, 2): ("Wrote the training loop of the churn model from scratch.", ""),
    (3, 1): (
        "Designed the shared trainer our team uses for every model.",
        "https://pytorch.org/docs/stable/notes/ddp.html",
    ),
}


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo users, print their passwords, and give alice a "
        "history of submitted assessments. Only with DEBUG on."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--list",
            action="store_true",
            help="only print the demo users and their passwords ('make run' shows them last)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "refusing to create demo users with DEBUG off: they have published "
                "passwords and must never exist in production"
            )
        if options["list"]:
            self.list_users()
            return
        roles = {role.slug: role for role in Role.objects.all()}
        levels = Level.objects.by_number()
        for username, first_name, password, is_admin, role, level, _purpose in DEMO_USERS:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "email": f"{username}@example.com",
                    "is_staff": is_admin,
                    "is_superuser": is_admin,
                    "is_active": True,
                    "role": roles.get(role) if role else None,
                    "career_level": levels.get(level) if level else None,
                },
            )
            user.set_password(password)
            user.save(update_fields=["password"])
        self.list_users()
        self.teams()
        self.alice_history(User.objects.get(username="alice"))
        self.bob_review(User.objects.get(username="alice"))
        self.teammates()

    def list_users(self) -> None:
        self.stdout.write("Demo users (local use only):")
        for username, _first, password, _admin, _role, _level, purpose in DEMO_USERS:
            self.stdout.write(f"  {username:8} {password:18} {purpose}")

    def teams(self) -> None:
        for slug, name, managers, members in TEAMS:
            team, _ = Team.objects.get_or_create(slug=slug, defaults={"name": name})
            for role, usernames in (("manager", managers), ("member", members)):
                for username in usernames:
                    Membership.objects.get_or_create(
                        team=team, user=User.objects.get(username=username), defaults={"role": role}
                    )
        self.stdout.write(
            "  teams: ML Platform (bob manages alice, dan, erin, frank), Data Science"
        )

    def teammates(self) -> None:
        skill = Skill.objects.filter(slug="pytorch").first()
        if skill is None:
            return
        for username, role_slug, plan in TEAMMATES:
            user = User.objects.get(username=username)
            role = Role.objects.filter(slug=role_slug).first()
            if role is None or Assessment.objects.of(user).submitted().exists():
                continue
            draft = assessment_start(engineer=user, skill=skill, role=role)
            ratings = {}
            for criterion in matrix_criteria(skill=skill, role=role):
                values = plan.get(criterion.expectation.level.number, [])
                if criterion.position - 1 < len(values):
                    ratings[criterion] = RatingInput(value=values[criterion.position - 1])
            assessment_rate(assessment=draft, ratings=ratings, by=user)
            assessment_submit(assessment=draft, by=user)

    def bob_review(self, alice: User) -> None:
        """Bob's shared review of alice's latest snapshot: he agrees with most
        of it, rates one criterion two steps below her (calibrated, with a
        note) and one above; what her promotion packet shows beside her own."""
        latest = (
            Assessment.objects.of(alice).submitted().filter(skill__slug="pytorch")
            .order_by("-submitted_at").first()
        )  # fmt: skip
        team = Team.objects.filter(slug="ml-platform").first()
        if latest is None or team is None:
            return
        if ManagerReview.objects.filter(assessment=latest, team=team).exists():
            return
        bob = User.objects.get(username="bob")
        rows = list(
            latest.ratings.filter(frozen_level__lte=2, value__isnull=False).order_by(
                "frozen_level", "frozen_position"
            )
        )
        if len(rows) < 3:
            return
        given = {row: ManagerInput(row.value) for row in rows}
        apart, above = rows[1], rows[3 if len(rows) > 3 else 2]
        given[apart] = ManagerInput(
            max(0, (apart.value or 0) - 2),
            "I have not seen this without help yet: pair with Dan on the next model.",
        )
        given[above] = ManagerInput(min(Rating.EXCEEDS, (above.value or 0) + 1))
        with transaction.atomic():
            review_save(
                assessment=latest,
                team=team,
                by=bob,
                ratings=given,
                comment=(
                    "Alice owns our training loop end to end and her checkpoints saved the "
                    "October run. Before Senior: distributed training on a real job."
                ),
            )
            review_share(assessment=latest, team=team, by=bob)
            calibration_mark(
                rating=apart,
                team=team,
                by=bob,
                status="discussed",
                note="Agreed to look again after her next model.",
            )
        self.stdout.write("  bob: a shared review of alice's latest PyTorch assessment")

    def alice_history(self, alice: User) -> None:
        skill = Skill.objects.filter(slug="pytorch").first()
        role = Role.objects.filter(slug="ml-engineer").first()
        if skill is None or role is None:
            self.stdout.write("  (no PyTorch matrix imported: alice gets no history)")
            return
        if Assessment.objects.of(alice).submitted().filter(skill=skill, role=role).exists():
            return
        criteria = matrix_criteria(skill=skill, role=role)
        with transaction.atomic():
            for date, plan in ALICE_HISTORY:
                draft = assessment_start(engineer=alice, skill=skill, role=role)
                ratings = {}
                for criterion in criteria:
                    level = criterion.expectation.level.number
                    values = plan.get(level, [])
                    index = criterion.position - 1
                    if index < len(values):
                        note, link = EVIDENCE.get((level, criterion.position), ("", ""))
                        ratings[criterion] = RatingInput(value=values[index], note=note, link=link)
                assessment_rate(assessment=draft, ratings=ratings, by=alice)
                snapshot = assessment_submit(assessment=draft, by=alice)
                moment = timezone.make_aware(dt.datetime.combine(date, dt.time(10, 0)))
                Assessment.objects.filter(pk=snapshot.pk).update(
                    submitted_at=moment, created_at=moment, updated_at=moment
                )
        self.stdout.write(f"  alice: {len(ALICE_HISTORY)} submitted PyTorch assessments")
