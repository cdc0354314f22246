"""The database as YAML documents in the import format (docs/fixtures.md).

Exported files re-import to the identical state: ``import_matrix`` on an
export reports nothing created, updated or removed.
"""

from __future__ import annotations

from typing import Any

from levels.models import Level
from roles.models import Role
from skills.matrix_yaml import dump_yaml
from skills.models import Deprecatable, Expectation, Skill

HEADER = "# Exported by `manage.py export_matrix`. Format: docs/fixtures.md\n"


def levels_document() -> dict[str, Any]:
    return {
        "kind": "levels",
        "levels": [
            {
                "number": level.number,
                "slug": level.slug,
                "career_name": level.career_name,
                "proficiency_name": level.proficiency_name,
                "summary": level.summary,
            }
            for level in Level.objects.order_by("number")
        ],
    }


def roles_document() -> dict[str, Any]:
    return {
        "kind": "roles",
        "roles": [
            {"slug": role.slug, "name": role.name, "family": role.family, "summary": role.summary}
            for role in Role.objects.order_by("slug")
        ],
    }


def skill_document(skill: Skill) -> dict[str, Any]:
    expectations = (
        Expectation.objects.filter(skill=skill)
        .with_details()
        .order_by("role__slug", "level__number")
    )
    roles: dict[str, Any] = {}
    for exp in expectations:
        cell: dict[str, Any] = {"required": exp.required, "summary": exp.summary}
        if exp.topics:
            cell["topics"] = list(exp.topics)
        if exp.last_reviewed is not None:
            cell["last_reviewed"] = exp.last_reviewed
        cell["criteria"] = [
            _with_deprecation({"key": c.key, "text": c.text}, c) for c in exp.criteria.all()
        ]
        links = [
            _with_deprecation({"title": link.title, "url": link.url}, link)
            for link in exp.links.all()
        ]
        if links:
            cell["links"] = links
        roles.setdefault(exp.role.slug, {"levels": {}})["levels"][exp.level.number] = cell
    document: dict[str, Any] = {
        "kind": "skill",
        "slug": skill.slug,
        "name": skill.name,
        "summary": skill.summary,
    }
    if skill.description:
        document["description"] = skill.description
    document.update(
        {
            "domain": skill.domain,
            "group": skill.group,
            "last_reviewed": skill.last_reviewed,
            **({"watch": skill.watch_terms} if skill.watch_terms else {}),
            **({"moved": skill.moved_links} if skill.moved_links else {}),
            "levels": {
                d.level.number: d.description
                for d in skill.level_descriptions.select_related("level").order_by("level__number")
            },
            "roles": roles,
        }
    )
    return document


def _with_deprecation(item: dict[str, Any], obj: Deprecatable) -> dict[str, Any]:
    """The item, with its ``deprecated`` block (empty optional fields left out)."""
    deprecation = obj.deprecation()
    if deprecation is not None:
        item["deprecated"] = {k: v for k, v in deprecation.items() if v}
    return item


def export_yaml(document: dict[str, Any]) -> str:
    return dump_yaml(document, header=HEADER)
