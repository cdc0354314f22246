"""Suggested edits: anyone signed in suggests, curators accept or decline,
the proposer hears either way, and a stale suggestion is never applied blindly."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import Notification, User
from community.models import MatrixEdit, Proposal
from community.services import proposal_accept
from skills.models import Criterion, Expectation, Skill, SkillLevel
from tests.html import form_data, visible_text

pytestmark = pytest.mark.django_db

CELL = "/skills/pytorch/suggest/role-000/3/"
LEVEL = "/skills/pytorch/suggest/level/2/"


def cell(skill: Skill) -> Expectation:
    return Expectation.objects.get(skill=skill, role__slug="role-000", level__number=3)


def suggest(client: Client, url: str = CELL, **changes: Any) -> Any:
    data = form_data(client.get(url), "suggest-form")
    data.update({"rationale": "The second line is vague.", **changes})
    return client.post(url, data)


def test_every_level_and_cell_offers_a_suggestion_to_signed_in_people(
    client: Client, pytorch: Skill, alice: User
) -> None:
    anonymous = client.get("/skills/pytorch/").content.decode()
    # 5 level descriptions + 10 cells, each with its own link
    assert anonymous.count(">Sign in to suggest an edit<") == 15
    assert ">Suggest an edit<" not in anonymous
    assert "No proposals yet." in visible_text(anonymous)
    client.force_login(alice)
    html = client.get("/skills/pytorch/").content.decode()
    assert html.count(">Suggest an edit<") == 15
    assert 'href="/skills/pytorch/suggest/role-000/3/"' in html
    assert 'href="/skills/pytorch/suggest/level/2/"' in html
    assert ">Edit<" not in html  # only curators edit in place


def test_alice_suggests_a_rewording_and_it_waits_for_a_curator(
    client: Client, pytorch: Skill, alice: User, carol: User
) -> None:
    client.force_login(alice)
    form = client.get(CELL)
    assert "Role 000 L3 #2" in form.content.decode()  # the current text to start from
    response = suggest(
        client, criteria="Role 000 L3 #1\nExplains autograd graphs clearly\nRole 000 L3 #3"
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/proposals/{proposal.pk}/"
    assert proposal.proposer == alice
    assert proposal.base_version == pytorch.version
    assert proposal.original["criteria"][1] == "Role 000 L3 #2"
    assert proposal.proposed["criteria"][1] == "Explains autograd graphs clearly"
    page = visible_text(client.get(f"/proposals/{proposal.pk}/"))
    assert "Open" in page
    assert "The second line is vague." in page
    assert "Withdraw my suggestion" in page
    assert "Accept and apply" not in page
    # nothing changed yet; carol hears of it
    assert cell(pytorch).criteria.get(position=2).text == "Role 000 L3 #2"
    assert Notification.objects.filter(user=carol, url=f"/proposals/{proposal.pk}/").exists()
    profile = visible_text(client.get("/skills/pytorch/"))
    assert "Open proposal (1)" in profile
    assert "Pytorch: Role 000 at level 3 (Senior)" in profile


def test_a_suggestion_needs_a_reason_and_a_change(
    client: Client, pytorch: Skill, alice: User
) -> None:
    client.force_login(alice)
    response = suggest(client, rationale="")
    assert response.status_code == 400
    assert "This field is required." in visible_text(response)
    response = suggest(client)  # same text as now
    assert response.status_code == 400
    assert "Your suggestion is the same as the current text." in visible_text(response)
    response = suggest(client, criteria="   \n  ")
    assert "List at least one criterion." in visible_text(response)
    assert not Proposal.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(client: Client, pytorch: Skill) -> None:
    response = client.get(CELL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get("/skills/pytorch/suggest/role-000/9/").status_code == 302


def test_an_unknown_cell_or_level_is_a_404(client: Client, pytorch: Skill, alice: User) -> None:
    client.force_login(alice)
    assert client.get("/skills/pytorch/suggest/role-000/9/").status_code == 404
    assert client.get("/skills/pytorch/suggest/nobody/3/").status_code == 404
    assert client.get("/skills/pytorch/suggest/level/6/").status_code == 404
    assert client.get("/skills/nope/suggest/level/1/").status_code == 404


def test_carol_accepts_it_atomically_with_the_history_and_a_new_version(
    client: Client,
    pytorch: Skill,
    alice: User,
    carol: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(alice)
    suggest(client, summary="Trains and debugs models on several GPUs.", required="")
    proposal = Proposal.objects.get()
    key_before = cell(pytorch).criteria.get(position=2).key
    client.force_login(carol)
    page = client.get(f"/proposals/{proposal.pk}/")
    assert "Accept and apply" in visible_text(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/proposals/{proposal.pk}/accept/", form_data(page, "accept-form"))
    assert response.status_code == 302
    pytorch.refresh_from_db()
    assert pytorch.version == 2
    expectation = cell(pytorch)
    assert expectation.summary == "Trains and debugs models on several GPUs."
    assert expectation.required is False
    assert expectation.criteria.get(position=2).key == key_before
    proposal.refresh_from_db()
    assert proposal.status == "accepted"
    assert proposal.reviewer == carol
    edit = MatrixEdit.objects.get()
    assert (edit.author, edit.proposal, edit.version) == (carol, proposal, 2)
    record = expectation.history.first()
    assert record is not None
    assert record.history_user == carol
    assert record.history_change_reason == f"proposal #{proposal.pk} by alice, accepted by carol"
    assert Notification.objects.filter(
        user=alice, message__startswith="Your suggested edit was accepted"
    ).exists()
    history = visible_text(client.get("/skills/pytorch/history/"))
    assert f"Suggested by alice ( proposal #{proposal.pk} ), accepted by carol" in history
    assert "Version 2" in history


def test_declining_needs_a_reason_which_the_proposer_reads(
    client: Client, pytorch: Skill, alice: User, carol: User
) -> None:
    client.force_login(alice)
    suggest(client, LEVEL, description="Knows what a tensor is.")
    proposal = Proposal.objects.get()
    client.force_login(carol)
    response = client.post(f"/proposals/{proposal.pk}/reject/", {"reason": ""})
    assert response.status_code == 400
    assert "Give a reason" in visible_text(response)
    proposal.refresh_from_db()
    assert proposal.status == "open"
    client.post(f"/proposals/{proposal.pk}/reject/", {"reason": "Too narrow for level 2."})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reason) == ("rejected", "Too narrow for level 2.")
    assert SkillLevel.objects.get(skill=pytorch, level__number=2).description == "At Middle"
    note = Notification.objects.get(user=alice)
    assert note.message.startswith("Your suggested edit was not accepted")
    client.force_login(alice)
    assert "Too narrow for level 2." in visible_text(client.get(f"/proposals/{proposal.pk}/"))


def test_a_stale_suggestion_shows_the_conflict_and_needs_confirming(
    client: Client, pytorch: Skill, alice: User, mallory: User, carol: User
) -> None:
    client.force_login(alice)
    suggest(client, summary="Alice's wording.")
    client.force_login(mallory)
    suggest(client, summary="Mallory's wording.")
    first, second = Proposal.objects.order_by("pk")
    client.force_login(carol)
    client.post(f"/proposals/{first.pk}/accept/", {"reviewed_version": 1})
    page = client.get(f"/proposals/{second.pk}/")
    text = visible_text(page)
    assert "The skill has changed since: version 1 → 2" in text
    assert "This very text was edited after the suggestion was made" in text
    assert "Alice's wording." in text  # the current text, beside the suggestion
    response = client.post(f"/proposals/{second.pk}/accept/", {"reviewed_version": 2})
    assert response.status_code == 409
    assert "then confirm to accept it anyway" in visible_text(response)
    assert cell(pytorch).summary == "Alice's wording."
    client.post(f"/proposals/{second.pk}/accept/", {"reviewed_version": 2, "confirm_stale": "on"})
    assert cell(pytorch).summary == "Mallory's wording."


def test_two_curators_accepting_conflicting_suggestions_one_wins(
    client: Client, pytorch: Skill, alice: User, mallory: User, carol: User, dave: User
) -> None:
    client.force_login(alice)
    suggest(client, summary="Alice's wording.")
    client.force_login(mallory)
    suggest(client, summary="Mallory's wording.")
    first, second = Proposal.objects.order_by("pk")
    # both curators open their page at version 1
    carol_client, dave_client = Client(), Client()
    carol_client.force_login(carol)
    dave_client.force_login(dave)
    carols_form = form_data(carol_client.get(f"/proposals/{first.pk}/"), "accept-form")
    daves_form = form_data(dave_client.get(f"/proposals/{second.pk}/"), "accept-form")
    assert carol_client.post(f"/proposals/{first.pk}/accept/", carols_form).status_code == 302
    response = dave_client.post(f"/proposals/{second.pk}/accept/", daves_form)
    assert response.status_code == 409
    text = visible_text(response)
    assert "The skill has changed since: version 1 → 2" in text
    assert "Alice's wording." in text
    assert "Mallory's wording." in text
    assert cell(pytorch).summary == "Alice's wording."
    # ticking the box on his old page is not enough: he has not seen version 2
    response = dave_client.post(
        f"/proposals/{second.pk}/accept/", {**daves_form, "confirm_stale": "on"}
    )
    assert response.status_code == 409
    assert "you started from version 1 and it is now at version 2" in visible_text(response)
    assert cell(pytorch).summary == "Alice's wording."
    second.refresh_from_db()
    assert second.status == "open"
    assert MatrixEdit.objects.count() == 1


def test_a_service_call_on_a_stale_version_writes_nothing(
    pytorch: Skill, alice: User, carol: User
) -> None:
    from community.services import StaleVersion, proposal_create
    from community.targets import target_for

    proposal = proposal_create(
        target=target_for(pytorch, 2), proposed={"description": "New."}, rationale="r", by=alice
    )
    pytorch.refresh_from_db()
    with pytest.raises(StaleVersion):
        proposal_accept(
            proposal=proposal, by=carol, reviewed_version=pytorch.version + 1, confirm_stale=True
        )
    assert SkillLevel.objects.get(skill=pytorch, level__number=2).description == "At Middle"
    assert Skill.objects.get().version == 1


def test_only_the_proposer_withdraws(
    client: Client, pytorch: Skill, alice: User, mallory: User
) -> None:
    client.force_login(alice)
    suggest(client)
    suggest(client, summary="Other words.")
    proposal = Proposal.objects.get()
    client.force_login(mallory)
    assert client.post(f"/proposals/{proposal.pk}/withdraw/").status_code == 403
    client.force_login(alice)
    client.post(f"/proposals/{proposal.pk}/withdraw/")
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn"


def test_markup_in_a_suggestion_is_shown_as_text(
    client: Client, pytorch: Skill, alice: User
) -> None:
    client.force_login(alice)
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    suggest(client, summary=attack, rationale=attack)
    proposal = Proposal.objects.get()
    for url in (f"/proposals/{proposal.pk}/", "/skills/pytorch/", "/skills/pytorch/proposals/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
    assert "&lt;script&gt;alert" in client.get(f"/proposals/{proposal.pk}/").content.decode()


def test_the_review_queue_lists_open_suggestions_oldest_first(
    client: Client, pytorch: Skill, alice: User, dave: User
) -> None:
    client.force_login(alice)
    suggest(client, summary="First.")
    suggest(client, LEVEL, description="Second.")
    client.force_login(dave)
    text = visible_text(client.get("/proposals/"))
    assert text.index("Role 000 at level 3") < text.index("level 2 (Middle) description")
    Proposal.objects.update(status="withdrawn")
    assert "Nothing to review" in visible_text(client.get("/proposals/"))


def test_rewording_keeps_keys_and_a_different_line_is_a_new_criterion(
    pytorch: Skill, alice: User, carol: User
) -> None:
    from community.services import proposal_create
    from community.targets import target_for

    target = target_for(pytorch, 3, "role-000")
    keys = list(target.expectation.criteria.values_list("key", flat=True))  # type: ignore[union-attr]
    texts = ["Role 000 L3 #1, reworded", "Role 000 L3 #2", "Something else entirely", "Four"]
    proposal = proposal_create(
        target=target,
        proposed={"summary": "S", "required": True, "criteria": texts},
        rationale="more",
        by=alice,
    )
    proposal_accept(proposal=proposal, by=carol, reviewed_version=1)
    criteria = list(Criterion.objects.filter(expectation=cell(pytorch)).order_by("position"))
    assert [c.text for c in criteria] == texts
    assert [c.key for c in criteria] == [keys[0], keys[1], "something-else-entirely", "four"]


def test_deleting_a_cell_with_an_open_proposal_leaves_it_unappliable(
    client: Client, pytorch: Skill, alice: User, carol: User
) -> None:
    client.force_login(alice)
    suggest(client, summary="New words.")
    proposal = Proposal.objects.get()
    cell(pytorch).delete()  # e.g. in the admin, or an import with --prune
    proposal.refresh_from_db()
    assert proposal.expectation is None
    assert proposal.status == "open"
    client.force_login(carol)
    page = client.get(f"/proposals/{proposal.pk}/")
    assert "has since been removed from the matrix" in visible_text(page)
    assert "Accept and apply" not in visible_text(page)
    response = client.post(f"/proposals/{proposal.pk}/accept/", {"reviewed_version": 1})
    assert response.status_code == 409
    assert "no longer exists" in visible_text(response)


def test_removing_and_reordering_lines_keeps_each_criterion_with_its_text(
    pytorch: Skill, alice: User, carol: User
) -> None:
    from community.services import proposal_create
    from community.targets import target_for

    target = target_for(pytorch, 3, "role-000")
    keys = dict(cell(pytorch).criteria.values_list("text", "key"))
    proposal = proposal_create(
        target=target,
        # #1 reworded, #2 removed, #3 moved first, one new line
        proposed={
            "summary": "S",
            "required": True,
            "criteria": ["Role 000 L3 #3", "Role 000 L3 #1 (reworded)", "Brand new"],
        },
        rationale="r",
        by=alice,
    )
    proposal_accept(proposal=proposal, by=carol, reviewed_version=1)
    now = list(cell(pytorch).criteria.order_by("position").values_list("text", "key"))
    assert now[0] == ("Role 000 L3 #3", keys["Role 000 L3 #3"])
    assert now[1] == ("Role 000 L3 #1 (reworded)", keys["Role 000 L3 #1"])
    assert now[2] == ("Brand new", "brand-new")
    assert keys["Role 000 L3 #2"] not in {key for _text, key in now}


def test_a_criterion_with_a_line_break_stays_one_criterion(
    client: Client, pytorch: Skill, carol: User
) -> None:
    criterion = cell(pytorch).criteria.get(position=2)
    criterion.text = "Trains a model\nand evaluates it"
    criterion.save()
    client.force_login(carol)
    url = "/skills/pytorch/edit/role-000/3/"
    data = form_data(client.get(url), "edit-form")
    assert client.post(url, {**data, "summary": "Only the summary changes."}).status_code == 302
    texts = list(cell(pytorch).criteria.order_by("position").values_list("text", flat=True))
    assert texts == ["Role 000 L3 #1", "Trains a model and evaluates it", "Role 000 L3 #3"]


def test_curators_have_a_menu_link_to_the_queue_with_the_open_count(
    client: Client, pytorch: Skill, alice: User, dave: User
) -> None:
    client.force_login(alice)
    assert suggest(client, criteria="Role 000 L3 #1\nSharper\nRole 000 L3 #3").status_code == 302
    assert suggest(client, url=LEVEL, description="Sharper.").status_code == 302
    assert Proposal.objects.open().count() == 2
    assert "Proposals" not in visible_text(client.get("/"))  # alice is no curator

    client.force_login(dave)
    page = client.get("/").content.decode()
    assert 'href="/proposals/"' in page
    assert "Proposals (2 open)" in visible_text(page)
