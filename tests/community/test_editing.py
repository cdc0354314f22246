"""Curators edit in place with optimistic locking; every edit is in the
history with its author and can be reverted."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from community.models import MatrixEdit
from skills.models import Expectation, Skill, SkillLevel
from tests.html import form_data, visible_text

pytestmark = pytest.mark.django_db

EDIT_CELL = "/skills/pytorch/edit/role-001/4/"
EDIT_LEVEL = "/skills/pytorch/edit/level/1/"


def description(skill: Skill, number: int = 1) -> str:
    return SkillLevel.objects.get(skill=skill, level__number=number).description


def test_curators_see_edit_buttons_on_the_profile(
    client: Client, pytorch: Skill, dave: User
) -> None:
    client.force_login(dave)
    html = client.get("/skills/pytorch/").content.decode()
    assert 'href="/skills/pytorch/edit/role-001/4/"' in html
    assert 'href="/skills/pytorch/edit/level/1/"' in html
    assert "Review queue" in visible_text(html)


def test_dave_edits_a_level_description_in_place(
    client: Client, pytorch: Skill, dave: User
) -> None:
    client.force_login(dave)
    page = client.get(EDIT_LEVEL)
    assert "You are editing version 1" in visible_text(page)
    data = form_data(page, "edit-form")
    assert data == {"base_version": "1", "description": "At Junior"}
    response = client.post(EDIT_LEVEL, {**data, "description": "Reads and runs tensor code."})
    assert response.status_code == 302
    assert response["Location"] == "/skills/pytorch/#level-1"
    assert description(pytorch) == "Reads and runs tensor code."
    pytorch.refresh_from_db()
    assert pytorch.version == 2
    edit = MatrixEdit.objects.get()
    assert (edit.author, edit.before, edit.after) == (
        dave,
        {"description": "At Junior"},
        {"description": "Reads and runs tensor code."},
    )
    text = visible_text(client.get("/skills/pytorch/history/"))
    assert "Version 2: Pytorch: level 1 (Junior) description" in text
    assert "Edited by dave" in text


def test_an_edit_on_a_stale_version_is_refused_showing_both_versions(
    client: Client, pytorch: Skill, carol: User, dave: User
) -> None:
    carol_client = Client()
    carol_client.force_login(carol)
    client.force_login(dave)
    daves_form = form_data(client.get(EDIT_CELL), "edit-form")
    carols_form = form_data(carol_client.get(EDIT_CELL), "edit-form")
    carol_client.post(EDIT_CELL, {**carols_form, "summary": "Carol's summary."})
    response = client.post(EDIT_CELL, {**daves_form, "summary": "Dave's summary."})
    assert response.status_code == 409
    text = visible_text(response)
    assert "Not saved: someone else changed this skill" in text
    assert "you started from version 1 and it is now at version 2" in text
    assert "Current text (version 2)" in text
    assert "Carol's summary." in text
    assert "Your text" in text
    assert "Dave's summary." in text
    expectation = Expectation.objects.get(skill=pytorch, role__slug="role-001", level__number=4)
    assert expectation.summary == "Carol's summary."
    # his text is kept in the form, now against version 2: a second save is deliberate
    again = form_data(response, "edit-form")
    assert again["base_version"] == "2"
    assert again["summary"] == "Dave's summary."
    assert client.post(EDIT_CELL, again).status_code == 302
    expectation.refresh_from_db()
    assert expectation.summary == "Dave's summary."


def test_bad_input_is_refused_and_changes_nothing(
    client: Client, pytorch: Skill, carol: User
) -> None:
    client.force_login(carol)
    data = form_data(client.get(EDIT_CELL), "edit-form")
    for bad, message in (
        ({"criteria": ""}, "List at least one criterion."),
        ({"criteria": "same\nsame"}, "Each criterion may appear only once."),
        ({"criteria": "\n".join(f"line {i}" for i in range(21))}, "At most 20 criteria"),
        ({"summary": "x" * 2001}, "at most 2000 characters"),
        # The characters the importer refuses, so an edit always exports to a
        # file that imports again (common/text.py decides for both).
        ({"criteria": "Reads \u202egnirts a\nSecond"}, "Use one line of plain text"),
        ({"summary": "Beeps \x07 at you."}, "Use plain text: line breaks and tabs are fine"),
        ({"base_version": "abc"}, "Reload the page and try again."),
    ):
        response = client.post(EDIT_CELL, {**data, **bad})
        assert response.status_code == 400, bad
        assert message in visible_text(response), bad
    assert not MatrixEdit.objects.exists()
    assert Skill.objects.get().version == 1


def test_saving_the_same_text_says_so(client: Client, pytorch: Skill, carol: User) -> None:
    client.force_login(carol)
    data = form_data(client.get(EDIT_LEVEL), "edit-form")
    response = client.post(EDIT_LEVEL, data)
    assert response.status_code == 400
    assert "nothing to change" in visible_text(response)


def test_an_edit_can_be_reverted_and_the_revert_is_in_the_history(
    client: Client, pytorch: Skill, carol: User, dave: User, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(dave)
    data = form_data(client.get(EDIT_LEVEL), "edit-form")
    client.post(EDIT_LEVEL, {**data, "description": "Dave's words."})
    edit = MatrixEdit.objects.get()
    client.force_login(carol)
    history = client.get("/skills/pytorch/history/")
    assert "Revert version 2" in visible_text(history)
    client.post(f"/skills/pytorch/history/{edit.pk}/revert/", {"base_version": 2})
    assert description(pytorch) == "At Junior"
    revert = MatrixEdit.objects.exclude(pk=edit.pk).get()
    assert (revert.reverts, revert.author, revert.version) == (edit, carol, 3)
    history_text = visible_text(client.get("/skills/pytorch/history/"))
    assert "carol reverted the change of version 2" in history_text
    assert "Reverted since." in history_text  # no button that could only fail
    assert "Revert version 2" not in history_text
    assert "Revert version 3" in history_text


def test_a_revert_from_a_stale_page_is_refused(client: Client, pytorch: Skill, carol: User) -> None:
    client.force_login(carol)
    data = form_data(client.get(EDIT_LEVEL), "edit-form")
    client.post(EDIT_LEVEL, {**data, "description": "One."})
    first = MatrixEdit.objects.get()
    client.post(EDIT_LEVEL, {**data, "base_version": "2", "description": "Two."})
    response = client.post(
        f"/skills/pytorch/history/{first.pk}/revert/", {"base_version": 2}, follow=True
    )
    assert "you started from version 2 and it is now at version 3" in visible_text(response)
    assert description(pytorch) == "Two."


def test_engineers_cannot_edit_or_revert(
    client: Client, pytorch: Skill, alice: User, carol: User
) -> None:
    client.force_login(carol)
    data = form_data(client.get(EDIT_LEVEL), "edit-form")
    client.post(EDIT_LEVEL, {**data, "description": "Carol's."})
    edit = MatrixEdit.objects.get()
    client.force_login(alice)
    assert client.get(EDIT_LEVEL).status_code == 403
    assert client.post(EDIT_LEVEL, {**data, "description": "Alice's."}).status_code == 403
    assert (
        client.post(f"/skills/pytorch/history/{edit.pk}/revert/", {"base_version": 2}).status_code
        == 403
    )
    assert "Revert version" not in visible_text(client.get("/skills/pytorch/history/"))
    assert description(pytorch) == "Carol's."


def test_the_profiles_edit_button_opens_the_form_in_place(
    client: Client, pytorch: Skill, carol: User
) -> None:
    client.force_login(carol)
    html = client.get("/skills/pytorch/").content.decode()
    assert f'hx-get="{EDIT_LEVEL}"' in html
    editor = client.get(EDIT_LEVEL, HTTP_HX_REQUEST="true")
    fragment = editor.content.decode()
    assert "<html" not in fragment
    assert fragment.lstrip().startswith('<div class="inline-editor">')
    assert "Editing Pytorch: level 1 (Junior) description" in visible_text(editor)
    data = form_data(editor, "edit-form")
    saved = client.post(EDIT_LEVEL, {**data, "description": "Inline."}, HTTP_HX_REQUEST="true")
    assert saved.status_code == 204
    assert saved["HX-Refresh"] == "true"
    assert description(pytorch) == "Inline."
    stale = client.post(EDIT_LEVEL, {**data, "description": "Again."}, HTTP_HX_REQUEST="true")
    assert stale.status_code == 409
    assert "<html" not in stale.content.decode()
    assert "Not saved: someone else changed this skill" in visible_text(stale)


def test_reverting_an_edit_that_later_edits_changed_again_is_refused(
    client: Client, pytorch: Skill, carol: User
) -> None:
    client.force_login(carol)
    data = form_data(client.get(EDIT_LEVEL), "edit-form")
    client.post(EDIT_LEVEL, {**data, "description": "B."})
    client.post(EDIT_LEVEL, {**data, "base_version": "2", "description": "C."})
    first = MatrixEdit.objects.get(version=2)
    response = client.post(
        f"/skills/pytorch/history/{first.pk}/revert/", {"base_version": 3}, follow=True
    )
    assert "reverting it would throw away the later edits" in visible_text(response)
    assert description(pytorch) == "C."
    latest = MatrixEdit.objects.get(version=3)
    client.post(f"/skills/pytorch/history/{latest.pk}/revert/", {"base_version": 3})
    assert description(pytorch) == "B."
