"""Every page in German and Chinese: no English interface text is left (the
matrix content and what people wrote stay as authored). Also: Accept-Language
picks the language, the switcher remembers it, dates follow it, emails and
notifications use the recipient's language, and the API's errors speak it."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import polib
import pytest
from django.test import Client
from django.utils import timezone, translation

from accounts.models import Notification, Team, User
from assessments.models import CriterionRating, ManagerRating, ManagerReview
from assessments.services import ManagerInput, assessment_start, assessment_submit, review_save
from community.models import Comment, Proposal
from community.services import proposal_create
from community.targets import target_for
from cycles.services import cycle_close, cycle_create
from levels.models import Level
from roles.models import Role
from skills.models import Criterion, Expectation, LearningLink, Skill, SkillLevel
from tests.assessments.conftest import rate_levels
from tests.factories import make_matrix, make_team

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "zh-hans"]
LOCALE = Path(__file__).resolve().parents[2] / "locale"
# The same in every language by design: names of things, not interface text.
SAME_EVERYWHERE = {"Skills Matrix", "PyTorch", "API", "YAML", "CSV", "XLSX", "JSON", "Bearer",
                   "ETag", "English", "Deutsch", "OpenAPI"}  # fmt: skip


class _Texts(HTMLParser):
    """Text nodes and the attributes people read (labels, titles, placeholders)."""

    SKIP = {"script", "style", "code", "pre", "time"}
    READ = {"aria-label", "title", "placeholder", "alt"}

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.SKIP:
            self._skipping += 1
        for name, value in attrs:
            if name in self.READ and value:
                self.texts.append(value)
            if tag == "input" and name == "value" and dict(attrs).get("type") == "submit":
                self.texts.append(value or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping and data.strip():
            self.texts.append(" ".join(data.split()))


def texts(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    return parser.texts


def content_corpus() -> str:
    """Everything people or the YAML wrote: it stays as authored."""
    parts: list[str] = []
    for model, fields in (
        (Skill, ["name", "summary", "description", "domain", "group"]),
        (SkillLevel, ["description"]),
        (Expectation, ["summary"]),
        (Criterion, ["text"]),
        (LearningLink, ["title"]),
        (Role, ["name", "family", "summary"]),
        (Level, ["career_name", "proficiency_name"]),
        (User, ["username", "first_name", "last_name"]),
        (Team, ["name"]),
        (Comment, ["body"]),
        (Proposal, ["rationale", "reason"]),
        (CriterionRating, ["note", "frozen_text"]),
        (ManagerReview, ["comment"]),
        (ManagerRating, ["comment"]),
    ):
        for row in model.objects.values_list(*fields):
            parts += [str(value) for value in row if value]
    for row in Expectation.objects.values_list("topics", flat=True):
        parts += list(row)
    for proposal in Proposal.objects.all():
        parts += [str(v) for v in proposal.proposed.values()] + [str(proposal.original)]
    return "\n".join(parts)


def same_by_choice(language: str) -> set[str]:
    """Entries a translator kept as they are ("Teams" is German too)."""
    folder = {"de": "de", "zh-hans": "zh_Hans"}[language]
    catalogue = polib.pofile(str(LOCALE / folder / "LC_MESSAGES" / "django.po"))
    return {e.msgid for e in catalogue if e.msgstr == e.msgid}


def month_names() -> set[str]:
    """The active language's month names (German "November" is English too)."""
    from django.utils.dates import MONTHS, MONTHS_3, MONTHS_AP

    return {str(name) for table in (MONTHS, MONTHS_3, MONTHS_AP) for name in table.values()} | {
        str(name).title() for name in MONTHS_3.values()
    }


def english_left(page: str, english_page: str, corpus: str, kept: set[str]) -> list[str]:
    """Text of ``page`` that reads exactly as on the English page and, once
    the content (matrix, names, what people wrote) is taken out, still has
    English words in it: interface text nobody translated."""
    english = set(texts(english_page))
    pieces = sorted((line for line in corpus.splitlines() if len(line) >= 3), key=len)[::-1]
    names = sorted(SAME_EVERYWHERE | kept | month_names(), key=len, reverse=True)
    found = []
    for text in texts(page):
        if text not in english or not re.search(r"[A-Za-z]{3,}", text):
            continue
        rest = text
        for piece in [*pieces, *names]:
            if piece in rest:
                rest = rest.replace(piece, " ")
        if re.search(r"[A-Za-z]{3,}", rest):
            found.append(text)
    return found


@pytest.fixture
def world(alice: User, bob: User, carol: User) -> dict[str, Any]:
    skill = make_matrix(roles=2, criteria=2)
    role = Role.objects.get(slug="role-000")
    team = make_team("ml", managers=[bob], members=[alice])
    snapshot = assessment_start(engineer=alice, skill=skill, role=role)
    rate_levels(snapshot, {1: 3, 2: 1})
    snapshot = assessment_submit(assessment=snapshot, by=alice)
    draft = assessment_start(engineer=alice, skill=skill, role=role)
    rating = CriterionRating.objects.filter(assessment=snapshot).first()
    assert rating is not None
    review_save(assessment=snapshot, team=team, by=bob,
                ratings={rating: ManagerInput(1, "Show me")}, comment="Good start")  # fmt: skip
    proposal = proposal_create(
        target=target_for(skill, 1), proposed={"description": "New"}, rationale="Why", by=alice
    )
    comment = Comment.objects.create(skill=skill, author=alice, body="Hello there")
    Notification.objects.create(user=alice, message="x", url="/")
    today = timezone.localdate()
    dates = {"opens_on": today, "self_due": today + dt.timedelta(days=5)}
    cycle = cycle_create(by=bob, name="Q1", skill=skill, teams=[team], everyone=False,
                         review_due=today + dt.timedelta(days=19), **dates)  # fmt: skip
    closed = cycle_create(by=bob, name="Q0", skill=skill, teams=[team], everyone=False,
                          review_due=today + dt.timedelta(days=9), **dates)  # fmt: skip
    cycle_close(cycle=closed, by=bob)
    return {
        "snapshot": snapshot, "draft": draft, "proposal": proposal, "comment": comment,
        "cycle": cycle.pk, "closed": closed.pk,
    }  # fmt: skip


def pages(world: dict[str, Any]) -> dict[str, list[str]]:
    s, d = world["snapshot"].pk, world["draft"].pk
    p, c = world["proposal"].pk, world["comment"].pk
    cy, closed = world["cycle"], world["closed"]
    return {
        "anonymous": [
            "/", "/skills/pytorch/", "/skills/pytorch/?role=role-000&level=2",
            "/skills/pytorch/?level=9", "/roles/", "/roles/role-000/", "/levels/",
            "/accounts/login/", "/accounts/password_reset/", "/skills/pytorch/discussion/",
            "/skills/pytorch/proposals/", "/skills/pytorch/history/", f"/proposals/{p}/",
            "/no-such-page/", "/skills/pytorch/compare/?role=role-000&other=role-001&level=3",
            "/skills/pytorch/compare/?role=role-000&level=3&to=4",
            "/skills/pytorch/compare/?role=role-000&level=3",
        ],
        "alice": [
            "/skills/pytorch/", "/me/assessments/", f"/assessments/{d}/",
            f"/assessments/{s}/result/", "/me/progress/", "/accounts/profile/",
            "/me/notifications/", "/accounts/tokens/",
            "/skills/pytorch/suggest/level/1/", "/skills/pytorch/suggest/role-000/2/",
            f"/comments/{c}/edit/", "/accounts/password_change/", f"/proposals/{p}/",
            "/skills/pytorch/discussion/", "/me/plan/",
            "/skills/pytorch/compare/?role=role-001&other=role-000&level=1&mine=1",
        ],
        "bob": [
            "/teams/", "/teams/ml/", "/teams/ml/calibration/", "/teams/ml/members/",
            f"/assessments/{s}/review/?team=ml", "/cycles/", "/cycles/new/", f"/cycles/{cy}/",
            f"/cycles/{cy}/edit/", f"/cycles/{cy}/teams/ml/", f"/cycles/{closed}/",
            f"/cycles/{cy}/close/", "/people/alice/plan/",
        ],
        "carol": [
            "/skills/pytorch/", "/proposals/", f"/proposals/{p}/",
            "/skills/pytorch/edit/level/1/", "/skills/pytorch/edit/role-000/2/", "/teams/",
            "/teams/gaps/", "/skills/pytorch/history/", "/cycles/", f"/cycles/{cy}/",
            f"/cycles/{closed}/",
        ],
    }  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_interface_text_is_left(
    world: dict[str, Any], language: str, alice: User, bob: User, carol: User
) -> None:
    people = {"alice": alice, "bob": bob, "carol": carol}
    corpus = content_corpus()
    kept = same_by_choice(language)
    leftovers: dict[str, list[str]] = {}
    for who, urls in pages(world).items():
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        english = Client(HTTP_ACCEPT_LANGUAGE="en")
        if who in people:
            client.force_login(people[who])
            english.force_login(people[who])
        for url in urls:
            response = client.get(url)
            assert response.status_code in {200, 400, 404}, (who, url, response.status_code)
            assert response["Content-Language"] == language, url
            page, reference = response.content.decode(), english.get(url).content.decode()
            assert texts(page) != texts(reference), url  # something was translated
            with translation.override(language):
                left = english_left(page, reference, corpus, kept)
            if left:
                leftovers[f"{who} {url}"] = left
    assert leftovers == {}


def test_accept_language_picks_the_language_and_urls_stay_the_same(world: dict[str, Any]) -> None:
    german = Client(HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5").get("/skills/pytorch/")
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").get("/skills/pytorch/")
    english = Client(HTTP_ACCEPT_LANGUAGE="fr-FR").get("/skills/pytorch/")
    assert '<html lang="de">' in german.content.decode()
    assert '<html lang="zh-hans">' in chinese.content.decode()
    assert '<html lang="en">' in english.content.decode()  # anything else: English


def test_the_switcher_remembers_the_choice_without_javascript(
    world: dict[str, Any], alice: User
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(alice)
    page = client.get("/skills/pytorch/").content.decode()
    assert 'name="language" value="de"' in page
    assert ">中文</button>" in page
    response = client.post("/language/", {"language": "zh-hans", "next": "/skills/pytorch/"})
    assert response.status_code == 302
    assert response["Location"] == "/skills/pytorch/"
    again = client.get("/skills/pytorch/")
    assert again["Content-Language"] == "zh-hans"
    alice.refresh_from_db()
    assert alice.language == "zh-hans"  # her emails follow it too
    assert client.post("/language/", {"language": "xx", "next": "/"}).status_code == 302
    assert client.get("/").headers["Content-Language"] == "zh-hans"  # unchanged


def test_dates_follow_the_language(world: dict[str, Any]) -> None:
    german = Client(HTTP_ACCEPT_LANGUAGE="de").get("/skills/pytorch/").content.decode()
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get("/skills/pytorch/").content.decode()
    assert "17. März 2026" in german
    assert "2026年3月17日" in chinese


def test_notifications_are_written_in_the_recipients_language(
    world: dict[str, Any], alice: User, carol: User
) -> None:
    from community.services import proposal_reject

    alice.language = "de"
    alice.save()
    proposal_reject(proposal=world["proposal"], by=carol, reason="Zu eng.")
    note = Notification.objects.filter(user=alice).latest("pk")
    assert "Ihr" in note.message or "Ihre" in note.message, note.message
    assert "suggested" not in note.message


def test_api_errors_speak_the_callers_language(world: dict[str, Any]) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    body = client.get("/api/v1/skills/nope/").json()
    assert body["code"] == "not_found"
    assert body["detail"] != "Not found."
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get("/api/v1/me/").json()
    assert chinese["code"] == "not_authenticated"
    assert not re.search(r"[A-Za-z]{4,}", chinese["detail"]), chinese["detail"]


def test_a_language_chosen_on_the_profile_follows_the_person(
    world: dict[str, Any], alice: User
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(alice)
    data = {"first_name": "", "last_name": "", "email": "alice@example.com", "role": "",
            "career_level": "", "language": "de"}  # fmt: skip
    saved = client.post("/accounts/profile/", data)
    assert saved.cookies["django_language"].value == "de"
    assert client.get("/skills/pytorch/")["Content-Language"] == "de"
    # another browser, no cookie yet: her choice still applies once she signs in
    laptop = Client(HTTP_ACCEPT_LANGUAGE="en")
    laptop.force_login(alice)
    first = laptop.get("/me/assessments/")
    assert first["Content-Language"] == "de"
    assert first.cookies["django_language"].value == "de"
    # back to "my browser's language": the cookie goes, English comes back
    cleared = client.post("/accounts/profile/", {**data, "language": ""})
    assert cleared.cookies["django_language"].value == ""
    client.cookies.pop("django_language", None)
    assert client.get("/skills/pytorch/")["Content-Language"] == "en"


def test_chart_geometry_is_never_localized(world: dict[str, Any], alice: User, bob: User) -> None:
    """German writes 84,0 for 84.0; an SVG coordinate written that way breaks
    the chart (the browser reads numbers the one way)."""
    for person, url in ((alice, "/me/progress/"), (bob, "/teams/ml/")):
        client = Client(HTTP_ACCEPT_LANGUAGE="de")
        client.force_login(person)
        html = client.get(url).content.decode()
        assert "<svg" in html, url
        coordinates = re.findall(r'\b(?:cx|cy|x|y|x1|x2|y1|y2|viewBox)="([^"]*)"', html)
        assert coordinates, url
        assert [c for c in coordinates if re.search(r"\d,\d", c)] == [], url
