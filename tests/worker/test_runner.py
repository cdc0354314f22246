"""The worker's own behaviour around a task: a stop signal waits for the
task in hand, and work enqueued by a change that rolls back never exists."""

from __future__ import annotations

import signal

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from accounts.models import Notification, User
from accounts.services import notification_send
from worker.runner import Runner

pytestmark = pytest.mark.django_db


def test_a_stop_signal_lets_the_task_in_hand_finish() -> None:
    runner = Runner()
    runner.busy = True
    runner.shutdown(signal.SIGTERM, None)  # returns: the loop ends after the task
    assert runner.running is False
    with pytest.raises(SystemExit) as forced:  # a second signal does not wait
        runner.shutdown(signal.SIGTERM, None)
    assert forced.value.code == 1


def test_a_stop_signal_while_idle_exits_at_once() -> None:
    runner = Runner()
    with pytest.raises(SystemExit) as stopped:
        runner.shutdown(signal.SIGINT, None)
    assert stopped.value.code == 0


class Boom(Exception):
    pass


def test_a_change_that_rolls_back_leaves_no_task_behind(alice: User, database_queue: None) -> None:
    def change() -> None:
        with transaction.atomic():
            notification_send(user=alice, message="You were mentioned")
            assert DBTaskResult.objects.count() == 1  # enqueued inside the transaction
            raise Boom

    with pytest.raises(Boom):
        change()
    assert DBTaskResult.objects.count() == 0
    assert not Notification.objects.exists()
