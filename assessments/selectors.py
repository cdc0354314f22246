"""Reads for assessments that pages and the API share, so that both show the
same figures (services.py holds the writes)."""

from __future__ import annotations

from collections.abc import Sequence

from accounts.models import User
from assessments.rules import CriterionState, Summary, live_summary


def career_number(engineer: User) -> int | None:
    """The engineer's career level as a number, from their profile."""
    level = engineer.career_level
    return level.number if level is not None else None


def draft_summary(*, engineer: User, states: Sequence[CriterionState]) -> Summary:
    """A draft's live level and readiness, counted towards the engineer's next
    career step on the role's own ladder: what submitting now would record."""
    return live_summary(states, career_level=career_number(engineer))
