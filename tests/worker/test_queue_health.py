"""/readyz/queue says whether the workers drain the queue: the age of the
oldest task due to run, 503 once it is over WORKER_MAX_QUEUE_AGE_SECONDS."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.background import drain
from tests.worker import tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_queue")]


def test_an_empty_queue_is_ok(client: Client) -> None:
    response = client.get("/readyz/queue")
    assert response.status_code == 200
    assert response.json() == {"queue": "ok", "queue_age_seconds": 0, "max_age_seconds": 300}
    assert "no-cache" in response["Cache-Control"]


def test_a_task_waiting_too_long_makes_it_503_until_a_worker_runs_it(
    client: Client, settings: Any
) -> None:
    settings.WORKER_MAX_QUEUE_AGE_SECONDS = 60
    with time_machine.travel(timezone.now(), tick=False) as clock:
        tasks.succeeds.enqueue()
        clock.shift(dt.timedelta(seconds=30))
        assert client.get("/readyz/queue").json()["queue_age_seconds"] == 30
        clock.shift(dt.timedelta(seconds=31))
        behind = client.get("/readyz/queue")
        assert behind.status_code == 503
        assert behind.json() == {"queue": "behind", "queue_age_seconds": 61, "max_age_seconds": 60}
        assert client.get("/readyz").status_code == 200  # the web servers stay in rotation
        drain()
        assert client.get("/readyz/queue").status_code == 200


def test_a_retry_waiting_for_its_time_does_not_count_until_it_is_due(
    client: Client, settings: Any
) -> None:
    settings.WORKER_MAX_QUEUE_AGE_SECONDS = 60
    settings.WORKER_RETRY_BASE_SECONDS = 600
    with time_machine.travel(timezone.now(), tick=False) as clock:
        tasks.always_fails.enqueue()
        drain()  # fails; next try in 10 minutes
        clock.shift(dt.timedelta(seconds=590))
        assert client.get("/readyz/queue").json()["queue_age_seconds"] == 0
        clock.shift(dt.timedelta(seconds=70))
        assert client.get("/readyz/queue").json()["queue_age_seconds"] == 60
