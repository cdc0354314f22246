"""Comparing two roles at one level, or one role at two levels: the pure rule,
the page with the cast, its bad input and its query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from levels.ladder import ladder
from levels.models import Level
from roles.models import Role
from skills.compare import Evidence, Item, MetRating, compare, marks, side
from skills.models import Criterion, Skill
from tests.factories import make_levels, make_role, make_team
from tests.html import between, visible_text
from tests.skills.compare_data import make_cell, make_compare_matrix, submit_as_data_scientist

URL = "/skills/pytorch/compare/"
LATERAL = URL + "?role=data-scientist&other=ml-engineer&level=3"
UPWARD = URL + "?role=ml-engineer&level=3&to=4"


def items(*pairs: tuple[str, str]) -> list[Item]:
    return [Item(key=k, text=t, position=i) for i, (k, t) in enumerate(pairs, start=1)]


# -- The rule ------------------------------------------------------------------------


def test_criteria_with_the_same_key_are_shared_and_reworded_when_the_text_differs() -> None:
    a = side(role_slug="a", level=3, required=True, items=items(("k1", "Same."), ("k2", "Old.")))
    b = side(role_slug="b", level=3, required=True, items=items(("k2", "New."), ("k1", "Same.")))
    result = compare(a, b)
    assert [(p.a.key, p.b.key) for p in result.shared] == [("k1", "k1")]
    assert [(p.a.text, p.b.text) for p in result.reworded] == [("Old.", "New.")]
    assert result.only_a == result.only_b == ()
    assert result.required_differs == ()


def test_without_a_common_key_identical_text_matches_case_and_spaces_aside() -> None:
    a = side(role_slug="a", level=3, required=True, items=items(("x", "Profiles  a run.")))
    b = side(role_slug="b", level=3, required=True, items=items(("y", "profiles a run.")))
    result = compare(a, b)
    assert len(result.reworded) == 1  # matched by text; the case differs, so it reads reworded
    assert result.reworded[0].by_key is False
    assert result.only_a == result.only_b == ()


def test_a_key_match_wins_over_a_text_match_and_each_criterion_is_used_once() -> None:
    a = side(role_slug="a", level=2, required=True, items=items(("k", "T."), ("j", "U.")))
    b = side(role_slug="b", level=2, required=True, items=items(("z", "T."), ("k", "V.")))
    result = compare(a, b)
    assert [(p.a.key, p.b.key, p.by_key) for p in result.pairs] == [("k", "k", True)]
    assert [i.key for i in result.only_a] == ["j"]
    assert [i.key for i in result.only_b] == ["z"]


def test_shared_criteria_of_a_required_and_an_optional_cell_say_so() -> None:
    a = side(role_slug="a", level=2, required=False, items=items(("k", "T."), ("o", "Only.")))
    b = side(role_slug="b", level=2, required=True, items=items(("k", "T.")))
    result = compare(a, b)
    assert [p.a.key for p in result.required_differs] == ["k"]
    assert result.shared == ()
    assert [i.key for i in result.only_a] == ["o"]


def test_a_missing_cell_leaves_everything_on_the_other_side() -> None:
    a = side(role_slug="a", level=2, required=None, items=[])
    b = side(role_slug="b", level=2, required=True, items=items(("k", "T.")))
    result = compare(a, b)
    assert result.a.present is False
    assert [i.key for i in result.only_b] == ["k"]


def test_a_snapshot_meets_by_key_at_the_same_level_or_by_identical_text() -> None:
    evidence = Evidence.from_ratings(
        [
            MetRating(key="dist", level=3, text="Scales DDP.", met=True),
            MetRating(key="prof", level=1, text="Profiles a run.", met=True),
            MetRating(key="serve", level=3, text="Serves.", met=False),
        ]
    )
    assert evidence.meets(Item("dist", "Other words.", 1), level=3)
    assert not evidence.meets(Item("dist", "Other words.", 1), level=4)  # may ask for more
    assert evidence.meets(Item("x", "profiles  a run.", 1), level=5)
    assert not evidence.meets(Item("serve", "Serves.", 1), level=3)  # rated below "meets"


def test_marks_count_what_is_met_of_the_other_side() -> None:
    a = side(role_slug="a", level=3, required=True, items=items(("k", "T.")))
    b = side(role_slug="b", level=3, required=True, items=items(("k", "U."), ("n", "New.")))
    found = marks(compare(a, b), Evidence.from_ratings([MetRating("k", 3, "T.", True)]))
    assert (found.b_met, found.b_total, found.b_required) == (1, 2, True)
    assert [i.key for i in found.met_b] == ["k"]


cells = st.lists(
    st.tuples(st.sampled_from(["k1", "k2", "k3", "k4"]), st.sampled_from(["A.", "B.", "C."])),
    max_size=4,
    unique_by=lambda pair: pair[0],  # keys are unique within a cell
)


@given(cells, cells, st.booleans(), st.booleans())
def test_every_criterion_lands_in_exactly_one_group(
    a_items: list[tuple[str, str]], b_items: list[tuple[str, str]], a_req: bool, b_req: bool
) -> None:
    a = side(role_slug="a", level=1, required=a_req, items=items(*a_items))
    b = side(role_slug="b", level=1, required=b_req, items=items(*b_items))
    result = compare(a, b)
    assert sorted(i.key for i in [*(p.a for p in result.pairs), *result.only_a]) == sorted(
        k for k, _t in a_items
    )
    assert sorted(i.key for i in [*(p.b for p in result.pairs), *result.only_b]) == sorted(
        k for k, _t in b_items
    )
    assert all((p.a.key == p.b.key) == p.by_key for p in result.pairs)


# -- The page ------------------------------------------------------------------------


@pytest.fixture
def pytorch(db: None) -> Skill:
    return make_compare_matrix()


def seen(response: object) -> str:
    return visible_text(response)


def test_two_roles_at_one_level_side_by_side(client: Client, pytorch: Skill) -> None:
    response = client.get(LATERAL)
    assert response.status_code == 200
    page = seen(response)
    assert "Data Scientist and ML Engineer at Senior" in page
    assert "In both (1) Profiles a training run with torch.profiler." in page
    reworded = between(page, "In both, worded differently (1)", "Only for Data Scientist")
    assert "Scales one training job over several GPUs with DDP." in reworded
    assert "Configures DDP and FSDP2 across nodes." in reworded
    assert "Only for Data Scientist (1) Writes a custom autograd Function" in page
    assert "Only for ML Engineer (1) Exports a model with torch.export." in page
    assert "Required for one, optional for the other" not in page


def test_a_required_and_an_optional_cell_put_shared_criteria_apart(
    client: Client, pytorch: Skill
) -> None:
    page = seen(client.get(URL + "?role=data-scientist&other=ml-engineer&level=2"))
    assert "Required for one, optional for the other (1)" in page
    assert "Turns on torch.compile." in between(page, "Required for one", "Only for")
    assert "Optional" in page
    assert "Required" in page


def test_one_role_across_two_levels_names_what_is_new_gone_and_reworded(
    client: Client, pytorch: Skill
) -> None:
    page = seen(client.get(UPWARD))
    assert "ML Engineer: from Senior to Lead / Staff" in page
    assert "New at Lead / Staff (1) Leads the team's training platform." in page
    gone = between(page, "At Senior, gone at Lead / Staff (2)", "Reworded")
    assert "Configures DDP and FSDP2 across nodes." in gone
    assert "Profiles a training run with torch.profiler." in gone
    reworded = between(page, "Reworded at Lead / Staff (1)", "Criteria are the same")
    assert "Exports a model with torch.export." in reworded
    assert "Serves models with torch.export and AOTInductor in production." in reworded


def test_a_role_without_a_cell_at_the_level_is_said_plainly(client: Client, pytorch: Skill) -> None:
    page = seen(client.get(URL + "?role=ml-engineer&other=data-scientist&level=4"))
    assert "No expectation for Data Scientist at Lead / Staff in this skill." in page
    assert "Only for ML Engineer (2)" in page


def test_without_a_question_the_page_shows_the_form(client: Client, pytorch: Skill) -> None:
    response = client.get(URL + "?utm_source=mail")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<select name="role"' in html
    assert '<select name="other"' in html
    assert "compare-title" not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?role=nobody&level=3&other=ml-engineer", "“nobody” is not a role in this skill"),
        ("?role=ml-engineer&level=9&to=3", "“9” is not a level of the ladder"),
        ("?role=ml-engineer&level=0&to=3", "“0” is not a level of the ladder"),
        ("?role=ml-engineer&level=three&to=3", "“three” is not a level of the ladder"),
        ("?role=ml-engineer&level=3&other=ml-engineer", "compares a role at a level with itself"),
        ("?role=ml-engineer&level=3&to=3", "compares a role at a level with itself"),
        ("?role=ml-engineer&level=3", "Choose another role or another level to compare with."),
        ("?level=3&other=ml-engineer", "Choose the role to compare."),
        ("?role=ml-engineer&other=data-scientist", "Choose the level to compare at."),
    ],
)
def test_bad_questions_get_a_400_that_says_what_is_wrong(
    client: Client, pytorch: Skill, query: str, message: str
) -> None:
    response = client.get(URL + query)
    assert response.status_code == 400
    assert message in seen(response)


def test_an_unknown_skill_is_a_404(client: Client, pytorch: Skill) -> None:
    assert client.get("/skills/nope/compare/?role=ml-engineer&level=3&to=4").status_code == 404


def test_the_profile_links_its_picker_to_the_comparisons(client: Client, pytorch: Skill) -> None:
    html = client.get("/skills/pytorch/?role=ml-engineer&level=3").content.decode()
    assert f'href="{URL}?role=ml-engineer&amp;level=3&amp;to=4"' in html
    assert f'action="{URL}"' in html
    assert '<option value="data-scientist">' in between(html, 'id="compare-other"', "</select>")
    assert '<option value="ml-engineer">' not in between(html, 'id="compare-other"', "</select>")


# -- Marks from the person's own snapshot ------------------------------------------------


def test_alice_sees_what_her_snapshot_already_meets(
    client: Client, alice: User, pytorch: Skill
) -> None:
    submit_as_data_scientist(alice, pytorch)
    client.force_login(alice)
    page = seen(client.get(LATERAL + "&mine=1"))
    # dist by key at Senior, x-profile by identical text; serve is new to her.
    assert "You already meet 2 of 3 required criteria of ML Engineer at Senior." in page
    assert "From your snapshot as Data Scientist" in page
    only_ml = between(page, "Only for ML Engineer (1)", "Criteria are the same")
    assert "You meet this" not in only_ml
    assert "You meet this" in between(page, "In both (1)", "In both, worded")


def test_the_marks_are_counted_for_the_optional_cell_too(
    client: Client, alice: User, pytorch: Skill
) -> None:
    submit_as_data_scientist(alice, pytorch)
    client.force_login(alice)
    page = seen(client.get(URL + "?role=ml-engineer&other=data-scientist&level=2&mine=1"))
    assert "You already meet 2 of 2 optional criteria of Data Scientist at Middle." in page


def test_without_asking_nobody_gets_marks(client: Client, alice: User, pytorch: Skill) -> None:
    submit_as_data_scientist(alice, pytorch)
    client.force_login(alice)
    page = seen(client.get(LATERAL))
    assert "You meet this" not in page
    assert "Compare with my latest snapshot" in page


def test_her_manager_sees_only_his_own_marks_never_hers(
    client: Client, alice: User, bob: User, pytorch: Skill
) -> None:
    make_team("ml-platform", managers=[bob], members=[alice])
    submit_as_data_scientist(alice, pytorch)
    client.force_login(bob)
    page = seen(client.get(LATERAL + "&mine=1"))
    assert "You meet this" not in page
    assert "You have no submitted snapshot of PyTorch yet" in page


def test_mallory_and_anonymous_visitors_see_the_comparison_without_marks(
    client: Client, alice: User, mallory: User, pytorch: Skill
) -> None:
    submit_as_data_scientist(alice, pytorch)
    anonymous = seen(client.get(LATERAL + "&mine=1"))
    assert "Data Scientist and ML Engineer at Senior" in anonymous
    assert "You meet this" not in anonymous
    assert "to mark what your latest snapshot already meets" in anonymous
    assert "Compare with my latest snapshot" not in anonymous
    client.force_login(mallory)
    assert "You meet this" not in seen(client.get(LATERAL + "&mine=1"))


def test_the_latest_snapshot_counts(client: Client, alice: User, pytorch: Skill) -> None:
    first = submit_as_data_scientist(alice, pytorch)
    latest = submit_as_data_scientist(alice, pytorch)
    client.force_login(alice)
    html = client.get(LATERAL + "&mine=1").content.decode()
    assert f'href="/assessments/{latest.pk}/result/"' in html
    assert f'href="/assessments/{first.pk}/result/"' not in html


# -- Any ladder; queries ---------------------------------------------------------------


def test_a_seven_level_ladder_compares_its_own_levels(client: Client, db: None) -> None:
    levels = make_levels(7)
    skill = make_compare_matrix(levels)
    role = Role.objects.get(slug="ml-engineer")
    make_cell(skill, role, levels[6], True, [("lead", "Leads the whole org's platform.")])
    page = seen(client.get(URL + "?role=ml-engineer&level=4&to=7"))
    assert "ML Engineer: from Grade 4 to Grade 7" in page
    assert "Reworded at Grade 7 (1)" in page
    bad = client.get(URL + "?role=ml-engineer&level=4&to=8")
    assert bad.status_code == 400
    assert "“8” is not a level of the ladder" in seen(bad)


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow(skill: Skill) -> None:
    """Ten times the criteria in the compared cells, and forty more roles."""
    for exp in skill.expectations.all():
        Criterion.objects.bulk_create(
            Criterion(expectation=exp, position=10 + i, key=f"more-{i}", text=f"More {i}.")
            for i in range(30)
        )
    levels = list(Level.objects.order_by("number"))
    for r in range(40):
        role = make_role(f"role-{r:03}")
        for level in levels:
            make_cell(skill, role, level, True, [("dist", "Scales.")])


@pytest.mark.parametrize(
    ("who", "url", "budget"),
    [
        (None, LATERAL, 5),
        (None, UPWARD, 5),
        ("alice", LATERAL + "&mine=1", 11),  # the signed-in header and the snapshot included
    ],
)
def test_the_query_count_does_not_grow_with_criteria_or_roles(
    client: Client, alice: User, pytorch: Skill, who: str | None, url: str, budget: int
) -> None:
    submit_as_data_scientist(alice, pytorch)
    if who:
        client.force_login(alice)
    ladder()  # kept in the cache across requests, as in production
    small = count_queries(client, url)
    grow(pytorch)
    submit_as_data_scientist(alice, pytorch)  # a longer snapshot too
    large = count_queries(client, url)
    assert small == large
    assert large <= budget
