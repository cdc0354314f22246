"""The assessments export: a portable JSON Lines record for backups."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from assessments.services import assessment_start, assessment_submit
from roles.models import Role
from tests.assessments.conftest import rate_levels
from tests.factories import make_matrix

pytestmark = pytest.mark.django_db


def test_every_assessment_is_one_line_keyed_by_names(alice: User, tmp_path: Path) -> None:
    skill = make_matrix(roles=1, criteria=2)
    role = Role.objects.get(slug="role-000")
    draft = assessment_start(engineer=alice, skill=skill, role=role)
    rate_levels(draft, {1: 2})
    assessment_submit(assessment=draft, by=alice)
    assessment_start(engineer=alice, skill=skill, role=role)  # a new draft
    out = tmp_path / "assessments.jsonl"
    call_command("export_assessments", "-o", str(out), stderr=io.StringIO())
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["engineer"], r["skill"], r["role"], r["status"]) for r in records] == [
        ("alice", "pytorch", "role-000", "submitted"),
        ("alice", "pytorch", "role-000", "draft"),
    ]
    snapshot = records[0]
    assert snapshot["level_reached"] == 1
    first = snapshot["ratings"][0]
    assert (first["criterion"], first["level"], first["value"]) == ("c1", 1, 2)
    assert first["text"] == "Role 000 L1 #1"
    only = io.StringIO()
    call_command("export_assessments", "--submitted", stdout=only)
    assert len(only.getvalue().splitlines()) == 1


def test_an_unwritable_output_is_a_clear_error(tmp_path: Path, db: None) -> None:
    with pytest.raises(CommandError, match="cannot write"):
        call_command("export_assessments", "-o", str(tmp_path / "missing" / "x.jsonl"))
    assert not (tmp_path / "missing").exists()
