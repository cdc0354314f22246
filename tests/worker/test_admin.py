"""Admins see the tasks that failed for good and those waiting to be
retried, read the traceback, and run them again; nobody else sees them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.tasks import TaskResultStatus
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from tests.background import drain
from tests.html import visible_text
from tests.worker import tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_queue")]

LIST = "/admin/worker/queuedtask/"


@pytest.fixture
def poison(settings: Any) -> DBTaskResult[..., Any]:
    settings.WORKER_MAX_ATTEMPTS = 1
    result = tasks.always_fails.enqueue()
    drain()
    task = DBTaskResult.objects.get(pk=result.id)
    assert task.status == TaskResultStatus.FAILED
    return task


@pytest.fixture
def waiting(settings: Any) -> DBTaskResult[..., Any]:
    settings.WORKER_MAX_ATTEMPTS = 8
    result = tasks.fails_then_succeeds.enqueue(failures=5)
    drain()
    return DBTaskResult.objects.get(pk=result.id)


def test_carol_sees_the_failed_task_with_its_error_and_traceback(
    client: Client, carol: User, poison: DBTaskResult[..., Any], waiting: DBTaskResult[..., Any]
) -> None:
    client.force_login(carol)
    page = visible_text(client.get(f"{LIST}?state=failed"))
    assert "tests.worker.tasks.always_fails" in page
    assert "Flaky" in page
    assert "fails_then_succeeds" not in page
    retrying = visible_text(client.get(f"{LIST}?state=retrying"))
    assert "fails_then_succeeds" in retrying
    assert "always_fails" not in retrying
    detail = client.get(f"{LIST}{poison.pk}/change/")
    assert detail.status_code == 200
    assert "this task never works" in visible_text(detail)
    assert 'name="_save"' not in detail.content.decode()  # read-only


def test_run_again_gives_a_failed_task_its_attempts_back(
    client: Client, carol: User, poison: DBTaskResult[..., Any]
) -> None:
    client.force_login(carol)
    response = client.post(
        LIST, {"action": "run_again", "_selected_action": [str(poison.pk)]}, follow=True
    )
    assert "1 task will run again." in visible_text(response)
    poison.refresh_from_db()
    assert poison.status == TaskResultStatus.READY
    assert poison.worker_ids == []
    assert poison.run_after <= timezone.now()
    assert poison.traceback  # the last error stays visible until it succeeds


def test_run_again_leaves_running_and_finished_tasks_alone(client: Client, carol: User) -> None:
    done = tasks.succeeds.enqueue(n=1)
    drain()
    client.force_login(carol)
    client.post(LIST, {"action": "run_again", "_selected_action": [str(done.id)]})
    assert DBTaskResult.objects.get(pk=done.id).status == TaskResultStatus.SUCCESSFUL


@pytest.mark.parametrize("who", ["alice", "bob", "mallory", "anonymous"])
def test_nobody_else_sees_the_tasks(
    client: Client, who: str, request: Any, poison: DBTaskResult[..., Any]
) -> None:
    if who != "anonymous":
        user = request.getfixturevalue(who)
        if who == "bob":  # staff, but not given the tasks
            User.objects.filter(pk=user.pk).update(is_staff=True)
        client.force_login(user)
    response = client.get(LIST)
    assert response.status_code in {302, 403}
    assert "always_fails" not in response.content.decode()
    posted = client.post(LIST, {"action": "run_again", "_selected_action": [str(poison.pk)]})
    assert posted.status_code in {302, 403}
    poison.refresh_from_db()
    assert poison.status == TaskResultStatus.FAILED


def test_the_list_of_running_workers_is_shown(client: Client, carol: User) -> None:
    from worker.models import Heartbeat

    now = timezone.now()
    Heartbeat.objects.create(
        worker_id="web-1-42-abc",
        hostname="web-1",
        pid=42,
        started_at=now - dt.timedelta(1),
        seen_at=now,
    )
    client.force_login(carol)
    assert "web-1-42-abc" in visible_text(client.get("/admin/worker/heartbeat/"))
