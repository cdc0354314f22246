"""An engineer rates themself criterion by criterion, saves, submits and reads
their result."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from assessments.models import Assessment, CriterionRating
from assessments.services import RatingInput, assessment_rate, assessment_start, assessment_submit
from levels.models import Level
from roles.models import Role
from skills.models import Criterion, Skill
from tests.assessments.conftest import criteria_of, rate_levels
from tests.factories import make_expectation, make_matrix, make_role
from tests.html import between, form_data, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client: Client, alice: User) -> Client:
    client.force_login(alice)
    return client


def start(client: Client, skill: str = "pytorch", role: str = "role-000") -> Assessment:
    response = client.post("/assessments/start/", {"skill": skill, "role": role})
    assert response.status_code == 302
    return Assessment.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))


def test_starting_twice_resumes_the_same_draft(signed_in: Client, pytorch: Skill) -> None:
    assert start(signed_in) == start(signed_in)
    assert Assessment.objects.count() == 1


def test_the_start_form_defaults_to_my_role(signed_in: Client, alice: User, role: Role) -> None:
    alice.role = role
    alice.save()
    form = form_data(signed_in.get("/me/assessments/"), "start-form")
    assert form == {"skill": "pytorch", "role": "role-000"}


def test_a_bad_start_request_explains_itself(signed_in: Client, pytorch: Skill) -> None:
    response = signed_in.post("/assessments/start/", {"skill": "pytorch", "role": "astronaut"})
    assert response.status_code == 400
    assert "Choose one from the list." in visible_text(response)
    assert not Assessment.objects.exists()


def test_the_page_lists_levels_in_order_with_required_and_optional_marked(
    signed_in: Client, pytorch: Skill
) -> None:
    cv = make_role("cv-engineer", "CV Engineer")
    for level in Level.objects.all():
        make_expectation(pytorch, cv, level, required=level.number >= 3)
    draft = start(signed_in, role="cv-engineer")
    page = visible_text(signed_in.get(f"/assessments/{draft.pk}/"))
    levels = [
        page.index(f"{n} {name}") for n, name in [(1, "Junior"), (3, "Senior"), (5, "Principal")]
    ]
    assert levels == sorted(levels)
    assert between(page, "1 Junior", "2 Middle").count("Optional") == 1
    assert between(page, "3 Senior", "4 Lead").count("Required") == 1


def test_one_rating_saves_on_its_own_and_updates_the_summary(
    signed_in: Client, pytorch: Skill
) -> None:
    draft = start(signed_in)
    criterion = criteria_of(draft.skill, draft.role, level=1)[0]
    prefix = f"c{criterion.pk}"
    response = signed_in.post(
        f"/assessments/{draft.pk}/criteria/{criterion.pk}/",
        {f"{prefix}-value": "2", f"{prefix}-note": " Shipped it. ", f"{prefix}-link": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Saved" in visible_text(response)
    assert 'hx-swap-oob="true"' in response.content.decode()
    assert "1 of 15 criteria rated" in visible_text(response)
    row = CriterionRating.objects.get(assessment=draft, criterion=criterion)
    assert (row.value, row.note) == (2, "Shipped it.")


def test_without_javascript_one_save_button_saves_everything(
    signed_in: Client, pytorch: Skill
) -> None:
    draft = start(signed_in)
    data = form_data(signed_in.get(f"/assessments/{draft.pk}/"), "assessment-form")
    for criterion in criteria_of(draft.skill, draft.role, level=1):
        data[f"c{criterion.pk}-value"] = "3"
    response = signed_in.post(f"/assessments/{draft.pk}/", data)
    assert response.status_code == 302
    assert CriterionRating.objects.filter(assessment=draft, value=3).count() == 3
    page = visible_text(signed_in.get(f"/assessments/{draft.pk}/"))
    assert "Draft saved." in page
    assert "If you submitted now: Junior" in page


def test_a_reload_shows_the_saved_draft(signed_in: Client, alice_draft: Assessment) -> None:
    data = form_data(signed_in.get(f"/assessments/{alice_draft.pk}/"), "assessment-form")
    level_one = criteria_of(alice_draft.skill, alice_draft.role, level=1)
    assert all(data[f"c{c.pk}-value"] == "2" for c in level_one)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("value", "7", "Select a valid choice. 7 is not one of the available choices."),
        ("value", "meets", "Select a valid choice."),
        ("link", "javascript:alert(1)", "Enter a web address starting with http:// or https://."),
        ("link", "ftp://example.com/x", "Enter a web address starting with http:// or https://."),
        ("note", "x" * 2001, "Ensure this value has at most 2000 characters (it has 2001)."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(
    signed_in: Client, alice_draft: Assessment, field: str, value: str, message: str
) -> None:
    before = list(CriterionRating.objects.order_by("pk").values())
    criterion = criteria_of(alice_draft.skill, alice_draft.role, level=3)[0]
    prefix = f"c{criterion.pk}"

    one = signed_in.post(
        f"/assessments/{alice_draft.pk}/criteria/{criterion.pk}/",
        {f"{prefix}-value": "2", f"{prefix}-{field}": value},
    )
    assert one.status_code == 400
    assert message in visible_text(one)

    data = form_data(signed_in.get(f"/assessments/{alice_draft.pk}/"), "assessment-form")
    data[f"{prefix}-{field}"] = value
    data[f"c{criteria_of(alice_draft.skill, alice_draft.role, level=4)[0].pk}-value"] = "3"
    page = signed_in.post(f"/assessments/{alice_draft.pk}/", data)
    assert page.status_code == 400
    assert message in visible_text(page)
    assert list(CriterionRating.objects.order_by("pk").values()) == before


def test_a_criterion_of_another_skill_or_role_is_refused(
    signed_in: Client, alice_draft: Assessment
) -> None:
    before = list(CriterionRating.objects.order_by("pk").values())
    other_role = criteria_of(alice_draft.skill, Role.objects.get(slug="role-001"))[0]
    other_skill = make_matrix(roles=1, criteria=1, skill_slug="jax")
    foreign = Criterion.objects.filter(expectation__skill=other_skill).first()
    assert foreign is not None
    for criterion in (other_role, foreign):
        response = signed_in.post(
            f"/assessments/{alice_draft.pk}/criteria/{criterion.pk}/",
            {f"c{criterion.pk}-value": "3"},
        )
        assert response.status_code == 400
        assert "not part of this assessment" in visible_text(response)
        data = form_data(signed_in.get(f"/assessments/{alice_draft.pk}/"), "assessment-form")
        data[f"c{criterion.pk}-value"] = "3"
        page = signed_in.post(f"/assessments/{alice_draft.pk}/", data)
        assert page.status_code == 400
        assert "not part of this assessment, so nothing was saved" in visible_text(page)
    assert list(CriterionRating.objects.order_by("pk").values()) == before


def test_submitting_shows_the_level_and_what_is_missing(
    signed_in: Client, alice_draft: Assessment
) -> None:
    rate_levels(alice_draft, {1: 3, 2: 2, 3: 2})
    missing = criteria_of(alice_draft.skill, alice_draft.role, level=4)
    rate_levels(alice_draft, {4: 1})
    response = signed_in.post(f"/assessments/{alice_draft.pk}/submit/")
    assert response["Location"] == f"/assessments/{alice_draft.pk}/result/"
    page = visible_text(signed_in.get(response["Location"]))
    assert "Level reached Senior Intermediate · level 3 of 5" in page
    assert "Readiness for Lead / Staff 9 / 12 required criteria met" in page
    plan = between(page, "What is missing for Lead / Staff", "Print this plan")
    assert [c.text in plan for c in missing] == [True, True, True]
    assert "Doc 1" in plan  # learning links of the missing criteria


def test_submit_also_saves_what_was_typed_without_javascript(
    signed_in: Client, pytorch: Skill
) -> None:
    draft = start(signed_in)
    data = form_data(signed_in.get(f"/assessments/{draft.pk}/"), "assessment-form")
    for criterion in criteria_of(draft.skill, draft.role, level=1):
        data[f"c{criterion.pk}-value"] = "2"
    signed_in.post(f"/assessments/{draft.pk}/submit/", data)
    draft.refresh_from_db()
    assert draft.is_submitted
    assert draft.level_reached == 1


def test_a_double_submit_is_harmless(signed_in: Client, alice_draft: Assessment) -> None:
    first = signed_in.post(f"/assessments/{alice_draft.pk}/submit/")
    alice_draft.refresh_from_db()
    submitted_at = alice_draft.submitted_at
    second = signed_in.post(f"/assessments/{alice_draft.pk}/submit/")
    assert first["Location"] == second["Location"] == f"/assessments/{alice_draft.pk}/result/"
    alice_draft.refresh_from_db()
    assert alice_draft.submitted_at == submitted_at
    assert Assessment.objects.count() == 1


def test_a_submitted_assessment_cannot_be_rated_any_more(
    signed_in: Client, alice_snapshot: Assessment
) -> None:
    criterion = criteria_of(alice_snapshot.skill, alice_snapshot.role)[0]
    before = list(CriterionRating.objects.order_by("pk").values())
    response = signed_in.post(
        f"/assessments/{alice_snapshot.pk}/criteria/{criterion.pk}/",
        {f"c{criterion.pk}-value": "0"},
    )
    assert response.status_code == 409
    assert list(CriterionRating.objects.order_by("pk").values()) == before


def test_a_new_assessment_starts_from_the_last_ratings_and_flags_what_changed(
    signed_in: Client, alice_snapshot: Assessment
) -> None:
    level_one = criteria_of(alice_snapshot.skill, alice_snapshot.role, level=1)
    reworded = level_one[0]
    reworded.text = "A reworded first ability."
    reworded.save()
    added = Criterion.objects.create(
        expectation=reworded.expectation, position=9, key="brand-new", text="A brand-new ability."
    )
    learning = criteria_of(alice_snapshot.skill, alice_snapshot.role, level=3)[0]
    learning.text = "A reworded ability she is still learning."
    learning.save()

    draft = start(signed_in)
    assert draft.based_on == alice_snapshot
    data = form_data(signed_in.get(f"/assessments/{draft.pk}/"), "assessment-form")
    assert data[f"c{level_one[1].pk}-value"] == "3"
    assert data[f"c{added.pk}-value"] == ""
    assert data[f"c{learning.pk}-value"] == "1"
    page = visible_text(signed_in.get(f"/assessments/{draft.pk}/"))
    # Rated as met before the rewording: asked again (tests/assessments/test_recheck_page.py).
    assert "A reworded first ability. Re-check Reworded since you rated it." in page
    assert data[f"c{reworded.pk}-value"] == ""
    assert "A reworded ability she is still learning. Reworded since your last snapshot" in page
    assert "A brand-new ability. New since your last snapshot" in page


def test_my_assessments_lists_drafts_and_snapshots(
    signed_in: Client, alice_snapshot: Assessment, pytorch: Skill, alice: User
) -> None:
    draft = assessment_start(engineer=alice, skill=pytorch, role=Role.objects.get(slug="role-001"))
    page = signed_in.get("/me/assessments/").content.decode()
    assert f'href="/assessments/{draft.pk}/"' in page
    assert f'href="/assessments/{alice_snapshot.pk}/result/"' in page
    assert "Middle (Novice) 6 / 15" in visible_text(page)


def test_readiness_aims_at_the_next_career_step_from_the_profile(
    signed_in: Client, alice: User, alice_draft: Assessment
) -> None:
    alice.career_level = Level.objects.get(number=1)
    alice.save()
    rate_levels(alice_draft, {1: 2, 2: 2})
    signed_in.post(f"/assessments/{alice_draft.pk}/submit/")
    page = visible_text(signed_in.get(f"/assessments/{alice_draft.pk}/result/"))
    assert "Readiness for Middle 6 / 6 required criteria met" in page
    assert "Ready for promotion" in page
    assert "Your next career step, from your profile." in page


def test_an_empty_assessment_of_an_optional_level_is_not_called_ready(
    signed_in: Client, pytorch: Skill
) -> None:
    cv = make_role("cv-engineer", "CV Engineer")
    for level in Level.objects.all():
        make_expectation(pytorch, cv, level, required=level.number >= 3)
    draft = start(signed_in, role="cv-engineer")
    signed_in.post(f"/assessments/{draft.pk}/submit/")
    page = visible_text(signed_in.get(f"/assessments/{draft.pk}/result/"))
    assert "Nothing up to Junior is required of your role in this skill" in page
    assert "Ready for promotion" not in page
    assert "What is missing for Junior" in page


def test_a_stale_tab_does_not_undo_newer_ratings(
    signed_in: Client, alice: User, alice_draft: Assessment
) -> None:
    stale = form_data(signed_in.get(f"/assessments/{alice_draft.pk}/"), "assessment-form")
    first, second = criteria_of(alice_draft.skill, alice_draft.role, level=3)[:2]
    # Another tab rates the first criterion and adds a note...
    assessment_rate(
        assessment=alice_draft, ratings={first: RatingInput(value=3, note="From tab B")}, by=alice
    )
    # ...then the stale tab saves a change to the second one only.
    stale[f"c{second.pk}-value"] = "2"
    assert signed_in.post(f"/assessments/{alice_draft.pk}/", stale).status_code == 302

    rows = {r.criterion_id: r for r in alice_draft.ratings.all()}
    assert (rows[first.pk].value, rows[first.pk].note) == (3, "From tab B")
    assert rows[second.pk].value == 2


def test_saving_a_draft_that_another_tab_submitted_is_refused_cleanly(
    signed_in: Client, alice: User, alice_draft: Assessment
) -> None:
    page = form_data(signed_in.get(f"/assessments/{alice_draft.pk}/"), "assessment-form")
    criterion = criteria_of(alice_draft.skill, alice_draft.role, level=4)[0]
    assessment_submit(assessment=alice_draft, by=alice)
    before = list(CriterionRating.objects.order_by("pk").values())
    page[f"c{criterion.pk}-value"] = "3"

    saved = signed_in.post(f"/assessments/{alice_draft.pk}/", page)
    one = signed_in.post(
        f"/assessments/{alice_draft.pk}/criteria/{criterion.pk}/", {f"c{criterion.pk}-value": "3"}
    )

    assert saved["Location"] == f"/assessments/{alice_draft.pk}/result/"
    assert one.status_code == 409
    assert list(CriterionRating.objects.order_by("pk").values()) == before
