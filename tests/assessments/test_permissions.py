"""Who sees which assessment URL. Drafts: their author only. Snapshots: the
author and admins. Everyone else gets a 404, as if it did not exist; anonymous
visitors are sent to sign in."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from assessments.models import Assessment, CriterionRating
from assessments.services import assessment_start
from roles.models import Role
from tests.assessments.conftest import criteria_of

pytestmark = pytest.mark.django_db


def as_user(client: Client, user: User | None) -> Client:
    if user is not None:
        client.force_login(user)
    return client


def draft_urls(a: Assessment) -> list[tuple[str, str]]:
    criterion = criteria_of(a.skill, a.role)[0]
    return [
        ("get", f"/assessments/{a.pk}/"),
        ("post", f"/assessments/{a.pk}/"),
        ("post", f"/assessments/{a.pk}/criteria/{criterion.pk}/"),
        ("post", f"/assessments/{a.pk}/submit/"),
        ("get", f"/assessments/{a.pk}/result/"),
    ]


@pytest.mark.parametrize("who", ["bob", "carol", "mallory"])
def test_nobody_but_the_author_can_see_or_touch_a_draft(
    client: Client, alice_draft: Assessment, who: str, request: pytest.FixtureRequest
) -> None:
    other: User = request.getfixturevalue(who)
    before = list(CriterionRating.objects.values())
    as_user(client, other)
    for method, url in draft_urls(alice_draft):
        response = getattr(client, method)(url, {"c1-value": "3"})
        assert response.status_code == 404, (who, method, url)
    assert list(CriterionRating.objects.values()) == before
    alice_draft.refresh_from_db()
    assert not alice_draft.is_submitted


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(
    client: Client, alice_draft: Assessment
) -> None:
    urls = [*draft_urls(alice_draft), ("get", "/me/assessments/"), ("get", "/me/progress/"),
            ("post", "/assessments/start/"), ("get", "/accounts/profile/")]  # fmt: skip
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


def test_the_author_can_use_every_draft_url(
    client: Client, alice: User, alice_draft: Assessment
) -> None:
    as_user(client, alice)
    assert client.get(f"/assessments/{alice_draft.pk}/").status_code == 200
    # The result page of a draft sends the author back to the draft.
    response = client.get(f"/assessments/{alice_draft.pk}/result/")
    assert response["Location"] == f"/assessments/{alice_draft.pk}/"


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("carol", 404), ("bob", 404), ("mallory", 404)]
)
def test_a_snapshot_is_seen_by_its_author_only_without_a_team(
    client: Client,
    alice_snapshot: Assessment,
    who: str,
    status: int,
    request: pytest.FixtureRequest,
) -> None:
    as_user(client, request.getfixturevalue(who))
    assert client.get(f"/assessments/{alice_snapshot.pk}/result/").status_code == status


def test_an_admin_cannot_open_individual_snapshots_in_the_app(
    client: Client, carol: User, alice_snapshot: Assessment
) -> None:
    as_user(client, carol)
    criterion = criteria_of(alice_snapshot.skill, alice_snapshot.role)[0]
    before = list(CriterionRating.objects.values())
    for url in (
        f"/assessments/{alice_snapshot.pk}/",
        f"/assessments/{alice_snapshot.pk}/result/",
        f"/assessments/{alice_snapshot.pk}/review/",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/assessments/{alice_snapshot.pk}/criteria/{criterion.pk}/").status_code == 404
    )
    assert client.post(f"/assessments/{alice_snapshot.pk}/submit/").status_code == 404
    assert list(CriterionRating.objects.values()) == before


def test_lists_show_only_your_own(
    client: Client, mallory: User, alice_snapshot: Assessment
) -> None:
    as_user(client, mallory)
    page = client.get("/me/assessments/").content.decode()
    assert f"/assessments/{alice_snapshot.pk}/" not in page
    progress = client.get("/me/progress/").content.decode()
    assert "Nothing submitted yet" in progress


def test_an_unknown_assessment_is_a_404(client: Client, alice: User, db: None) -> None:
    as_user(client, alice)
    assert client.get("/assessments/999999/").status_code == 404


def test_the_admin_lists_snapshots_only_and_cannot_delete_them(
    client: Client, carol: User, alice: User, alice_snapshot: Assessment
) -> None:
    alice_draft = assessment_start(
        engineer=alice, skill=alice_snapshot.skill, role=Role.objects.get(slug="role-001")
    )
    as_user(client, carol)
    listing = client.get("/admin/assessments/assessment/").content.decode()
    assert f"/admin/assessments/assessment/{alice_snapshot.pk}/change/" in listing
    assert f"/admin/assessments/assessment/{alice_draft.pk}/change/" not in listing
    draft_page = client.get(f"/admin/assessments/assessment/{alice_draft.pk}/change/")
    assert draft_page.status_code == 302  # "doesn't exist" for the admin
    assert (
        client.get(f"/admin/assessments/assessment/{alice_snapshot.pk}/delete/").status_code == 403
    )
