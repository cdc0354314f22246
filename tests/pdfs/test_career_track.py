"""The career track: the role page shows the focus at each level, then each
skill's cells; the same content downloads as a PDF anyone can read."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation

from levels.ladder import ladder
from levels.models import Level
from roles.models import Role
from skills.models import Expectation
from tests.factories import make_expectation, make_levels, make_matrix, make_role, make_skill
from tests.pdfs.conftest import pdf_fonts, pdf_page_png, pdf_text

pytestmark = pytest.mark.django_db

URL = "/roles/role-000/career-track.pdf"


def today_as_shown(language: str = "en") -> str:
    with translation.override(language):
        return formats.date_format(timezone.localdate(), "DATE_FORMAT")


def test_the_role_page_shows_the_focus_at_each_level_then_each_skill(client: Client) -> None:
    make_matrix(roles=3, criteria=2)
    optional = Expectation.objects.get(role__slug="role-002", level__number=1)
    optional.summary = "Reads tensors and autograd graphs"
    optional.save()
    page = client.get("/roles/role-002/").content.decode()
    focus, skills = page.split('id="skills-title"')
    # The focus: one block per level, with the level's cells' summaries.
    for level in Level.objects.all():
        assert level.career_name in focus
    assert "Reads tensors and autograd graphs" in focus
    assert "Optional" in focus
    assert "Required" in focus
    # Then the skill with its cell at every level, criteria behind a toggle.
    assert "Pytorch" in skills
    assert skills.count('class="rung-cell') == 5
    assert "Role 002 L5 #2" in skills
    assert 'href="/roles/role-002/career-track.pdf"' in page


def test_anyone_downloads_the_career_track_as_a_pdf(client: Client) -> None:
    make_matrix(roles=2, criteria=2)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="career-track-role-000.pdf"'
    text = pdf_text(response.content)
    pages = text.split("\f")
    assert "Career track" in pages[0]
    assert "Role 000" in pages[0]
    assert "Focus at each level" in pages[0]
    for level in Level.objects.all():
        assert level.career_name in text
    assert "Role 000 at Principal" in text  # a cell's summary
    assert "Role 000 L3 #2" in text  # a criterion
    assert "REQUIRED" in text
    # Every page has its number and the date it was made.
    real_pages = [p for p in pages if p.strip()]
    assert len(real_pages) >= 2
    for number, page in enumerate(real_pages, start=1):
        assert f"Page {number} of {len(real_pages)}" in page
        assert f"Generated {today_as_shown()}" in page


def test_an_unknown_role_has_no_career_track(client: Client) -> None:
    make_matrix(roles=1, criteria=1)
    assert client.get("/roles/nobody/career-track.pdf").status_code == 404


def test_a_role_without_cells_still_gets_a_document(client: Client) -> None:
    make_levels()
    make_role("lonely")
    response = client.get("/roles/lonely/career-track.pdf")
    text = pdf_text(response.content)
    assert "Nothing is expected of this role at this level yet." in text
    assert "No skill sets anything for this role yet." in text


@pytest.mark.parametrize("rungs", [3, 7])
def test_the_career_track_follows_a_ladder_other_than_five(client: Client, rungs: int) -> None:
    make_levels(rungs)
    make_matrix(roles=1, criteria=1)
    text = pdf_text(client.get(URL).content)
    for number in range(1, rungs + 1):
        assert f"Grade {number}" in text
        assert f"Role 000 at Grade {number}" in text
    assert f"Grade {rungs + 1}" not in text


def test_the_chinese_career_track_is_set_in_a_chinese_font(client: Client, tmp_path: Path) -> None:
    make_levels()
    role = make_role("ml-engineer", "机器学习工程师")
    skill = make_skill()
    for level in Level.objects.all():
        make_expectation(skill, role, level, criteria=1)
    Expectation.objects.filter(level__number=1).update(summary="用完整的训练循环训练神经网络")
    response = client.get("/roles/ml-engineer/career-track.pdf", HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = pdf_text(response.content)
    assert "机器学习工程师" in text
    assert "用完整的训练循环训练神经网络" in text
    assert "职业路径" in text  # "Career track", from the interface's catalogue
    assert "Noto-Sans-CJK" in pdf_fonts(response.content, tmp_path)
    png = pdf_page_png(response.content, tmp_path, "career-track-zh")
    assert png.stat().st_size > 5_000


def test_the_pdf_fetches_nothing_named_in_the_matrix(client: Client) -> None:
    """A summary is plain text; even a URL in it is text, never fetched."""
    make_matrix(roles=1, criteria=1)
    Expectation.objects.filter(level__number=1).update(
        summary='<img src="http://169.254.169.254/latest"> see http://169.254.169.254/'
    )
    text = pdf_text(client.get(URL).content)
    assert '<img src="http://169.254.169.254/latest">' in text


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/roles/role-000/", URL])
def test_the_career_track_runs_the_same_queries_for_a_larger_matrix(
    client: Client, url: str
) -> None:
    pytorch = make_matrix(roles=2, criteria=2)
    ladder()
    small = count_queries(client, url)
    role = Role.objects.get(slug="role-000")
    for n in range(4):
        make_matrix(roles=2, criteria=6, skill_slug=f"skill-{n}")
    for level in Level.objects.all():
        Expectation.objects.filter(skill=pytorch, role=role, level=level).delete()
        make_expectation(pytorch, role, level, criteria=8, links=3)
    large = count_queries(client, url)
    assert small == large
    assert large <= 5
