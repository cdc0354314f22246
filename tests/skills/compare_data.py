"""A small matrix made for comparing: two roles whose cells share some
criteria by key, some by text, and differ in others (used by the page, API
and browser tests of the compare feature)."""

from __future__ import annotations

from accounts.models import User
from assessments.models import Assessment
from assessments.rules import Rating
from assessments.services import RatingInput, assessment_rate, assessment_start, assessment_submit
from levels.models import Level
from roles.models import Role
from skills.models import Criterion, Expectation, Skill
from tests.factories import make_levels, make_role, make_skill

# role slug -> level -> (required, [(key, text), ...])
CELLS: dict[str, dict[int, tuple[bool, list[tuple[str, str]]]]] = {
    "data-scientist": {
        2: (False, [("compile", "Turns on torch.compile."), ("loop", "Writes a training loop.")]),
        3: (
            True,
            [
                ("dist", "Scales one training job over several GPUs with DDP."),
                ("autograd", "Writes a custom autograd Function with a gradcheck."),
                ("profile", "Profiles a training run with torch.profiler."),
            ],
        ),
    },
    "ml-engineer": {
        2: (True, [("compile", "Turns on torch.compile."), ("data", "Builds a DataLoader.")]),
        3: (
            True,
            [
                ("dist", "Configures DDP and FSDP2 across nodes."),
                ("serve", "Exports a model with torch.export."),
                ("x-profile", "Profiles a training run with torch.profiler."),
            ],
        ),
        4: (
            True,
            [
                ("serve", "Serves models with torch.export and AOTInductor in production."),
                ("lead", "Leads the team's training platform."),
            ],
        ),
    },
}


def make_cell(
    skill: Skill, role: Role, level: Level, required: bool, criteria: list[tuple[str, str]]
) -> Expectation:
    exp = Expectation.objects.create(
        skill=skill, role=role, level=level, required=required, summary=f"{role.name} summary"
    )
    Criterion.objects.bulk_create(
        Criterion(expectation=exp, position=i, key=key, text=text)
        for i, (key, text) in enumerate(criteria, start=1)
    )
    return exp


def make_compare_matrix(levels: list[Level] | None = None) -> Skill:
    levels = levels or list(Level.objects.order_by("number")) or make_levels()
    by_number = {lvl.number: lvl for lvl in levels}
    skill = make_skill()
    for slug, cells in CELLS.items():
        role = make_role(slug, slug.replace("-", " ").title().replace("Ml ", "ML "))
        for number, (required, criteria) in cells.items():
            make_cell(skill, role, by_number[number], required, criteria)
    return skill


def submit_as_data_scientist(engineer: User, skill: Skill) -> Assessment:
    """A snapshot as Data Scientist: meets dist, profile, compile and loop;
    still learning autograd."""
    role = Role.objects.get(slug="data-scientist")
    draft = assessment_start(engineer=engineer, skill=skill, role=role)
    values = {"autograd": Rating.LEARNING, "profile": Rating.EXCEEDS}
    ratings = {
        c: RatingInput(value=values.get(c.key, Rating.MEETS))
        for c in Criterion.objects.filter(expectation__skill=skill, expectation__role=role)
    }
    assessment_rate(assessment=draft, ratings=ratings, by=engineer)
    return assessment_submit(assessment=draft, by=engineer)
