"""Done when: a seven-level ladder and a skill using all seven levels import
from YAML, show on every page and in the API, and can be assessed (alice
reaches level 7) and reviewed by her manager bob."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from assessments.models import Assessment, ManagerReview
from skills.models import Criterion
from tests.factories import levels_doc, make_team, roles_doc, skill_doc, write_yaml
from tests.html import form_data, visible_text

pytestmark = pytest.mark.django_db

GRADES = [f"Grade {n}" for n in range(1, 8)]


def test_a_seven_level_ladder_from_yaml_is_assessed_and_reviewed(
    tmp_path: Path, client: Client, alice: User, bob: User
) -> None:
    write_yaml(tmp_path / "levels.yaml", levels_doc(7))
    write_yaml(tmp_path / "roles.yaml", roles_doc())
    write_yaml(tmp_path / "skills" / "kite.yaml", skill_doc("kite", levels=7))
    out = StringIO()
    call_command("import_matrix", str(tmp_path), stdout=out)
    make_team("ml-platform", managers=[bob], members=[alice])

    # Every page shows the seven levels.
    profile = visible_text(client.get("/skills/kite/"))
    assert "From Grade 1 to Grade 7." in profile
    assert all(f"{n} Grade {n} · Stage {n}" in profile for n in range(1, 8))
    assert all(name in visible_text(client.get("/levels/")) for name in GRADES)
    matrix = client.get("/api/v1/skills/kite/matrix/").json()
    assert [lvl["number"] for lvl in matrix["levels"]] == list(range(1, 8))

    # alice rates every criterion "meets" on the page and submits.
    client.force_login(alice)
    started = client.post("/assessments/start/", {"skill": "kite", "role": "ml-engineer"})
    edit_url = started["Location"]
    form = form_data(client.get(edit_url), "assessment-form")
    criteria = Criterion.objects.filter(
        expectation__skill__slug="kite", expectation__role__slug="ml-engineer"
    )
    assert {c.expectation.level.number for c in criteria} == set(range(1, 8))
    for criterion in criteria:
        form[f"c{criterion.pk}-value"] = "2"
    pk = int(edit_url.strip("/").split("/")[-1])
    client.post(f"/assessments/{pk}/submit/", form)
    snapshot = Assessment.objects.get(pk=pk)
    assert snapshot.is_submitted
    assert snapshot.level_reached == 7
    result = visible_text(client.get(f"/assessments/{pk}/result/"))
    assert "Grade 7 Stage 7 · level 7 of 7" in result
    api = client.get(f"/api/v1/assessments/{pk}/").json()
    assert api["level_reached"] == 7

    # bob reviews it and shares the review; alice sees it on her result.
    client.force_login(bob)
    team_page = visible_text(client.get("/teams/ml-platform/?skill=kite&role=ml-engineer"))
    assert all(name in team_page for name in GRADES)
    review = form_data(client.get(f"/assessments/{pk}/review/"), "review-form")
    top_rating = snapshot.ratings.filter(frozen_level=7).order_by("frozen_position").first()
    assert top_rating is not None
    review.update(
        {
            f"m{top_rating.pk}-value": "1",
            f"m{top_rating.pk}-comment": "Show me a level 7 design.",
            "comment": "Strong year.",
            "share": "1",
        }
    )
    assert client.post(f"/assessments/{pk}/review/", review).status_code == 302
    assert ManagerReview.objects.get(assessment=snapshot).is_shared
    client.force_login(alice)
    assert "Show me a level 7 design." in visible_text(client.get(f"/assessments/{pk}/result/"))
