"""bench/generate.py makes skills for a ladder of any size the importer takes."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from levels.ladder import ladder
from skills.models import Expectation

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def generate(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, "bench/generate.py", str(out), "--skills", "1", "--criteria", "1", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("rungs", [3, 12])
def test_generated_skills_use_every_level_of_the_ladder_asked_for(
    tmp_path: Path, rungs: int
) -> None:
    assert generate(tmp_path, "--levels", str(rungs)).returncode == 0
    call_command(
        "import_matrix", str(ROOT / "fixtures" / "roles.yaml"), str(tmp_path), stdout=StringIO()
    )
    assert ladder().top == rungs
    levels = set(Expectation.objects.values_list("level__number", flat=True))
    assert levels == set(range(1, rungs + 1))


def test_the_default_is_the_shipped_five_and_a_bad_size_is_refused(tmp_path: Path) -> None:
    assert generate(tmp_path / "five").returncode == 0
    assert not (tmp_path / "five" / "levels.yaml").exists()
    bad = generate(tmp_path / "bad", "--levels", "13")
    assert bad.returncode != 0
    assert "--levels must be from 2 to 12, got 13" in bad.stderr
