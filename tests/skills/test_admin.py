"""Admins edit the matrix in the Django admin: every change is in the history,
can be reverted, and bumps the skill's version. Nobody else gets in."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import Notification, User
from assessments.services import RatingInput, assessment_rate, assessment_start, assessment_submit
from levels.models import Level
from roles.models import Role
from skills.models import Criterion, Expectation, Skill
from tests.factories import make_matrix
from tests.html import between, form_data, visible_text

pytestmark = pytest.mark.django_db

ADMIN_URLS = [
    "/admin/",
    "/admin/skills/skill/",
    "/admin/skills/expectation/",
    "/admin/skills/criterion/",
    "/admin/levels/level/",
    "/admin/roles/role/",
]


@pytest.fixture
def pytorch() -> Skill:
    return make_matrix(roles=2, criteria=2)


@pytest.fixture
def expectation(pytorch: Skill) -> Expectation:
    return Expectation.objects.get(skill=pytorch, role__slug="role-000", level__number=3)


def signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_engineers_and_managers_cannot_use_the_admin(
    client: Client, alice: User, bob: User, mallory: User, url: str
) -> None:
    for person in (alice, bob, mallory):
        response = signed_in(client, person).get(url)
        assert response.status_code == 302, person
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_carol_the_admin_can_open_every_list(
    client: Client, carol: User, pytorch: Skill, url: str
) -> None:
    assert signed_in(client, carol).get(url).status_code == 200


def edit_expectation(client: Client, expectation: Expectation, **changes: str) -> None:
    url = f"/admin/skills/expectation/{expectation.pk}/change/"
    data = form_data(client.get(url), "expectation_form")
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, visible_text(response)[:2000]


def test_an_admin_edit_is_saved_in_the_history_with_its_author(
    client: Client, carol: User, expectation: Expectation
) -> None:
    edit_expectation(signed_in(client, carol), expectation, summary="Sharper summary.")

    latest = expectation.history.latest()
    assert latest.summary == "Sharper summary."
    assert latest.history_user == carol
    history_page = visible_text(client.get(f"/admin/skills/expectation/{expectation.pk}/history/"))
    assert "carol" in history_page


def test_an_admin_edit_bumps_the_skill_version_once(
    client: Client, carol: User, expectation: Expectation, pytorch: Skill
) -> None:
    edit_expectation(signed_in(client, carol), expectation, summary="Sharper summary.")
    pytorch.refresh_from_db()
    assert pytorch.version == 2


def test_editing_only_a_criterion_inline_also_bumps_the_version(
    client: Client, carol: User, expectation: Expectation, pytorch: Skill
) -> None:
    edit_expectation(signed_in(client, carol), expectation, **{"criteria-0-text": "New wording."})
    assert Criterion.objects.get(expectation=expectation, position=1).text == "New wording."
    pytorch.refresh_from_db()
    assert pytorch.version == 2


def test_saving_without_changes_does_not_bump_the_version(
    client: Client, carol: User, expectation: Expectation, pytorch: Skill
) -> None:
    edit_expectation(signed_in(client, carol), expectation)
    pytorch.refresh_from_db()
    assert pytorch.version == 1


def test_an_admin_can_revert_to_an_earlier_version(
    client: Client, carol: User, expectation: Expectation, pytorch: Skill
) -> None:
    signed_in(client, carol)
    original = expectation.summary
    edit_expectation(client, expectation, summary="A mistake.")
    first = expectation.history.earliest()
    url = f"/admin/skills/expectation/{expectation.pk}/history/{first.history_id}/"
    data = form_data(client.get(url), "historicalexpectation_form")
    assert data["summary"] == original

    response = client.post(url, data)

    assert response.status_code == 302
    expectation.refresh_from_db()
    assert expectation.summary == original
    pytorch.refresh_from_db()
    assert pytorch.version == 3


def save_in_admin(client: Client, url: str, form_id: str, **changes: str) -> None:
    data = form_data(client.get(url), form_id)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, visible_text(response)[:2000]


def versions(*skills: Skill) -> tuple[int, ...]:
    for skill in skills:
        skill.refresh_from_db()
    return tuple(skill.version for skill in skills)


def test_renaming_a_role_bumps_only_the_skills_with_expectations_for_it(
    client: Client, carol: User, pytorch: Skill
) -> None:
    jax = make_matrix(roles=1, criteria=1, skill_slug="jax")  # role-000 only
    signed_in(client, carol)
    only_pytorch = Role.objects.get(slug="role-001")
    save_in_admin(client, f"/admin/roles/role/{only_pytorch.pk}/change/", "role_form", name="X")
    assert versions(pytorch, jax) == (2, 1)
    shared = Role.objects.get(slug="role-000")
    save_in_admin(client, f"/admin/roles/role/{shared.pk}/change/", "role_form", name="Y")
    assert versions(pytorch, jax) == (3, 2)


def test_a_new_role_with_no_expectations_bumps_no_skill(
    client: Client, carol: User, pytorch: Skill
) -> None:
    jax = make_matrix(roles=1, criteria=1, skill_slug="jax")
    signed_in(client, carol)
    save_in_admin(
        client, "/admin/roles/role/add/", "role_form", name="Astronaut", slug="astronaut",
        family="Space", summary="Far away.",
    )  # fmt: skip
    assert Role.objects.filter(slug="astronaut").exists()
    assert versions(pytorch, jax) == (1, 1)


def test_renaming_a_level_bumps_every_skill(client: Client, carol: User, pytorch: Skill) -> None:
    jax = make_matrix(roles=1, criteria=1, skill_slug="jax")
    signed_in(client, carol)
    level = Level.objects.get(number=4)
    save_in_admin(
        client, f"/admin/levels/level/{level.pk}/change/", "level_form", career_name="Staff"
    )
    assert versions(pytorch, jax) == (2, 2)


def test_the_expectation_list_can_be_searched_by_criterion_text(
    client: Client, carol: User, pytorch: Skill
) -> None:
    page = visible_text(signed_in(client, carol).get("/admin/skills/expectation/?q=L4+%232"))
    assert "2 expectations" in page or "2 results" in page


def test_two_criteria_can_swap_positions_in_one_save(
    client: Client, carol: User, expectation: Expectation, pytorch: Skill
) -> None:
    first, second = expectation.criteria.order_by("position")
    edit_expectation(
        signed_in(client, carol),
        expectation,
        **{"criteria-0-position": "2", "criteria-1-position": "1"},
    )
    assert list(expectation.criteria.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    pytorch.refresh_from_db()
    assert pytorch.version == 2


def test_two_criteria_at_the_same_position_are_refused(
    client: Client, carol: User, expectation: Expectation
) -> None:
    url = f"/admin/skills/expectation/{expectation.pk}/change/"
    signed_in(client, carol)
    data = form_data(client.get(url), "expectation_form")
    data["criteria-1-position"] = "1"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Please correct the duplicate data for position" in visible_text(response)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("criteria-0-key", "Train_Loop", "Use lowercase letters, digits and single hyphens"),
        ("topics", '[1, {"a": 2}]', "Topics must be a list of slugs"),
        ("topics", '"not a list"', "Topics must be a list of slugs"),
        ("criteria-0-text", "x" * 1001, "Ensure this value has at most 1000 characters"),
        ("criteria-0-text", "Two\nlines", "Use one line of plain text"),
        ("criteria-0-text", "Reversed \u202etext", "Use one line of plain text"),
        ("summary", "Escape \x1b[31m red", "Use plain text: line breaks and tabs are fine"),
    ],
)
def test_the_admin_refuses_what_the_importer_would_refuse(
    client: Client, carol: User, expectation: Expectation, field: str, value: str, message: str
) -> None:
    url = f"/admin/skills/expectation/{expectation.pk}/change/"
    signed_in(client, carol)
    data = form_data(client.get(url), "expectation_form")
    data[field] = value
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in visible_text(response)


def test_a_skill_created_in_the_admin_starts_at_version_one(client: Client, carol: User) -> None:
    signed_in(client, carol)
    data = form_data(client.get("/admin/skills/skill/add/"), "skill_form")
    data.update(
        name="JAX",
        slug="jax",
        summary="Composable transformations.",
        domain="Machine Learning & AI",
        group="Deep Learning",
        last_reviewed="2026-11-01",
    )
    assert client.post("/admin/skills/skill/add/", data).status_code == 302
    assert Skill.objects.get(slug="jax").version == 1


# -- Deprecation and staleness --------------------------------------------------


def test_carol_marks_a_criterion_deprecated_in_the_inline(
    client: Client, carol: User, expectation: Expectation, pytorch: Skill
) -> None:
    edit_expectation(
        signed_in(client, carol),
        expectation,
        **{
            "criteria-1-deprecated": "on",
            "criteria-1-deprecated_since": "PyTorch 2.5",
            "criteria-1-replaced_by": "torch.export",
            "criteria-1-replacement_url": "https://docs.pytorch.org/docs/stable/export.html",
            "criteria-1-deprecation_note": "TorchScript is in maintenance.",
        },
    )
    criterion = Criterion.objects.get(expectation=expectation, position=2)
    assert criterion.deprecated
    assert criterion.deprecation() == {
        "since": "PyTorch 2.5",
        "replaced_by": "torch.export",
        "url": "https://docs.pytorch.org/docs/stable/export.html",
        "note": "TorchScript is in maintenance.",
    }
    # through Criterion.save(): people who rated it are asked to look again
    assert criterion.revised_at is not None
    assert not Criterion.objects.get(expectation=expectation, position=1).revised_at
    pytorch.refresh_from_db()
    assert pytorch.version == 2


def test_an_incomplete_deprecation_is_refused_on_its_row_and_changes_nothing(
    client: Client, carol: User, expectation: Expectation, pytorch: Skill
) -> None:
    url = f"/admin/skills/expectation/{expectation.pk}/change/"
    signed_in(client, carol)
    data = form_data(client.get(url), "expectation_form")
    for bad, message in (
        (
            {"criteria-1-deprecated": "on", "criteria-1-deprecated_since": "PyTorch 2.5"},
            "A deprecated item needs “deprecated since” and “replaced by”.",
        ),
        (
            {"criteria-1-replaced_by": "torch.export"},
            "Tick “deprecated”, or leave the deprecation fields empty.",
        ),
        (
            {"links-0-deprecated": "on", "links-0-replaced_by": "torch.export"},
            "A deprecated item needs “deprecated since” and “replaced by”.",
        ),
    ):
        response = client.post(url, {**data, **bad})
        assert response.status_code == 200, bad
        text = visible_text(response)
        assert "Please correct the error below." in text, bad
        assert message in text, bad
        # said once, in words, not as a constraint name
        assert "Constraint" not in text, bad
    assert not Criterion.objects.filter(deprecated=True).exists()
    assert Criterion.objects.filter(revised_at__isnull=False).count() == 0
    pytorch.refresh_from_db()
    assert pytorch.version == 1


def skill_url(skill: Skill) -> str:
    return f"/admin/skills/skill/{skill.pk}/change/"


def test_carol_edits_watch_terms_and_moved_documentation(
    client: Client, carol: User, pytorch: Skill
) -> None:
    signed_in(client, carol)
    page = visible_text(client.get(skill_url(pytorch)))
    assert "Watch terms" in page
    assert "Moved documentation" in page
    save_in_admin(
        client,
        skill_url(pytorch),
        "skill_form",
        watch_terms='[{"term": "torch.jit", "successor": "torch.export", "since": "PyTorch 2.5"}]',
        moved_links='[{"from": "https://pytorch.org/docs/", "to": "https://docs.pytorch.org/docs/"}]',
    )
    pytorch.refresh_from_db()
    assert pytorch.watch_terms == [
        {"term": "torch.jit", "successor": "torch.export", "since": "PyTorch 2.5"}
    ]
    assert pytorch.moved_links == [
        {"from": "https://pytorch.org/docs/", "to": "https://docs.pytorch.org/docs/"}
    ]
    assert pytorch.version == 2
    # shown again one entry per line, and saved unchanged it changes nothing
    data = form_data(client.get(skill_url(pytorch)), "skill_form")
    assert data["watch_terms"].splitlines()[1].strip().startswith('{"term": "torch.jit"')
    save_in_admin(client, skill_url(pytorch), "skill_form", moved_links="")
    pytorch.refresh_from_db()
    assert pytorch.moved_links == []
    assert pytorch.version == 3


def test_bad_watch_terms_are_refused_on_the_field(
    client: Client, carol: User, pytorch: Skill
) -> None:
    signed_in(client, carol)
    data = form_data(client.get(skill_url(pytorch)), "skill_form")
    for field, bad, message in (
        ("watch_terms", '[{"term": "torch.jit"}]', "Entry 1: successor is required text."),
        ("watch_terms", '{"term": "x"}', "Expected a list of watch terms."),
        ("watch_terms", "[{", "Enter a valid JSON."),
        (
            "moved_links",
            '[{"from": "pytorch.org", "to": "https://docs.pytorch.org/"}]',
            "Entry 1: from and to must be http:// or https:// addresses.",
        ),
    ):
        response = client.post(skill_url(pytorch), {**data, field: bad})
        assert response.status_code == 200, bad
        html = response.content.decode()
        # on the field, not only at the top of the form
        row = between(html, f'<div class="form-row field-{field}">', "</fieldset>")
        assert '<div class="flex-container errors">' in row, bad
        assert message in visible_text(row), bad
    pytorch.refresh_from_db()
    assert pytorch.watch_terms == []
    assert pytorch.version == 1


def test_one_admin_save_of_a_cell_and_its_criterion_asks_alice_once(
    client: Client, carol: User, alice: User, expectation: Expectation, pytorch: Skill,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    """The expectation is saved (and the version bumped) before its inline
    criteria: the revision is still announced once, not again with the next
    unrelated change."""
    rated = Criterion.objects.get(expectation=expectation, position=2)
    draft = assessment_start(engineer=alice, skill=pytorch, role=expectation.role)
    assessment_rate(assessment=draft, ratings={rated: RatingInput(value=2)}, by=alice)
    assessment_submit(assessment=draft, by=alice)
    signed_in(client, carol)
    with django_capture_on_commit_callbacks(execute=True):
        edit_expectation(
            client,
            expectation,
            summary="A clearer summary.",
            **{
                "criteria-1-deprecated": "on",
                "criteria-1-deprecated_since": "PyTorch 2.5",
                "criteria-1-replaced_by": "torch.export",
            },
        )
    assert Notification.objects.filter(user=alice).count() == 1
    other = Expectation.objects.get(skill=pytorch, role__slug="role-001", level__number=1)
    with django_capture_on_commit_callbacks(execute=True):
        edit_expectation(client, other, summary="Another cell, another day.")
    assert Notification.objects.filter(user=alice).count() == 1


def test_reverting_a_criterion_in_its_history_is_a_revision_too(
    client: Client, carol: User, expectation: Expectation
) -> None:
    criterion = Criterion.objects.get(expectation=expectation, position=1)
    original = criterion.text
    criterion.save()  # the factory wrote no history: record the original
    criterion.text = "Exports every model with torch.export before it ships."
    criterion.save()
    Criterion.objects.filter(pk=criterion.pk).update(revised_at=None, recheck_pending=False)
    first = criterion.history.earliest()
    url = f"/admin/skills/criterion/{criterion.pk}/history/{first.history_id}/"
    save_in_admin(signed_in(client, carol), url, "historicalcriterion_form")
    criterion.refresh_from_db()
    assert criterion.text == first.text == original
    assert criterion.revised_at is not None
    assert criterion.recheck_pending
    assert criterion.revised_from == "Exports every model with torch.export before it ships."


def test_the_admin_refuses_more_criteria_than_a_cell_may_hold(
    client: Client, carol: User, expectation: Expectation
) -> None:
    url = f"/admin/skills/expectation/{expectation.pk}/change/"
    data = form_data(signed_in(client, carol).get(url), "expectation_form")
    for i in range(2, 22):  # two exist: 22 in all
        data[f"criteria-{i}-position"] = str(i + 1)
        data[f"criteria-{i}-key"] = f"extra-{i}"
        data[f"criteria-{i}-text"] = f"Extra ability {i}."
        data[f"criteria-{i}-expectation"] = str(expectation.pk)
    data["criteria-TOTAL_FORMS"] = "22"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Please submit at most 20 forms." in visible_text(response)
    assert Criterion.objects.filter(expectation=expectation).count() == 2
