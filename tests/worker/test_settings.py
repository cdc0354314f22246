"""The worker's settings refuse a bad value at start-up, naming it."""

from __future__ import annotations

import pytest

from tests.test_settings import load_settings


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"WORKER_MAX_ATTEMPTS": "0"}, "WORKER_MAX_ATTEMPTS must be a whole number of at least 1"),
        ({"WORKER_RETRY_BASE_SECONDS": "soon"}, "WORKER_RETRY_BASE_SECONDS must be an integer"),
        (
            {"WORKER_HEARTBEAT_SECONDS": "30", "WORKER_HEARTBEAT_TIMEOUT_SECONDS": "45"},
            "WORKER_HEARTBEAT_TIMEOUT_SECONDS must be at least twice WORKER_HEARTBEAT_SECONDS",
        ),
        ({"WORKER_MAX_QUEUE_AGE_SECONDS": "-5"}, "WORKER_MAX_QUEUE_AGE_SECONDS must be"),
    ],
)
def test_a_malformed_worker_setting_stops_the_process(env: dict[str, str], message: str) -> None:
    result = load_settings(DEBUG="true", **env)
    assert result.returncode != 0
    assert message in result.stderr
