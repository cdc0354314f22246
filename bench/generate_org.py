"""Generate a large organisation for the benchmarks: engineers in teams, each
with a submitted PyTorch snapshot (and two older ones), some reviewed.

    python bench/generate_org.py --engineers 10000 --teams 500 --manager bench

Needs the shipped matrix imported. Uses bulk inserts (no history, no
services): it builds data to measure reads, not to exercise writes. The user
named by --manager manages team-000 and the 1,000-member team "big".
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillsmatrix.settings")

import django

django.setup()

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Team, User
from assessments.models import (
    Assessment,
    CriterionRating,
    ManagerRating,
    ManagerReview,
)
from assessments.rules import CriterionState, ladder, level_reached, promotion_target, readiness
from roles.models import Role
from skills.models import Criterion, Skill

BATCH = 5000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engineers", type=int, default=10_000)
    parser.add_argument("--teams", type=int, default=500)
    parser.add_argument("--manager", default="bench")
    parser.add_argument(
        "--grid-skills",
        type=int,
        default=19,
        help="generated skills (skill-000, …) the big team has also assessed, for the "
        "team-across-skills grid: 1,000 people x (PyTorch + these)",
    )
    args = parser.parse_args()
    rng = random.Random(2026)
    skill = Skill.objects.get(slug="pytorch")
    roles = list(Role.objects.order_by("slug"))
    criteria = {
        role.pk: list(
            Criterion.objects.filter(expectation__skill=skill, expectation__role=role)
            .select_related("expectation__level")
            .order_by("expectation__level__number", "position")
        )
        for role in roles
    }
    now = timezone.now()
    with transaction.atomic():
        manager = User.objects.get(username=args.manager)
        users = User.objects.bulk_create(
            (
                User(
                    username=f"eng-{i:05}",
                    first_name=f"Engineer {i:05}",
                    password="!",
                    role=roles[i % len(roles)],
                )
                for i in range(args.engineers)
            ),
            batch_size=BATCH,
        )
        teams = Team.objects.bulk_create(
            Team(slug=f"team-{t:03}", name=f"Team {t:03}") for t in range(args.teams)
        )
        big = Team.objects.create(slug="big", name="Big team")
        memberships = [
            Membership(team=teams[i % args.teams], user=u, role="member")
            for i, u in enumerate(users)
        ]
        memberships += [Membership(team=big, user=u, role="member") for u in users[:1000]]
        memberships += [
            Membership(team=teams[0], user=manager, role="manager"),
            Membership(team=big, user=manager, role="manager"),
        ]
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        team_of = {u.pk: teams[i % args.teams] for i, u in enumerate(users)}

        latest: list[Assessment] = []
        rows: list[CriterionRating] = []
        older: list[Assessment] = []
        for i, user in enumerate(users):
            role = roles[i % len(roles)]
            skill_of_user = rng.uniform(0.5, 4.5)
            values = {
                c.pk: max(
                    0, min(3, round(rng.gauss(skill_of_user - c.expectation.level.number + 1.5, 1)))
                )
                for c in criteria[role.pk]
            }
            states = [
                CriterionState(
                    c.key, c.expectation.level.number, c.expectation.required, values[c.pk]
                )
                for c in criteria[role.pk]
            ]
            reached = level_reached(states)
            target = promotion_target(reached=reached, career_level=None, levels=ladder(states))
            ready = readiness(states, target=target)
            assessment = Assessment(
                engineer=user, skill=skill, role=role, status="submitted",
                submitted_at=now - dt.timedelta(days=rng.randint(1, 20)),
                matrix_version=skill.version, level_reached=reached, target_level=target,
                required_met=ready.required_met, required_total=ready.required_total,
                optional_met=ready.optional_met, optional_total=ready.optional_total,
                criteria_met=sum(s.met for s in states), criteria_total=len(states),
            )  # fmt: skip
            latest.append(assessment)
            for months in (4, 8):
                older.append(
                    Assessment(
                        engineer=user,
                        skill=skill,
                        role=role,
                        status="submitted",
                        submitted_at=now - dt.timedelta(days=30 * months),
                        level_reached=max(0, reached - months // 4),
                        target_level=target,
                    )
                )
        Assessment.objects.bulk_create(older, batch_size=BATCH)
        Assessment.objects.bulk_create(latest, batch_size=BATCH)
        for assessment in latest:
            for c in criteria[assessment.role_id]:
                rows.append(
                    CriterionRating(
                        assessment=assessment,
                        criterion=c,
                        value=max(
                            0,
                            min(
                                3,
                                (assessment.level_reached or 0)
                                + 2
                                - c.expectation.level.number
                                + rng.choice((-1, 0, 0, 1)),
                            ),
                        ),
                        frozen_key=c.key,
                        frozen_text=c.text,
                        frozen_level=c.expectation.level.number,
                        frozen_required=c.expectation.required,
                        frozen_position=c.position,
                    )
                )
        CriterionRating.objects.bulk_create(rows, batch_size=BATCH)
        reviewed = latest[::5]
        reviews = ManagerReview.objects.bulk_create(
            (
                ManagerReview(
                    assessment=a,
                    team=team_of[a.engineer_id],
                    reviewer=manager,
                    shared_at=now,
                )
                for a in reviewed
            ),
            batch_size=BATCH,
        )
        by_assessment = {r.assessment_id: r for r in reviews}
        ManagerRating.objects.bulk_create(
            (
                ManagerRating(
                    review=by_assessment[row.assessment_id],
                    rating=row,
                    value=max(0, min(3, (row.value or 0) + rng.choice((-2, -1, 0, 0, 1)))),
                )
                for row in rows
                if row.assessment_id in by_assessment
            ),
            batch_size=BATCH,
        )  # fmt: skip
        # The big team across skills: each member also has a snapshot (and an
        # older one) of each of the generated skills; the grid reads only the
        # figures frozen on snapshots, so no ratings are needed.
        grid_skills = list(Skill.objects.filter(slug__startswith="skill-").order_by("slug"))
        grid_skills = grid_skills[: args.grid_skills]
        across = [
            Assessment(
                engineer=user, skill=other, role=user.role, status="submitted",
                submitted_at=now - dt.timedelta(days=days), level_reached=rng.randint(0, 5),
                target_level=None, required_met=0, required_total=0,
            )
            for user in users[:1000]
            for other in grid_skills
            for days in (rng.randint(1, 20), rng.randint(100, 200))
        ]  # fmt: skip
        Assessment.objects.bulk_create(across, batch_size=BATCH)
    print(
        f"{args.engineers} engineers in {args.teams} teams (+ a team of 1,000), "
        f"{len(latest) + len(older)} snapshots, {len(rows)} criterion ratings, "
        f"{len(reviews)} reviews; the team of 1,000 across {len(grid_skills) + 1} skills "
        f"({len(across)} more snapshots)"
    )


if __name__ == "__main__":
    main()
