"""Every community URL with the whole cast: anonymous, engineer (alice),
another engineer (mallory), a curator by group (dave) and an admin (carol)."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from community.models import Comment, MatrixEdit, Proposal
from community.services import matrix_edit, proposal_create
from community.targets import target_for
from skills.models import Skill

pytestmark = pytest.mark.django_db

ANON = "anonymous"


@pytest.fixture
def world(pytorch: Skill, alice: User, carol: User) -> dict[str, int]:
    proposal = proposal_create(
        target=target_for(pytorch, 1), proposed={"description": "New."}, rationale="r", by=alice
    )
    pytorch.refresh_from_db()
    edit = matrix_edit(
        target=target_for(pytorch, 2), content={"description": "Edited."}, base_version=1, by=carol
    )
    comment = Comment.objects.create(skill=pytorch, author=alice, body="Hello")
    return {"proposal": proposal.pk, "edit": edit.pk, "comment": comment.pk}


# (method, url, expected status per person). 302 = sent to sign in.
def cases(ids: dict[str, int]) -> list[tuple[str, str, dict[str, int]]]:
    p, e, c = ids["proposal"], ids["edit"], ids["comment"]
    public = {ANON: 200, "alice": 200, "mallory": 200, "dave": 200, "carol": 200}
    signed_in = {ANON: 302, "alice": 200, "mallory": 200, "dave": 200, "carol": 200}
    curators = {ANON: 302, "alice": 403, "mallory": 403, "dave": 200, "carol": 200}
    signed_in_redirected = {ANON: 302, "alice": 302, "mallory": 302, "dave": 302, "carol": 302}
    proposer_only = {ANON: 302, "alice": 302, "mallory": 403, "dave": 403, "carol": 403}
    author_only = {ANON: 302, "alice": 200, "mallory": 404, "dave": 404, "carol": 404}
    return [
        ("get", "/skills/pytorch/proposals/", public),
        ("get", f"/proposals/{p}/", public),
        ("get", "/skills/pytorch/history/", public),
        ("get", "/skills/pytorch/discussion/", public),
        ("get", "/skills/pytorch/suggest/level/1/", signed_in),
        ("get", "/skills/pytorch/suggest/role-000/1/", signed_in),
        ("get", "/proposals/", curators),
        ("get", "/skills/pytorch/edit/level/1/", curators),
        ("get", "/skills/pytorch/edit/role-000/1/", curators),
        ("post", f"/proposals/{p}/accept/", {**curators, "dave": 302, "carol": 302}),
        ("post", f"/proposals/{p}/reject/", {**curators, "dave": 400, "carol": 400}),
        ("post", f"/proposals/{p}/withdraw/", proposer_only),
        ("post", f"/skills/pytorch/history/{e}/revert/", {**curators, "dave": 302, "carol": 302}),
        ("get", f"/comments/{c}/edit/", author_only),
        ("post", f"/comments/{c}/hide/", {**curators, "dave": 302, "carol": 302}),
        ("post", "/skills/pytorch/follow/", signed_in_redirected),
    ]  # fmt: skip


def test_every_url_answers_each_person_as_it_should(
    world: dict[str, int], alice: User, mallory: User, carol: User, dave: User
) -> None:
    people = {ANON: None, "alice": alice, "mallory": mallory, "dave": dave, "carol": carol}
    failures = []
    for method, url, expected in cases(world):
        for name, person in people.items():
            client = Client()
            if person is not None:
                client.force_login(person)
            response = getattr(client, method)(url)
            if response.status_code != expected[name]:
                failures.append(f"{method.upper()} {url} as {name}: {response.status_code}")
            if response.status_code == 302 and expected[name] == 302 and name == ANON:
                assert response["Location"].startswith("/accounts/login/"), url
            # undo what a successful write did, so every person meets the same world
            Proposal.objects.filter(pk=world["proposal"]).update(status="open", reviewer=None)
            Comment.objects.filter(pk=world["comment"]).update(hidden_at=None)
    assert failures == []
    # The POSTs above carried no form data: the writes were refused, not made.
    assert MatrixEdit.objects.count() == 1
    assert Proposal.objects.get().status == "open"


def test_deleting_someone_elses_comment_is_a_404_and_keeps_it(
    world: dict[str, int], mallory: User, carol: User
) -> None:
    for person in (mallory, carol):
        client = Client()
        client.force_login(person)
        assert client.post(f"/comments/{world['comment']}/delete/").status_code == 404
    assert Comment.objects.filter(pk=world["comment"]).exists()
