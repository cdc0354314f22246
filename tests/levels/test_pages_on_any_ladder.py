"""Every page with levels on it shows the whole ladder, whatever its size: the
names come from the data, and charts scale to its top."""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import Team, User
from cycles.services import cycle_close, cycle_create
from roles.models import Role
from skills.models import Skill
from tests.factories import make_expectation, make_levels, make_role, make_skill, make_team
from tests.html import visible_text
from tests.levels.conftest import all_met, snapshot

pytestmark = pytest.mark.django_db


def grades(rungs: int) -> list[str]:
    return [f"Grade {n}" for n in range(1, rungs + 1)]


def in_order(page: str, names: list[str]) -> bool:
    positions = [page.find(name) for name in names]
    return -1 not in positions and positions == sorted(positions)


def test_the_skill_profile_shows_every_level_from_the_first_to_the_top(
    client: Client, kite: Skill, rungs: int
) -> None:
    page = visible_text(client.get("/skills/kite/"))
    assert f"From Grade 1 to Grade {rungs}." in page
    assert "Junior" not in page
    assert "Principal" not in page
    sections = page[page.index("Open a row") :]
    assert in_order(sections, [f"{n} Grade {n} · Stage {n}" for n in range(1, rungs + 1)])


def test_the_profile_names_the_real_top_when_there_is_no_next_level(
    client: Client, kite: Skill, rungs: int
) -> None:
    page = visible_text(client.get(f"/skills/kite/?role=role-000&level={rungs}"))
    assert f"Grade {rungs} is the top of the ladder" in page
    below = visible_text(client.get(f"/skills/kite/?role=role-000&level={rungs - 1}"))
    assert f"To reach Grade {rungs} (Stage {rungs}) as Role 000" in below


def test_the_catalogue_names_the_ends_of_the_ladder(
    client: Client, kite: Skill, rungs: int
) -> None:
    assert f"from Grade 1 to Grade {rungs}" in visible_text(client.get("/"))


def test_the_assessment_page_lists_every_level(
    client: Client, alice: User, kite: Skill, role: Role, rungs: int
) -> None:
    client.force_login(alice)
    response = client.post("/assessments/start/", {"skill": "kite", "role": "role-000"})
    page = visible_text(client.get(response["Location"]))
    assert in_order(page, [f"{n} Grade {n}" for n in range(1, rungs + 1)])


def test_the_result_of_reaching_the_top_says_so_with_the_ladders_size(
    client: Client, alice: User, kite: Skill, role: Role, rungs: int
) -> None:
    top = snapshot(alice, kite, role, all_met(rungs))
    client.force_login(alice)
    page = visible_text(client.get(f"/assessments/{top.pk}/result/"))
    assert f"Level reached Grade {rungs} Stage {rungs} · level {rungs} of {rungs}" in page
    assert "no next step" in page


def test_a_result_one_below_the_top_aims_at_the_top(
    client: Client, alice: User, kite: Skill, role: Role, rungs: int
) -> None:
    below = snapshot(alice, kite, role, all_met(rungs, up_to=rungs - 1))
    client.force_login(alice)
    page = visible_text(client.get(f"/assessments/{below.pk}/result/"))
    assert f"level {rungs - 1} of {rungs}" in page
    assert f"Readiness for Grade {rungs}" in page


def test_the_progress_chart_has_a_scale_of_the_whole_ladder(
    client: Client, alice: User, kite: Skill, role: Role, rungs: int
) -> None:
    snapshot(alice, kite, role, all_met(rungs, up_to=1))
    with time_machine.travel(timezone.now() + dt.timedelta(days=30)):
        snapshot(alice, kite, role, all_met(rungs))
    client.force_login(alice)
    html = client.get("/me/progress/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    ticks = re.findall(r'class="chart__tick" text-anchor="end"[^>]*>([^<]+)<', svg)
    assert ticks == ["None yet", *grades(rungs)][::-1] or ticks == ["None yet", *grades(rungs)]
    tick_y = dict(
        (label, float(y))
        for y, label in re.findall(r'y="([0-9.]+)" class="chart__tick" [^>]*>([^<]+)<', svg)
    )
    dots = [float(y) for y in re.findall(r'cy="([0-9.]+)" r="4" class="chart__dot"', svg)]
    # The first snapshot sits on Grade 1, the second on the top of the scale.
    assert dots == [tick_y["Grade 1"], tick_y[f"Grade {rungs}"]]
    assert tick_y[f"Grade {rungs}"] < tick_y["Grade 1"] < tick_y["None yet"]
    gaps = sorted(y for label, y in tick_y.items() if label in ["None yet", *grades(rungs)])
    assert min(b - a for a, b in pairwise(gaps)) >= 14  # one line each


def test_the_team_heatmap_has_a_column_per_level_and_a_trend_to_the_top(
    client: Client, alice: User, bob: User, kite: Skill, role: Role, team: Team, rungs: int
) -> None:
    snapshot(alice, kite, role, all_met(rungs))
    client.force_login(bob)
    html = client.get("/teams/ml-platform/?skill=kite&role=role-000").content.decode()
    headers = re.findall(r'<th scope="col" class="heatmap__level">([^<]+)</th>', html)
    assert headers == grades(rungs)
    page = visible_text(html)
    cells = re.findall(r'<td class="status status--(\w+)"', html)
    assert cells == ["met"] * rungs
    assert f"to Grade {rungs} (level {rungs}) at the top" in page
    # The median (the top) is drawn at the top of the trend's box.
    points = re.findall(r'<circle cx="[0-9.]+" cy="([0-9.]+)" r="3"', html)
    assert points == ["4.0"]


def test_the_cycle_summary_counts_every_level_of_the_ladder(
    client: Client,
    carol: User,
    alice: User,
    bob: User,
    kite: Skill,
    role: Role,
    team: Team,
    rungs: int,
) -> None:
    today = timezone.localdate()
    cycle = cycle_create(
        by=carol,
        name="Kite Q1",
        skill=kite,
        teams=[team],
        everyone=False,
        opens_on=today,
        self_due=today + dt.timedelta(days=21),
        review_due=today + dt.timedelta(days=35),
    )
    snapshot(alice, kite, role, all_met(rungs))
    cycle_close(cycle=cycle, by=carol)
    cycle.refresh_from_db()
    assert cycle.summary is not None
    assert cycle.summary["after"][str(rungs)] == 1
    assert set(cycle.summary["after"]) == {*(str(n) for n in range(rungs + 1)), "none"}
    client.force_login(bob)  # who manages every team in it sees the distribution
    page = visible_text(client.get(f"/cycles/{cycle.pk}/"))
    assert in_order(page, ["None yet", *grades(rungs), "No snapshot"])


def test_the_heatmap_shows_only_the_levels_a_shorter_skill_has(
    client: Client, alice: User, bob: User, db: None
) -> None:
    """A five-level skill on a seven-level ladder: no columns for levels 6 and
    7, which nobody could ever have met."""
    levels = make_levels(7)
    short = make_skill("short", "Short")
    role = make_role("ml-engineer")
    for level in levels[:5]:
        make_expectation(short, role, level, criteria=1)
    make_team("ml-platform", managers=[bob], members=[alice])
    snapshot(alice, short, role, {n: 2 for n in range(1, 6)})
    client.force_login(bob)
    html = client.get("/teams/ml-platform/?skill=short&role=ml-engineer").content.decode()
    heads = re.findall(r'<th scope="col" class="heatmap__level">([^<]*)</th>', html)
    assert heads == [f"Grade {n}" for n in range(1, 6)]
