"""The one module that loads the shipped YAML and checks the facts it encodes."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from levels.models import Level
from roles.models import Role
from skills.export import export_yaml, levels_document, roles_document, skill_document
from skills.models import Criterion, Expectation, Skill, SkillLevel
from tests.skills.seed_sentences import SEED_SENTENCES

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
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
    assert shipped.last_reviewed.isoformat() == "2026-03-17"
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


def test_every_cell_is_split_into_several_criteria(shipped: Skill) -> None:
    for exp in Expectation.objects.prefetch_related("criteria"):
        assert len(exp.criteria.all()) >= 3, exp


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
        ("fsdp", "fsdp"),
        ("torchscript", "jit"),
        ("onnx", "onnx"),
        ("torch-export", "export"),
        ("quantization", "quantization"),
        ("pruning", "pruning"),
        ("profiler", "profiler"),
        ("torch-compile", "torch.compiler"),
        ("custom-autograd", "extending"),
    ],
)
def test_concrete_apis_are_tagged_and_linked_to_official_docs(
    shipped: Skill, topic: str, url_part: str
) -> None:
    tagged = [e for e in Expectation.objects.prefetch_related("links") if topic in e.topics]
    assert tagged, f"no expectation is tagged {topic}"
    assert any(
        url_part in link.url and link.url.startswith("https://")
        for exp in tagged
        for link in exp.links.all()
    ), f"no cell tagged {topic} links to its documentation"


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower())


def test_the_shipped_content_is_written_in_our_own_words(shipped: Skill) -> None:
    texts = (
        list(Criterion.objects.values_list("text", flat=True))
        + list(Expectation.objects.values_list("summary", flat=True))
        + list(SkillLevel.objects.values_list("description", flat=True))
        + [shipped.summary, shipped.description]
    )
    near_copies = [
        (text, seed)
        for text in texts
        for seed in SEED_SENTENCES
        if SequenceMatcher(None, _normal(text), _normal(seed)).ratio() >= 0.76
    ]
    assert near_copies == []


def test_a_second_import_changes_nothing(shipped: Skill) -> None:
    out = StringIO()
    call_command("import_matrix", str(FIXTURES), stdout=out)
    assert "0 created, 0 updated, 197 unchanged, 0 removed" in out.getvalue()
    assert Skill.objects.get(slug="pytorch").version == 1


def test_the_export_reimports_to_the_identical_state(shipped: Skill, tmp_path: Path) -> None:
    (tmp_path / "levels.yaml").write_text(export_yaml(levels_document()))
    (tmp_path / "roles.yaml").write_text(export_yaml(roles_document()))
    (tmp_path / "pytorch.yaml").write_text(export_yaml(skill_document(shipped)))
    out = StringIO()
    call_command("import_matrix", str(tmp_path), stdout=out)
    assert "0 created, 0 updated, 197 unchanged, 0 removed" in out.getvalue()
