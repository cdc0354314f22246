"""On the review page a manager agrees with the engineer's self-ratings for a
whole level at once (without JavaScript: the page comes back with that level
filled in and nothing saved), and comment boxes show the whole comment."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from accounts.models import User
from assessments.forms import textarea_rows
from assessments.models import Assessment, ManagerRating, ManagerReview
from levels.models import Level
from tests.html import form_data, visible_text

pytestmark = pytest.mark.django_db


def review_url(a: Assessment) -> str:
    return f"/assessments/{a.pk}/review/"


def at_level(a: Assessment, level: int) -> list[int]:
    return list(
        a.ratings.filter(frozen_level=level)
        .order_by("frozen_position")
        .values_list("pk", flat=True)
    )


def test_bob_agrees_with_alice_at_level_2_and_keeps_his_unsaved_input_elsewhere(
    client: Client, bob: User, alice_snapshot: Assessment
) -> None:
    # alice rated level 1 "Exceeds" (3), level 2 "Meets" (2), level 3 "Learning" (1).
    client.force_login(bob)
    data = form_data(client.get(review_url(alice_snapshot)), "review-form")
    first_of_1 = at_level(alice_snapshot, 1)[0]
    first_of_2 = at_level(alice_snapshot, 2)[0]
    data.update(
        {
            f"m{first_of_1}-value": "0",
            f"m{first_of_2}-comment": "Strong on the loop.",
            "comment": "Draft of my overall view.",
            "agree_level": "2",
        }
    )
    response = client.post(review_url(alice_snapshot), data)

    assert response.status_code == 200
    assert not ManagerReview.objects.exists()  # nothing saved, nothing shared
    assert "now match the self-ratings. Nothing is saved yet" in visible_text(response)
    shown = form_data(response, "review-form")
    assert [shown[f"m{pk}-value"] for pk in at_level(alice_snapshot, 2)] == ["2", "2", "2"]
    assert shown[f"m{first_of_1}-value"] == "0"  # his unsaved rating at level 1
    assert [shown[f"m{pk}-value"] for pk in at_level(alice_snapshot, 1)[1:]] == ["", ""]
    assert [shown[f"m{pk}-value"] for pk in at_level(alice_snapshot, 3)] == ["", "", ""]
    assert shown[f"m{first_of_2}-comment"] == "Strong on the loop."  # comments untouched
    assert shown["comment"] == "Draft of my overall view."

    saved = client.post(review_url(alice_snapshot), shown)
    assert saved.status_code == 302
    review = ManagerReview.objects.get(assessment=alice_snapshot)
    assert not review.is_shared
    values = dict(ManagerRating.objects.filter(review=review).values_list("rating_id", "value"))
    assert [values[pk] for pk in at_level(alice_snapshot, 2)] == [2, 2, 2]
    assert values[first_of_1] == 0


def test_agreeing_where_alice_rated_nothing_leaves_bobs_ratings_as_they_are(
    client: Client, bob: User, alice_snapshot: Assessment
) -> None:
    client.force_login(bob)
    data = form_data(client.get(review_url(alice_snapshot)), "review-form")
    unrated = at_level(alice_snapshot, 4)
    data[f"m{unrated[0]}-value"] = "1"
    data["agree_level"] = "4"
    shown = form_data(client.post(review_url(alice_snapshot), data), "review-form")
    assert [shown[f"m{pk}-value"] for pk in unrated] == ["1", "", ""]


def test_the_page_offers_agreement_at_each_level_of_the_snapshot(
    client: Client, bob: User, alice_snapshot: Assessment
) -> None:
    client.force_login(bob)
    html = client.get(review_url(alice_snapshot)).content.decode()
    levels = sorted({r.frozen_level or 0 for r in alice_snapshot.ratings.all()})
    assert re.findall(r'name="agree_level" value="(\d+)"', html) == [str(n) for n in levels]
    # The script reads the self-rating from the select: alice's "Exceeds" at level 1.
    first = at_level(alice_snapshot, 1)[0]
    assert re.search(
        rf'name="m{first}-value"[^>]*data-self="3"|data-self="3"[^>]*name="m{first}-value"', html
    )
    level_one = Level.objects.get(number=1).career_name
    page = visible_text(client.get(review_url(alice_snapshot)))
    assert f"Agree with the self-ratings at {level_one}" in page


@pytest.mark.parametrize("level", ["99", "two", "", "²", "1" * 5000, "0"])
def test_agreeing_with_a_level_that_is_not_there_is_refused(
    client: Client, bob: User, alice_snapshot: Assessment, level: str
) -> None:
    client.force_login(bob)
    data = form_data(client.get(review_url(alice_snapshot)), "review-form")
    data["agree_level"] = level
    response = client.post(review_url(alice_snapshot), data)
    assert response.status_code == 400
    assert "There is no level" in visible_text(response)
    assert not ManagerReview.objects.exists()


def test_only_the_engineers_managers_can_agree(
    client: Client, alice_snapshot: Assessment, alice: User, carol: User, mallory: User
) -> None:
    for person in (alice, carol, mallory):
        client.force_login(person)
        response = client.post(review_url(alice_snapshot), {"agree_level": "1"})
        assert response.status_code == 404, person
    assert not ManagerReview.objects.exists()


def test_a_long_comment_is_shown_whole_in_a_box_tall_enough(
    client: Client, bob: User, alice_snapshot: Assessment
) -> None:
    client.force_login(bob)
    data = form_data(client.get(review_url(alice_snapshot)), "review-form")
    first = at_level(alice_snapshot, 1)[0]
    long = "\n".join(f"Point {n}: the evaluation loop needs a held-out set." for n in range(8))
    data.update({f"m{first}-value": "2", f"m{first}-comment": long, "comment": long})
    assert client.post(review_url(alice_snapshot), data).status_code == 302
    page = client.get(review_url(alice_snapshot))
    shown = form_data(page, "review-form")
    assert shown[f"m{first}-comment"].replace("\r\n", "\n") == long
    assert shown["comment"].replace("\r\n", "\n") == long
    html = page.content.decode()
    rows = re.search(rf'<textarea name="m{first}-comment"[^>]*rows="(\d+)"', html)
    assert rows is not None
    assert int(rows.group(1)) >= 16  # eight lines, each wrapping once at 32 characters
    empty = at_level(alice_snapshot, 1)[1]
    empty_rows = re.search(rf'<textarea name="m{empty}-comment"[^>]*rows="(\d+)"', html)
    assert empty_rows is not None
    assert empty_rows.group(1) == "2"


def test_the_limits_on_comments_still_hold(
    client: Client, bob: User, alice_snapshot: Assessment
) -> None:
    client.force_login(bob)
    data = form_data(client.get(review_url(alice_snapshot)), "review-form")
    data["comment"] = "x" * 4001
    response = client.post(review_url(alice_snapshot), data)
    assert response.status_code == 400
    assert "Ensure this value has at most 4000 characters" in visible_text(response)
    assert not ManagerReview.objects.exists()


@pytest.mark.parametrize(
    ("text", "rows"),
    [("", 2), ("short", 2), ("x" * 40, 3), ("a\nb\nc", 4), ("x" * 100 + "\n" + "y", 6)],
)
def test_textarea_rows_fit_the_text_with_a_spare_line(text: str, rows: int) -> None:
    assert textarea_rows(text, chars_per_line=32) == rows
