"""Done when: a seven-level ladder and a skill using all seven levels import
from YAML and from a spreadsheet, show on every page and in the API, and can
be assessed (alice reaches level 7) and reviewed by her manager bob."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import openpyxl
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

CRITERIA_COLUMNS = [
    "skill", "role", "level", "required", "cell summary", "criterion key",
    "criterion text", "topics", "links", "last reviewed",
]  # fmt: skip


def write_xlsx(path: Path, skill: dict[str, Any]) -> Path:
    """The skill document as a workbook in the documented layout (a Skill
    sheet and a Criteria sheet; docs/fixtures.md, "Spreadsheets")."""
    workbook = openpyxl.Workbook()
    head = workbook.active
    assert head is not None
    head.title = "Skill"
    numbers = sorted(skill["levels"])
    head.append(
        ["skill", "name", "summary", "domain", "group", "last reviewed"]
        + [f"level {n}" for n in numbers]
    )
    head.append(
        [skill["slug"], skill["name"], skill["summary"], skill["domain"], skill["group"]]
        + [skill["last_reviewed"].isoformat()]
        + [skill["levels"][n] for n in numbers]
    )
    rows = workbook.create_sheet("Criteria")
    rows.append(CRITERIA_COLUMNS)
    for role, spec in skill["roles"].items():
        for number, cell in spec["levels"].items():
            links = "; ".join(f"{link['title']} | {link['url']}" for link in cell["links"])
            for criterion in cell["criteria"]:
                rows.append(
                    [skill["slug"], role, number, "true" if cell["required"] else "false"]
                    + [cell["summary"], criterion["key"], criterion["text"]]
                    + ["; ".join(cell["topics"]), links, ""]
                )
    workbook.save(path)
    return path


@pytest.mark.parametrize("skill_file", ["kite.yaml", "kite.xlsx"])
def test_a_seven_level_ladder_is_assessed_and_reviewed(
    tmp_path: Path, client: Client, alice: User, bob: User, skill_file: str
) -> None:
    write_yaml(tmp_path / "levels.yaml", levels_doc(7))
    write_yaml(tmp_path / "roles.yaml", roles_doc())
    kite = skill_doc("kite", levels=7)
    if skill_file.endswith(".xlsx"):
        (tmp_path / "skills").mkdir()
        write_xlsx(tmp_path / "skills" / skill_file, kite)
    else:
        write_yaml(tmp_path / "skills" / skill_file, kite)
    out = StringIO()
    call_command("import_matrix", str(tmp_path), stdout=out)
    assert "skill kite: new, version 1" in out.getvalue()
    assert Criterion.objects.filter(expectation__skill__slug="kite").count() == 2 * 7 * 2
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
