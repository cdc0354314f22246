"""bin/convert_framework.py turns public progression frameworks into our YAML
format. Every framework here is synthetic, written in the test in the shape of
the real ones (docs/frameworks.md): FT's job-family YAML with a ladder that
forks into individual-contributor and people-manager tracks, and Monzo's
markdown pages with levelled topics in their front matter.

The two tests at the end import an eight-rung and a six-level conversion; they
need the data-driven ladder of issue 15 (main refuses levels above 5)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from io import StringIO
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from levels.models import Level
from roles.models import Role
from skills.matrix_yaml import parse_documents
from skills.models import (
    MAX_CRITERIA,
    MAX_LINKS,
    Criterion,
    Expectation,
    LearningLink,
    Skill,
    SkillLevel,
    field_limit,
)


@pytest.fixture(scope="module")
def converter() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "bin" / "convert_framework.py"
    spec = importlib.util.spec_from_file_location("convert_framework", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["convert_framework"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


# -- Synthetic sources ---------------------------------------------------------

# Eight rungs from ten entries: four shared, two forked grades, two more on the
# people-manager track after the fork.
EIGHT_RUNGS = [
    ("apprentice", "Apprentice Maker"),
    ("associate", "Associate Maker"),
    ("maker", "Maker"),
    ("senior", "Senior Maker"),
    ("staff-ic", "Staff Maker (Individual Contributor)"),
    ("staff-pm", "Staff Maker (People Manager)"),
    ("fellow-ic", "Fellow (Individual Contributor)"),
    ("fellow-pm", "Fellow (People Manager)"),
    ("head", "Head of Making"),
    ("chief", "Chief Maker"),
]
# FT's own shape, small enough for today's five-level ladder: four rungs.
FOUR_RUNGS = [
    ("novice", "Novice Maker"),
    ("maker", "Maker"),
    ("lead-ic", "Lead Maker (Individual Contributor)"),
    ("lead-pm", "Lead Maker (People Manager)"),
    ("director", "Director of Making"),
]
THEMES = [
    {"id": "craft", "name": "Craft", "summary": "Builds things that last."},
    {"id": "teamwork", "name": "Team Work"},
]
POINTS = "1. Sands every joint until it is flush.\n2. Oils the finished piece.\n\n3. Signs it."


def ft_source(folder: Path, ladder: list[tuple[str, str]], **extra: Any) -> Path:
    """One job family in ``folder``: one competency per level entry and theme;
    the first one written as three numbered points."""
    themes = extra.get("themes", THEMES)
    competencies = []
    for i, (level, _) in enumerate(ladder):
        for j, theme in enumerate(themes):
            number = i * len(themes) + j
            competencies.append({
                "id": f"{number:08x}-aaaa-4bbb-8ccc-{number:012x}",
                "level": level,
                "theme": theme["id"],
                "summary": POINTS if number == 0 else f"Does {theme['id']} work of grade {level}.",
                "proficiency": "Awareness" if i < 2 else "Practitioner",
            })  # fmt: skip
    family = {
        "name": "Guild",
        "summary": "A synthetic job family.",
        "googleSheetId": "sheet",
        "levels": [{"id": level, "name": name} for level, name in ladder],
        "themes": THEMES,
        "competencies": competencies,
    } | extra
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "guild.yml").write_text(yaml.safe_dump(family, sort_keys=False))
    return folder


def ft_texts(folder: Path) -> list[str]:
    """Every criterion the source holds: a competency, or each of its points."""
    family = yaml.safe_load((folder / "guild.yml").read_text())
    texts: list[str] = []
    for competency in family["competencies"]:
        if competency["summary"] == POINTS:
            texts += [
                "Sands every joint until it is flush.",
                "Oils the finished piece.",
                "Signs it.",
            ]
        else:
            texts.append(competency["summary"])
    return texts


def monzo_page(folder: Path, name: str, *, levels: int, topics: list[dict[str, Any]]) -> None:
    front = {
        "path": f"/making/{name}",
        "title": f"🛠️ {name.title()} Making Framework",
        "sidebarTitle": name.title(),
        "sidebarGroup": "making",
        "yaml": True,
        "levels": levels,
        "homepage": True,
        "topics": topics,
    }
    folder.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(front, sort_keys=False, allow_unicode=True)
    (folder / f"{name}.md").write_text(f"---\n{body}---\n### About\nProse the converter skips.\n")


def criteria(levels: range, per_level: int, word: str) -> list[dict[str, Any]]:
    return [
        {
            "level": n,
            "criteria": [f"{word.title()} task {k} at level {n}" for k in range(per_level)],
        }
        for n in levels
    ]


def monzo_source(folder: Path, *, top: int = 6) -> Path:
    """Two disciplines: 'wood' with ``top`` levels, 'metal' with three; a shared
    topic, a topic only one has, example criteria with examples, and two
    criteria whose keys would collide."""
    shared = criteria(range(1, top + 1), 2, "talk")
    shared[1]["exampleCriteria"] = [
        {
            "criteria": "Explains a joint to a customer",
            "examples": ["Drew the dovetail on a napkin"],
        }
    ]
    monzo_page(folder, "wood", levels=top, topics=[
        {"name": "communication", "title": None, "content": shared},
        {"name": "mastery", "title": "🪚 Mastery", "content": criteria(range(1, top + 1), 3, "x")},
    ])  # fmt: skip
    monzo_page(folder, "metal", levels=3, topics=[
        {"name": "communication", "title": None, "content": [
            {"level": 1, "criteria": ["Welds safely!", "Welds safely?", "Asks for help"]},
            {"level": 3, "criteria": ["Teaches welding"]},
        ]},
    ])  # fmt: skip
    return folder


def monzo_texts(folder: Path) -> list[str]:
    texts: list[str] = []
    for page in sorted(folder.glob("*.md")):
        front = yaml.safe_load(page.read_text().split("---\n")[1])
        for topic in front["topics"]:
            for content in topic["content"]:
                texts += content.get("criteria") or []
                texts += [e["criteria"] for e in content.get("exampleCriteria") or []]
    return texts


def convert(converter: ModuleType, *args: str | Path) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = converter.main([str(a) for a in args])
    finally:
        sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def cells(skill: dict[str, Any]) -> dict[tuple[str, int], dict[str, Any]]:
    return {
        (role, level): cell
        for role, block in skill["roles"].items()
        for level, cell in block["levels"].items()
    }


def written_criteria(out: Path) -> list[str]:
    return [
        criterion["text"]
        for path in sorted((out / "skills").glob("*.yaml"))
        for cell in cells(load(path)).values()
        for criterion in cell["criteria"]
    ]


# -- FT: a forked ladder -------------------------------------------------------


def test_the_ft_fork_becomes_a_shared_role_and_one_role_per_track(
    converter: ModuleType, tmp_path: Path
) -> None:
    source = ft_source(tmp_path / "ft", EIGHT_RUNGS)
    code, stdout, _ = convert(converter, "ft", source, tmp_path / "out")
    assert code == 0, stdout
    levels = load(tmp_path / "out" / "levels.yaml")["levels"]
    assert [(lv["number"], lv["slug"], lv["career_name"]) for lv in levels] == [
        (1, "apprentice", "Apprentice Maker"),
        (2, "associate", "Associate Maker"),
        (3, "maker", "Maker"),
        (4, "senior", "Senior Maker"),
        (5, "staff", "Staff Maker"),
        (6, "fellow", "Fellow"),
        (7, "head", "Head of Making"),
        (8, "chief", "Chief Maker"),
    ]
    roles = load(tmp_path / "out" / "roles.yaml")["roles"]
    assert [(r["slug"], r["name"], r["family"]) for r in roles] == [
        ("guild", "Guild", "Guild"),
        ("guild-individual-contributor", "Guild (Individual Contributor)", "Guild"),
        ("guild-people-manager", "Guild (People Manager)", "Guild"),
    ]
    craft = load(tmp_path / "out" / "skills" / "craft.yaml")
    ladders = {role: sorted(block["levels"]) for role, block in craft["roles"].items()}
    assert ladders == {
        "guild": [1, 2, 3, 4],
        "guild-individual-contributor": [5, 6],
        "guild-people-manager": [5, 6, 7, 8],
    }
    assert all(cell["required"] for cell in cells(craft).values())
    assert "source: 10 level entries, 2 themes, 20 competencies" in stdout
    assert "8 levels, 3 roles, 2 skills, 20 cells, 22 criteria" in stdout


def test_every_ft_competency_is_a_criterion_and_numbered_points_are_split(
    converter: ModuleType, tmp_path: Path
) -> None:
    source = ft_source(tmp_path / "ft", EIGHT_RUNGS)
    convert(converter, "ft", source, tmp_path / "out")
    assert sorted(written_criteria(tmp_path / "out")) == sorted(ft_texts(source))
    first = cells(load(tmp_path / "out" / "skills" / "craft.yaml"))[("guild", 1)]
    key = "00000000-aaaa-4bbb-8ccc-000000000000"
    assert first["criteria"] == [
        {"key": f"{key}-1", "text": "Sands every joint until it is flush."},
        {"key": f"{key}-2", "text": "Oils the finished piece."},
        {"key": f"{key}-3", "text": "Signs it."},
    ]
    assert first["summary"] == "Apprentice Maker.\nExpected proficiency: Awareness."
    assert first["last_reviewed"] == dt.date.today()


def test_ft_proficiencies_name_the_rungs_and_describe_each_level(
    converter: ModuleType, tmp_path: Path
) -> None:
    convert(converter, "ft", ft_source(tmp_path / "ft", EIGHT_RUNGS), tmp_path / "out")
    levels = load(tmp_path / "out" / "levels.yaml")["levels"]
    assert [lv["proficiency_name"] for lv in levels[:3]] == [
        "Awareness",
        "Awareness",
        "Practitioner",
    ]
    assert levels[4]["summary"] == (
        "One grade on several tracks: Staff Maker (Individual Contributor); "
        "Staff Maker (People Manager)"
    )
    craft = load(tmp_path / "out" / "skills" / "craft.yaml")
    assert craft["levels"][1] == "Expected proficiency: Awareness."
    assert craft["levels"][5] == "Expected proficiency: Practitioner (every track)."
    assert craft["levels"][8] == "Expected proficiency: Practitioner (People Manager)."


def test_ft_legacy_examples_and_links_are_kept(converter: ModuleType, tmp_path: Path) -> None:
    source = ft_source(tmp_path / "ft", FOUR_RUNGS)
    family = load(source / "guild.yml")
    family["competencies"][2]["examples"] = ["Planed a door that closes"]
    family["competencies"][2]["supportingUrls"] = [
        {"label": "Planing", "url": "https://example.org/planing"},
        {"label": "Again", "url": "https://example.org/planing"},
    ]
    (source / "guild.yml").write_text(yaml.safe_dump(family))
    convert(converter, "ft", source, tmp_path / "out")
    cell = cells(load(tmp_path / "out" / "skills" / "craft.yaml"))[("guild", 2)]
    assert cell["summary"].endswith("Examples:\n- Planed a door that closes")
    assert cell["links"] == [{"title": "Planing", "url": "https://example.org/planing"}]


def test_a_long_theme_summary_is_cut_with_a_note_and_kept_whole_in_the_description(
    converter: ModuleType, tmp_path: Path
) -> None:
    long = "Measures twice and cuts once, " * 15
    themes = [THEMES[0] | {"summary": long}, THEMES[1]]
    source = ft_source(tmp_path / "ft", FOUR_RUNGS, themes=themes)
    code, stdout, _ = convert(converter, "ft", source, tmp_path / "out")
    assert code == 0
    text = (tmp_path / "out" / "skills" / "craft.yaml").read_text()
    craft = yaml.safe_load(text)
    assert len(craft["summary"]) <= field_limit(Skill, "summary")
    assert craft["summary"].endswith("…")
    assert long.startswith(craft["summary"][:-1] + " ")  # cut between two words
    assert craft["description"] == long.strip()
    assert f"# note: summary: cut from {len(long.strip())} to" in text
    assert "note: craft: summary: cut from" in stdout


def test_an_ft_conversion_of_at_most_five_rungs_imports_today_with_nothing_lost(
    converter: ModuleType, tmp_path: Path, db: None
) -> None:
    source = ft_source(tmp_path / "ft", FOUR_RUNGS)
    out = tmp_path / "out"
    convert(converter, "ft", source, out)
    call_command("import_matrix", str(out), stdout=StringIO())
    assert list(Level.objects.values_list("number", "career_name")) == [
        (1, "Novice Maker"), (2, "Maker"), (3, "Lead Maker"), (4, "Director of Making")
    ]  # fmt: skip
    assert sorted(Role.objects.values_list("slug", flat=True)) == [
        "guild", "guild-individual-contributor", "guild-people-manager"
    ]  # fmt: skip
    assert sorted(Criterion.objects.values_list("text", flat=True)) == sorted(ft_texts(source))
    people_manager = Expectation.objects.filter(role__slug="guild-people-manager")
    assert sorted({e.level.number for e in people_manager.select_related("level")}) == [3, 4]
    assert SkillLevel.objects.filter(skill__slug="craft").count() == 4


# -- Monzo: levelled topics in markdown front matter ----------------------------


def test_monzo_disciplines_become_roles_and_topics_become_skills(
    converter: ModuleType, tmp_path: Path
) -> None:
    source = monzo_source(tmp_path / "monzo")
    code, stdout, _ = convert(converter, "monzo", source, tmp_path / "out")
    assert code == 0, stdout
    levels = load(tmp_path / "out" / "levels.yaml")["levels"]
    assert [(lv["number"], lv["slug"], lv["career_name"]) for lv in levels] == [
        (n, f"level-{n}", f"Level {n}") for n in range(1, 7)
    ]
    roles = load(tmp_path / "out" / "roles.yaml")["roles"]
    assert [(r["slug"], r["name"], r["family"]) for r in roles] == [
        ("metal-making", "Metal Making", "Making"),
        ("wood-making", "Wood Making", "Making"),
    ]
    assert sorted(p.name for p in (tmp_path / "out" / "skills").iterdir()) == [
        "communication.yaml",
        "mastery.yaml",
    ]
    mastery = load(tmp_path / "out" / "skills" / "mastery.yaml")
    assert (mastery["name"], mastery["domain"], mastery["group"]) == (
        "Mastery", "Making", "Monzo progression"
    )  # fmt: skip
    communication = load(tmp_path / "out" / "skills" / "communication.yaml")
    assert communication["name"] == "Communication"
    assert sorted(cells(communication)) == [("metal-making", 1), ("metal-making", 3)] + [
        ("wood-making", n) for n in range(1, 7)
    ]
    assert sorted(written_criteria(tmp_path / "out")) == sorted(monzo_texts(source))
    assert "source: 2 files, 2 topics, 35 criteria" in stdout


def test_monzo_criteria_get_readable_keys_unique_in_their_cell_and_examples_go_to_the_summary(
    converter: ModuleType, tmp_path: Path
) -> None:
    convert(converter, "monzo", monzo_source(tmp_path / "monzo"), tmp_path / "out")
    communication = cells(load(tmp_path / "out" / "skills" / "communication.yaml"))
    assert [c["key"] for c in communication[("metal-making", 1)]["criteria"]] == [
        "welds-safely",
        "welds-safely-2",
        "asks-for-help",
    ]
    second = communication[("wood-making", 2)]
    assert second["criteria"][-1] == {
        "key": "explains-a-joint-to-a-customer",
        "text": "Explains a joint to a customer",
    }
    assert second["summary"] == (
        "Wood Making at level 2: 3 criteria.\n"
        "Examples for “Explains a joint to a customer”:\n"
        "- Drew the dovetail on a napkin"
    )


def test_a_monzo_conversion_of_at_most_five_levels_imports_today_with_nothing_lost(
    converter: ModuleType, tmp_path: Path, db: None
) -> None:
    source = monzo_source(tmp_path / "monzo", top=4)
    out = tmp_path / "out"
    convert(converter, "monzo", source, out)
    parse_documents(
        [(p, p.name) for p in sorted(out.rglob("*.yaml"))],
        max_bytes=settings.MATRIX_IMPORT_MAX_BYTES,
    )
    call_command("import_matrix", str(out), stdout=StringIO())
    assert sorted(Criterion.objects.values_list("text", flat=True)) == sorted(monzo_texts(source))
    assert Expectation.objects.filter(required=True).count() == Expectation.objects.count() == 10
    again = StringIO()
    call_command("import_matrix", str(out), stdout=again)
    assert "0 created, 0 updated" in again.getvalue()


# -- Input the converter does not understand -----------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f["competencies"][3].update(level="astronaut"),
         "guild.yml: competencies[3].level: not one of the levels: 'astronaut'"),
        (lambda f: f["competencies"][1].update(theme="juggling"),
         "guild.yml: competencies[1].theme: not one of the themes: 'juggling'"),
        (lambda f: f["competencies"][0].update(proficiency="Wizard"),
         "guild.yml.competencies[0].proficiency: expected one of Awareness, Foundational"),
        (lambda f: f["levels"][0].update(rank=1),
         "guild.yml.levels[0].rank: unknown field; expected one of: id, name"),
        (lambda f: f.pop("themes"), 'guild.yml: missing field "themes"'),
        (lambda f: f.update(levels=f["levels"][:1]),
         "guild.yml: levels: a ladder of 1 level(s); the app holds 2 to 12"),
    ],
)  # fmt: skip
def test_an_ft_family_of_the_wrong_shape_is_refused_and_nothing_is_written(
    converter: ModuleType, tmp_path: Path, change: Any, message: str
) -> None:
    source = ft_source(tmp_path / "ft", FOUR_RUNGS)
    family = load(source / "guild.yml")
    change(family)
    (source / "guild.yml").write_text(yaml.safe_dump(family))
    code, _, stderr = convert(converter, "ft", source, tmp_path / "out")
    assert code == 1
    assert f"error: {message}" in stderr
    assert "nothing was written" in stderr
    assert not (tmp_path / "out").exists()


def test_unreadable_sources_are_refused_with_the_file_and_place(
    converter: ModuleType, tmp_path: Path
) -> None:
    code, _, stderr = convert(converter, "ft", tmp_path / "missing", tmp_path / "out")
    assert code == 1
    assert stderr.splitlines()[0] == (
        f"error: {tmp_path / 'missing'}: not a folder; expected a folder of job-family YAML files"
    )
    (tmp_path / "empty").mkdir()
    code, _, stderr = convert(converter, "monzo", tmp_path / "empty", tmp_path / "out")
    assert code == 1
    assert "no markdown framework files (*.md) in this folder" in stderr
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "guild.yml").write_text("name: Guild\nlevels:\n\t- id: a\n")
    code, _, stderr = convert(converter, "ft", tmp_path / "bad", tmp_path / "out")
    assert code == 1
    assert "error: guild.yml:3: not valid YAML: found character '\\t'" in stderr
    assert not (tmp_path / "out").exists()


def test_two_current_ft_families_need_family_to_choose(
    converter: ModuleType, tmp_path: Path
) -> None:
    source = ft_source(tmp_path / "ft", FOUR_RUNGS)
    (source / "guild-v1.yml").write_text((source / "guild.yml").read_text())
    code, _, stderr = convert(converter, "ft", source, tmp_path / "out")
    assert code == 1
    assert "2 current job families (guild-v1.yml, guild.yml); choose one with --family" in stderr
    code, _, _ = convert(converter, "ft", source, tmp_path / "out", "--family", "guild")
    assert code == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# no front matter\n", "wood.md: no front matter"),
        ("---\ntitle: Wood\nyaml: false\nlevels:\n---\nProse.\n",
         "wood.md: yaml: false: written as prose, not as levelled topics"),
        ("---\ntitle: Wood\nlevels: 6\ntopics:\n  - name: a\n    content:\n\t- level: 1\n---\n",
         "wood.md:7: not valid YAML"),
        ("---\ntitle: Wood\nlevels: 2\ntopics:\n  - name: a\n    content:\n"
         "      - level: 3\n        criteria: [x]\n---\n",
         "wood.md: topics[0].content[0].level: 3 is above the file's 'levels: 2'"),
        ("---\ntitle: Wood\nlevels: two\ntopics: []\n---\n",
         "wood.md: front matter.levels: expected a whole number of at least 1, got \"two\""),
        ("---\ntitle: Wood\nlevels: 2\ntopics:\n  - name: a\n    content:\n"
         "      - level: 1\n        criteria: [x]\n        points: 3\n---\n",
         "wood.md: front matter.topics[0].content[0].points: unknown field"),
        ("---\ntitle: Wood\nlevels: 13\ntopics: []\n---\n",
         "a ladder of 13 level(s); the app holds 2 to 12"),
    ],
)  # fmt: skip
def test_a_monzo_page_it_does_not_understand_is_refused(
    converter: ModuleType, tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "monzo").mkdir()
    (tmp_path / "monzo" / "wood.md").write_text(text)
    code, _, stderr = convert(converter, "monzo", tmp_path / "monzo", tmp_path / "out")
    assert code == 1
    assert message in stderr
    assert not (tmp_path / "out").exists()


def test_a_cell_with_more_criteria_than_the_app_holds_is_refused(
    converter: ModuleType, tmp_path: Path
) -> None:
    source = tmp_path / "monzo"
    too_many = criteria(range(1, 3), MAX_CRITERIA + 1, "plane")
    monzo_page(source, "wood", levels=2, topics=[{"name": "mastery", "content": too_many}])
    code, _, stderr = convert(converter, "monzo", source, tmp_path / "out")
    assert code == 1
    assert f"mastery: wood-making at level 1: 21 criteria; a cell holds at most {MAX_CRITERIA}" in (
        stderr
    )
    assert not (tmp_path / "out").exists()


# -- OUT_DIR --------------------------------------------------------------------


def test_a_non_empty_out_dir_is_refused_without_force(
    converter: ModuleType, tmp_path: Path
) -> None:
    source = monzo_source(tmp_path / "monzo")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    code, _, stderr = convert(converter, "monzo", source, out)
    assert code == 1
    assert f"{out}: not empty; choose an empty folder or add --force" in stderr
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]

    (out / "other.yaml").write_text("kind: roles\nroles: []\n")
    code, stdout, _ = convert(converter, "monzo", source, out, "--force")
    assert code == 0
    assert (out / "keep.txt").read_text() == "mine"
    assert load(out / "levels.yaml")["kind"] == "levels"
    assert f"warning: {out.resolve() / 'other.yaml'}: not from this run" in stdout


def test_it_never_writes_through_a_symbolic_link_out_of_out_dir(
    converter: ModuleType, tmp_path: Path
) -> None:
    source = monzo_source(tmp_path / "monzo")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "skills").symlink_to(elsewhere)
    code, _, stderr = convert(converter, "monzo", source, out, "--force")
    assert code == 1
    assert f"{out / 'skills'}: a symbolic link inside OUT_DIR; nothing written" in stderr
    assert list(elsewhere.iterdir()) == []
    assert not (out / "levels.yaml").exists()

    (out / "skills").unlink()
    (tmp_path / "target.yaml").write_text("untouched")
    (out / "levels.yaml").symlink_to(tmp_path / "target.yaml")
    code, _, _ = convert(converter, "monzo", source, out, "--force")
    assert code == 1
    assert (tmp_path / "target.yaml").read_text() == "untouched"


def test_out_dir_must_be_a_folder(converter: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    code, _, stderr = convert(converter, "monzo", monzo_source(tmp_path / "m"), tmp_path / "file")
    assert code == 1
    assert "OUT_DIR must be a folder" in stderr
    assert (tmp_path / "file").read_text() == "x"


def test_converting_twice_writes_the_same_files(converter: ModuleType, tmp_path: Path) -> None:
    source = ft_source(tmp_path / "ft", EIGHT_RUNGS)
    reviewed = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    for out in ("one", "two"):
        convert(converter, "ft", source, tmp_path / out, "--reviewed", reviewed)
    one = {
        p.relative_to(tmp_path / "one"): p.read_text() for p in (tmp_path / "one").rglob("*.yaml")
    }
    two = {
        p.relative_to(tmp_path / "two"): p.read_text() for p in (tmp_path / "two").rglob("*.yaml")
    }
    assert one == two
    assert f"last_reviewed: {reviewed}" in one[Path("skills/craft.yaml")]


# -- The converter's limits are the app's ---------------------------------------


def test_the_converters_limits_are_the_models(converter: ModuleType) -> None:
    models = {"level": Level, "role": Role, "skill": Skill, "expectation": Expectation,
              "criterion": Criterion, "link": LearningLink}  # fmt: skip
    for name, limit in converter.LIMITS.items():
        model, field = name.split(".")
        assert limit == field_limit(models[model], field), name
    assert (converter.MAX_CRITERIA, converter.MAX_LINKS) == (MAX_CRITERIA, MAX_LINKS)


# -- Needs the data-driven ladder (issue 15): more than five levels -------------


@pytest.mark.django_db
def test_an_eight_rung_ft_conversion_imports_with_every_criterion_kept(
    converter: ModuleType, tmp_path: Path
) -> None:
    source = ft_source(tmp_path / "ft", EIGHT_RUNGS)
    out = tmp_path / "out"
    convert(converter, "ft", source, out)
    call_command("import_matrix", str(out), stdout=StringIO())
    assert list(Level.objects.values_list("number", "career_name")) == [
        (1, "Apprentice Maker"), (2, "Associate Maker"), (3, "Maker"), (4, "Senior Maker"),
        (5, "Staff Maker"), (6, "Fellow"), (7, "Head of Making"), (8, "Chief Maker"),
    ]  # fmt: skip
    assert sorted(Criterion.objects.values_list("text", flat=True)) == sorted(ft_texts(source))
    top = Expectation.objects.get(skill__slug="craft", level__number=8)
    assert top.role.slug == "guild-people-manager"


@pytest.mark.django_db
def test_a_six_level_monzo_conversion_imports_with_every_criterion_kept(
    converter: ModuleType, tmp_path: Path
) -> None:
    source = monzo_source(tmp_path / "monzo", top=6)
    out = tmp_path / "out"
    convert(converter, "monzo", source, out)
    call_command("import_matrix", str(out), stdout=StringIO())
    assert Level.objects.count() == 6
    assert sorted(Criterion.objects.values_list("text", flat=True)) == sorted(monzo_texts(source))
    assert Expectation.objects.filter(level__number=6, role__slug="wood-making").count() == 2


def test_two_themes_that_would_share_a_skill_file_are_refused(
    converter: ModuleType, tmp_path: Path
) -> None:
    themes = [THEMES[0], {"id": "Craft", "name": "Craft again"}]
    source = ft_source(tmp_path / "ft", FOUR_RUNGS, themes=themes)
    code, _, stderr = convert(converter, "ft", source, tmp_path / "out")
    assert code == 1
    assert "error: two skills would share the slug 'craft'" in stderr
    assert not (tmp_path / "out").exists()
