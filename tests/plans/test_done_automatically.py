"""An item is done when a later snapshot rates its criterion "meets" or
better, atomically with the submission."""

from __future__ import annotations

import pytest

from accounts.models import User
from assessments.models import Assessment
from assessments.services import RatingInput, assessment_rate, assessment_start, assessment_submit
from assessments.signals import snapshot_submitted
from plans.models import PlanItem
from plans.services import plan_item_create
from skills.models import Criterion
from tests.plans.conftest import add_item, in_days

pytestmark = pytest.mark.django_db


def submit_rating(
    alice: User, snapshot: Assessment, criterion: Criterion, value: int
) -> Assessment:
    draft = assessment_start(engineer=alice, skill=snapshot.skill, role=snapshot.role)
    assessment_rate(assessment=draft, ratings={criterion: RatingInput(value=value)}, by=alice)
    return assessment_submit(assessment=draft, by=alice)


@pytest.mark.parametrize("value", [2, 3])
def test_a_later_snapshot_that_meets_the_criterion_marks_the_item_done(
    alice: User, snapshot: Assessment, missing: list[Criterion], value: int
) -> None:
    met, other = add_item(snapshot, missing[0]), add_item(snapshot, missing[1])
    later = submit_rating(alice, snapshot, missing[0], value)
    met.refresh_from_db()
    other.refresh_from_db()
    assert (met.status, met.done_by, met.done_at) == ("done", later, later.submitted_at)
    assert other.status == "open"  # still "learning" in the later snapshot


def test_learning_is_not_enough(alice: User, snapshot: Assessment, item: PlanItem) -> None:
    submit_rating(alice, snapshot, item.criterion, 1)  # type: ignore[arg-type]
    item.refresh_from_db()
    assert item.status == "open"
    assert item.done_by is None


def test_an_earlier_snapshot_that_met_it_does_not_count(
    alice: User, snapshot: Assessment, missing: list[Criterion]
) -> None:
    """Met in a snapshot submitted before the item was made: the item waits
    for the next one."""
    first_met = submit_rating(alice, snapshot, missing[2], 2)
    item = plan_item_create(
        engineer=alice, criterion=missing[2], action="Keep it up", target_date=in_days(9), by=alice
    )
    assert first_met.submitted_at is not None
    item.refresh_from_db()
    assert item.status == "open"


def test_closed_items_and_other_peoples_snapshots_are_left_alone(
    alice: User, bob: User, snapshot: Assessment, missing: list[Criterion]
) -> None:
    closed = add_item(snapshot, missing[0])
    PlanItem.objects.filter(pk=closed.pk).update(
        status="closed", close_note="n", done_at=snapshot.submitted_at
    )
    bob_draft = assessment_start(engineer=bob, skill=snapshot.skill, role=snapshot.role)
    assessment_rate(assessment=bob_draft, ratings={missing[1]: RatingInput(value=3)}, by=bob)
    open_item = add_item(snapshot, missing[1])
    assessment_submit(assessment=bob_draft, by=bob)
    submit_rating(alice, snapshot, missing[0], 3)
    closed.refresh_from_db()
    open_item.refresh_from_db()
    assert (closed.status, closed.done_by) == ("closed", None)
    assert open_item.status == "open"


def test_a_submission_that_fails_leaves_the_item_open(
    alice: User, snapshot: Assessment, item: PlanItem
) -> None:
    """The receiver runs inside the submission's transaction: when a later
    step of the submission fails, neither the snapshot nor the item change."""
    draft = assessment_start(engineer=alice, skill=snapshot.skill, role=snapshot.role)
    assert item.criterion is not None
    assessment_rate(assessment=draft, ratings={item.criterion: RatingInput(value=3)}, by=alice)

    def fail(**kwargs: object) -> None:
        raise RuntimeError("a later step of the submission failed")

    snapshot_submitted.connect(fail, dispatch_uid="test_fail_after_plans")
    try:
        with pytest.raises(RuntimeError):
            assessment_submit(assessment=draft, by=alice)
    finally:
        snapshot_submitted.disconnect(dispatch_uid="test_fail_after_plans")
    item.refresh_from_db()
    draft.refresh_from_db()
    assert (item.status, item.done_by) == ("open", None)
    assert not draft.is_submitted
