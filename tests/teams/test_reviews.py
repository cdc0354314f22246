"""A manager rates beside the engineer, never averaged, and shares the review;
the engineer then sees it and is notified."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from accounts.models import Notification, User
from assessments.models import Assessment, ManagerRating, ManagerReview
from assessments.services import assessment_start
from roles.models import Role
from skills.models import Skill
from tests.conftest import make_user
from tests.factories import make_team
from tests.html import form_data, visible_text

pytestmark = pytest.mark.django_db


def review_url(a: Assessment) -> str:
    return f"/assessments/{a.pk}/review/"


def level_one(a: Assessment) -> list[int]:
    return list(
        a.ratings.filter(frozen_level=1).order_by("frozen_position").values_list("pk", flat=True)
    )


def test_only_the_engineers_managers_can_review_a_snapshot(
    client: Client, alice_snapshot: Assessment, mallory: User, carol: User, alice: User, bob: User
) -> None:
    dave = make_user("dave")
    make_team("vision", managers=[dave], members=[mallory])
    for person, status in [(bob, 200), (alice, 404), (mallory, 404), (carol, 404), (dave, 404)]:
        client.force_login(person)
        assert client.get(review_url(alice_snapshot)).status_code == status, person
        if status == 404:
            assert client.post(review_url(alice_snapshot), {"share": "1"}).status_code == 404
    assert not ManagerReview.objects.exists()


def test_drafts_cannot_be_reviewed(
    client: Client, bob: User, alice: User, pytorch: Skill, role: Role, team: object
) -> None:
    draft = assessment_start(engineer=alice, skill=pytorch, role=role)
    client.force_login(bob)
    assert client.get(review_url(draft)).status_code == 404
    assert client.get(f"/assessments/{draft.pk}/result/").status_code == 404


def test_a_saved_review_stays_private_until_shared(
    client: Client, bob: User, alice: User, alice_snapshot: Assessment
) -> None:
    client.force_login(bob)
    data = form_data(client.get(review_url(alice_snapshot)), "review-form")
    first, _second = level_one(alice_snapshot)[:2]
    data.update(
        {f"m{first}-value": "1", f"m{first}-comment": "Show me the loop.", "comment": "Good year."}
    )
    response = client.post(review_url(alice_snapshot), data)
    assert response["Location"] == review_url(alice_snapshot) + "?team=ml-platform"

    review = ManagerReview.objects.get(assessment=alice_snapshot)
    assert (review.reviewer, review.comment, review.is_shared) == (bob, "Good year.", False)
    assert ManagerRating.objects.get(review=review).value == 1
    assert "Review by" in visible_text(client.get(f"/assessments/{alice_snapshot.pk}/result/"))

    client.force_login(alice)
    page = visible_text(client.get(f"/assessments/{alice_snapshot.pk}/result/"))
    assert "Review by" not in page
    assert "Show me the loop." not in page
    assert not Notification.objects.exists()


def test_sharing_shows_the_ratings_beside_the_engineers_own_and_notifies_them(
    client: Client,
    bob: User,
    alice: User,
    alice_snapshot: Assessment,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(bob)
    data = form_data(client.get(review_url(alice_snapshot)), "review-form")
    first = level_one(alice_snapshot)[0]
    data.update({f"m{first}-value": "1", f"m{first}-comment": "Show me the loop.", "share": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url(alice_snapshot), data)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.com"]
    assert f"http://127.0.0.1:8000/assessments/{alice_snapshot.pk}/result/" in str(
        mail.outbox[0].body
    )

    client.force_login(alice)
    assert "Notifications 1 unread" in visible_text(client.get("/me/assessments/"))
    notes = visible_text(client.get("/me/notifications/"))
    assert "New bob shared a review of your Pytorch assessment" in notes
    assert "Notifications 1" not in visible_text(client.get("/me/assessments/"))

    page = visible_text(client.get(f"/assessments/{alice_snapshot.pk}/result/"))
    assert "Review by bob" in page
    # Self and manager side by side, never averaged.
    assert "Role 000 L1 #1 Exceeds Learning Show me the loop." in page
    assert "Role 000 L1 #2 Exceeds — " in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("value", "9", "Select a valid choice. 9 is not one of the available choices."),
        ("comment", "x" * 2001, "Ensure this value has at most 2000 characters"),
    ],
)
def test_bad_review_input_is_refused_and_nothing_is_saved(
    client: Client, bob: User, alice_snapshot: Assessment, field: str, value: str, message: str
) -> None:
    client.force_login(bob)
    data = form_data(client.get(review_url(alice_snapshot)), "review-form")
    data[f"m{level_one(alice_snapshot)[0]}-{field}"] = value
    data["share"] = "1"
    response = client.post(review_url(alice_snapshot), data)
    assert response.status_code == 400
    assert message in visible_text(response)
    assert not ManagerReview.objects.exists()
    assert mail.outbox == []


def test_ratings_of_another_assessment_are_refused(
    client: Client, bob: User, alice_snapshot: Assessment, mallory: User, pytorch: Skill, role: Role
) -> None:
    from tests.teams.conftest import snapshot

    foreign = snapshot(mallory, pytorch, role, {1: 2})
    client.force_login(bob)
    data = form_data(client.get(review_url(alice_snapshot)), "review-form")
    data[f"m{level_one(foreign)[0]}-value"] = "3"
    response = client.post(review_url(alice_snapshot), data)
    assert response.status_code == 400
    assert "not part of this assessment" in visible_text(response)
    assert not ManagerRating.objects.exists()


def test_each_team_keeps_its_own_review(
    client: Client, bob: User, alice: User, alice_snapshot: Assessment,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    dave = make_user("dave")
    make_team("research", managers=[dave], members=[alice])
    first = level_one(alice_snapshot)[0]
    client.force_login(bob)
    data = form_data(client.get(review_url(alice_snapshot)), "review-form")
    data.update({f"m{first}-value": "1", "share": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url(alice_snapshot), data)

    # Dave, who manages alice in another team, starts from a blank review and
    # cannot see or overwrite bob's.
    client.force_login(dave)
    page = client.get(review_url(alice_snapshot))
    dave_form = form_data(page, "review-form")
    assert dave_form[f"m{first}-value"] == ""
    assert "Research review" in visible_text(page)
    dave_form[f"m{first}-value"] = "3"
    client.post(review_url(alice_snapshot), dave_form)
    assert "Review by bob" not in visible_text(
        client.get(f"/assessments/{alice_snapshot.pk}/result/")
    )

    assert ManagerReview.objects.count() == 2
    bobs = ManagerReview.objects.get(team__slug="ml-platform")
    assert (bobs.reviewer, bobs.ratings.get().value) == (bob, 1)
    # Alice sees the one shared review only.
    client.force_login(alice)
    seen = visible_text(client.get(f"/assessments/{alice_snapshot.pk}/result/"))
    assert "Review by bob (Ml Platform)" in seen
    assert "Research" not in seen


def test_an_empty_review_cannot_be_shared(
    client: Client, bob: User, alice_snapshot: Assessment
) -> None:
    client.force_login(bob)
    data = form_data(client.get(review_url(alice_snapshot)), "review-form")
    data["share"] = "1"
    response = client.post(review_url(alice_snapshot), data, follow=True)
    assert "Add at least one rating or a comment before sharing the review." in visible_text(
        response
    )
    assert not ManagerReview.objects.filter(shared_at__isnull=False).exists()
    assert not Notification.objects.exists()
