"""Following a skill, and hearing once per change when it changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from accounts.models import Notification, User
from community.models import Follow
from skills.models import Skill
from skills.services import skill_bump_version
from tests.factories import make_matrix, skill_doc, write_matrix, write_yaml
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def test_anonymous_people_see_the_count_and_are_asked_to_sign_in(
    client: Client, pytorch: Skill, alice: User
) -> None:
    Follow.objects.create(user=alice, skill=pytorch)
    text = visible_text(client.get("/skills/pytorch/"))
    assert "1 follower" in text
    assert "Sign in to follow this skill" in text
    assert client.post("/skills/pytorch/follow/").status_code == 302
    assert Follow.objects.count() == 1


def test_alice_follows_and_unfollows_from_the_profile(
    client: Client, pytorch: Skill, alice: User
) -> None:
    client.force_login(alice)
    assert "Follow Pytorch" in visible_text(client.get("/skills/pytorch/"))
    response = client.post("/skills/pytorch/follow/", {"action": "follow"}, follow=True)
    text = visible_text(response)
    assert "You follow Pytorch" in text
    assert "1 follower" in text
    assert "You follow this skill" in text
    assert "Unfollow" in text
    client.post("/skills/pytorch/follow/", {"action": "follow"})  # twice is harmless
    assert Follow.objects.filter(user=alice).count() == 1
    response = client.post("/skills/pytorch/follow/", {"action": "unfollow"}, follow=True)
    assert "0 followers" in visible_text(response)
    assert not Follow.objects.exists()


def test_the_htmx_request_gets_only_the_follow_box(
    client: Client, pytorch: Skill, alice: User
) -> None:
    client.force_login(alice)
    response = client.post("/skills/pytorch/follow/", {"action": "follow"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="follow" id="follow">')
    assert "1 follower" in visible_text(response)


def test_following_an_unknown_skill_is_a_404(client: Client, alice: User, pytorch: Skill) -> None:
    client.force_login(alice)
    assert client.post("/skills/nope/follow/").status_code == 404
    assert client.get("/skills/pytorch/follow/").status_code == 405


def doc(slug: str, summary: str = "Deep learning with tensors.") -> dict[str, Any]:
    return {**skill_doc(slug), "name": slug.upper(), "summary": summary}


def write_skills(folder: Path, *docs: dict[str, Any]) -> Path:
    write_matrix(folder, docs[0])
    for other in docs[1:]:
        write_yaml(folder / "skills" / f"{other['slug']}.yaml", other)
    return folder


def test_an_import_that_changes_three_followed_skills_sends_one_message(
    tmp_path: Path, alice: User, bob: User, django_capture_on_commit_callbacks: Any
) -> None:
    slugs = ("aaa", "bbb", "ccc")
    call_command("import_matrix", str(write_skills(tmp_path / "v1", *map(doc, slugs))), verbosity=0)
    for skill in Skill.objects.all():
        Follow.objects.create(user=alice, skill=skill)
    Follow.objects.create(user=bob, skill=Skill.objects.get(slug="aaa"))
    mail.outbox.clear()
    changed = write_skills(tmp_path / "v2", *(doc(slug, "New words.") for slug in slugs))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_matrix", str(changed), verbosity=0)
    assert [n.message for n in Notification.objects.filter(user=alice)] == [
        "3 skills you follow were updated by an import: AAA, BBB, CCC."
    ]
    assert [n.message for n in Notification.objects.filter(user=bob)] == [
        "AAA was updated by an import."
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.com", "bob@example.com"]
    assert "/skills/aaa/" in next(m.body for m in mail.outbox if m.to == ["bob@example.com"])


def test_an_unchanged_reimport_and_a_dry_run_tell_nobody(
    tmp_path: Path, alice: User, django_capture_on_commit_callbacks: Any
) -> None:
    folder = write_skills(tmp_path / "v1", doc("aaa"))
    call_command("import_matrix", str(folder), verbosity=0)
    Follow.objects.create(user=alice, skill=Skill.objects.get(slug="aaa"))
    changed = write_skills(tmp_path / "v2", doc("aaa", "New words."))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_matrix", str(folder), verbosity=0)
        call_command("import_matrix", str(changed), "--dry-run", verbosity=0)
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_person_who_made_the_change_is_not_told_about_it(
    alice: User, carol: User, django_capture_on_commit_callbacks: Any
) -> None:
    skill = make_matrix(roles=1, criteria=1)
    Follow.objects.create(user=alice, skill=skill)
    Follow.objects.create(user=carol, skill=skill)
    with django_capture_on_commit_callbacks(execute=True):
        skill_bump_version(skill=skill, by=carol, reason="admin")
    assert [n.user for n in Notification.objects.all()] == [alice]
    assert Notification.objects.get().message == "Pytorch was updated in the admin."


def test_an_accepted_proposal_tells_followers_and_its_author_only_once(
    pytorch: Skill,
    alice: User,
    mallory: User,
    carol: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from community.services import proposal_accept, proposal_create
    from community.targets import target_for

    for person in (alice, mallory, carol):
        Follow.objects.create(user=person, skill=pytorch)
    proposal = proposal_create(
        target=target_for(pytorch, 1), proposed={"description": "New."}, rationale="r", by=alice
    )
    Notification.objects.all().delete()  # carol's "new suggestion" notice
    with django_capture_on_commit_callbacks(execute=True):
        proposal_accept(proposal=proposal, by=carol, reviewed_version=1)
    assert [n.message for n in Notification.objects.filter(user=mallory)] == [
        "Pytorch was updated by an accepted proposal."
    ]
    assert [n.message for n in Notification.objects.filter(user=alice)] == [
        "Your suggested edit was accepted: Pytorch: level 1 (Junior) description"
    ]
    assert not Notification.objects.filter(user=carol).exists()
