"""Backup and restore as docs/operations.md describes them, on a real
PostgreSQL: pg_dump of a live database, pg_restore into an empty one, and the
restored copy exports exactly the same matrix and assessments."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

from tests.scaleout.conftest import Cluster
from tests.scaleout.services import clean_environ


def test_a_pg_dump_restores_to_the_same_matrix_and_assessments(
    cluster: Cluster, tmp_path: Path
) -> None:
    source = cluster.env["DATABASE_URL"]
    # Something to lose: alice's submitted assessment, made through the API.
    alice = cluster.tokens["alice"]
    draft = cluster.a.api(
        "POST", "/api/v1/assessments/", alice, {"skill": "pytorch", "role": "ml-engineer"}
    ).json()
    first = draft["ratings"][0]["criterion"]
    cluster.a.api(
        "POST",
        f"/api/v1/assessments/{draft['id']}/ratings/",
        alice,
        {"ratings": [{"criterion": first, "value": 2, "note": "in production"}]},
    )
    assert cluster.a.api("POST", f"/api/v1/assessments/{draft['id']}/submit/", alice).status == 200

    # The programs of the suite's own server's installation: pg_dump refuses a
    # server newer than itself.
    postgres = cluster.postgres
    dump = tmp_path / "skillsmatrix.dump"
    subprocess.run(
        [postgres.program("pg_dump"), "--format=custom", f"--file={dump}", source],
        env=clean_environ(),
        check=True,
    )
    postgres.psql("CREATE DATABASE skillsmatrix_restored")
    target = postgres.url("skillsmatrix_restored")
    subprocess.run(
        [
            postgres.program("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            f"--dbname={target}",
            str(dump),
        ],
        env=clean_environ(),
        check=True,
    )
    copy = dataclasses.replace(cluster, env={**cluster.env, "DATABASE_URL": target})
    for command in (
        ("export_matrix", "pytorch"),
        ("export_matrix", "--levels"),
        ("export_assessments",),
    ):
        assert copy.manage(*command) == cluster.manage(*command), command
    exported = copy.manage("export_assessments", "--submitted")
    assert '"note": "in production"' in exported
