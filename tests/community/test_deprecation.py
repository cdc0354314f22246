"""Deprecating a criterion in the app: curators edit it in place, anyone
signed in suggests it, the API carries it, and every way reaches
``Criterion.save()`` (so raters are asked to look again) and the version."""

from __future__ import annotations

import json
from html import unescape
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from community.models import MatrixEdit, Proposal
from skills.models import Criterion, Expectation, Skill
from tests.html import between, form_data, visible_text

pytestmark = pytest.mark.django_db

EDIT = "/skills/pytorch/edit/role-000/3/"
SUGGEST = "/skills/pytorch/suggest/role-000/3/"
SECOND = "Role 000 L3 #2"
URL = "https://docs.pytorch.org/docs/stable/export.html"
ROW = {
    "deprecated-1-criterion": SECOND,
    "deprecated-1-since": "PyTorch 2.5",
    "deprecated-1-replaced_by": "torch.export",
    "deprecated-1-url": URL,
    "deprecated-1-note": "TorchScript is in maintenance only.",
}
DEPRECATION = {
    "since": "PyTorch 2.5",
    "replaced_by": "torch.export",
    "url": URL,
    "note": "TorchScript is in maintenance only.",
}


def criterion(text: str = SECOND) -> Criterion:
    return Criterion.objects.get(
        expectation__role__slug="role-000", expectation__level__number=3, text=text
    )


def version() -> int:
    return Skill.objects.get(slug="pytorch").version


def test_the_editor_offers_rows_to_mark_a_criterion_deprecated(
    client: Client, pytorch: Skill, dave: User
) -> None:
    client.force_login(dave)
    page = client.get(EDIT)
    html = page.content.decode()
    text = visible_text(page)
    assert "Deprecated criteria (0)" in text
    assert "Deprecation 1 Criterion — choose a criterion — Role 000 L3 #1" in text
    for name, label in (
        ("since", "Deprecated since"),
        ("replaced_by", "Replaced by"),
        ("url", "Link to the replacement"),
        ("note", "Note"),
    ):
        assert f'<label for="id_deprecated-1-{name}">{label}</label>' in html
    # nothing to unmark yet, and folded away while there is nothing
    assert "No longer deprecated" not in text
    assert '<details class="deprecations">' in html


def test_dave_deprecates_a_criterion_in_place(client: Client, pytorch: Skill, dave: User) -> None:
    client.force_login(dave)
    data = form_data(client.get(EDIT), "edit-form")
    response = client.post(EDIT, {**data, **ROW})
    assert response.status_code == 302, visible_text(response)[-1500:]
    second = criterion()
    assert second.deprecation() == DEPRECATION
    assert second.revised_at is not None  # raters are asked to check it again
    assert criterion("Role 000 L3 #1").deprecated is False
    assert version() == 2
    edit = MatrixEdit.objects.get()
    assert edit.after["deprecated"] == {SECOND: DEPRECATION}
    assert "deprecated" not in edit.before
    # the history says it in words
    history = visible_text(client.get("/skills/pytorch/history/"))
    assert (
        "Deprecated criteria — “Role 000 L3 #2”: deprecated since PyTorch 2.5, replaced by "
        f"torch.export. Replacement: {URL}. Note: TorchScript is in maintenance only."
    ) in history
    # the editor shows it, unfolded, with a way to take it back
    again = client.get(EDIT)
    assert '<details class="deprecations" open>' in again.content.decode()
    assert "Deprecated criteria (1)" in visible_text(again)
    assert "No longer deprecated" in visible_text(again)
    assert {k: v for k, v in form_data(again, "edit-form").items() if k in ROW} == ROW


def test_dave_takes_a_deprecation_back(client: Client, pytorch: Skill, dave: User) -> None:
    client.force_login(dave)
    client.post(EDIT, {**form_data(client.get(EDIT), "edit-form"), **ROW})
    data = form_data(client.get(EDIT), "edit-form")
    response = client.post(EDIT, {**data, "deprecated-1-remove": "on"})
    assert response.status_code == 302, visible_text(response)[-1500:]
    second = criterion()
    assert second.deprecation() is None
    assert (second.deprecated_since, second.replaced_by, second.replacement_url) == ("", "", "")
    assert version() == 3


def test_a_deprecated_criterion_reworded_in_the_same_edit_keeps_its_key_and_ratings(
    client: Client, pytorch: Skill, dave: User
) -> None:
    key = criterion().key
    client.force_login(dave)
    data = form_data(client.get(EDIT), "edit-form")
    reworded = "Role 000 L3 #2 with TorchScript"
    data["criteria"] = data["criteria"].replace(SECOND, reworded)
    response = client.post(EDIT, {**data, **ROW, "deprecated-1-criterion": reworded})
    assert response.status_code == 302, visible_text(response)[-1500:]
    again = criterion(reworded)
    assert (again.key, again.deprecated) == (key, True)


@pytest.mark.parametrize(
    ("bad", "field", "message"),
    [
        ({"deprecated-1-replaced_by": ""}, "replaced_by", "Required when a criterion is marked"),
        ({"deprecated-1-since": ""}, "since", "Required when a criterion is marked deprecated."),
        ({"deprecated-1-url": "ftp://example.com/x"}, "url", "Enter a valid URL."),
        ({"deprecated-1-url": "not a link"}, "url", "Enter a valid URL."),
        ({"deprecated-1-since": "x" * 81}, "since", "at most 80 characters"),
        (
            {"deprecated-1-criterion": "Role 001 L3 #2"},
            "criterion",
            "“Role 001 L3 #2” is not one of this expectation's criteria.",
        ),
        (
            {"deprecated-1-criterion": ""},
            "criterion",
            "Choose the criterion this deprecation is for, or empty the row.",
        ),
        (
            {
                "deprecated-2-criterion": SECOND,
                "deprecated-2-since": "2.6",
                "deprecated-2-replaced_by": "x",
            },
            "criterion",
            "This criterion is marked in another row.",
        ),
    ],
)
def test_bad_deprecations_are_refused_on_their_field_and_nothing_is_written(
    client: Client, pytorch: Skill, carol: User, bad: dict[str, str], field: str, message: str
) -> None:
    client.force_login(carol)
    data = form_data(client.get(EDIT), "edit-form")
    response = client.post(EDIT, {**data, **ROW, **bad})
    assert response.status_code == 400
    html = response.content.decode()
    row = 2 if "deprecated-2-criterion" in bad else 1
    error = between(html, f'id="id_deprecated-{row}-{field}_error"', "</p>")
    assert message in unescape(error)
    # the rows are unfolded so the error shows
    assert '<details class="deprecations" open>' in html
    assert not Criterion.objects.filter(deprecated=True).exists()
    assert not MatrixEdit.objects.exists()
    assert version() == 1


def test_a_row_number_past_any_cell_is_refused_without_building_the_rows(
    client: Client, pytorch: Skill, carol: User
) -> None:
    client.force_login(carol)
    data = form_data(client.get(EDIT), "edit-form")
    response = client.post(EDIT, {**data, "deprecated-10000000-criterion": SECOND})
    assert response.status_code == 400
    html = response.content.decode()
    assert "At most 20 criteria can be marked deprecated." in unescape(html)
    assert "deprecated-23-criterion" not in html  # 20 criteria + 2 blank rows at most
    assert not MatrixEdit.objects.exists()


def test_alice_suggests_a_deprecation_and_dave_accepts_it(
    client: Client, pytorch: Skill, alice: User, dave: User
) -> None:
    client.force_login(alice)
    data = form_data(client.get(SUGGEST), "suggest-form")
    response = client.post(SUGGEST, {**data, **ROW, "rationale": "TorchScript is on its way out."})
    assert response.status_code == 302, visible_text(response)[-1500:]
    proposal = Proposal.objects.get()
    assert proposal.proposed["deprecated"] == {SECOND: DEPRECATION}
    assert not criterion().deprecated  # nothing changes until a curator accepts
    page = visible_text(client.get(f"/proposals/{proposal.pk}/"))
    assert (
        "Deprecated criteria — “Role 000 L3 #2”: deprecated since PyTorch 2.5, replaced by "
        "torch.export."
    ) in page
    client.force_login(dave)
    response = client.post(f"/proposals/{proposal.pk}/accept/", {"reviewed_version": "1"})
    assert response.status_code == 302
    second = criterion()
    assert second.deprecation() == DEPRECATION
    assert second.revised_at is not None
    assert version() == 2


def test_a_suggestion_with_a_bad_deprecation_is_refused(
    client: Client, pytorch: Skill, alice: User
) -> None:
    client.force_login(alice)
    data = form_data(client.get(SUGGEST), "suggest-form")
    bad = {**ROW, "deprecated-1-replaced_by": "", "rationale": "Old."}
    response = client.post(SUGGEST, {**data, **bad})
    assert response.status_code == 400
    assert "Required when a criterion is marked deprecated." in between(
        response.content.decode(), 'id="id_deprecated-1-replaced_by_error"', "</p>"
    )
    assert not Proposal.objects.exists()


# -- The API carries the same content -------------------------------------------


def api_suggest(client: Client, proposed: dict[str, Any]) -> Any:
    return client.post(
        "/api/v1/skills/pytorch/proposals/",
        json.dumps(
            {"target": {"level": 3, "role": "role-000"}, "proposed": proposed, "rationale": "Old."}
        ),
        content_type="application/json",
    )


def current(skill: Skill) -> dict[str, Any]:
    cell = Expectation.objects.get(skill=skill, role__slug="role-000", level__number=3)
    return {
        "summary": cell.summary,
        "required": cell.required,
        "criteria": list(cell.criteria.order_by("position").values_list("text", flat=True)),
    }


def test_an_api_proposal_deprecates_and_is_returned_as_sent(
    client: Client, pytorch: Skill, alice: User, dave: User
) -> None:
    client.force_login(alice)
    proposed = {**current(pytorch), "deprecated": {SECOND: DEPRECATION}}
    response = api_suggest(client, proposed)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["proposed"]["deprecated"] == {SECOND: DEPRECATION}
    assert "deprecated" not in body["original"]  # none is, today
    client.force_login(dave)
    accepted = client.post(
        f"/api/v1/proposals/{body['id']}/accept/",
        {"reviewed_version": 1},
        content_type="application/json",
    )
    assert accepted.status_code == 200, accepted.json()
    assert criterion().deprecation() == DEPRECATION
    # the next proposal starts from a cell that has it
    client.force_login(alice)
    again = api_suggest(client, {**current(pytorch), "summary": "Newer summary."})
    assert again.json()["original"]["deprecated"] == {SECOND: DEPRECATION}
    # and leaving it out takes it back
    assert "deprecated" not in again.json()["proposed"]


@pytest.mark.parametrize(
    ("deprecated", "key", "message"),
    [
        ({SECOND: {**DEPRECATION, "replaced_by": ""}}, "deprecated-1-replaced_by", "Required"),
        ({SECOND: {**DEPRECATION, "url": "javascript:alert(1)"}}, "deprecated-1-url", "valid URL"),
        ({"Not a criterion": DEPRECATION}, "deprecated-1-criterion", "is not one of"),
        ({SECOND: {**DEPRECATION, "colour": "red"}}, "__all__", "must map criterion texts"),
        ([SECOND], "__all__", "must map criterion texts"),
        ({f"line {i}": DEPRECATION for i in range(5000)}, "__all__", "At most 20 criteria"),
        ({SECOND: {**DEPRECATION, "since": 2.5}}, "__all__", "must map criterion texts"),
    ],
)
def test_bad_api_deprecations_are_refused_naming_the_entry(
    client: Client, pytorch: Skill, alice: User, deprecated: Any, key: str, message: str
) -> None:
    client.force_login(alice)
    response = api_suggest(client, {**current(pytorch), "deprecated": deprecated})
    assert response.status_code == 400
    errors = response.json()["errors"]["proposed"]
    assert list(errors) == [key]
    assert len(errors[key]) == 1  # said once
    assert message in errors[key][0]["message"]
    assert not Proposal.objects.exists()
