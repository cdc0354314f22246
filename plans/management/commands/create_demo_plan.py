from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessments.models import Assessment, CriterionRating
from assessments.rules import Rating
from plans.models import PlanItem
from plans.services import plan_comment_post, plan_item_create

# What alice (and bob, for her) plan to do about the first criteria her
# latest PyTorch snapshot does not meet yet: (who, action) in their order.
PLAN = [
    ("alice", "Move the churn model to torch.compile and write up the graph breaks I fix."),
    ("bob", "Pair with Dan on the distributed trainer for two weeks."),
    ("alice", "Draft a one-page proposal for where we invest in deep learning next year."),
]
BOB_COMMENT = "Happy to free two Fridays for this; tell me when you are ready."
ALICE_REPLY = "Thanks! Aiming for the second half of next month."


class Command(BaseCommand):
    help = (
        "Give alice a growth plan (two items of her own, one suggested by bob with a "
        "comment each way, one met by a later snapshot). Only with DEBUG on; run after "
        "create_demo_users. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("refusing to create demo content with DEBUG off")
        alice = User.objects.filter(username="alice").first()
        bob = User.objects.filter(username="bob").first()
        if alice is None or bob is None:
            self.stdout.write("  (no demo users: run create_demo_users first)")
            return
        if PlanItem.objects.of(alice).exists():
            return
        snapshots = list(
            Assessment.objects.of(alice)
            .submitted()
            .filter(skill__slug="pytorch")
            .order_by("submitted_at")
        )
        if not snapshots:
            self.stdout.write("  (alice has no PyTorch snapshot: no demo plan)")
            return
        latest = snapshots[-1]
        unmet = [
            row.criterion
            for row in CriterionRating.objects.filter(assessment=latest, criterion__isnull=False)
            .select_related("criterion")
            .order_by("frozen_level", "frozen_position")
            if row.criterion is not None and (row.value or 0) < Rating.MEETS
        ]
        target = timezone.localdate() + dt.timedelta(days=60)
        people = {"alice": alice, "bob": bob}
        with transaction.atomic():
            for n, (criterion, (who, action)) in enumerate(zip(unmet, PLAN, strict=False)):
                item = plan_item_create(
                    engineer=alice,
                    criterion=criterion,
                    action=action,
                    target_date=target + dt.timedelta(days=30 * n),
                    snapshot=latest,
                    by=people[who],
                )
                if who == "bob":
                    plan_comment_post(item=item, by=bob, body=BOB_COMMENT)
                    plan_comment_post(item=item, by=alice, body=ALICE_REPLY)
            self._met_earlier(alice, snapshots)
        self.stdout.write(f"  alice: a growth plan of {PlanItem.objects.of(alice).count()} items")

    def _met_earlier(self, alice: User, snapshots: list[Assessment]) -> None:
        """An item from her first snapshot that her second one met, so the
        plan (and My progress) show something done."""
        if len(snapshots) < 2:
            return
        first, second = snapshots[0], snapshots[1]
        before = {
            row.criterion_id: row.value
            for row in CriterionRating.objects.filter(assessment=first, criterion__isnull=False)
        }
        row = (
            CriterionRating.objects.filter(
                assessment=second, criterion__isnull=False, value__gte=Rating.MEETS
            )
            .select_related("criterion")
            .order_by("frozen_level", "frozen_position")
            .filter(criterion_id__in=[k for k, v in before.items() if (v or 0) < Rating.MEETS])
            .first()
        )
        if row is None or row.criterion is None:
            return
        item = plan_item_create(
            engineer=alice,
            criterion=row.criterion,
            action="Take the PyTorch performance tutorial and apply it to the churn model.",
            target_date=timezone.localdate(),
            snapshot=first,
            by=alice,
        )
        # Backdated like alice's snapshots: made after the first, met by the second.
        PlanItem.objects.filter(pk=item.pk).update(
            created_at=first.submitted_at,
            target_date=(first.submitted_at or timezone.now()).date() + dt.timedelta(days=90),
            status=PlanItem.Status.DONE,
            done_at=second.submitted_at,
            done_by=second,
        )
