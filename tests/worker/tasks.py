"""Tasks that exist only for the worker's tests."""

from __future__ import annotations

from typing import Any

from django.tasks import TaskContext, task


class Flaky(RuntimeError):
    pass


@task(takes_context=True)
def fails_then_succeeds(context: TaskContext[..., Any], *, failures: int) -> str:
    """Raises on its first ``failures`` attempts."""
    if context.attempt <= failures:
        raise Flaky(f"attempt {context.attempt} fails on purpose")
    return f"succeeded on attempt {context.attempt}"


@task()
def always_fails() -> None:
    raise Flaky("this task never works")


@task()
def succeeds(*, n: int = 0) -> int:
    return n


def not_a_task() -> None:
    """A plain function: the schedule refuses it."""


@task()
def needs_an_argument(*, n: int) -> int:
    return n


@task()
def exits() -> None:
    """Code that calls sys.exit(): a failure of the task, not a stop signal."""
    raise SystemExit(3)
