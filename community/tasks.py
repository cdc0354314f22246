"""The community's fan-outs, run by the worker. Arguments are ids: the
task table stores them as JSON, and the worker reads the rows as they are
when it runs. (The services are imported in each task: they enqueue these
tasks, so they import this module.)"""

from __future__ import annotations

from django.tasks import task


@task()
def notify_followers(
    *, skill_ids: list[int], by_id: int | None, reason: str, told: list[int]
) -> int:
    """After a change to the matrix committed: tell the followers."""
    from accounts.models import User
    from community.services import followers_notify

    by = User.objects.filter(pk=by_id).first() if by_id is not None else None
    return followers_notify(
        skill_ids=frozenset(skill_ids), by=by, reason=reason, told=frozenset(told)
    )


@task()
def tell_curators(*, proposal_id: int) -> int:
    """After a suggestion committed: tell the curators."""
    from community.models import Proposal
    from community.services import curators_notify

    proposal = Proposal.objects.select_related("proposer").filter(pk=proposal_id).first()
    if proposal is None:  # deleted meanwhile (with its author's account)
        return 0
    return curators_notify(proposal=proposal)
