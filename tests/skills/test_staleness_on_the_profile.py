"""The skill profile marks what the technology has moved on from, in words
(not colour alone), and says when each cell was last reviewed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from skills.models import Criterion, Expectation, LearningLink, Skill
from tests.factories import make_matrix
from tests.html import visible_text

pytestmark = pytest.mark.django_db

EXPORT = {
    "deprecated": True,
    "deprecated_since": "PyTorch 2.5",
    "replaced_by": "torch.export",
    "replacement_url": "https://docs.pytorch.org/docs/stable/export.html",
    "deprecation_note": "Kept for reading older models.",
}


@pytest.fixture
def pytorch() -> Skill:
    return make_matrix(roles=2, criteria=3)


def cell(skill: Skill, role: str, level: int) -> Expectation:
    return skill.expectations.get(role__slug=role, level__number=level)


def row_of(html: str, level: int, role_name: str) -> str:
    """The HTML of one table row of the levels section: one cell."""
    section = html[html.index(f'id="level-{level}"') :]
    if f'id="level-{level + 1}"' in section:
        section = section[: section.index(f'id="level-{level + 1}"')]
    rows = [row for row in section.split("<tr>") if f">{role_name}</a></th>" in row]
    assert len(rows) == 1, f"no single row for {role_name} at level {level}"
    return rows[0].split("</tr>")[0]


def test_a_deprecated_criterion_is_struck_labelled_and_names_its_successor(
    client: Client, pytorch: Skill
) -> None:
    criterion = cell(pytorch, "role-001", 3).criteria.get(key="c2")
    Criterion.objects.filter(pk=criterion.pk).update(**EXPORT)

    html = client.get("/skills/pytorch/").content.decode()
    row = row_of(html, 3, "Role 001")
    assert "<s>Role 001 L3 #2</s>" in row
    assert (
        "Role 001 L3 #2 Deprecated since PyTorch 2.5 Use torch.export instead. "
        "Kept for reading older models." in visible_text(row)
    )
    assert (
        '<a href="https://docs.pytorch.org/docs/stable/export.html" '
        'rel="noopener noreferrer">torch.export</a>' in row
    )
    # The row says so before it is opened, and only this one item is marked.
    assert "1 deprecated item" in visible_text(row.split("</summary>")[0])
    assert visible_text(html).count("Deprecated since") == 1
    assert "<s>Role 001 L3 #1</s>" not in html
    assert "deprecated item" not in visible_text(row_of(html, 3, "Role 000"))


def test_a_successor_without_a_link_is_plain_text(client: Client, pytorch: Skill) -> None:
    criterion = cell(pytorch, "role-000", 1).criteria.get(key="c1")
    Criterion.objects.filter(pk=criterion.pk).update(
        **{**EXPORT, "replacement_url": "", "deprecation_note": ""}
    )

    row = row_of(client.get("/skills/pytorch/").content.decode(), 1, "Role 000")
    assert "Deprecated since PyTorch 2.5 Use torch.export instead." in visible_text(row)
    assert ">torch.export</a>" not in row


def test_a_deprecated_learning_link_stays_usable_and_points_to_its_successor(
    client: Client, pytorch: Skill
) -> None:
    link = cell(pytorch, "role-000", 2).links.get()
    LearningLink.objects.filter(pk=link.pk).update(
        **{**EXPORT, "replaced_by": "The torch.export tutorial"}
    )

    row = row_of(client.get("/skills/pytorch/").content.decode(), 2, "Role 000")
    assert '<s><a href="https://example.com/1" rel="noopener noreferrer">Doc 1</a></s>' in row
    assert (
        "Doc 1 Deprecated since PyTorch 2.5 Use The torch.export tutorial instead."
        in visible_text(row)
    )
    assert 'href="https://docs.pytorch.org/docs/stable/export.html"' in row
    assert "1 deprecated item" in visible_text(row)


def test_the_planner_marks_deprecated_criteria_too(client: Client, pytorch: Skill) -> None:
    criterion = cell(pytorch, "role-000", 3).criteria.get(key="c1")
    Criterion.objects.filter(pk=criterion.pk).update(**EXPORT)

    for query in ("?role=role-000&level=2", "?level=2"):
        response = client.get(f"/skills/pytorch/{query}")
        plan = response.content.decode().split('id="plan"')[1].split("</section>")[0]
        assert "<s>Role 000 L3 #1</s>" in plan, query
        assert "Deprecated since PyTorch 2.5 Use torch.export instead." in visible_text(plan)


def test_each_cell_shows_its_own_review_date_and_unreviewed_cells_say_nothing(
    client: Client, pytorch: Skill
) -> None:
    Expectation.objects.filter(pk=cell(pytorch, "role-000", 2).pk).update(
        last_reviewed=dt.date(2025, 4, 3)
    )
    Expectation.objects.filter(pk=cell(pytorch, "role-001", 4).pk).update(
        last_reviewed=dt.date(2025, 6, 20)
    )

    html = client.get("/skills/pytorch/").content.decode()
    assert "Last reviewed April 3, 2025" in visible_text(row_of(html, 2, "Role 000"))
    assert '<time datetime="2025-04-03">' in row_of(html, 2, "Role 000")
    assert "Last reviewed June 20, 2025" in visible_text(row_of(html, 4, "Role 001"))
    assert "Last reviewed" not in visible_text(row_of(html, 2, "Role 001"))
    assert "Last reviewed" not in visible_text(row_of(html, 4, "Role 000"))
    # The header's date for the whole skill, and the two dated cells: nothing else.
    assert visible_text(html).count("Last reviewed") == 3


def test_marks_and_dates_cost_no_queries(client: Client, pytorch: Skill) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/skills/pytorch/").status_code == 200
        return len(ctx.captured_queries)

    plain = count()
    Criterion.objects.filter(expectation__skill=pytorch, key="c1").update(**EXPORT)
    LearningLink.objects.filter(expectation__skill=pytorch).update(**EXPORT)
    Expectation.objects.filter(skill=pytorch).update(last_reviewed=dt.date(2026, 2, 1))
    page = client.get("/skills/pytorch/")
    assert visible_text(page).count("2 deprecated items") == 10
    assert count() == plain
