"""The discussion on each skill: plain text, safe links, your own to edit and
delete, curators hide, a rate limit, pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from community.models import Comment
from skills.models import Skill
from tests.html import visible_text

pytestmark = pytest.mark.django_db

THREAD = "/skills/pytorch/discussion/"


def test_alice_posts_and_everyone_reads_it(client: Client, pytorch: Skill, alice: User) -> None:
    assert "No comments yet." in visible_text(client.get(THREAD))
    assert "Sign in to join the discussion" in visible_text(client.get(THREAD))
    client.force_login(alice)
    response = client.post(THREAD, {"body": "  Is torch.compile worth it at Middle?  "})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{THREAD}?page=1#c{comment.pk}"
    assert comment.body == "Is torch.compile worth it at Middle?"
    client.logout()
    assert "Is torch.compile worth it at Middle?" in visible_text(client.get(THREAD))
    profile = visible_text(client.get("/skills/pytorch/"))
    assert "Discussion (1 comment)" in profile
    assert "torch.compile worth it" in profile


def test_anonymous_posts_go_to_sign_in(client: Client, pytorch: Skill) -> None:
    response = client.post(THREAD, {"body": "hello"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Comment.objects.visible().exists()


def test_markup_is_escaped_and_only_web_links_become_links(
    client: Client, pytorch: Skill, alice: User
) -> None:
    client.force_login(alice)
    body = (
        '<script>alert(1)</script> <a href="javascript:alert(2)">x</a> '
        "javascript:alert(3) see https://pytorch.org/docs/stable/ now"
    )
    client.post(THREAD, {"body": body})
    html = client.get(THREAD).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert '<a href="https://pytorch.org/docs/stable/" rel="nofollow">' in html


def test_authors_edit_and_delete_their_own_only(
    client: Client, pytorch: Skill, alice: User, mallory: User
) -> None:
    comment = Comment.objects.create(skill=pytorch, author=alice, body="First thought.")
    client.force_login(mallory)
    assert client.get(f"/comments/{comment.pk}/edit/").status_code == 404
    assert client.post(f"/comments/{comment.pk}/edit/", {"body": "Hacked"}).status_code == 404
    assert client.post(f"/comments/{comment.pk}/delete/").status_code == 404
    assert "Delete" not in visible_text(client.get(THREAD)).split("First thought.")[1]
    client.force_login(alice)
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Second thought."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Second thought."
    assert comment.edited_at is not None
    assert "edited" in visible_text(client.get(THREAD))
    assert client.post(f"/comments/{comment.pk}/edit/", {"body": " "}).status_code == 400
    client.post(f"/comments/{comment.pk}/delete/")
    assert not Comment.objects.visible().exists()


def test_curators_hide_a_comment_and_others_see_only_that_it_was_hidden(
    client: Client, pytorch: Skill, alice: User, mallory: User, dave: User
) -> None:
    comment = Comment.objects.create(skill=pytorch, author=mallory, body="Buy cheap GPUs here")
    client.force_login(alice)
    assert client.post(f"/comments/{comment.pk}/hide/").status_code == 403
    client.force_login(dave)
    client.post(f"/comments/{comment.pk}/hide/", {"hidden": "1"})
    assert "Buy cheap GPUs" in visible_text(client.get(THREAD))  # curators still see it
    client.force_login(alice)
    text = visible_text(client.get(THREAD))
    assert "Buy cheap GPUs" not in text
    assert "A curator hid this comment." in text
    client.logout()
    assert "Buy cheap GPUs" not in visible_text(client.get("/skills/pytorch/"))
    client.force_login(mallory)
    assert "Hidden from others by a curator" in visible_text(client.get(THREAD))
    client.force_login(dave)
    client.post(f"/comments/{comment.pk}/hide/", {"hidden": "0"})
    client.logout()
    assert "Buy cheap GPUs" in visible_text(client.get(THREAD))


def test_a_sixth_comment_within_a_minute_is_refused(
    client: Client, pytorch: Skill, alice: User
) -> None:
    client.force_login(alice)
    for n in range(5):
        assert client.post(THREAD, {"body": f"Comment {n}"}).status_code == 302
    response = client.post(THREAD, {"body": "One too many"})
    assert response.status_code == 429
    assert "You have posted 5 comments in the last minute" in visible_text(response)
    assert Comment.objects.count() == 5
    Comment.objects.update(created_at=timezone.now() - dt.timedelta(minutes=2))
    assert client.post(THREAD, {"body": "Later"}).status_code == 302


def test_long_threads_are_paged(client: Client, pytorch: Skill, alice: User) -> None:
    Comment.objects.bulk_create(
        Comment(skill=pytorch, author=alice, body=f"Message number {n:02}") for n in range(45)
    )
    first = visible_text(client.get(THREAD))
    assert "Message number 00" in first
    assert "Message number 20" not in first
    assert "Page 1 of 3" in first
    last = visible_text(client.get(f"{THREAD}?page=3"))
    assert "Message number 44" in last
    assert "Message number 39" not in last
    assert client.get(f"{THREAD}?page=abc").status_code == 200
    assert client.get(f"{THREAD}?page=999").status_code == 200


def test_deleting_does_not_get_round_the_rate_limit(
    client: Client, pytorch: Skill, alice: User
) -> None:
    client.force_login(alice)
    for n in range(5):
        client.post(THREAD, {"body": f"Comment {n}"})
        client.post(f"/comments/{Comment.objects.latest('pk').pk}/delete/")
    assert "No comments yet." in visible_text(client.get(THREAD))
    assert client.post(THREAD, {"body": "Sixth"}).status_code == 429
    deleted = Comment.objects.first()
    assert deleted is not None
    assert deleted.body == ""
