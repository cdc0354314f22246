"""Staleness in the matrix: deprecated criteria and links, watch terms, moved
documentation and review dates, through YAML, export, the API and
``check_matrix``."""

from __future__ import annotations

import copy
import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from skills.export import export_yaml, skill_document
from skills.models import Criterion, LearningLink, Skill, materially_different
from skills.staleness import months_before
from tests.factories import skill_doc, write_matrix, write_yaml

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
FRESH = TODAY - dt.timedelta(days=30)
DEPRECATION = {
    "since": "PyTorch 2.5",
    "replaced_by": "torch.export",
    "url": "https://docs.pytorch.org/docs/stable/export.html",
    "note": "Kept for reading older models.",
}


def current_doc() -> dict[str, Any]:
    """A skill with nothing out of date: every cell reviewed a month ago, a
    watch list, moved documentation, and one deprecated criterion and link."""
    doc = skill_doc()
    doc["watch"] = [
        {"term": "TorchScript", "successor": "torch.export", "since": "PyTorch 2.5"},
        {"term": "torch.cuda.amp", "successor": "torch.amp"},
    ]
    doc["moved"] = [{"from": "https://pytorch.org/docs/", "to": "https://docs.pytorch.org/docs/"}]
    for role in doc["roles"].values():
        for cell in role["levels"].values():
            # A new object each time: PyYAML would write a shared one as an alias.
            cell["last_reviewed"] = dt.date.fromordinal(FRESH.toordinal())
            cell["links"] = [{"title": "Docs", "url": "https://docs.pytorch.org/docs/stable/"}]
    cell = doc["roles"]["ml-engineer"]["levels"][3]
    cell["criteria"].append(
        {"key": "legacy", "text": "Maintains TorchScript models.", "deprecated": DEPRECATION}
    )
    cell["links"].append(
        {
            "title": "TorchScript",
            "url": "https://docs.pytorch.org/docs/stable/jit.html",
            "deprecated": {"since": "PyTorch 2.5", "replaced_by": "torch.export"},
        }
    )
    return doc


def check(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("check_matrix", *args, stdout=out, stderr=StringIO())
    except CommandError as exc:
        return 1, out.getvalue() + str(exc)
    return 0, out.getvalue()


# -- YAML in and out -------------------------------------------------------------


def test_deprecations_watch_terms_and_moved_documentation_are_imported(tmp_path: Path) -> None:
    call_command("import_matrix", str(write_matrix(tmp_path, current_doc())), stdout=StringIO())
    skill = Skill.objects.get(slug="pytorch")
    assert skill.watch_terms[0] == {
        "term": "TorchScript", "successor": "torch.export", "since": "PyTorch 2.5",
    }  # fmt: skip
    assert skill.moved_links == [
        {"from": "https://pytorch.org/docs/", "to": "https://docs.pytorch.org/docs/"}
    ]
    legacy = Criterion.objects.get(key="legacy")
    assert legacy.deprecation() == DEPRECATION
    link = LearningLink.objects.get(url__endswith="jit.html")
    assert (link.deprecated, link.replaced_by, link.replacement_url) == (True, "torch.export", "")
    assert not Criterion.objects.get(key="first", expectation__level__number=3,
                                     expectation__role__slug="ml-engineer").deprecated  # fmt: skip


def test_the_export_carries_them_and_reimports_unchanged(tmp_path: Path) -> None:
    call_command("import_matrix", str(write_matrix(tmp_path, current_doc())), stdout=StringIO())
    exported = export_yaml(skill_document(Skill.objects.get(slug="pytorch")))
    for part in ("deprecated:\n", "replaced_by: torch.export", "watch:\n", "moved:\n"):
        assert part in exported
    (tmp_path / "skills" / "pytorch.yaml").write_text(exported)
    out = StringIO()
    call_command("import_matrix", str(tmp_path), stdout=out)
    assert "\n0 created, 0 updated, 55 unchanged, 0 removed\n" in out.getvalue()


def test_un_deprecating_a_criterion_clears_its_deprecation(tmp_path: Path) -> None:
    doc = current_doc()
    call_command("import_matrix", str(write_matrix(tmp_path, doc)), stdout=StringIO())
    del doc["roles"]["ml-engineer"]["levels"][3]["criteria"][-1]["deprecated"]
    call_command("import_matrix", str(write_matrix(tmp_path, doc)), stdout=StringIO())
    legacy = Criterion.objects.get(key="legacy")
    assert (legacy.deprecated, legacy.deprecated_since, legacy.replaced_by) == (False, "", "")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["roles"]["ml-engineer"]["levels"][3]["criteria"][-1]["deprecated"].pop(
                "replaced_by"
            ),
            'roles.ml-engineer.levels.3.criteria[2].deprecated: missing field "replaced_by"',
        ),
        (
            lambda d: d["roles"]["ml-engineer"]["levels"][3]["criteria"][-1]["deprecated"].update(
                url="ftp://old"
            ),
            "roles.ml-engineer.levels.3.criteria[2].deprecated.url: expected an http:// or "
            'https:// address, got "ftp://old"',
        ),
        (
            lambda d: d["roles"]["ml-engineer"]["levels"][3]["links"][-1].update(deprecated=True),
            "roles.ml-engineer.levels.3.links[1].deprecated: expected a mapping, got true",
        ),
        (
            lambda d: d["watch"].append({"term": "torchscript", "successor": "x"}),
            'watch[2].term: duplicate watch term "torchscript" (first at watch[0])',
        ),
        (
            lambda d: d["watch"].append({"term": "torch.jit"}),
            'watch[2]: missing field "successor"',
        ),
        (
            lambda d: d["moved"].append({"from": "pytorch.org", "to": "https://x.org/"}),
            'moved[1].from: expected an http:// or https:// address, got "pytorch.org"',
        ),
        (
            lambda d: d.update(watch="torch.jit"),
            'watch: expected a list, got "torch.jit"',
        ),
    ],
)
def test_a_bad_staleness_field_is_refused_by_file_line_and_path(
    tmp_path: Path, change: Any, message: str
) -> None:
    doc = copy.deepcopy(current_doc())
    change(doc)
    folder = write_matrix(tmp_path, doc)
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_matrix", str(folder), stdout=StringIO(), stderr=err)
    assert message in err.getvalue()
    assert f"{folder}/skills/pytorch.yaml:" in err.getvalue()
    assert not Skill.objects.exists()


def test_the_database_refuses_half_a_deprecation(tmp_path: Path) -> None:
    call_command("import_matrix", str(write_matrix(tmp_path, current_doc())), stdout=StringIO())
    criterion = Criterion.objects.get(key="legacy")
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.filter(pk=criterion.pk).update(replaced_by="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.filter(pk=criterion.pk).update(deprecated=False)


# -- check_matrix --------------------------------------------------------------------


def test_a_current_matrix_has_no_findings_in_files_or_database(tmp_path: Path) -> None:
    folder = write_matrix(tmp_path, current_doc())
    assert check(str(folder)) == (0, "1 skill(s) checked, 0 finding(s)\n")
    call_command("import_matrix", str(folder), stdout=StringIO())
    assert check() == (0, "1 skill(s) checked, 0 finding(s)\n")


def plant(doc: dict[str, Any]) -> dict[str, Any]:
    cells = doc["roles"]["data-scientist"]["levels"]
    cells[2]["criteria"][0]["text"] = (
        "Trains with torch.cuda.amp autocast."  # watched, no successor
    )
    cells[2]["criteria"][1]["text"] = "Moves from torch.cuda.amp to torch.amp."  # names successor
    cells[3]["links"][0]["url"] = "https://pytorch.org/docs/stable/amp.html"  # moved
    cells[4]["last_reviewed"] = months_before(TODAY, 13)  # stale
    del cells[5]["last_reviewed"]  # never reviewed
    return doc


EXPECTED = [
    "watched-term: pytorch: data-scientist at level 2, criterion “first”: names "
    "“torch.cuda.amp” (watched: use torch.amp) but is neither marked deprecated nor names "
    "the successor",
    "moved-link: pytorch: data-scientist at level 3, link https://pytorch.org/docs/stable/amp.html"
    ": https://pytorch.org/docs/stable/amp.html is on documentation that moved: use "
    "https://docs.pytorch.org/docs/stable/amp.html",
    f"unreviewed: pytorch: data-scientist at level 4, cell: last reviewed "
    f"{months_before(TODAY, 13).isoformat()}, more than 12 months ago",
    "unreviewed: pytorch: data-scientist at level 5, cell: never reviewed (no last_reviewed date)",
]


def test_each_planted_problem_is_found_in_the_files(tmp_path: Path) -> None:
    status, out = check(str(write_matrix(tmp_path, plant(current_doc()))))
    assert status == 1
    assert sorted(out.splitlines()[:-1]) == sorted(EXPECTED)
    assert out.splitlines()[-1] == "1 skill(s) checked, 4 finding(s)"


def test_each_planted_problem_is_found_in_the_database(tmp_path: Path) -> None:
    call_command(
        "import_matrix", str(write_matrix(tmp_path, plant(current_doc()))), stdout=StringIO()
    )
    status, out = check()
    assert status == 1
    assert sorted(out.splitlines()[:-1]) == sorted(EXPECTED)


def test_months_is_configurable(tmp_path: Path) -> None:
    doc = current_doc()
    doc["roles"]["ml-engineer"]["levels"][1]["last_reviewed"] = months_before(TODAY, 7)
    folder = write_matrix(tmp_path, doc)
    assert check(str(folder))[0] == 0
    status, out = check(str(folder), "--months", "6")
    assert status == 1
    assert "ml-engineer at level 1, cell: last reviewed" in out
    assert "more than 6 months ago" in out


def test_a_term_inside_a_longer_name_is_not_a_mention(tmp_path: Path) -> None:
    doc = current_doc()
    doc["watch"].append({"term": "torch.jit", "successor": "torch.export"})
    doc["roles"]["ml-engineer"]["levels"][1]["criteria"][0]["text"] = "Uses my_torch.jitter."
    assert check(str(write_matrix(tmp_path, doc)))[0] == 0
    doc["roles"]["ml-engineer"]["levels"][1]["criteria"][0]["text"] = "Uses TORCH.JIT.trace."
    status, out = check(str(write_matrix(tmp_path, doc)))
    assert status == 1
    assert "names “torch.jit”" in out


def test_a_deprecated_item_naming_a_watched_term_is_fine_but_its_moved_link_is_not(
    tmp_path: Path,
) -> None:
    doc = current_doc()
    doc["roles"]["ml-engineer"]["levels"][3]["criteria"][-1]["deprecated"]["url"] = (
        "https://pytorch.org/docs/stable/export.html"
    )
    status, out = check(str(write_matrix(tmp_path, doc)))
    assert status == 1
    assert (
        "criterion “legacy”: https://pytorch.org/docs/stable/export.html is on documentation" in out
    )
    assert "watched-term" not in out


def test_bad_files_and_bad_options_are_refused(tmp_path: Path) -> None:
    broken = write_yaml(tmp_path / "broken.yaml", {"kind": "skill", "slug": "x"})
    with pytest.raises(CommandError, match="the files have"):
        call_command("check_matrix", str(broken), stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="--months must be at least 1"):
        call_command("check_matrix", "--months", "0", stdout=StringIO())
    with pytest.raises(CommandError, match="no such skill"):
        call_command("check_matrix", "--skill", "jax", stdout=StringIO())


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 3, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2026, 1, 15), 12, dt.date(2025, 1, 15)),
        (dt.date(2026, 1, 15), 13, dt.date(2024, 12, 15)),
    ],
)
def test_months_before_counts_calendar_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert months_before(day, months) == expected


@pytest.mark.parametrize(
    ("before", "after", "material"),
    [
        ("Trains a model.", "Trains a model", False),  # punctuation
        ("Trains a  model.", "trains a model.", False),  # case and spacing
        ("Speeds up inference with TorchScript.", "Speeds up inference with torch.export.", True),
        ("Trains an LSTM text classifier.", "Trains a transformer text classifier.", True),
        (
            "Writes a training loop that batches data, computes the loss and steps the optimiser.",
            "Writes a training loop that batches data, computes the loss and steps the optimizer.",
            False,  # a spelling fix
        ),
        (
            "Trains with automatic mixed precision through torch.cuda.amp autocast and a "
            "gradient scaler, and shows the speed-up on a full training run.",
            "Trains with automatic mixed precision through torch.amp autocast and a "
            "gradient scaler, and shows the speed-up on a full training run.",
            True,  # one API name in a long sentence
        ),
        (
            "Shards a model too large for one GPU with FSDP and reports memory per device.",
            "Shards a model too large for one GPU with FSDP2 and reports memory per device.",
            True,
        ),
        (
            "Writes a training standard that 3 teams adopt.",
            "Writes a training standard that 10 teams adopt.",
            True,  # a number
        ),
        ("Trains a LSTM classifier.", "Trains an LSTM classifier.", False),  # grammar
        ("Profiles the training loop.", "Profiles the training loop and fixes it.", True),
    ],
)
def test_only_a_material_rewording_is_a_revision(before: str, after: str, material: bool) -> None:
    assert materially_different(before, after) is material
