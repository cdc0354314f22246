"""In Chromium: carol uploads a file that changes PyTorch on the app's import
page, reads the preview (nothing written yet), confirms, and sees the
result with a link to the skill, which shows the new text. Once as YAML,
once as an XLSX workbook (the spreadsheet parser comes with the sheets
branch: that test passes once it is merged)."""

from __future__ import annotations

import io
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command

from accounts.models import User
from skills.models import Criterion, Skill
from tests.browser.conftest import screenshot, sign_in
from tests.factories import skill_doc, write_matrix

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REWORDED = "Profiles a training step and names the slowest operator."


@pytest.fixture
def pytorch(tmp_path: Path) -> None:
    call_command("import_matrix", str(write_matrix(tmp_path / "matrix")), stdout=StringIO())


def changed_yaml() -> bytes:
    doc = skill_doc()
    doc["roles"]["ml-engineer"]["levels"][3]["criteria"][0]["text"] = REWORDED
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True).encode()


def changed_workbook() -> bytes:
    """The Criteria sheet (docs/fixtures.md, "Spreadsheets") for one cell of
    PyTorch, its first criterion reworded; the skill's other cells are not
    in the sheet and are kept."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Criteria"
    sheet.append(
        [
            "skill", "role", "level", "required", "cell summary", "criterion key",
            "criterion text", "topics", "links", "last reviewed",
        ]
    )  # fmt: skip
    cell = ["pytorch", "ml-engineer", 3, True, "ml-engineer at level 3."]
    link = "Docs | https://pytorch.org/docs/stable/"
    sheet.append([*cell, "first", REWORDED, "tensors", link, None])
    sheet.append([*cell, "second", "ml-engineer L3 second ability.", "tensors", link, None])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def import_in_the_app(page: Any, base: str, name: str, data: bytes, mime: str, shot: str) -> None:
    page.goto(f"{base}/")
    page.get_by_role("link", name="Import skills from files").click()
    page.wait_for_url("**/import/")
    page.get_by_label("Files", exact=True).set_input_files(
        [{"name": name, "mimeType": mime, "buffer": data}]
    )
    screenshot(page, f"{shot}-upload")
    page.get_by_role("button", name="Upload and preview").click()

    page.get_by_role("heading", name="Preview of the import").wait_for()
    assert "Nothing has been written yet." in page.locator("main").inner_text()
    section = page.locator('section[data-skill="pytorch"]')
    assert "version 1 → 2" in section.inner_text()
    assert "0 created, 1 updated" in section.inner_text()
    screenshot(page, f"{shot}-preview")
    # The preview wrote nothing.
    assert Skill.objects.get(slug="pytorch").version == 1
    assert not Criterion.objects.filter(text=REWORDED).exists()

    page.get_by_role("button", name="Confirm and import").click()
    page.get_by_role("heading", name="Imported").wait_for()
    assert "Imported. This is what changed." in page.locator(".messages").inner_text()
    screenshot(page, f"{shot}-result")
    assert Skill.objects.get(slug="pytorch").version == 2

    page.locator('section[data-skill="pytorch"]').get_by_role("link", name="Pytorch").click()
    page.wait_for_url("**/skills/pytorch/")
    row = page.locator("#level-3 table.matrix tbody tr", has_text="Ml Engineer").first
    row.locator("summary").click()
    assert REWORDED in row.locator("ol.criteria").inner_text()


def test_carol_imports_a_yaml_file_in_the_app(
    live_server: Any, page: Any, pytorch: None, carol: User
) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, "carol")
    import_in_the_app(
        page, live_server.url, "pytorch.yaml", changed_yaml(), "application/yaml", "import-yaml"
    )
    assert errors == []


def test_carol_imports_a_spreadsheet_in_the_app(
    live_server: Any, page: Any, pytorch: None, carol: User
) -> None:
    """Passes once the sheets branch (skills/spreadsheet.py) is merged."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, "carol")
    import_in_the_app(
        page,
        live_server.url,
        "pytorch.xlsx",
        changed_workbook(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "import-xlsx",
    )
    assert errors == []


def test_a_bad_file_is_refused_on_the_page_and_nothing_is_written(
    live_server: Any, page: Any, pytorch: None, carol: User
) -> None:
    sign_in(page, live_server.url, "carol")
    page.goto(f"{live_server.url}/import/")
    broken = b"kind: skill\nslug: pytorch\nname: [unclosed\nsummary: x\n"
    page.get_by_label("Files", exact=True).set_input_files(
        [{"name": "pytorch.yaml", "mimeType": "application/yaml", "buffer": broken}]
    )
    page.get_by_role("button", name="Upload and preview").click()
    problems = page.locator(".import-problems")
    problems.wait_for()
    assert "pytorch.yaml:4" in problems.inner_text()
    screenshot(page, "import-error")
    assert Skill.objects.get(slug="pytorch").version == 1


def test_on_a_phone_the_preview_table_keeps_its_column_labels(
    live_server: Any, page: Any, pytorch: None, carol: User
) -> None:
    sign_in(page, live_server.url, "carol")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/import/")
    page.get_by_label("Files", exact=True).set_input_files(
        [{"name": "pytorch.yaml", "mimeType": "application/yaml", "buffer": changed_yaml()}]
    )
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("heading", name="Preview of the import").wait_for()
    table = page.locator('section[data-skill="pytorch"] table')
    assert table.locator("thead th", has_text="Updated").is_visible()
    screenshot(page, "import-preview-phone")
    # Someone edits the skill meanwhile: confirming shows only the refusal.
    skill = Skill.objects.get(slug="pytorch")
    Skill.objects.filter(pk=skill.pk).update(version=skill.version + 1)
    page.get_by_role("button", name="Confirm and import").click()
    page.get_by_role("heading", name="Not imported").wait_for()
    assert page.get_by_role("button", name="Confirm and import").count() == 0
    assert page.get_by_role("button", name="Show a fresh preview").is_visible()
    screenshot(page, "import-stale-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "import-stale")


def test_a_spreadsheet_error_names_the_cell_and_carol_can_download_the_skill(
    live_server: Any, page: Any, pytorch: None, carol: User
) -> None:
    sign_in(page, live_server.url, "carol")
    page.goto(f"{live_server.url}/skills/pytorch/")
    assert page.get_by_role("link", name="XLSX").is_visible()
    screenshot(page, "skill-export-links")
    page.goto(f"{live_server.url}/import/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download XLSX").click()
    assert download.value.suggested_filename == "pytorch.xlsx"
    screenshot(page, "import-export")
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    workbook["Criteria"]["D3"] = "yes please"
    out = io.BytesIO()
    workbook.save(out)
    page.get_by_label("Files", exact=True).set_input_files(
        [{"name": "pytorch.xlsx", "mimeType": "application/octet-stream", "buffer": out.getvalue()}]
    )
    page.get_by_role("button", name="Upload and preview").click()
    problems = page.locator(".import-problems")
    problems.wait_for()
    assert 'pytorch.xlsx: Criteria!D3: expected true or false, got "yes please"' in (
        problems.inner_text()
    )
    screenshot(page, "import-spreadsheet-error")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "import-spreadsheet-error-phone")
