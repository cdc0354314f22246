"""The public pages, as an anonymous visitor sees them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from levels.models import Level
from roles.models import Role
from skills.models import Skill
from skills.services import skill_bump_version
from tests.factories import make_matrix, make_skill
from tests.html import between, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def pytorch() -> Skill:
    return make_matrix(roles=5, criteria=3)


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined,no-any-return]


def seen(response: object) -> str:
    return visible_text(response)


def test_the_catalogue_lists_skills_by_domain_and_group(client: Client, pytorch: Skill) -> None:
    make_skill("jax", "JAX", domain="Machine Learning & AI", group="Numerical Computing")
    make_skill("django", "Django", domain="Web", group="Backend")
    response = client.get("/")
    page = seen(response)
    assert page.index("Machine Learning & AI") < page.index("Deep Learning") < page.index("Web")
    assert 'href="/skills/pytorch/"' in text(response)
    assert "5 roles · 5 levels · 19 required, 6 optional" in page


def test_an_empty_catalogue_says_how_to_fill_it(client: Client) -> None:
    assert "manage.py import_matrix fixtures/" in text(client.get("/"))


def test_the_skill_profile_shows_the_header_facts(client: Client, pytorch: Skill) -> None:
    response = client.get("/skills/pytorch/")
    page = text(response)
    assert response.status_code == 200
    assert "Skill profile Pytorch" in visible_text(page)
    assert "<dt>Roles</dt><dd>5</dd>" in page
    assert "<dt>Levels</dt><dd>5</dd>" in page
    assert "<dt>Required</dt><dd>19 <span" in page
    assert "the other 6 optional" in page
    assert "Deep Learning" in page
    assert '<time datetime="2026-03-17">' in page


def test_last_updated_is_when_the_skill_last_changed_beside_its_review_date(
    client: Client, pytorch: Skill
) -> None:
    Skill.objects.filter(pk=pytorch.pk).update(
        changed_at=dt.datetime(2026, 5, 4, 12, tzinfo=dt.UTC)
    )
    page = seen(client.get("/skills/pytorch/"))
    assert "Last updated May 4, 2026" in page
    assert "Last reviewed March 17, 2026" in page

    skill_bump_version(skill=pytorch)  # what every edit, revert and import does
    changed = date_format(timezone.localtime(pytorch.changed_at).date(), "DATE_FORMAT")
    page = seen(client.get("/skills/pytorch/"))
    assert f"Last updated {changed}" in page
    assert "Last reviewed March 17, 2026" in page


def test_the_skill_profile_has_one_table_per_level_in_order(client: Client, pytorch: Skill) -> None:
    page = text(client.get("/skills/pytorch/"))
    positions = [page.index(f'id="level-{n}"') for n in range(1, 6)]
    assert positions == sorted(positions)
    assert page.count('<table class="matrix">') == 5
    assert page.count(">Required</span>") == 19
    assert page.count(">Optional</span>") == 6


def test_each_row_expands_to_its_criteria_and_links(client: Client, pytorch: Skill) -> None:
    response = client.get("/skills/pytorch/")
    assert "<details>" in text(response)
    assert "Role 000 L3 #2" in seen(response)
    assert 'href="https://example.com/1"' in text(response)


def test_picking_a_role_and_level_shows_the_next_level(client: Client, pytorch: Skill) -> None:
    response = client.get("/skills/pytorch/", {"role": "role-000", "level": "2"})
    assert response.status_code == 200
    # The plan's cards end where the picker offers to compare with other roles.
    plan = between(seen(response), "To reach", "Compare with another role")
    assert plan.startswith("To reach Senior (Intermediate) as Role 000")
    assert "Role 000 L3 #1" in plan
    assert "Role 000 L3 #3" in plan
    assert "L2 #" not in plan
    assert "Role 001" not in plan


def test_without_a_role_the_plan_lists_every_role_required_first(
    client: Client, pytorch: Skill
) -> None:
    plan = between(
        seen(client.get("/skills/pytorch/", {"level": "0"})), "To reach", "Expectations by"
    )
    assert plan.startswith("To reach Junior (Fundamental Awareness)")
    # role-000 and role-001 are required at level 1; the rest are optional.
    assert plan.index("Role 001") < plan.index("Role 002")
    assert plan.count("Required") == 2
    assert plan.count("Optional") == 3


def test_an_optional_next_level_says_promotion_does_not_depend_on_it(
    client: Client, pytorch: Skill
) -> None:
    page = seen(client.get("/skills/pytorch/", {"role": "role-004", "level": "1"}))
    assert "Optional for Role 004 at this level" in page


def test_tracking_parameters_do_not_break_a_shared_link(client: Client, pytorch: Skill) -> None:
    response = client.get("/skills/pytorch/", {"utm_source": "newsletter"})
    assert response.status_code == 200
    assert "Choose your current level" not in seen(response)


def test_a_bad_pick_is_announced_to_screen_readers(client: Client, pytorch: Skill) -> None:
    page = text(client.get("/skills/pytorch/", {"role": "role-000"}))
    assert 'aria-describedby="id_level_error"' in page
    assert 'id="id_level_error"' in page


def test_principal_is_the_top_of_the_ladder(client: Client, pytorch: Skill) -> None:
    page = text(client.get("/skills/pytorch/", {"role": "role-000", "level": "5"}))
    assert "Principal is the top of the ladder" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"role": "astronaut", "level": "2"}, "“astronaut” is not a role in this skill"),
        ({"role": "role-000", "level": "9"}, "“9” is not one of the levels"),
        ({"role": "role-000", "level": "two"}, "“two” is not one of the levels"),
        ({"role": "role-000"}, "Choose your current level."),
    ],
)
def test_a_bad_pick_is_a_400_that_explains_itself(
    client: Client, pytorch: Skill, query: dict[str, str], message: str
) -> None:
    response = client.get("/skills/pytorch/", query)
    assert response.status_code == 400
    assert message in text(response)
    assert 'id="plan"' not in text(response)


def test_an_unknown_skill_is_a_404(client: Client) -> None:
    response = client.get("/skills/no-such-skill/")
    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_skills_redirects_to_the_catalogue(client: Client) -> None:
    response = client.get("/skills/")
    assert response.status_code == 301
    assert response["Location"] == "/"


def test_pages_refuse_writes(client: Client, pytorch: Skill) -> None:
    assert client.post("/skills/pytorch/").status_code == 405


def test_the_role_page_shows_its_ladder_across_skills(client: Client, pytorch: Skill) -> None:
    make_skill("jax", "JAX")
    other = make_matrix(roles=1, criteria=1, skill_slug="tensorflow")
    page = text(client.get("/roles/role-000/"))
    assert "Career track Role 000" in visible_text(page)
    # The focus at each level first, in ladder order; then each skill's cells,
    # each linking to its level on the skill's profile (JAX sets nothing here).
    positions = [page.index(f'id="focus-{n}"') for n in range(1, 6)]
    assert positions == sorted(positions)
    assert positions[-1] < page.index('id="skills-title"')
    assert 'id="skill-jax"' not in page
    assert page.count('href="/skills/pytorch/#level-') == 5
    assert page.count(f'href="/skills/{other.slug}/#level-') == 5


def test_the_role_list_groups_roles_by_family(client: Client, pytorch: Skill) -> None:
    Role.objects.filter(slug="role-004").update(family="Data Science")
    page = text(client.get("/roles/"))
    assert "Data Science" in page
    assert 'href="/roles/role-000/"' in page
    assert "1 skill · 5 required expectations" in page


def test_an_unknown_role_is_a_404(client: Client) -> None:
    assert client.get("/roles/astronaut/").status_code == 404


def test_the_levels_page_shows_both_names_and_each_skills_description(
    client: Client, pytorch: Skill
) -> None:
    page = text(client.get("/levels/"))
    for level in Level.objects.all():
        assert level.career_name in page
        assert level.proficiency_name in page
    assert page.count("At Senior") == 1
    assert 'href="/skills/pytorch/#level-3"' in page


def test_pages_carry_a_content_security_policy(client: Client, pytorch: Skill) -> None:
    response = client.get("/skills/pytorch/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_a_signed_in_engineer_can_start_an_assessment_from_the_profile(
    client: Client, pytorch: Skill, alice: object
) -> None:
    client.force_login(alice)  # type: ignore[arg-type]
    page = text(client.get("/skills/pytorch/", {"role": "role-001", "level": "1"}))
    assert 'action="/assessments/start/"' in page
    assert '<option value="role-001" selected>' in page
    catalogue = text(client.get("/"))
    assert 'href="/me/assessments/?skill=pytorch"' in catalogue


def test_anonymous_visitors_are_invited_to_sign_in_to_assess_themselves(
    client: Client, pytorch: Skill
) -> None:
    page = seen(client.get("/skills/pytorch/"))
    assert "Sign in to rate yourself against these criteria" in page
