"""The suite restarts and kills only what it started: the caller's own
PostgreSQL and Redis (the system's on 127.0.0.1, and whatever DATABASE_URL and
REDIS_URL name) are never used, restarted or stopped. This module runs last
(tests/scaleout/conftest.py), after the PostgreSQL restart; the
``callers_before`` fixture checks once more after everything is torn down."""

from __future__ import annotations

import pytest

from tests.scaleout.conftest import Cluster
from tests.scaleout.services import callers_services


def test_the_suite_runs_on_services_of_its_own(cluster: Cluster) -> None:
    for variable in ("DATABASE_URL", "REDIS_URL"):
        assert cluster.env[variable].startswith(("postgres://postgres@127.0.0.1:", "redis://"))
    assert cluster.env["DATABASE_URL"] == cluster.postgres.url("skillsmatrix")
    assert cluster.env["REDIS_URL"] == cluster.redis.url()
    assert cluster.postgres.port != 5432
    assert cluster.redis.port != 6379
    # Both app servers really are on them.
    for server in (cluster.a, cluster.b):
        assert server.request("GET", "/readyz").json() == {
            "ready": True,
            "database": "ok",
            "cache": "ok",
        }


def test_the_callers_postgresql_and_redis_were_never_restarted(
    cluster: Cluster, callers_before: dict[str, str]
) -> None:
    if not callers_before:
        # In CI a skip fails the run (tests/conftest.py): CI starts both.
        pytest.skip("no PostgreSQL or Redis of the caller's answers on 127.0.0.1 to compare")
    assert callers_services() == callers_before
