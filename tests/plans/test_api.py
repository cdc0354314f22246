"""/api/v1/plan-items/: the engineer's own items (CRUD), her managers'
reading and comments; a 404 for anyone else, a 401 without a token."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import Notification, User
from assessments.models import Assessment
from plans.models import PlanComment, PlanItem
from skills.models import Criterion
from tests.api.conftest import token_client
from tests.plans.conftest import in_days

pytestmark = pytest.mark.django_db


def test_the_engineer_creates_reads_changes_closes_and_deletes_her_items(
    alice: User, snapshot: Assessment, missing: list[Criterion]
) -> None:
    api = token_client(alice)
    created = api.post(
        "/api/v1/plan-items/",
        {"skill": "pytorch", "criterion": missing[0].pk, "snapshot": snapshot.pk,
         "action": "Pair with Dan", "target_date": in_days(30).isoformat()},
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["engineer"] == "alice"
    assert body["criterion_text"] == missing[0].text
    assert body["resource_url"] == "https://example.com/1"  # the criterion's first link
    assert body["suggested_by"] is None
    assert body["status"] == "open"
    assert body["overdue"] is False
    pk = body["id"]
    listed = api.get("/api/v1/plan-items/").json()
    assert [i["id"] for i in listed["results"]] == [pk]
    changed = api.patch(f"/api/v1/plan-items/{pk}/", {"action": "Pair with Erin"})
    assert changed.json()["action"] == "Pair with Erin"
    closed = api.patch(f"/api/v1/plan-items/{pk}/", {"status": "closed", "close_note": "Did it"})
    assert (closed.json()["status"], closed.json()["close_note"]) == ("closed", "Did it")
    assert api.get("/api/v1/plan-items/?status=open").json()["count"] == 0
    assert api.delete(f"/api/v1/plan-items/{pk}/").status_code == 204
    assert not PlanItem.objects.exists()


def test_the_target_date_defaults_to_three_months_ahead(
    alice: User, missing: list[Criterion]
) -> None:
    response = token_client(alice).post(
        "/api/v1/plan-items/",
        {"skill": "pytorch", "criterion": missing[0].pk, "action": "Read", "resource_url": ""},
    )
    assert response.status_code == 201
    assert response.json()["target_date"] == in_days(91).isoformat()
    assert response.json()["resource_url"] == ""


def test_the_manager_reads_the_plan_and_comments_but_cannot_change_it(
    alice: User, bob: User, item: PlanItem
) -> None:
    api = token_client(bob)
    listed = api.get("/api/v1/plan-items/?engineer=alice").json()
    assert [i["id"] for i in listed["results"]] == [item.pk]
    assert api.get("/api/v1/plan-items/").json()["count"] == 0  # bob's own plan
    assert api.get(f"/api/v1/plan-items/{item.pk}/").json()["engineer"] == "alice"
    posted = api.post(f"/api/v1/plan-items/{item.pk}/comments/", {"body": "Happy to help"})
    assert posted.status_code == 201
    assert posted.json()["author"] == "bob"
    assert Notification.objects.filter(user=alice).count() == 1
    comments = token_client(alice).get(f"/api/v1/plan-items/{item.pk}/comments/").json()
    assert [c["body"] for c in comments["results"]] == ["Happy to help"]
    assert api.patch(f"/api/v1/plan-items/{item.pk}/", {"action": "x"}).status_code == 403
    assert api.delete(f"/api/v1/plan-items/{item.pk}/").status_code == 403
    item.refresh_from_db()
    assert item.action == "Read the docs and pair with Dan"


@pytest.mark.parametrize("who", ["carol", "mallory"])
def test_anyone_else_gets_a_404_and_changes_nothing(
    item: PlanItem, who: str, request: pytest.FixtureRequest
) -> None:
    api = token_client(request.getfixturevalue(who))
    for method, url in [
        ("get", "/api/v1/plan-items/?engineer=alice"),
        ("get", f"/api/v1/plan-items/{item.pk}/"),
        ("patch", f"/api/v1/plan-items/{item.pk}/"),
        ("delete", f"/api/v1/plan-items/{item.pk}/"),
        ("get", f"/api/v1/plan-items/{item.pk}/comments/"),
        ("post", f"/api/v1/plan-items/{item.pk}/comments/"),
    ]:
        data = None if method == "get" else {"body": "x", "action": "x"}
        response = getattr(api, method)(url, data)
        assert response.status_code == 404, (who, method, url)
    assert api.get("/api/v1/plan-items/").json()["count"] == 0
    assert PlanItem.objects.get().action == "Read the docs and pair with Dan"
    assert not PlanComment.objects.exists()


def test_anonymous_callers_get_a_401(item: PlanItem) -> None:
    api = APIClient()
    for url in ["/api/v1/plan-items/", f"/api/v1/plan-items/{item.pk}/",
                f"/api/v1/plan-items/{item.pk}/comments/"]:  # fmt: skip
        assert api.get(url).status_code == 401, url
    assert api.post("/api/v1/plan-items/", {}).status_code == 401


def test_another_engineers_snapshot_cannot_be_named(
    mallory: User, snapshot: Assessment, missing: list[Criterion]
) -> None:
    response = token_client(mallory).post(
        "/api/v1/plan-items/",
        {"skill": "pytorch", "criterion": missing[0].pk, "snapshot": snapshot.pk, "action": "x"},
    )
    assert response.status_code == 400
    assert "snapshot" in response.json()["errors"]
    assert not PlanItem.objects.exists()


def test_a_refused_closing_note_leaves_the_other_changes_unsaved(
    alice: User, snapshot: Assessment, missing: list[Criterion]
) -> None:
    api = token_client(alice)
    created = api.post(
        "/api/v1/plan-items/",
        {"skill": "pytorch", "criterion": missing[0].pk, "action": "Pair with Dan",
         "target_date": in_days(30).isoformat()},
    )  # fmt: skip
    pk = created.json()["id"]
    refused = api.patch(
        f"/api/v1/plan-items/{pk}/",
        {"action": "Changed", "status": "closed", "close_note": "bad\u202enote"},
    )
    assert refused.status_code == 400
    item = PlanItem.objects.get(pk=pk)
    assert (item.action, item.status) == ("Pair with Dan", "open")
