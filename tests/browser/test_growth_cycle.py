"""In Chromium, the whole growth round: carol opens "PyTorch Q1" for ML
Platform; a real worker process (started here, on the same database) sends
alice her reminder, in the app and by email; alice submits and makes a plan of
two items; bob sees the completion, reviews her, and resolves the calibration
item their two-step disagreement raised; carol closes the cycle and its summary
shows the outcome; alice's result shows it too, and her next draft shows her
open plan items beside their criteria."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import Notification, User
from cycles.models import Cycle
from plans.models import PlanItem
from tests.browser.conftest import assert_fits, screenshot, sign_in
from tests.conftest import make_user
from tests.factories import make_expectation, make_levels, make_role, make_skill, make_team
from worker.models import Heartbeat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def database_url() -> str:
    """The test database, as DATABASE_URL spells it, for another process."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(live_server: Any, database_queue: None, tmp_path: Path) -> Iterator[Path]:
    """`manage.py run_worker` as production runs it, on the test database; the
    pages the test drives enqueue into the same task table. Yields its log,
    where the development mailer prints every email it sends."""
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DEBUG": "true",  # the readable console mailer
        "LOG_FORMAT": "plain",
        "SITE_URL": live_server.url,
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--worker-id", "browser"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(lambda: Heartbeat.objects.filter(worker_id="browser").exists(), "the worker")
        yield log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def world(alice: User, bob: User, carol: User) -> None:
    skill = make_skill("pytorch", "PyTorch")
    role = make_role("ml-engineer", "ML Engineer")
    for level in make_levels():
        make_expectation(skill, role, level, criteria=2)
    User.objects.filter(pk=alice.pk).update(role=role)
    make_team("ml-platform", managers=[bob], members=[alice, make_user("dan")])


def new_page(browser: Any) -> Any:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    return page


def rate(page: Any, criterion: str, value: str) -> None:
    page.locator("fieldset.criterion", has_text=criterion).get_by_label(value, exact=True).check()


def test_a_growth_round_from_opening_to_the_next_draft(
    live_server: Any, browser: Any, world: None, worker: Path
) -> None:
    today = timezone.localdate()
    url = live_server.url

    # carol opens the cycle for ML Platform.
    page = new_page(browser)
    sign_in(page, url, "carol")
    page.get_by_role("link", name="Cycles").click()
    page.get_by_role("link", name="Open a cycle").click()
    page.get_by_label("Name").fill("PyTorch Q1")
    page.get_by_label("Skill").select_option(label="PyTorch")
    page.get_by_label("Ml Platform").check()
    page.get_by_label("Self-assessments due").fill((today + dt.timedelta(days=12)).isoformat())
    page.get_by_label("Reviews due").fill((today + dt.timedelta(days=26)).isoformat())
    page.get_by_role("button", name="Open cycle").click()
    assert "Cycle PyTorch Q1 saved." in page.locator(".messages").inner_text()
    screenshot(page, "round-1-cycle-opened")
    page.context.close()
    cycle = Cycle.objects.get(name="PyTorch Q1")

    # The worker, a process of its own, tells alice: in the app, and by email.
    wait_for(
        lambda: Notification.objects.filter(
            user__username="alice", message__contains="PyTorch Q1"
        ).exists(),
        "alice's in-app reminder",
    )
    wait_for(lambda: "To: alice@example.com" in worker.read_text(), "alice's reminder email")
    email = worker.read_text().split("To: alice@example.com", 1)[1]
    assert "PyTorch Q1" in email.split("\n\n", 1)[0]  # in the subject
    assert f"{url}/" in email  # with a link back to the site

    # alice starts from the cycle panel, rates, submits, and plans.
    page = new_page(browser)
    sign_in(page, url, "alice")
    panel = page.locator("section.panel--cycles")
    assert "PyTorch Q1 — your self-assessment is due in 12 days." in panel.inner_text()
    screenshot(page, "round-2-alice-assessments")
    panel.get_by_role("button", name="Start my self-assessment").click()
    page.wait_for_url("**/assessments/*/")
    rate(page, "ML Engineer L1 #1", "Exceeds")
    rate(page, "ML Engineer L1 #2", "Meets")
    rate(page, "ML Engineer L2 #1", "Learning")
    rate(page, "ML Engineer L2 #2", "Learning")
    page.get_by_role("button", name="Submit assessment").click()
    page.wait_for_url("**/result/")
    result_url = page.url
    for action in ("Pair with Dan on the trainer", "Take the profiling course"):
        page.get_by_role("link", name="Add to my plan").first.click()
        page.get_by_label("What I will do").fill(action)
        page.get_by_role("button", name="Add to my plan").click()
        assert "Added to your plan." in page.locator(".messages").inner_text()
    screenshot(page, "round-3-alice-result-with-plan")
    page.goto(f"{url}/me/plan/")
    assert "0 of 2 done" in page.locator("main").inner_text()
    screenshot(page, "round-4-alice-plan")
    assert PlanItem.objects.filter(engineer__username="alice", status="open").count() == 2

    # bob sees who has submitted, reviews alice, and calibrates.
    bob = new_page(browser)
    sign_in(bob, url, "bob")
    bob.goto(f"{url}/cycles/{cycle.pk}/teams/ml-platform/")
    counts = bob.locator(".completion-counts").inner_text()
    assert "Not started: 1" in counts
    assert "Submitted: 1" in counts
    assert_fits(bob)
    screenshot(bob, "round-5-bob-completion")
    bob.get_by_role("link", name="Review alice").click()
    bob.wait_for_url("**/review/**")
    first = bob.locator("table.review-table tbody tr").first
    first.get_by_label("Manager rating for", exact=False).select_option(label="Learning")
    bob.get_by_role("button", name="Save and share with alice").click()
    assert "Review shared with alice" in bob.locator(".messages").inner_text()
    bob.goto(f"{url}/teams/ml-platform/calibration/")
    bob.get_by_label("Outcome").select_option(label="Resolved")
    bob.get_by_label("Note for the engineer").fill("Agreed on Meets after the design review.")
    bob.get_by_role("button", name="Save outcome").click()
    assert "Agreed on Meets after the design review." in bob.locator("main").inner_text()
    screenshot(bob, "round-6-bob-calibration")
    bob.context.close()

    # carol closes the cycle; its summary is frozen and shown.
    carol = new_page(browser)
    sign_in(carol, url, "carol")
    carol.goto(f"{url}/cycles/{cycle.pk}/")
    carol.get_by_role("link", name="Close now…").click()
    carol.get_by_role("button", name="Close the cycle now").click()
    summary = carol.locator("section[aria-labelledby=summary-title]").inner_text()
    assert "1 of 2 people submitted a self-assessment in the cycle." in summary
    assert "1 disagreement between self and manager (1 resolved)." in summary
    screenshot(carol, "round-7-cycle-summary")
    carol.context.close()

    # alice sees the outcome on her result, and her plan in her next draft.
    page.goto(result_url)
    assert "Agreed on Meets after the design review." in page.locator("main").inner_text()
    screenshot(page, "round-8-alice-result-calibrated")
    page.get_by_role("button", name="Start a new assessment").click()
    page.wait_for_url("**/assessments/*/")
    markers = page.locator(".plan-marker")
    assert markers.count() == 2
    assert "Pair with Dan on the trainer" in markers.first.inner_text()
    assert_fits(page)
    screenshot(page, "round-9-alice-next-draft")
