"""The worker: django-tasks-db's, with what it lacks for "never lost".

- **Retries with backoff.** A task that raises is put back to READY with
  ``run_after`` = now + WORKER_RETRY_BASE_SECONDS * 2**(attempt-1) (capped at
  WORKER_RETRY_MAX_SECONDS), until WORKER_MAX_ATTEMPTS; then it stays FAILED
  (a poison task), with its traceback, for admins (worker/admin.py). The
  attempt count is the number of times a worker claimed the row
  (``worker_ids``), so a run cut short by a dead worker counts too: a task
  that kills its worker every time ends FAILED, not in a loop.
- **Heartbeats and the reaper.** Each worker touches its Heartbeat row from
  a thread of its own; every worker, between tasks, takes back the RUNNING
  tasks of workers not seen for WORKER_HEARTBEAT_TIMEOUT_SECONDS (killed,
  out of memory, machine gone) and makes them READY again.
- **Periodic jobs** (worker/schedule.py) between tasks.
- Every outcome is logged with structure (task, id, attempt, duration).

Claiming is the library's: SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL,
an exclusive transaction on SQLite, so two workers never take the same task.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
from traceback import format_exception
from types import FrameType
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.tasks import TaskContext, TaskResultStatus
from django.tasks.signals import task_finished, task_started
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from worker.models import Heartbeat
from worker.schedule import Job, Scheduler

logger = logging.getLogger(__name__)

TaskRow = DBTaskResult[..., Any]


def new_worker_id() -> str:
    """Readable in the admin and the logs (which machine, which process),
    unique across the pool (the random tail survives a recycled pid)."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(6)}"[:64]


def retry_delay(attempt: int) -> dt.timedelta:
    """How long to wait after failed attempt number ``attempt`` (1-based)."""
    base = settings.WORKER_RETRY_BASE_SECONDS
    seconds = min(settings.WORKER_RETRY_MAX_SECONDS, base * 2 ** min(attempt - 1, 30))
    return dt.timedelta(seconds=seconds)


def attempts_of(task: TaskRow) -> int:
    return len(task.worker_ids)


def reap(*, now: dt.datetime | None = None) -> int:
    """Put back to READY (to run at once) every task RUNNING for longer than
    the heartbeat timeout on a worker with no fresh heartbeat, or FAILED if it
    used up its attempts; forget the stale heartbeats. Returns how many
    tasks were taken back. Safe to run from every worker at once: each
    task's update is conditional on the run it saw."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.WORKER_HEARTBEAT_TIMEOUT_SECONDS)
    alive = set(Heartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True))
    taken = 0
    # Few rows: at most one RUNNING task per worker process.
    for task in DBTaskResult.objects.running().filter(started_at__lt=cutoff):
        owner = task.worker_ids[-1] if task.worker_ids else ""
        if owner in alive:
            continue
        attempts = attempts_of(task)
        gave_up = attempts >= settings.WORKER_MAX_ATTEMPTS
        fields: dict[str, Any] = {
            "exception_class_path": "worker.runner.WorkerLost",
            "traceback": f"The worker {owner} stopped answering during attempt {attempts}.",
        }
        if gave_up:
            fields |= {"status": TaskResultStatus.FAILED, "finished_at": now}
        else:
            fields |= {"status": TaskResultStatus.READY, "run_after": now}
        if DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        ).update(**fields):
            taken += 1
            logger.warning(
                "task_reaped",
                extra={
                    "task": task.task_path,
                    "task_id": str(task.pk),
                    "worker": owner,
                    "attempt": attempts,
                    "gave_up": gave_up,
                },
            )
    Heartbeat.objects.filter(seen_at__lt=cutoff).delete()
    return taken


class Runner(Worker):
    """django-tasks-db's Worker loop with heartbeats, the reaper, retries and
    the schedule. ``run()`` blocks until a signal (or, with ``batch``, until
    nothing is due)."""

    def __init__(self, *, jobs: list[Job] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("worker_id", new_worker_id())
        kwargs.setdefault("backend_name", "default")
        kwargs.setdefault("queue_names", ["*"])
        kwargs.setdefault("excluded_queue_names", [])
        kwargs.setdefault("interval", settings.WORKER_POLL_SECONDS)
        kwargs.setdefault("batch", False)
        kwargs.setdefault("startup_delay", False)
        kwargs.setdefault("max_tasks", None)
        super().__init__(**kwargs)
        self.scheduler = Scheduler(jobs or [], worker_id=self.worker_id)
        self.busy = False
        self.stopped = threading.Event()
        self.last_reap = 0.0

    # -- signals: a task in hand is finished (or, on a second signal, put back)

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        if self.running and self.busy:
            logger.warning("worker_stopping", extra={"worker": self.worker_id, "after": "task"})
            self.running = False
            return
        self.running = False
        raise SystemExit(0 if not self.busy else 1)

    # -- heartbeat --------------------------------------------------------

    def beat(self) -> None:
        now = timezone.now()
        Heartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"seen_at": now},
            create_defaults={
                "seen_at": now,
                "started_at": now,
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
            },
        )

    def _beat_forever(self) -> None:
        while not self.stopped.wait(settings.WORKER_HEARTBEAT_SECONDS):
            try:
                self.beat()
            except Exception:
                # The database is away: the loop's own queries will say so;
                # the next beat tries again.
                logger.warning("worker_heartbeat_failed", exc_info=True)
            finally:
                connection.close()

    # -- the loop ---------------------------------------------------------

    def run(self) -> None:
        logger.info(
            "worker_started",
            extra={"worker": self.worker_id, "queues": ",".join(self.queue_names)},
        )
        self.beat()
        beating = threading.Thread(target=self._beat_forever, name="heartbeat", daemon=True)
        beating.start()
        try:
            self.work()
        finally:
            self.stopped.set()
            beating.join(timeout=5)
            try:
                Heartbeat.objects.filter(worker_id=self.worker_id).delete()
            except Exception:
                logger.warning("worker_heartbeat_not_removed", exc_info=True)
            logger.info(
                "worker_stopped", extra={"worker": self.worker_id, "tasks": self._run_tasks}
            )

    def housekeeping(self) -> None:
        """Between tasks: take back lost tasks (every heartbeat period), then
        enqueue due periodic jobs."""
        if time.monotonic() - self.last_reap >= settings.WORKER_HEARTBEAT_SECONDS:
            self.last_reap = time.monotonic()
            reap()
        self.scheduler.tick()

    def ready_tasks(self) -> Any:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        return tasks

    def claim(self) -> TaskRow | None:
        tasks = self.ready_tasks()
        # A plain read first: an idle worker takes no write lock (SQLite)
        # and no row lock (PostgreSQL) every second.
        if not tasks.exists():
            return None
        try:
            with exclusive_transaction(tasks.db):
                task: TaskRow | None = tasks.get_locked()
                if task is not None:
                    task.claim(self.worker_id)
                return task
        except OperationalError as exc:
            if is_locked_database_exception(exc):
                return None  # SQLite busy: try again on the next turn
            raise

    def work(self) -> None:
        """The loop itself, without the heartbeat thread (tests drain with it)."""
        while self.running:
            close_old_connections()
            self.busy = True
            try:
                self.housekeeping()
                task = self.claim()
                if task is not None:
                    self.run_task(task)
            except (OperationalError, InterfaceError):
                # The database went away or stayed locked (a PostgreSQL
                # restart, a long SQLite write): wait and try again rather
                # than let one outage stop the worker. A task in hand is
                # reaped and retried once its claim goes stale.
                logger.warning(
                    "worker_database_error", exc_info=True, extra={"worker": self.worker_id}
                )
                if self.batch:
                    raise  # a drain (tests, one-off runs) reports it
                task = None
            finally:
                self.busy = False
            if self.batch and task is None:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            close_old_connections()
            if self.running and task is None:
                time.sleep(self.interval)

    # -- one task ---------------------------------------------------------

    def run_task(self, db_task: TaskRow) -> None:
        attempt = attempts_of(db_task)
        started = time.monotonic()
        log = {
            "task": db_task.task_path,
            "task_id": str(db_task.pk),
            "attempt": attempt,
            "worker": self.worker_id,
        }
        try:
            task = db_task.task
            result = db_task.task_result
            backend = type(task.get_backend())
            task_started.send(sender=backend, task_result=result)
            if task.takes_context:
                value = task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
            else:
                value = task.call(*result.args, **result.kwargs)
        except (KeyboardInterrupt, SystemExit) as exc:
            if self.running:
                # Raised by the task itself (sys.exit() in its code), not by a
                # stop signal: a failure like any other, with the attempt limit.
                self._failed(db_task, exc, attempt=attempt, log=log)
            else:
                # Stopped by force (a second Ctrl-C): not the task's fault.
                self._finish(db_task, status=TaskResultStatus.READY, run_after=timezone.now())
                logger.warning("task_interrupted", extra=log)
                raise
        except BaseException as exc:
            self._failed(db_task, exc, attempt=attempt, log=log)
        else:
            try:
                self._finish(db_task, status=TaskResultStatus.SUCCESSFUL, return_value=value)
            except Exception as exc:  # e.g. a return value JSON cannot hold
                self._failed(db_task, exc, attempt=attempt, log=log)
            else:
                logger.info(
                    "task_succeeded",
                    extra={**log, "duration_ms": round((time.monotonic() - started) * 1000)},
                )
                db_task.refresh_from_db()
                task_finished.send(sender=backend, task_result=db_task.task_result)
        finally:
            self._run_tasks += 1

    def _failed(
        self, db_task: TaskRow, exc: BaseException, *, attempt: int, log: dict[str, Any]
    ) -> None:
        error = {
            "exception_class_path": f"{type(exc).__module__}.{type(exc).__qualname__}",
            "traceback": "".join(format_exception(exc)),
        }
        if attempt >= settings.WORKER_MAX_ATTEMPTS:
            self._finish(db_task, status=TaskResultStatus.FAILED, **error)
            logger.error(
                "task_failed",
                exc_info=exc,
                extra={**log, "max_attempts": settings.WORKER_MAX_ATTEMPTS, "gave_up": True},
            )
        else:
            delay = retry_delay(attempt)
            self._finish(
                db_task, status=TaskResultStatus.READY, run_after=timezone.now() + delay, **error
            )
            logger.warning(
                "task_failed",
                exc_info=exc,
                extra={
                    **log,
                    "max_attempts": settings.WORKER_MAX_ATTEMPTS,
                    "gave_up": False,
                    "retry_in_seconds": int(delay.total_seconds()),
                },
            )

    def _finish(self, db_task: TaskRow, *, status: str, **fields: Any) -> None:
        """Record the outcome of this run, unless the reaper took the task
        back meanwhile (this worker looked dead: another run owns it now)."""
        now = timezone.now()
        if status == TaskResultStatus.SUCCESSFUL:
            fields |= {"exception_class_path": "", "traceback": ""}
        if status in {TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED}:
            fields["finished_at"] = now
        for attempt in range(3):  # SQLite may be busy for a moment
            try:
                updated = DBTaskResult.objects.filter(
                    pk=db_task.pk,
                    status=TaskResultStatus.RUNNING,
                    started_at=db_task.started_at,
                ).update(status=status, **fields)
                break
            except OperationalError as exc:
                if attempt == 2 or not is_locked_database_exception(exc):
                    raise
                time.sleep(0.1)
        if not updated:
            logger.warning(
                "task_outcome_dropped",
                extra={"task_id": str(db_task.pk), "status": status, "worker": self.worker_id},
            )
