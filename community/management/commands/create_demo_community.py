from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from community.models import Comment, Follow, Proposal
from community.services import CURATORS_GROUP, proposal_create
from community.targets import target_for
from skills.models import Skill

COMMENTS = [
    ("dan", "Is torch.compile worth learning at Middle, or is it a Senior topic?"),
    (
        "alice",
        "We met it at Middle on the churn model: most of the work was reading graph "
        "breaks. The tutorial at https://docs.pytorch.org/docs/stable/torch.compiler.html helped.",
    ),
]


class Command(BaseCommand):
    help = (
        "Give the demo users a community: carol curates, alice follows PyTorch and "
        "has one suggestion waiting, dan and alice discuss. Only with DEBUG on; "
        "run after create_demo_users. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("refusing to create demo content with DEBUG off")
        skill = Skill.objects.filter(slug="pytorch").first()
        people = {
            u.username: u for u in User.objects.filter(username__in=["alice", "carol", "dan"])
        }
        if skill is None or len(people) < 3:
            self.stdout.write("  (no PyTorch matrix or demo users: no community demo)")
            return
        with transaction.atomic():
            Group.objects.get(name=CURATORS_GROUP).user_set.add(people["carol"])
            Follow.objects.get_or_create(user=people["alice"], skill=skill)
            if not Comment.objects.visible().filter(skill=skill).exists():
                for username, body in COMMENTS:
                    Comment.objects.create(skill=skill, author=people[username], body=body)
            if not Proposal.objects.filter(skill=skill, proposer=people["alice"]).exists():
                target = target_for(skill, 2, "ml-engineer")
                content = target.content()
                criteria = list(content["criteria"])
                criteria.append(
                    "Finds the cause of a shape or device mismatch from the traceback alone."
                )
                proposal_create(
                    target=target,
                    proposed={**content, "criteria": criteria},
                    rationale=(
                        "Reading tracebacks is most of the job at this level and the "
                        "criteria do not mention it."
                    ),
                    by=people["alice"],
                )
        self.stdout.write(
            "  community: carol curates (Curators group), alice follows PyTorch and has "
            "a suggestion waiting at /proposals/"
        )
