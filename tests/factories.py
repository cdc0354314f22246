"""Build matrix data in code: small, explicit, and as large as a test needs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from accounts.models import Membership, Team
from levels.models import Level
from roles.models import Role
from skills.models import Criterion, Expectation, LearningLink, Skill, SkillLevel

LEVEL_NAMES = [
    ("junior", "Junior", "Fundamental Awareness"),
    ("middle", "Middle", "Novice"),
    ("senior", "Senior", "Intermediate"),
    ("lead", "Lead / Staff", "Advanced"),
    ("principal", "Principal", "Expert"),
]


def ladder_names(count: int | None = None) -> list[tuple[str, str, str]]:
    """(slug, career name, proficiency name) per level: the shipped five by
    default, else a synthetic ladder of ``count`` levels ("Grade 1"...)."""
    if count is None:
        return list(LEVEL_NAMES)
    return [(f"grade-{i}", f"Grade {i}", f"Stage {i}") for i in range(1, count + 1)]


def make_levels(count: int | None = None) -> list[Level]:
    """The ladder: the shipped five names by default, or ``count`` synthetic levels."""
    return [
        Level.objects.create(number=i, slug=slug, career_name=career, proficiency_name=prof)
        for i, (slug, career, prof) in enumerate(ladder_names(count), start=1)
    ]


def make_role(slug: str, name: str | None = None, family: str = "Engineering") -> Role:
    return Role.objects.create(
        slug=slug, name=name or slug.replace("-", " ").title(), family=family
    )


def make_skill(slug: str = "pytorch", name: str = "PyTorch", **extra: Any) -> Skill:
    values: dict[str, Any] = {
        "summary": f"{name} summary",
        "domain": "Machine Learning & AI",
        "group": "Deep Learning",
        "last_reviewed": dt.date(2026, 3, 17),
    }
    values.update(extra)
    return Skill.objects.create(slug=slug, name=name, **values)


def make_expectation(
    skill: Skill,
    role: Role,
    level: Level,
    *,
    required: bool = True,
    criteria: int = 3,
    links: int = 1,
) -> Expectation:
    exp = Expectation.objects.create(
        skill=skill,
        role=role,
        level=level,
        required=required,
        summary=f"{role.name} at {level.career_name}",
        topics=["tensors", "autograd"],
    )
    Criterion.objects.bulk_create(
        Criterion(
            expectation=exp, position=i, key=f"c{i}", text=f"{role.name} L{level.number} #{i}"
        )
        for i in range(1, criteria + 1)
    )
    LearningLink.objects.bulk_create(
        LearningLink(expectation=exp, position=i, title=f"Doc {i}", url=f"https://example.com/{i}")
        for i in range(1, links + 1)
    )
    return exp


def make_matrix(*, roles: int = 5, criteria: int = 4, skill_slug: str = "pytorch") -> Skill:
    """A full skill: ``roles`` roles x every level of the ladder (the shipped
    five unless the test made another), each cell with ``criteria`` criteria;
    levels 1-2 required of the first two roles only."""
    levels = list(Level.objects.order_by("number")) or make_levels()
    skill = make_skill(skill_slug, skill_slug.title())
    for level in levels:
        SkillLevel.objects.create(skill=skill, level=level, description=f"At {level.career_name}")
    for r in range(roles):
        role = Role.objects.filter(slug=f"role-{r:03}").first() or make_role(f"role-{r:03}")
        for level in levels:
            make_expectation(
                skill, role, level, required=level.number >= 3 or r < 2, criteria=criteria
            )
    return skill


# -- YAML documents for importer tests --------------------------------------


def levels_doc(count: int | None = None) -> dict[str, Any]:
    return {
        "kind": "levels",
        "levels": [
            {"number": i, "slug": slug, "career_name": career, "proficiency_name": prof}
            for i, (slug, career, prof) in enumerate(ladder_names(count), start=1)
        ],
    }


def roles_doc(*slugs: str) -> dict[str, Any]:
    return {
        "kind": "roles",
        "roles": [
            {"slug": slug, "name": slug.replace("-", " ").title(), "family": "Engineering"}
            for slug in slugs or ("ml-engineer", "data-scientist")
        ],
    }


def skill_doc(
    slug: str = "pytorch",
    roles: tuple[str, ...] = ("ml-engineer", "data-scientist"),
    *,
    levels: int = 5,
) -> dict[str, Any]:
    return {
        "kind": "skill",
        "slug": slug,
        "name": slug.title(),
        "summary": "Deep learning with tensors.",
        "domain": "Machine Learning & AI",
        "group": "Deep Learning",
        "last_reviewed": dt.date(2026, 3, 17),
        "levels": {n: f"Level {n} behaviours." for n in range(1, levels + 1)},
        "roles": {
            role: {
                "levels": {
                    n: {
                        "required": n >= 3 or role == "ml-engineer",
                        "summary": f"{role} at level {n}.",
                        "topics": ["tensors"],
                        "criteria": [
                            {"key": "first", "text": f"{role} L{n} first ability."},
                            {"key": "second", "text": f"{role} L{n} second ability."},
                        ],
                        "links": [{"title": "Docs", "url": "https://pytorch.org/docs/stable/"}],
                    }
                    for n in range(1, levels + 1)
                }
            }
            for role in roles
        },
    }


def write_yaml(path: Path, document: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def write_matrix(folder: Path, skill: dict[str, Any] | None = None) -> Path:
    """levels.yaml, roles.yaml and skills/<slug>.yaml in ``folder``."""
    write_yaml(folder / "levels.yaml", levels_doc())
    write_yaml(folder / "roles.yaml", roles_doc())
    doc = skill or skill_doc()
    write_yaml(folder / "skills" / f"{doc['slug']}.yaml", doc)
    return folder


def make_team(slug: str, *, managers: Any = (), members: Any = ()) -> Team:
    team = Team.objects.create(slug=slug, name=slug.replace("-", " ").title())
    Membership.objects.bulk_create(
        [Membership(team=team, user=u, role="manager") for u in managers]
        + [Membership(team=team, user=u, role="member") for u in members]
    )
    return team
