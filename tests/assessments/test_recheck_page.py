"""A criterion the matrix revised after alice rated it as met comes back in
her next draft unrated, first in its level, saying why and what she rated
it before; once she rates it again the mark goes."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from accounts.models import User
from assessments.models import Assessment, CriterionRating
from assessments.services import RatingInput, assessment_rate, assessment_start, assessment_submit
from roles.models import Role
from skills.models import Criterion, Skill
from tests.assessments.conftest import criteria_of, rate_levels
from tests.html import form_data, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client: Client, alice: User) -> Client:
    client.force_login(alice)
    return client


@pytest.fixture
def snapshot(alice: User, pytorch: Skill, role: Role) -> Assessment:
    """Junior met (the third criterion exceeded), Middle learning."""
    draft = assessment_start(engineer=alice, skill=pytorch, role=role)
    rate_levels(draft, {1: 2, 2: 1})
    third = criteria_of(pytorch, role, level=1)[2]
    assessment_rate(assessment=draft, ratings={third: RatingInput(value=3)}, by=alice)
    return assessment_submit(assessment=draft, by=alice)


def junior(pytorch: Skill, role: Role, position: int) -> Criterion:
    return criteria_of(pytorch, role, level=1)[position - 1]


def deprecate(criterion: Criterion, *, url: str = "https://docs.pytorch.org/export") -> None:
    criterion.deprecated = True
    criterion.deprecated_since = "PyTorch 2.5"
    criterion.replaced_by = "torch.export"
    criterion.replacement_url = url
    criterion.save()


def reword(criterion: Criterion, text: str) -> None:
    criterion.text = text
    criterion.save()


def level_section(page: str, level: int) -> str:
    """The visible text of one level's block of the draft."""
    start = page.index(LEVELS[level])
    return page[start : page.index(LEVELS[level + 1], start)]


LEVELS = {1: "1 Junior ·", 2: "2 Middle ·", 3: "3 Senior ·"}


def draft_page(client: Client, draft: Assessment) -> str:
    response = client.get(f"/assessments/{draft.pk}/")
    assert response.status_code == 200
    return visible_text(response)


def test_a_reworded_criterion_comes_first_in_its_level_with_its_earlier_text(
    signed_in: Client, alice: User, snapshot: Assessment, pytorch: Skill, role: Role
) -> None:
    reword(junior(pytorch, role, 3), "Exports a trained model for serving.")

    draft = assessment_start(engineer=alice, skill=pytorch, role=role)
    page = draft_page(signed_in, draft)

    assert "1 criterion to re-check: the matrix changed after you rated it." in page
    level_one = level_section(page, 1)
    assert level_one.index("Exports a trained model") < level_one.index("Role 000 L1 #1")
    assert (
        "Exports a trained model for serving. Re-check Reworded since you rated it. "
        "It used to read: Role 000 L1 #3 You rated it Exceeds before." in page
    )
    assert page.count("Re-check") == 2  # the summary's quote of it and the criterion's mark
    assert "You rated it" not in level_one.split("Role 000 L1 #1")[1]


def test_a_deprecated_criterion_says_since_when_and_what_to_use_instead(
    signed_in: Client, alice: User, snapshot: Assessment, pytorch: Skill, role: Role
) -> None:
    deprecate(junior(pytorch, role, 2))

    draft = assessment_start(engineer=alice, skill=pytorch, role=role)
    response = signed_in.get(f"/assessments/{draft.pk}/")
    page = visible_text(response)

    # (visible_text puts a space where the link ends: "torch.export ." is "torch.export.")
    assert re.search(
        r"Role 000 L1 #2 Re-check Deprecated since PyTorch 2\.5: use torch\.export ?\. "
        r"You rated it Meets before\.",
        page,
    )
    level_one = level_section(page, 1)
    assert level_one.index("Role 000 L1 #2") < level_one.index("Role 000 L1 #1")
    link = '<a href="https://docs.pytorch.org/export" rel="noopener noreferrer">torch.export</a>.'
    assert f"use {link}" in response.content.decode()
    assert "Reworded" not in page


def test_only_criteria_rated_as_met_are_asked_again_but_every_deprecated_one_is_marked(
    signed_in: Client, alice: User, snapshot: Assessment, pytorch: Skill, role: Role
) -> None:
    learning = criteria_of(pytorch, role, level=2)[1]
    deprecate(learning, url="")

    draft = assessment_start(engineer=alice, skill=pytorch, role=role)
    page = draft_page(signed_in, draft)

    assert "Re-check" not in page
    assert "to re-check" not in page
    assert "Role 000 L2 #2 Deprecated since PyTorch 2.5 Use torch.export instead." in page
    middle = level_section(page, 2)
    assert middle.index("Role 000 L2 #1") < middle.index("Role 000 L2 #2")
    data = form_data(signed_in.get(f"/assessments/{draft.pk}/"), "assessment-form")
    assert data[f"c{learning.pk}-value"] == "1"  # still Learning: nothing to re-check


def test_rating_it_again_without_javascript_removes_the_mark(
    signed_in: Client, alice: User, snapshot: Assessment, pytorch: Skill, role: Role
) -> None:
    revised = junior(pytorch, role, 3)
    reword(revised, "Exports a trained model for serving.")
    draft = assessment_start(engineer=alice, skill=pytorch, role=role)

    data = form_data(signed_in.get(f"/assessments/{draft.pk}/"), "assessment-form")
    assert data[f"c{revised.pk}-value"] == ""
    data[f"c{revised.pk}-value"] = "1"
    assert signed_in.post(f"/assessments/{draft.pk}/", data).status_code == 302

    page = draft_page(signed_in, draft)
    assert "Re-check" not in page
    assert "to re-check" not in page
    level_one = level_section(page, 1)
    assert level_one.index("Role 000 L1 #1") < level_one.index("Exports a trained model")


def test_rating_it_again_in_place_removes_the_mark_and_the_count(
    signed_in: Client, alice: User, snapshot: Assessment, pytorch: Skill, role: Role
) -> None:
    first, second = junior(pytorch, role, 1), junior(pytorch, role, 2)
    deprecate(first)
    reword(second, "Exports a trained model for serving.")
    draft = assessment_start(engineer=alice, skill=pytorch, role=role)
    assert "2 criteria to re-check" in draft_page(signed_in, draft)

    def marks(answer: str, criterion: Criterion) -> str:
        """What the answer puts in place of the criterion's marks."""
        start = answer.index(f'<div id="marks-{criterion.pk}"')
        return visible_text(answer[start : answer.index('<div id="recheck-summary"', start)])

    def rate(criterion: Criterion, **fields: str) -> str:
        response = signed_in.post(
            f"/assessments/{draft.pk}/criteria/{criterion.pk}/",
            {f"c{criterion.pk}-{name}": value for name, value in fields.items()},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        return response.content.decode()

    # Evidence alone is not a new rating: the mark stays.
    answer = rate(first, value="", note="Moved our export to torch.export.")
    assert marks(answer, first).startswith("Re-check Deprecated since PyTorch 2.5")
    assert "2 criteria to re-check" in visible_text(answer)

    answer = rate(first, value="2")
    assert f'<div id="marks-{first.pk}" class="criterion-marks" hx-swap-oob="true">' in answer
    assert marks(answer, first) == "Deprecated since PyTorch 2.5 Use torch.export instead."
    assert "1 criterion to re-check" in visible_text(answer)

    answer = rate(second, value="1")
    assert '<div id="recheck-summary" aria-live="polite" hx-swap-oob="true"></div>' in answer
    assert "to re-check" not in visible_text(answer)

    rows = CriterionRating.objects.filter(assessment=draft, criterion__in=[first, second])
    assert sorted(rows.values_list("value", "recheck_value")) == [(1, None), (2, None)]
    page = draft_page(signed_in, draft)
    assert "Re-check" not in page
    assert "Role 000 L1 #1 Deprecated since PyTorch 2.5 Use torch.export instead." in page
