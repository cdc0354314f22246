"""The one module that loads the shipped YAML and checks the facts it encodes."""

from __future__ import annotations

import datetime as dt
import re
from difflib import SequenceMatcher
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from levels.models import Level
from roles.models import Role
from skills.export import export_yaml, levels_document, roles_document, skill_document
from skills.management.commands.import_matrix import collect_files
from skills.matrix_yaml import parse_documents
from skills.models import Expectation, Skill, SkillLevel
from skills.staleness import find_stale, record_from_spec
from tests.skills.seed_sentences import SEED_SENTENCES

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PYTORCH_YAML = FIXTURES / "skills" / "pytorch.yaml"
ROLES = {
    "computer-vision-engineer": "Computer Vision Engineer",
    "data-scientist": "Data Scientist",
    "llm-engineer": "LLM Engineer",
    "ml-engineer": "ML Engineer",
    "nlp-engineer": "NLP Engineer",
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped() -> Skill:
    call_command("import_matrix", str(FIXTURES), stdout=StringIO())
    return Skill.objects.get(slug="pytorch")


def test_the_five_levels_carry_both_vocabularies(shipped: Skill) -> None:
    assert list(Level.objects.values_list("number", "career_name", "proficiency_name")) == [
        (1, "Junior", "Fundamental Awareness"),
        (2, "Middle", "Novice"),
        (3, "Senior", "Intermediate"),
        (4, "Lead / Staff", "Advanced"),
        (5, "Principal", "Expert"),
    ]


def test_the_five_roles_are_shipped(shipped: Skill) -> None:
    assert dict(Role.objects.values_list("slug", "name")) == ROLES


def test_pytorch_header_facts(shipped: Skill) -> None:
    assert shipped.name == "PyTorch"
    assert shipped.domain == "Machine Learning & AI"
    assert shipped.group == "Deep Learning"
    assert shipped.last_reviewed.isoformat() == "2026-11-30"
    assert shipped.version == 1


def test_every_role_has_one_expectation_per_level(shipped: Skill) -> None:
    cells = set(Expectation.objects.values_list("role__slug", "level__number"))
    assert cells == {(role, n) for role in ROLES for n in range(1, 6)}


def test_nineteen_required_and_six_optional(shipped: Skill) -> None:
    assert Expectation.objects.required().count() == 19
    assert Expectation.objects.optional().count() == 6


def test_levels_one_and_two_require_pytorch_only_of_ml_and_nlp_engineers(shipped: Skill) -> None:
    required_low = set(
        Expectation.objects.required().up_to(2).values_list("role__slug", flat=True).distinct()
    )
    assert required_low == {"ml-engineer", "nlp-engineer"}
    for number in (3, 4, 5):
        assert Expectation.objects.at(number).required().count() == 5


def test_every_cell_is_split_into_three_to_six_criteria(shipped: Skill) -> None:
    for exp in Expectation.objects.prefetch_related("criteria"):
        assert 3 <= len(exp.criteria.all()) <= 6, exp


def test_every_level_has_a_description_of_expected_behaviours(shipped: Skill) -> None:
    descriptions = dict(SkillLevel.objects.values_list("level__number", "description"))
    assert set(descriptions) == {1, 2, 3, 4, 5}
    assert "autograd" in descriptions[1]
    assert "mentor" in descriptions[5]


@pytest.mark.parametrize(
    ("topic", "url_part"),
    [
        ("amp", "/amp"),
        ("ddp", "ddp"),
        ("fsdp", "fully_shard"),
        ("dtensor", "distributed.tensor"),
        ("device-mesh", "device_mesh"),
        ("onnx", "onnx_dynamo"),
        ("torch-export", "/export.html"),
        ("aotinductor", "aot_inductor"),
        ("quantization", "/ao/"),
        ("pruning", "pruning"),
        ("profiler", "profiler"),
        ("torch-compile", "torch_compile"),
        ("custom-autograd", "extending"),
        ("torchcodec", "/torchcodec/"),
        ("tensorrt", "/TensorRT/"),
    ],
)
def test_concrete_apis_are_tagged_and_linked_to_official_docs(
    shipped: Skill, topic: str, url_part: str
) -> None:
    tagged = [e for e in Expectation.objects.prefetch_related("links") if topic in e.topics]
    assert tagged, f"no expectation is tagged {topic}"
    assert any(
        url_part in link.url and link.url.startswith("https://docs.pytorch.org/")
        for exp in tagged
        for link in exp.links.all()
    ), f"no cell tagged {topic} links to its documentation on docs.pytorch.org"


# -- the content itself, read from the file --------------------------------------
# These tests read the YAML directly: they are about what the file says, so they
# need neither the database nor the importer.

NEAR_COPY_RATIO = 0.65
SHARED_RUN_WORDS = 6


@pytest.fixture(scope="module")
def content() -> dict[str, Any]:
    with PYTORCH_YAML.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def _cells(content: dict[str, Any]) -> dict[tuple[str, int], dict[str, Any]]:
    return {
        (role, number): cell
        for role, spec in content["roles"].items()
        for number, cell in spec["levels"].items()
    }


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower())


def _runs(text: str, size: int = SHARED_RUN_WORDS) -> set[tuple[str, ...]]:
    words = _normal(text).split()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def _shipped_texts(content: dict[str, Any]) -> list[tuple[str, str]]:
    """Every text the product shows as ours, with where it lives in the file."""
    texts = [("summary", content["summary"]), ("description", content["description"])]
    texts += [(f"levels.{n}", text) for n, text in content["levels"].items()]
    for (role, number), cell in _cells(content).items():
        place = f"roles.{role}.levels.{number}"
        texts.append((f"{place}.summary", cell["summary"]))
        texts += [(f"{place}.{c['key']}", c["text"]) for c in cell["criteria"]]
    return texts


def test_the_shipped_content_is_written_in_our_own_words(content: dict[str, Any]) -> None:
    seeds = [(seed, _normal(seed), _runs(seed)) for seed in SEED_SENTENCES]
    offenders = []
    for where, text in _shipped_texts(content):
        normal, runs = _normal(text), _runs(text)
        for seed, seed_normal, seed_runs in seeds:
            ratio = SequenceMatcher(None, normal, seed_normal).ratio()
            shared = sorted(" ".join(run) for run in runs & seed_runs)
            if ratio >= NEAR_COPY_RATIO or shared:
                why = f"ratio {ratio:.2f}" + (f", shares {shared[0]!r}" if shared else "")
                offenders.append(f"{where} ({why})\n    ours: {text}\n    seed: {seed}")
    assert not offenders, (
        f"{len(offenders)} text(s) too close to a source sentence "
        f"(ratio >= {NEAR_COPY_RATIO} or {SHARED_RUN_WORDS} words in a row):\n"
        + "\n".join(offenders)
    )


# What each cell of the source page (seeds/000) names, cell by cell. Each entry
# must appear, case-insensitively, in that cell's summary, criteria or topics.
# Where the issue replaced a fact on purpose, the successor is listed instead
# (TorchScript -> torch.export; FSDP -> FSDP2 / fully_shard; mixed precision ->
# torch.amp), and a comment says so.
# fmt: off
SOURCE_FACTS: dict[tuple[str, int], list[str]] = {
    ("computer-vision-engineer", 1): [
        "convolutional", "CNN", "image classifier", "torchvision", "pretrained", "ResNet",
        "VGG", "Dataset", "DataLoader", "augmentation", "crop", "flip", "jitter",
        "training loop",
    ],
    ("computer-vision-engineer", 2): [
        "detector", "YOLO", "SSD", "segmentation", "U-Net", "Mask R-CNN", "pretrained", "head",
        "freez", "Albumentations", "video", "batch", "temporal",
    ],
    ("computer-vision-engineer", 3): [
        "end-to-end systems", "multi-task", "knowledge distillation", "loss", "detection",
        "segmentation", "torch.export",  # was TorchScript
        "quantiz", "prun", "real-time video", "memory",
    ],
    ("computer-vision-engineer", 4): [
        "strategy", "team", "product", "standards", "practices", "review",
    ],
    ("computer-vision-engineer", 5): [
        "strategy", "organisation", "enterprise", "mentor", "leads", "architects",
    ],
    ("data-scientist", 1): [
        "tabular", "nn.Module", "tensor", "autograd", "training loop", "loss function", "SGD",
        "Adam", "metrics", "experiments",
    ],
    ("data-scientist", 2): [
        "nn.Module", "experiment", "Lightning", "callbacks", "early stopping", "Optuna",
        "hyperparameter", "loss function", "learning-rate schedule", "profil", "bottleneck",
    ],
    ("data-scientist", 3): [
        "DistributedDataParallel", "autograd.Function", "research", "architecture", "attention",
        "residual", "normali", "debug", "torch.profiler", "mentor",
    ],
    ("data-scientist", 4): [
        "standard", "experiment", "reproducib", "model versions", "Lightning", "TorchRec",
        "review", "training pipelines", "advanced PyTorch patterns",
    ],
    ("data-scientist", 5): [
        "version", "TensorFlow", "GPU cluster", "torch.compile", "torch.export", "standards",
        "training platform", "deploying models", "contribut",
    ],
    ("llm-engineer", 1): [
        "tensor", "autograd", "transformer", "Hugging Face", "PyTorch", "inference",
        "pretrained LLM", "tokeniz", "generat", "attention",
    ],
    ("llm-engineer", 2): [
        "PEFT", "LoRA", "QLoRA", "prefix tuning", "causal language model",
        "sequence-to-sequence", "training loops", "tokenizer", "attention mask", "padding",
        "Trainer", "DeepSpeed",
    ],
    ("llm-engineer", 3): [
        "infrastructure", "custom attention", "positional encoding", "parallelism",
        "fully_shard", "DTensor", "DeviceMesh",  # model parallelism in PyTorch 2.x
        "checkpointing", "mixed precision", "torch.amp", "Flash Attention", "evaluation",
        "mentor", "transformer internals",
    ],
    ("llm-engineer", 4): [
        "standard", "PEFT", "distributed", "benchmark", "vLLM", "TensorRT-LLM", "fine-tuning",
        "review", "reproducib",
    ],
    ("llm-engineer", 5): [
        "platform", "GPU allocation", "model parallelism", "pre-training", "fine-tuning",
        "torch.compile", "model artefacts", "cost",
    ],
    ("ml-engineer", 1): [
        "nn.Module", "training loop", "DataLoader", "loss", "back-propagat", "optimiser",
        "tensor shapes", "devices", "GPU", "checkpoint", "torchmetrics",
    ],
    ("ml-engineer", 2): [
        "custom models", "optimiser", "scheduler", "early stopping", "pretrained", "transfer",
        "MLflow", "W&B",
    ],
    ("ml-engineer", 3): [
        "architectures", "training framework", "inference", "ONNX", "TensorRT", "DDP",
        "FSDP2", "fully_shard",  # FSDP in PyTorch 2.x
        "Lightning", "production",
    ],
    ("ml-engineer", 4): [
        "deep learning strategy", "organisation", "training infrastructure", "standardis",
        "evaluat", "GPU",
    ],
    ("ml-engineer", 5): [
        "deep learning strategy", "company", "architectures", "research", "GPU", "cost",
        "publish",
    ],
    ("nlp-engineer", 1): [
        "tensors", "autograd", "nn.Module", "text classifier", "LSTM", "embedding",
        "training loop",
    ],
    ("nlp-engineer", 2): [
        "independently", "fine-tunes transformer", "loss functions", "NLP tasks",
        "data loaders", "text corpora", "mixed precision", "torch.amp",
    ],
    ("nlp-engineer", 3): [
        "multi-task", "knowledge distillation", "compression", "distributed training",
        "gradient accumulation",
    ],
    ("nlp-engineer", 4): [
        "development standards", "NLP team", "training", "architecture guidelines",
        "reproducib",
    ],
    ("nlp-engineer", 5): [
        "strategy", "platform", "standards", "model development", "training infrastructure",
        "research-to-production", "organisation",
    ],
}
# fmt: on


def test_the_source_facts_table_covers_every_cell(content: dict[str, Any]) -> None:
    assert set(SOURCE_FACTS) == set(_cells(content))


@pytest.mark.parametrize(("role", "number"), sorted(SOURCE_FACTS))
def test_the_sources_facts_are_kept_cell_by_cell(
    content: dict[str, Any], role: str, number: int
) -> None:
    cell = _cells(content)[(role, number)]
    said = " ".join(
        [cell["summary"], *(c["text"] for c in cell["criteria"]), *cell.get("topics", [])]
    ).lower()
    missing = [fact for fact in SOURCE_FACTS[(role, number)] if fact.lower() not in said]
    assert not missing, f"{role} level {number} no longer names: {missing}"


def test_check_matrix_finds_nothing_out_of_date_in_the_shipped_files() -> None:
    """The rules of ``manage.py check_matrix``, judged on the day the skill was
    last reviewed, so this test holds on any date. Whether the content is
    still current today is ``make check-content``'s job in CI: it goes red a
    year after the review, on purpose."""
    bundle = parse_documents(collect_files([str(FIXTURES)]), max_bytes=2 * 1024 * 1024)
    (spec,) = bundle.skills
    today = spec.last_reviewed
    findings = find_stale(record_from_spec(spec), today=today, months=settings.MATRIX_REVIEW_MONTHS)
    assert [str(finding) for finding in findings] == []
    assert spec.watch_terms
    assert spec.moved_links


def test_torchscript_is_kept_only_as_deprecated_documentation_and_its_migration(
    content: dict[str, Any],
) -> None:
    mentions = [
        (role, number, item)
        for (role, number), cell in _cells(content).items()
        for item in [*cell["criteria"], *cell.get("links", [])]
        if "torchscript" in " ".join(str(v) for v in item.values()).lower()
        or "/jit" in item.get("url", "")
    ]
    assert 1 <= len(mentions) <= 2, mentions
    for role, number, item in mentions:
        if "deprecated" in item:  # the legacy documentation, marked
            assert item["deprecated"]["replaced_by"] == "torch.export", (role, number, item)
            assert item["deprecated"]["since"], (role, number, item)
        else:  # the one task about it: moving what is left to its successor
            assert "torch.export" in item["text"], (role, number, item)
            assert item["key"] == "torchscript-migration", (role, number, item)
    assert any("deprecated" in item for _role, _number, item in mentions)


def test_the_current_apis_replace_the_old_ones(content: dict[str, Any]) -> None:
    """Issue 13: the names a reader should learn in late 2026."""
    cells = _cells(content)
    said = {key: " ".join(c["text"] for c in cell["criteria"]) for key, cell in cells.items()}
    everything = " ".join(said.values())
    for current in (
        "torch.export",
        "AOTInductor",
        "dynamo=True",
        "torchao",
        "fully_shard",
        "DTensor",
        "DeviceMesh",
        "torch.amp",
    ):
        assert current in everything, current
    for gone in ("torch.cuda.amp", "torch.ao.quantization", "torch.jit"):
        assert gone not in everything, gone
    # Every role trains models, so torch.compile is an everyday tool at level 2 or 3.
    for role in {role for role, _ in cells}:
        assert any("torch.compile" in said[(role, n)] for n in (2, 3)), role


def test_the_wording_asked_for_in_issue_13(content: dict[str, Any]) -> None:
    cells = _cells(content)
    level_four = content["levels"][4].lower()
    assert "state of the art" not in level_four
    assert "state-of-the-art" not in level_four
    nlp_two = " ".join(
        [cells[("nlp-engineer", 2)]["summary"]]
        + [c["text"] for c in cells[("nlp-engineer", 2)]["criteria"]]
    ).lower()
    assert "independently" in nlp_two
    assert "without supervision" not in nlp_two
    assert any(
        "convolutional" in c["text"].lower()
        for c in cells[("computer-vision-engineer", 1)]["criteria"]
    )
    assert any(
        "end-to-end systems" in c["text"].lower()
        for c in cells[("computer-vision-engineer", 3)]["criteria"]
    )


def test_every_cell_links_to_current_official_docs_and_was_reviewed_this_year(
    content: dict[str, Any],
) -> None:
    reviewed = content["last_reviewed"]
    assert reviewed == dt.date(2026, 11, 30)
    moved = [entry["from"] for entry in content["moved"]]
    for (role, number), cell in _cells(content).items():
        where = f"{role} level {number}"
        assert reviewed - dt.timedelta(days=365) < cell["last_reviewed"] <= reviewed, where
        urls = [link["url"] for link in cell["links"]]
        assert any(url.startswith("https://docs.pytorch.org/") for url in urls), where
        for url in urls:
            assert url.startswith("https://"), (where, url)
            assert not any(url.startswith(prefix) for prefix in moved), (where, url)


# 270 rows: 5 levels + 5 roles + 1 skill + 5 level descriptions + 25 cells
# + 112 criteria + 117 links. The skill's watch and moved lists and the
# deprecated blocks are fields of those rows, not rows of their own.
SHIPPED_ROWS = 270


def test_a_second_import_changes_nothing(shipped: Skill) -> None:
    out = StringIO()
    call_command("import_matrix", str(FIXTURES), stdout=out)
    assert f"0 created, 0 updated, {SHIPPED_ROWS} unchanged, 0 removed" in out.getvalue()
    assert Skill.objects.get(slug="pytorch").version == 1


def test_the_export_reimports_to_the_identical_state(shipped: Skill, tmp_path: Path) -> None:
    (tmp_path / "levels.yaml").write_text(export_yaml(levels_document()))
    (tmp_path / "roles.yaml").write_text(export_yaml(roles_document()))
    (tmp_path / "pytorch.yaml").write_text(export_yaml(skill_document(shipped)))
    out = StringIO()
    call_command("import_matrix", str(tmp_path), stdout=out)
    assert f"0 created, 0 updated, {SHIPPED_ROWS} unchanged, 0 removed" in out.getvalue()


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_the_shipped_skill_survives_the_spreadsheet_round_trip(
    shipped: Skill, tmp_path: Path, form: str
) -> None:
    """Through a spreadsheet and back: nothing created, updated or removed,
    the deprecated learning link (which a sheet cannot carry) kept."""
    path = tmp_path / f"pytorch.{form}"
    call_command("export_matrix", "pytorch", "--format", form, "--output", str(path))
    before = skill_document(shipped)
    out = StringIO()
    call_command("import_matrix", str(path), stdout=out)
    assert "0 created, 0 updated," in out.getvalue()
    assert "unchanged, 0 removed" in out.getvalue()
    assert skill_document(Skill.objects.get(slug="pytorch")) == before
    assert Skill.objects.get(slug="pytorch").version == 1
