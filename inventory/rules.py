"""What the inventory says about one snapshot, as pure functions over the
figures a snapshot froze at submission."""

from __future__ import annotations

from dataclasses import dataclass

TOP, NOTHING_REQUIRED, READY, IN_PROGRESS = "top", "nothing_required", "ready", "in_progress"


@dataclass(frozen=True)
class ReadinessState:
    """Readiness for the snapshot's target level, in one word and two numbers."""

    state: str  # TOP, NOTHING_REQUIRED, READY or IN_PROGRESS
    target_level: int | None
    required_met: int
    required_total: int


def readiness_state(
    *, target_level: int | None, required_met: int | None, required_total: int | None
) -> ReadinessState:
    """From the figures stored on a snapshot: no target means the role's
    ladder in this skill has no level above; a target with no required
    criterion asks nothing; all required criteria met means ready."""
    met, total = required_met or 0, required_total or 0
    if target_level is None:
        return ReadinessState(TOP, None, met, total)
    if total == 0:
        return ReadinessState(NOTHING_REQUIRED, target_level, met, total)
    if met >= total:
        return ReadinessState(READY, target_level, met, total)
    return ReadinessState(IN_PROGRESS, target_level, met, total)


READINESS_STATES = [TOP, NOTHING_REQUIRED, READY, IN_PROGRESS]
