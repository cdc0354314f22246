"""Tasks that exist only for the scale-out suite: each run of ``record(n)``
adds one to the row keyed by n, so a task run twice shows as runs = 2."""

from __future__ import annotations

import time
from typing import Any

from django.db import connection
from django.tasks import TaskContext, task

CREATE = (
    "CREATE TABLE IF NOT EXISTS scaleout_runs ("
    " n integer PRIMARY KEY, runs integer NOT NULL, pid integer NOT NULL)"
)


@task()
def record(*, n: int) -> None:
    import os

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO scaleout_runs (n, runs, pid) VALUES (%s, 1, %s) "
            "ON CONFLICT (n) DO UPDATE SET runs = scaleout_runs.runs + 1",
            [n, os.getpid()],
        )


@task(takes_context=True)
def stuck_the_first_time(context: TaskContext[..., Any], *, n: int) -> None:
    """Hangs on its first attempt (the test kills that worker), then records."""
    if context.attempt == 1:
        time.sleep(300)
    record.call(n=n)
