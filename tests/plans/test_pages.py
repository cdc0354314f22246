"""The plan pages as people use them: adding from the result page, the plan,
one item with its comments, closing and deleting, a manager's reading and
suggestions, the draft and My progress."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import Notification, User
from assessments.models import Assessment
from assessments.services import assessment_start
from plans.models import PlanComment, PlanItem
from skills.models import Criterion
from tests.plans.conftest import add_item, as_user, in_days

pytestmark = pytest.mark.django_db


def test_the_result_page_offers_each_missing_criterion_and_shows_those_already_planned(
    client: Client, alice: User, snapshot: Assessment, missing: list[Criterion]
) -> None:
    planned = add_item(snapshot, missing[0], action="Pair with Dan on the trainer")
    page = as_user(client, alice).get(f"/assessments/{snapshot.pk}/result/").content.decode()
    assert "Pair with Dan on the trainer" in page
    assert f"/plan/items/{planned.pk}/" in page
    for criterion in missing[1:]:
        assert f"/plan/items/new/?snapshot={snapshot.pk}&amp;criterion={criterion.pk}" in page
    assert f"criterion={missing[0].pk}" not in page
    assert page.count("Add to my plan") == 2
    assert "Add all missing required criteria to my plan" in page


def test_adding_from_the_result_page_is_prefilled_and_saves_the_item(
    client: Client, alice: User, snapshot: Assessment, missing: list[Criterion]
) -> None:
    as_user(client, alice)
    url = f"/plan/items/new/?snapshot={snapshot.pk}&criterion={missing[1].pk}"
    form = client.get(url).content.decode()
    assert missing[1].text in form
    assert 'value="https://example.com/1"' in form
    assert f'value="{in_days(91).isoformat()}"' in form
    response = client.post(
        url,
        {"action": "Take the course", "resource_url": "https://example.com/1",
         "target_date": in_days(60).isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{snapshot.pk}/result/#plan"
    item = PlanItem.objects.get()
    assert (item.criterion, item.snapshot, item.action) == (missing[1], snapshot, "Take the course")
    assert item.target_date == in_days(60)
    assert item.suggested_by is None


def test_add_all_missing_required_adds_each_once(
    client: Client, alice: User, snapshot: Assessment, missing: list[Criterion]
) -> None:
    add_item(snapshot, missing[0])
    as_user(client, alice)
    data = {"snapshot": snapshot.pk, "action": "Practise it"}
    client.post("/plan/items/add-missing/", data)
    client.post("/plan/items/add-missing/", data)
    items = PlanItem.objects.order_by("criterion__position")
    assert [i.criterion for i in items] == missing
    assert [i.action for i in items][1:] == ["Practise it", "Practise it"]
    page = client.get(f"/assessments/{snapshot.pk}/result/").content.decode()
    assert "Add all missing required criteria to my plan" not in page
    assert "My plan (3 open items)" in page


def test_my_plan_lists_open_items_first_marks_overdue_and_counts_done(
    client: Client, alice: User, snapshot: Assessment, missing: list[Criterion]
) -> None:
    late = add_item(snapshot, missing[0], action="Late one")
    PlanItem.objects.filter(pk=late.pk).update(target_date=in_days(-2))
    add_item(snapshot, missing[1], action="Soon one", target_date=in_days(10))
    closed = add_item(snapshot, missing[2], action="Closed one")
    as_user(client, alice).post(f"/plan/items/{closed.pk}/close/", {"close_note": "Not needed"})
    page = client.get("/me/plan/").content.decode()
    assert "1 of 3 done" in page
    assert page.index("Late one") < page.index("Soon one") < page.index("Closed one")
    assert "Overdue" in page
    assert "Not needed" in page


def test_the_item_page_comments_and_closes(
    client: Client, alice: User, bob: User, item: PlanItem
) -> None:
    as_user(client, bob).post(f"/plan/items/{item.pk}/comments/", {"body": "Happy to help"})
    as_user(client, alice)
    page = client.get(f"/plan/items/{item.pk}/").content.decode()
    assert "Happy to help" in page
    assert "Close this item with a note" in page
    response = client.post(f"/plan/items/{item.pk}/close/", {"close_note": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    client.post(f"/plan/items/{item.pk}/close/", {"close_note": "Did it at work"})
    item.refresh_from_db()
    assert (item.status, item.close_note) == ("closed", "Did it at work")
    assert Notification.objects.filter(user=alice).count() == 1


def test_the_engineer_edits_and_deletes_her_item(
    client: Client, alice: User, item: PlanItem
) -> None:
    as_user(client, alice)
    response = client.post(
        f"/plan/items/{item.pk}/edit/",
        {"action": "Pair with Erin", "resource_url": "", "target_date": in_days(5).isoformat()},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.action, item.resource_url, item.target_date) == ("Pair with Erin", "", in_days(5))
    client.post(f"/plan/items/{item.pk}/delete/")
    assert not PlanItem.objects.exists()


def test_a_manager_reads_comments_and_suggests_from_the_members_latest_snapshot(
    client: Client, alice: User, bob: User, snapshot: Assessment, missing: list[Criterion]
) -> None:
    add_item(snapshot, missing[0], action="Her own step")
    as_user(client, bob)
    page = client.get("/people/alice/plan/").content.decode()
    assert "Her own step" in page
    assert f"/plan/items/new/?snapshot={snapshot.pk}&amp;criterion={missing[1].pk}" in page
    assert f"criterion={missing[0].pk}" not in page  # already open in the plan
    result = client.get(f"/assessments/{snapshot.pk}/result/").content.decode()
    assert "Suggest for the plan" in result
    client.post(
        f"/plan/items/new/?snapshot={snapshot.pk}&criterion={missing[1].pk}",
        {"action": "Give a talk", "resource_url": "", "target_date": in_days(40).isoformat()},
    )
    suggested = PlanItem.objects.get(criterion=missing[1])
    assert suggested.suggested_by == bob
    assert "suggested by bob" in as_user(client, alice).get("/me/plan/").content.decode()


def test_the_next_draft_shows_open_items_beside_their_criteria(
    client: Client, alice: User, snapshot: Assessment, missing: list[Criterion]
) -> None:
    add_item(snapshot, missing[1], action="Pair with Dan", target_date=in_days(20))
    done = add_item(snapshot, missing[2], action="Finished already")
    PlanItem.objects.filter(pk=done.pk).update(
        status="closed", close_note="x", done_at=snapshot.submitted_at
    )
    draft = assessment_start(engineer=alice, skill=snapshot.skill, role=snapshot.role)
    page = as_user(client, alice).get(f"/assessments/{draft.pk}/").content.decode()
    assert "In your plan" in page
    assert "Pair with Dan" in page
    assert "Finished already" not in page
    marker = page.index("Pair with Dan")
    assert page.rindex(f'id="criterion-{missing[1].pk}"', 0, marker) > page.rfind(
        f'id="criterion-{missing[0].pk}"', 0, marker
    )


def test_my_progress_shows_the_plan_over_time(
    client: Client, alice: User, snapshot: Assessment, missing: list[Criterion]
) -> None:
    add_item(snapshot, missing[0])
    closed = add_item(snapshot, missing[1])
    as_user(client, alice).post(f"/plan/items/{closed.pk}/close/", {"close_note": "Done"})
    page = client.get("/me/progress/").content.decode()
    assert "My plan over time" in page
    assert "1 of 2 items done" in page
    assert "1 open now" in page


# -- Who may see what ---------------------------------------------------------------


def urls(item: PlanItem, snapshot: Assessment, criterion: Criterion) -> list[tuple[str, str]]:
    return [
        ("get", "/people/alice/plan/"),
        ("get", f"/plan/items/{item.pk}/"),
        ("post", f"/plan/items/{item.pk}/comments/"),
        ("get", f"/plan/items/new/?snapshot={snapshot.pk}&criterion={criterion.pk}"),
        ("post", f"/plan/items/new/?snapshot={snapshot.pk}&criterion={criterion.pk}"),
    ]


def own_urls(item: PlanItem, snapshot: Assessment) -> list[tuple[str, str]]:
    return [
        ("get", f"/plan/items/{item.pk}/edit/"),
        ("post", f"/plan/items/{item.pk}/edit/"),
        ("post", f"/plan/items/{item.pk}/close/"),
        ("post", f"/plan/items/{item.pk}/delete/"),
        ("post", "/plan/items/add-missing/"),
    ]


@pytest.mark.parametrize("who", ["carol", "mallory"])
def test_admins_and_other_teams_get_a_404_everywhere_and_change_nothing(
    client: Client,
    item: PlanItem,
    snapshot: Assessment,
    missing: list[Criterion],
    who: str,
    request: pytest.FixtureRequest,
) -> None:
    as_user(client, request.getfixturevalue(who))
    before = list(PlanItem.objects.values())
    data = {"body": "x", "action": "x", "target_date": in_days(3).isoformat(),
            "close_note": "x", "snapshot": snapshot.pk}  # fmt: skip
    for method, url in urls(item, snapshot, missing[1]) + own_urls(item, snapshot):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (who, method, url)
    assert list(PlanItem.objects.values()) == before
    assert not PlanComment.objects.exists()
    assert "Read the docs" not in client.get("/me/plan/").content.decode()


def test_the_manager_reads_and_comments_but_cannot_change_the_item(
    client: Client, bob: User, item: PlanItem, snapshot: Assessment, missing: list[Criterion]
) -> None:
    as_user(client, bob)
    for method, url in urls(item, snapshot, missing[1])[:2]:
        assert getattr(client, method)(url).status_code == 200, url
    assert client.post(f"/plan/items/{item.pk}/comments/", {"body": "Go"}).status_code == 302
    data = {"action": "Mine", "target_date": in_days(3).isoformat(), "close_note": "x",
            "snapshot": snapshot.pk}  # fmt: skip
    for method, url in own_urls(item, snapshot):
        assert getattr(client, method)(url, data).status_code == 404, url
    item.refresh_from_db()
    assert (item.status, item.action) == ("open", "Read the docs and pair with Dan")
    page = client.get(f"/plan/items/{item.pk}/").content.decode()
    assert "Close this item" not in page
    assert "/edit/" not in page


def test_the_engineer_reaches_every_page_of_her_plan(
    client: Client, alice: User, item: PlanItem, snapshot: Assessment, missing: list[Criterion]
) -> None:
    as_user(client, alice)
    assert client.get("/people/alice/plan/")["Location"] == "/me/plan/"
    for url in ["/me/plan/", f"/plan/items/{item.pk}/", f"/plan/items/{item.pk}/edit/",
                f"/plan/items/new/?snapshot={snapshot.pk}&criterion={missing[1].pk}"]:  # fmt: skip
        assert client.get(url).status_code == 200, url


def test_anonymous_visitors_are_sent_to_sign_in(
    client: Client, item: PlanItem, snapshot: Assessment, missing: list[Criterion]
) -> None:
    for method, url in [("get", "/me/plan/"), *urls(item, snapshot, missing[1]),
                        *own_urls(item, snapshot)]:  # fmt: skip
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


def test_a_draft_or_unknown_snapshot_cannot_be_planned_from(
    client: Client, alice: User, snapshot: Assessment, missing: list[Criterion]
) -> None:
    draft = assessment_start(engineer=alice, skill=snapshot.skill, role=snapshot.role)
    as_user(client, alice)
    for query in [f"snapshot={draft.pk}&criterion={missing[0].pk}",
                  f"snapshot=abc&criterion={missing[0].pk}", f"snapshot={snapshot.pk}&criterion=x",
                  f"snapshot={snapshot.pk + 99}&criterion={missing[0].pk}"]:  # fmt: skip
        assert client.get(f"/plan/items/new/?{query}").status_code == 404, query
