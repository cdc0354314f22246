"""The progress chart as alice sees it, on a ladder of 3 to 12 levels: level
names on the left scale, a 0-100 % scale of its own on the right, a legend."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import User
from levels.models import Level
from roles.models import Role
from skills.models import Skill
from tests.html import visible_text
from tests.levels.conftest import all_met, snapshot

pytestmark = pytest.mark.django_db


def chart_of(client: Client) -> str:
    html = client.get("/me/progress/").content.decode()
    return html[html.index("<figure") : html.index("</figure>")]


def two_snapshots(alice: User, kite: Skill, role: Role, rungs: int) -> None:
    snapshot(alice, kite, role, all_met(rungs, up_to=1))
    with time_machine.travel(timezone.now() + dt.timedelta(days=30)):
        snapshot(alice, kite, role, all_met(rungs))


def test_the_chart_names_every_level_and_has_a_percent_scale_and_a_legend(
    client: Client, alice: User, kite: Skill, role: Role, rungs: int
) -> None:
    two_snapshots(alice, kite, role, rungs)
    client.force_login(alice)
    figure = chart_of(client)
    left = re.findall(r'class="chart__tick" text-anchor="end"[^>]*>([^<]+)<', figure)
    assert left == ["None yet", *[f"Grade {n}" for n in range(1, rungs + 1)]]
    right = re.findall(r'class="chart__tick chart__tick--met"[^>]*>([^<]+)<', figure)
    assert right == ["0%", "25%", "50%", "75%", "100%"]
    titles = re.findall(r'class="chart__axis-title[^"]*"[^>]*>([^<]+)<', figure)
    assert titles == ["Level reached", "Criteria met"]
    legend = visible_text(figure[figure.index("<figcaption") :])
    assert legend == ("Level reached (left scale) Share of criteria met (right scale, 0\u2013100%)")
    # The second snapshot meets every criterion: its dot sits on the 100 % tick.
    hundred = re.search(r'y="([0-9.]+)" class="chart__tick chart__tick--met"[^>]*>100%', figure)
    met_dots = re.findall(r'cy="([0-9.]+)" r="3" class="chart__dot chart__dot--met"', figure)
    assert hundred is not None
    assert met_dots[-1] == hundred.group(1)


def test_long_level_names_are_cut_on_the_scale_and_whole_in_the_tooltip(
    client: Client, alice: User, kite: Skill, role: Role, rungs: int
) -> None:
    for level in Level.objects.all():
        level.career_name = f"Distinguished Engineer {level.number}"
        level.save()
    two_snapshots(alice, kite, role, rungs)
    client.force_login(alice)
    figure = chart_of(client)
    short = "Distinguishe…" if rungs >= 10 else "Distinguished…"
    assert f">{short} {rungs}<title>Distinguished Engineer {rungs}</title>" in figure
    # The table under the chart keeps the whole name.
    assert f"Distinguished Engineer {rungs}" in visible_text(client.get("/me/progress/"))
