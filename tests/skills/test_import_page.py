"""Importing in the app: carol uploads files, reads a preview of what would
change (nothing written), confirms (exactly what the command line writes)
or cancels; a stale preview is refused; bad uploads change nothing; nobody
else can do any of it."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import logging
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import time_machine
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Notification, User
from community.models import Follow
from levels.models import Level
from roles.models import Role
from skills.export import export_yaml, levels_document, roles_document, skill_document
from skills.imports import pending_imports_expire
from skills.models import (
    Criterion,
    Expectation,
    LearningLink,
    PendingImport,
    PendingImportFile,
    Skill,
    SkillLevel,
)
from skills.services import matrix_import, skill_bump_version
from skills.sources import parse_upload
from skills.spreadsheet import export_csv, export_xlsx
from tests.conftest import make_user
from tests.factories import levels_doc, roles_doc, skill_doc, write_matrix
from tests.skills.test_import_errors import run_import

pytestmark = pytest.mark.django_db


def as_yaml(document: Any) -> bytes:
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True).encode()


def changed_pytorch() -> dict[str, Any]:
    """The shipped-shaped PyTorch with one criterion reworded, one criterion
    added, and one cell (data-scientist at level 1) left out of the file."""
    doc = skill_doc()
    cells = doc["roles"]
    cells["ml-engineer"]["levels"][3]["criteria"][0]["text"] = "Reworded ability."
    cells["ml-engineer"]["levels"][4]["criteria"].append({"key": "third", "text": "A new one."})
    del cells["data-scientist"]["levels"][1]
    return doc


def upload(client: Client, *files: tuple[str, bytes], prune: bool = False) -> Any:
    payload: dict[str, Any] = {"uploads": [SimpleUploadedFile(n, data) for n, data in files]}
    if prune:
        payload["prune"] = "on"
    return client.post("/import/", payload)


def text_of(response: Any) -> str:
    from tests.html import visible_text

    return visible_text(response.content.decode())


@pytest.fixture
def matrix(tmp_path: Path) -> Path:
    """PyTorch (2 roles by 5 levels, 2 criteria a cell) imported from the command line."""
    folder = write_matrix(tmp_path / "files")
    call_command("import_matrix", str(folder), stdout=StringIO())
    return folder


@pytest.fixture
def carol_client(client: Client, carol: User) -> Client:
    client.force_login(carol)
    return client


def world() -> dict[str, Any]:
    """Everything an import could write, and everything it could set off."""
    return {
        "rows": [
            m.objects.count()
            for m in (Level, Role, Skill, SkillLevel, Expectation, Criterion, LearningLink)
        ],
        "history": [
            m.history.count() for m in (Skill, SkillLevel, Expectation, Criterion, LearningLink)
        ],
        "versions": dict(Skill.objects.values_list("slug", "version")),
        "texts": sorted(Criterion.objects.values_list("text", flat=True)),
        "notifications": Notification.objects.count(),
        "tasks": DBTaskResult.objects.count(),
    }


def content() -> dict[str, str]:
    """The matrix as the export writes it (what a reader of the app sees)."""
    return {
        "levels": export_yaml(levels_document()),
        "roles": export_yaml(roles_document()),
        **{s.slug: export_yaml(skill_document(s)) for s in Skill.objects.order_by("slug")},
    }


# -- the preview ---------------------------------------------------------------------


def test_carol_sees_per_skill_counts_and_the_version_bump_and_nothing_is_written(
    matrix: Path, carol_client: Client, alice: User, database_queue: None
) -> None:
    Follow.objects.create(user=alice, skill=Skill.objects.get(slug="pytorch"))
    new_skill = skill_doc("jax", roles=("ml-engineer",))
    before = world()

    response = upload(
        carol_client, ("pytorch.yaml", as_yaml(changed_pytorch())), ("jax.yaml", as_yaml(new_skill))
    )

    assert response.status_code == 302
    preview = carol_client.get(response["Location"])
    assert preview.status_code == 200
    text = text_of(preview)
    assert "Nothing has been written yet." in text
    assert "pytorch.yaml" in text
    assert "jax.yaml" in text
    pytorch = text_of_section(preview, "pytorch")
    assert "version 1 → 2" in pytorch
    # 1 criterion reworded + 1 added; the cell left out is kept with its 2 criteria and link
    assert "1 created, 1 updated" in pytorch
    assert "1 kept" in pytorch
    assert "pytorch: data-scientist at level 1 (with its 2 criteria and 1 links)" in pytorch
    jax = text_of_section(preview, "jax")
    assert "new version 1" in jax
    # 1 skill, 5 level descriptions, 5 cells, 10 criteria, 5 links
    assert "26 created, 0 updated, 0 unchanged" in jax
    assert world() == before


def text_of_section(response: Any, slug: str) -> str:
    from tests.html import visible_text

    html = response.content.decode()
    start = html.index(f'data-skill="{slug}"')
    end = html.find("</section>", start)
    return visible_text(html[start:end])


def test_the_preview_names_what_would_change_and_what_would_be_added(
    matrix: Path, carol_client: Client
) -> None:
    response = upload(carol_client, ("pytorch.yaml", as_yaml(changed_pytorch())))
    pytorch = text_of_section(carol_client.get(response["Location"]), "pytorch")
    assert 'Will change (1) pytorch: ml-engineer at level 3: criterion "first" (text)' in pytorch
    assert 'Will be added (1) pytorch: ml-engineer at level 4: criterion "third"' in pytorch
    assert 'criterion "second"' not in pytorch  # unchanged items are only counted


def test_with_prune_the_preview_lists_what_would_be_removed(
    matrix: Path, carol_client: Client
) -> None:
    before = world()
    response = upload(carol_client, ("pytorch.yaml", as_yaml(changed_pytorch())), prune=True)
    pytorch = text_of_section(carol_client.get(response["Location"]), "pytorch")
    assert "Will be removed" in pytorch
    assert "pytorch: data-scientist at level 1 (with its 2 criteria and 1 links)" in pytorch
    assert "4 removed" in pytorch  # the cell, its 2 criteria and its link
    assert world() == before


def test_every_updated_item_is_listed_a_renumbered_criterion_as_moved(
    matrix: Path, carol_client: Client
) -> None:
    doc = skill_doc()
    del doc["roles"]["ml-engineer"]["levels"][3]["criteria"][0]  # "second" moves up
    response = upload(carol_client, ("pytorch.yaml", as_yaml(doc)), prune=True)
    pytorch = text_of_section(carol_client.get(response["Location"]), "pytorch")
    assert "0 created, 1 updated" in pytorch
    assert "Will change (1)" in pytorch
    assert 'ml-engineer at level 3: criterion "second" (moved)' in pytorch


def test_removing_a_criterion_rated_in_a_snapshot_warns_that_the_snapshot_keeps_its_copy(
    matrix: Path, carol_client: Client, alice: User
) -> None:
    from assessments.services import (
        RatingInput,
        assessment_rate,
        assessment_start,
        assessment_submit,
    )

    skill = Skill.objects.get(slug="pytorch")
    draft = assessment_start(engineer=alice, skill=skill, role=Role.objects.get(slug="ml-engineer"))
    first = Criterion.objects.get(
        expectation__skill=skill,
        expectation__role__slug="ml-engineer",
        expectation__level__number=3,
        key="first",
    )
    assessment_rate(assessment=draft, ratings={first: RatingInput(value=3)}, by=alice)
    assessment_submit(assessment=draft, by=alice)
    doc = skill_doc()
    del doc["roles"]["ml-engineer"]["levels"][3]["criteria"][0]
    response = upload(carol_client, ("pytorch.yaml", as_yaml(doc)), prune=True)
    pytorch = text_of_section(carol_client.get(response["Location"]), "pytorch")
    assert (
        'ml-engineer at level 3: criterion "first" (rated in 1 assessment snapshot, which keeps '
        "its own frozen copy)"
    ) in pytorch


def test_a_levels_file_one_level_short_names_the_level_it_keeps(
    matrix: Path, carol_client: Client
) -> None:
    top = Level.objects.order_by("number").last()
    assert top is not None
    short = levels_doc(Level.objects.count() - 1)
    response = upload(carol_client, ("levels.yaml", as_yaml(short)))
    text = text_of(carol_client.get(response["Location"]))
    assert "1 kept" in text
    assert f"Kept: in the app but not in the files level {top.number} ({top.career_name})" in text
    assert "The files hold no skills." in text
    assert "Content of these skills" not in text


def test_a_level_rename_shows_in_the_levels_and_bumps_every_skill(
    matrix: Path, carol_client: Client
) -> None:
    levels = levels_doc()
    levels["levels"][0]["career_name"] = "Apprentice"
    response = upload(carol_client, ("levels.yaml", as_yaml(levels)))
    text = text_of(carol_client.get(response["Location"]))
    assert "Levels" in text
    assert "these skills' versions go up too: pytorch (1 → 2)" in text


# -- confirm -----------------------------------------------------------------------------


def test_confirming_writes_exactly_what_the_command_line_writes(
    matrix: Path, carol_client: Client, tmp_path: Path
) -> None:
    files = {"pytorch.yaml": as_yaml(changed_pytorch()), "roles.yaml": as_yaml(roles_doc())}
    folder = tmp_path / "cli"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with transaction.atomic():
        call_command("import_matrix", str(folder), "--prune", stdout=StringIO())
        by_cli = (content(), world())
        transaction.set_rollback(True)
    assert (content(), world()) != by_cli

    response = upload(carol_client, *files.items(), prune=True)
    confirmed = carol_client.post(response["Location"] + "confirm/")

    assert confirmed.status_code == 302
    assert (content(), world()) == by_cli
    result = carol_client.get(confirmed["Location"])
    assert "Imported. This is what changed." in text_of(result)
    assert 'href="/skills/pytorch/"' in result.content.decode()
    assert "version 1 → 2" in text_of_section(result, "pytorch")
    # The files were needed only until the confirmation.
    assert not PendingImportFile.objects.exists()


def test_followers_hear_of_a_confirmed_import_once(
    matrix: Path, carol_client: Client, alice: User, django_capture_on_commit_callbacks: Any
) -> None:
    Follow.objects.create(user=alice, skill=Skill.objects.get(slug="pytorch"))
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(carol_client, ("pytorch.yaml", as_yaml(changed_pytorch())))
    assert not Notification.objects.filter(user=alice).exists()
    with django_capture_on_commit_callbacks(execute=True):
        carol_client.post(response["Location"] + "confirm/")
    assert Notification.objects.filter(user=alice).count() == 1


def test_confirming_files_that_change_nothing_says_so_and_claims_nobody_was_told(
    matrix: Path, carol_client: Client, bob: User
) -> None:
    Follow.objects.create(user=bob, skill=Skill.objects.get(slug="pytorch"))
    response = upload(carol_client, ("pytorch.yaml", as_yaml(skill_doc())))
    before = world()
    result = carol_client.post(response["Location"] + "confirm/", follow=True)
    text = text_of(result)
    assert "Nothing changed" in text
    assert "Imported. This is what changed." not in text
    assert "have been told" not in text
    assert world() == before


def test_a_second_confirmation_imports_nothing_more(matrix: Path, carol_client: Client) -> None:
    response = upload(carol_client, ("pytorch.yaml", as_yaml(changed_pytorch())))
    carol_client.post(response["Location"] + "confirm/")
    after_first = world()

    again = carol_client.post(response["Location"] + "confirm/", follow=True)

    assert "This import was confirmed already." in text_of(again)
    assert world() == after_first
    assert Skill.objects.get(slug="pytorch").version == 2


# -- stale previews -----------------------------------------------------------------------


def test_a_preview_is_refused_once_someone_edited_the_skill(
    matrix: Path, carol_client: Client
) -> None:
    response = upload(carol_client, ("pytorch.yaml", as_yaml(changed_pytorch())))
    skill = Skill.objects.get(slug="pytorch")
    Criterion.objects.filter(expectation__skill=skill, key="second").update(text="Edited by bob.")
    skill_bump_version(skill=skill)
    before = world()

    refused = carol_client.post(response["Location"] + "confirm/", follow=True)

    # Redirected after the POST: reloading the refusal confirms nothing.
    assert refused.redirect_chain == [(response["Location"], 302)]
    text = text_of(refused)
    assert "The matrix changed since this preview, so nothing was imported" in text
    assert "skill “pytorch” is at version 2, the preview saw 1" in text
    # Only the refusal: no preview that looks live, nothing to confirm.
    assert "Nothing has been written yet" not in text
    assert "This is what confirming would change" not in text
    assert "version 1 → 2" not in text
    assert "Confirm and import" not in text
    assert "Show a fresh preview" in text
    assert "Cancel" in text
    assert world() == before
    assert PendingImport.objects.filter(confirmed_at=None).count() == 1

    # A fresh preview of the same files, without uploading them again, can be confirmed.
    fresh = carol_client.post(response["Location"] + "refresh/", follow=True)
    assert "version 2 → 3" in text_of_section(fresh, "pytorch")
    assert carol_client.post(response["Location"] + "confirm/").status_code == 302
    assert Skill.objects.get(slug="pytorch").version == 3


def test_a_preview_is_refused_once_another_import_landed(
    matrix: Path, carol_client: Client, tmp_path: Path
) -> None:
    response = upload(carol_client, ("pytorch.yaml", as_yaml(changed_pytorch())))
    (tmp_path / "other.yaml").write_bytes(as_yaml(changed_pytorch()))
    call_command("import_matrix", str(tmp_path / "other.yaml"), stdout=StringIO())
    before = world()

    refused = carol_client.post(response["Location"] + "confirm/", follow=True)

    assert refused.redirect_chain == [(response["Location"], 302)]
    assert "is at version 2, the preview saw 1" in text_of(refused)
    assert "Confirm and import" not in text_of(refused)
    assert world() == before


def test_a_preview_is_refused_once_a_role_was_renamed(matrix: Path, carol_client: Client) -> None:
    response = upload(carol_client, ("pytorch.yaml", as_yaml(changed_pytorch())))
    Role.objects.filter(slug="ml-engineer").update(name="Machine Learning Engineer")
    refused = carol_client.post(response["Location"] + "confirm/", follow=True)
    assert "the roles were edited" in text_of(refused)
    assert "Confirm and import" not in text_of(refused)
    assert Skill.objects.get(slug="pytorch").version == 1


def test_a_preview_opened_after_someone_edited_the_skill_offers_no_confirmation(
    matrix: Path, carol_client: Client
) -> None:
    response = upload(carol_client, ("pytorch.yaml", as_yaml(changed_pytorch())))
    skill_bump_version(skill=Skill.objects.get(slug="pytorch"))
    text = text_of(carol_client.get(response["Location"]))
    assert "skill “pytorch” is at version 2, the preview saw 1" in text
    assert "Confirm and import" not in text
    assert "Show a fresh preview" in text


# -- cancel and expiry ---------------------------------------------------------------------


def test_cancelling_deletes_the_upload_and_writes_nothing(
    matrix: Path, carol_client: Client
) -> None:
    before = world()
    response = upload(carol_client, ("pytorch.yaml", as_yaml(changed_pytorch())))
    cancelled = carol_client.post(response["Location"] + "cancel/", follow=True)
    assert "Import cancelled; nothing was written." in text_of(cancelled)
    assert not PendingImport.objects.exists()
    assert carol_client.get(response["Location"]).status_code == 404
    assert carol_client.post(response["Location"] + "confirm/").status_code == 404
    assert world() == before


def test_an_upload_left_alone_expires(matrix: Path, carol_client: Client, settings: Any) -> None:
    response = upload(carol_client, ("pytorch.yaml", as_yaml(changed_pytorch())))
    later = timezone.now() + dt.timedelta(hours=settings.MATRIX_PENDING_IMPORT_HOURS, minutes=1)
    with time_machine.travel(later, tick=False):
        assert carol_client.get(response["Location"]).status_code == 404
        assert carol_client.post(response["Location"] + "confirm/").status_code == 404
        assert pending_imports_expire() == 2  # the import and its one file
    assert not PendingImport.objects.exists()
    assert Skill.objects.get(slug="pytorch").version == 1


def test_a_fresh_upload_is_not_expired(matrix: Path, carol_client: Client) -> None:
    upload(carol_client, ("pytorch.yaml", as_yaml(changed_pytorch())))
    assert pending_imports_expire() == 0
    assert PendingImport.objects.count() == 1


# -- bad uploads ------------------------------------------------------------------------------


def yaml_with_syntax_error() -> bytes:
    return b"kind: skill\nslug: pytorch\nname: [unclosed\nsummary: x\n"


BAD_UPLOADS = [
    pytest.param("notes.txt", b"hello", "notes.txt: unsupported file type .txt", id="wrong-type"),
    pytest.param(
        "matrix.xlsm", b"PK\x03\x04rest", "matrix.xlsm: a macro-enabled workbook", id="xlsm"
    ),
    pytest.param("matrix.xls", b"\xd0\xcf\x11\xe0", "the old Excel format (.xls)", id="xls"),
    pytest.param(
        "matrix.xlsx", b"kind: skill\n", "matrix.xlsx: not an XLSX workbook", id="xlsx-not-zip"
    ),
    pytest.param(
        "pytorch.yaml",
        "name: Caf\u00e9\n".encode("latin-1"),
        "pytorch.yaml: the file is not UTF-8 text (bad byte at offset 9)",
        id="not-utf8",
    ),
    pytest.param(
        "pytorch.csv", b"skill,role\n\xff\xfe", "pytorch.csv: the file is not UTF-8", id="csv-bytes"
    ),
    pytest.param(
        "pytorch.yaml",
        yaml_with_syntax_error(),
        "pytorch.yaml:4: YAML syntax error",
        id="yaml-error",
    ),
    pytest.param(
        "pytorch.yaml",
        b"kind: skill\nslug: pytorch\n",
        'pytorch.yaml:1: missing field "name"',
        id="invalid-skill",
    ),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_UPLOADS)
def test_a_bad_upload_is_refused_with_its_file_and_place(
    matrix: Path, carol_client: Client, name: str, data: bytes, message: str
) -> None:
    before = world()
    response = upload(carol_client, (name, data))
    assert response.status_code == 400
    assert message in text_of(response)
    assert world() == before
    assert not PendingImport.objects.exists()


def test_every_problem_of_every_file_is_listed(matrix: Path, carol_client: Client) -> None:
    response = upload(
        carol_client, ("a.txt", b"x"), ("b.yaml", b"\xff"), ("pytorch.yaml", as_yaml(skill_doc()))
    )
    assert response.status_code == 400
    text = text_of(response)
    assert "a.txt: unsupported file type" in text
    assert "b.yaml: the file is not UTF-8 text" in text


def pytorch_xlsx(**cells: Any) -> bytes:
    """PyTorch exported as XLSX, with some cells of its Criteria sheet set."""
    workbook = openpyxl.load_workbook(BytesIO(export_xlsx([Skill.objects.get(slug="pytorch")])))
    for ref, value in cells.items():
        workbook["Criteria"][ref] = value
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def pytorch_csv(**cells: str) -> bytes:
    rows = list(
        csv.reader(StringIO(export_csv([Skill.objects.get(slug="pytorch")]).decode("utf-8-sig")))
    )
    for ref, value in cells.items():
        rows[int(ref[1:]) - 1]["ABCDEFGHIJ".index(ref[0])] = value
    out = StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def merged(data: bytes, cells: str) -> bytes:
    workbook = openpyxl.load_workbook(BytesIO(data))
    workbook["Criteria"].merge_cells(cells)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "place"),
    [
        ("pytorch.xlsx", lambda: pytorch_xlsx(G3="=CONCAT(A1, B1)"), "pytorch.xlsx: Criteria!G3:"),
        ("pytorch.xlsx", lambda: merged(pytorch_xlsx(), "E2:E5"), "pytorch.xlsx: Criteria!E2:E5:"),
        ("pytorch.xlsx", lambda: pytorch_xlsx(D3="yes please"), "pytorch.xlsx: Criteria!D3:"),
        ("pytorch.csv", lambda: pytorch_csv(D6="yes please"), "pytorch.csv: D6:"),
        ("pytorch.csv", lambda: pytorch_csv(B2="astronaut", B3="astronaut"), "pytorch.csv: B2:C2:"),
    ],
    ids=["formula", "merged", "boolean", "csv-boolean", "csv-role"],
)
def test_a_spreadsheet_problem_reads_on_the_page_as_on_the_command_line(
    matrix: Path, carol_client: Client, tmp_path: Path, name: str, make: Any, place: str
) -> None:
    data = make()
    path = tmp_path / name
    path.write_bytes(data)
    printed = run_import(path).replace(f"{path}: ", f"{name}: ")
    lines = [line for line in printed.splitlines() if line.startswith(f"{name}: ")]
    assert lines
    response = upload(carol_client, (name, data))
    assert response.status_code == 400
    text = text_of(response)
    assert place in text
    for line in lines:
        assert line in text
    assert "roles." not in text  # never the YAML path of a spreadsheet cell


def test_a_file_over_the_limit_is_refused_by_its_size(
    matrix: Path, carol_client: Client, settings: Any
) -> None:
    settings.MATRIX_IMPORT_MAX_BYTES = 1000
    data = as_yaml(changed_pytorch())
    response = upload(carol_client, ("pytorch.yaml", data))
    assert response.status_code == 400
    assert (
        f"pytorch.yaml: the file is {filesizeformat(len(data))}; the limit is 1000 bytes.".replace(
            "\xa0", " "
        )
        in text_of(response)
    )
    assert not PendingImport.objects.exists()


def test_an_upload_over_the_request_limit_is_refused_unread(
    matrix: Path, carol_client: Client, settings: Any
) -> None:
    settings.MATRIX_UPLOAD_MAX_BYTES = 2000
    response = upload(carol_client, ("pytorch.yaml", as_yaml(changed_pytorch())))
    assert response.status_code == 400
    assert "the limit is 2.0 KB for all files together" in text_of(response)
    assert not PendingImport.objects.exists()


def test_too_many_files_are_refused(matrix: Path, carol_client: Client, settings: Any) -> None:
    settings.MATRIX_UPLOAD_MAX_FILES = 2
    response = upload(carol_client, *[(f"s{i}.yaml", b"kind: skill\n") for i in range(3)])
    assert response.status_code == 400
    assert "3 files were uploaded; the limit is 2 at once." in text_of(response)


def test_an_upload_without_files_is_refused(matrix: Path, carol_client: Client) -> None:
    response = carol_client.post("/import/", {})
    assert response.status_code == 400
    assert "Choose at least one file to import." in text_of(response)


def test_an_unknown_role_is_refused_before_anything_is_written(
    matrix: Path, carol_client: Client
) -> None:
    before = world()
    response = upload(carol_client, ("jax.yaml", as_yaml(skill_doc("jax", roles=("chemist",)))))
    assert response.status_code == 400
    assert 'unknown role "chemist"' in text_of(response)
    assert world() == before


def test_the_upload_still_needs_the_csrf_token(matrix: Path, carol: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(carol)
    response = upload(client, ("pytorch.yaml", as_yaml(changed_pytorch())))
    assert response.status_code == 403
    assert not PendingImport.objects.exists()


# -- who may --------------------------------------------------------------------------------


@pytest.fixture
def carols_import(matrix: Path, client: Client, carol: User) -> str:
    client.force_login(carol)
    url: str = upload(client, ("pytorch.yaml", as_yaml(changed_pytorch())))["Location"]
    client.logout()
    return url


STEPS = [
    ("get", ""),
    ("post", "confirm/"),
    ("post", "refresh/"),
    ("post", "cancel/"),
]


@pytest.mark.parametrize("who", ["alice", "bob", "mallory"])
def test_people_who_are_not_admins_get_a_403_at_every_step(
    carols_import: str, client: Client, who: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(who))
    before = world()
    assert client.get("/import/").status_code == 403
    assert upload(client, ("pytorch.yaml", as_yaml(changed_pytorch()))).status_code == 403
    for method, step in STEPS:
        assert getattr(client, method)(carols_import + step).status_code == 403, step
    assert world() == before
    assert PendingImport.objects.filter(confirmed_at=None).count() == 1


def test_mallory_gets_the_apps_403_page_saying_why_and_no_traceback_is_logged(
    matrix: Path, client: Client, mallory: User, caplog: pytest.LogCaptureFixture
) -> None:
    client.force_login(mallory)
    with caplog.at_level(logging.INFO):
        response = client.get("/import/")
    assert response.status_code == 403
    text = text_of(response)
    assert "Only admins can import or export the matrix." in text
    assert "Back to the skill catalogue" in text  # the app's page, not a bare 403
    assert 'href="/static/' in response.content.decode()  # styled
    assert not [record for record in caplog.records if record.exc_info]


def test_anonymous_people_are_sent_to_sign_in_at_every_step(
    carols_import: str, client: Client
) -> None:
    before = world()
    responses = [client.get("/import/"), upload(client, ("a.yaml", b"kind: skill\n"))]
    responses += [getattr(client, method)(carols_import + step) for method, step in STEPS]
    for response in responses:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert world() == before
    assert PendingImport.objects.count() == 1


def test_another_admin_cannot_see_confirm_or_cancel_carols_import(
    carols_import: str, client: Client
) -> None:
    client.force_login(make_user("dave", is_staff=True, is_superuser=True))
    before = world()
    assert client.get("/import/").status_code == 200
    for method, step in STEPS:
        assert getattr(client, method)(carols_import + step).status_code == 404, step
    assert world() == before
    assert PendingImport.objects.filter(confirmed_at=None).count() == 1


def test_staff_without_the_import_permission_get_a_403(client: Client) -> None:
    client.force_login(make_user("erin", is_staff=True))
    assert client.get("/import/").status_code == 403


def test_the_catalogue_links_the_import_for_admins_only(
    matrix: Path, client: Client, carol: User, alice: User
) -> None:
    client.force_login(alice)
    assert 'href="/import/"' not in client.get("/").content.decode()
    client.force_login(carol)
    assert 'href="/import/"' in client.get("/").content.decode()
    assert 'href="/import/"' in client.get("/admin/skills/skill/").content.decode()


# -- export -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["xlsx", "csv", "yaml"])
def test_carol_downloads_a_skill_that_imports_as_it_is(
    matrix: Path, carol_client: Client, kind: str
) -> None:
    response = carol_client.get("/import/export/", {"skill": "pytorch", "format": kind})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="pytorch.{kind}"'
    bundle = parse_upload([(f"pytorch.{kind}", response.content)], max_bytes=10_000_000)
    assert not matrix_import(bundle=bundle, dry_run=True).changed
    # And through the app's own import: the preview says nothing would change.
    preview = carol_client.get(
        upload(carol_client, (f"pytorch.{kind}", response.content))["Location"]
    )
    assert "confirming would change nothing" in text_of(preview)


def test_the_import_page_offers_every_skill_for_download(
    matrix: Path, carol_client: Client
) -> None:
    page = carol_client.get("/import/").content.decode()
    assert 'action="/import/export/"' in page
    assert '<option value="pytorch"' in page
    for kind in ("xlsx", "csv", "yaml"):
        assert f'name="format" value="{kind}"' in page


def test_an_unknown_skill_is_refused_by_name_on_the_import_page(
    matrix: Path, carol_client: Client
) -> None:
    response = carol_client.get("/import/export/", {"skill": "cobol", "format": "xlsx"})
    assert response.status_code == 400
    assert "Select a valid choice" in text_of(response)


@pytest.mark.parametrize("who", ["alice", "bob", "mallory"])
def test_people_who_are_not_admins_cannot_download(
    matrix: Path, client: Client, who: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get("/import/export/", {"skill": "pytorch", "format": "xlsx"}).status_code == 403
    assert "/import/export/" not in client.get("/skills/pytorch/").content.decode()


def test_anonymous_people_are_sent_to_sign_in_to_download(matrix: Path, client: Client) -> None:
    response = client.get("/import/export/", {"skill": "pytorch", "format": "csv"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "/import/export/" not in client.get("/skills/pytorch/").content.decode()


def test_the_skill_profile_links_the_downloads_for_admins(
    matrix: Path, carol_client: Client
) -> None:
    page = carol_client.get("/skills/pytorch/").content.decode()
    for kind in ("xlsx", "csv", "yaml"):
        assert f'href="/import/export/?skill=pytorch&amp;format={kind}"' in page


def test_the_import_page_costs_the_same_queries_with_more_skills(
    matrix: Path, carol_client: Client, tmp_path: Path
) -> None:
    with CaptureQueriesContext(connection) as few:
        assert carol_client.get("/import/").status_code == 200
    folder = write_matrix(tmp_path / "more")
    for slug in ("jax", "keras", "onnx"):
        write_yaml_skill(folder, slug)
    call_command("import_matrix", str(folder), stdout=StringIO())
    with CaptureQueriesContext(connection) as many:
        assert carol_client.get("/import/").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def write_yaml_skill(folder: Path, slug: str) -> None:
    (folder / "skills" / f"{slug}.yaml").write_bytes(as_yaml(skill_doc(slug)))


# -- queries ----------------------------------------------------------------------------------


def grow(doc: dict[str, Any], criteria: int) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    for role in doc["roles"].values():
        for cell in role["levels"].values():
            cell["criteria"] = [
                {"key": f"c{i}", "text": f"Ability {i} of {cell['summary']}"}
                for i in range(criteria)
            ]
    return doc


def preview_queries(client: Client, criteria: int) -> tuple[int, int, int]:
    """Queries of the dry run alone, of the upload (which runs it), and of
    the preview page, for PyTorch with ``criteria`` criteria in each cell."""
    data = as_yaml(grow(skill_doc(), criteria))
    bundle = parse_upload([("pytorch.yaml", data)], max_bytes=10_000_000)
    with CaptureQueriesContext(connection) as dry_ctx:
        matrix_import(bundle=bundle, dry_run=True)
    with CaptureQueriesContext(connection) as upload_ctx:
        response = upload(client, ("pytorch.yaml", data))
    assert response.status_code == 302
    with CaptureQueriesContext(connection) as page_ctx:
        assert client.get(response["Location"]).status_code == 200
    return (
        len(dry_ctx.captured_queries),
        len(upload_ctx.captured_queries),
        len(page_ctx.captured_queries),
    )


def test_the_preview_costs_no_query_per_criterion_beyond_the_dry_run(
    matrix: Path, carol_client: Client
) -> None:
    small = preview_queries(carol_client, 2)
    large = preview_queries(carol_client, 20)
    assert large[0] > small[0]  # the dry run itself writes (and rolls back) each criterion
    for dry_run, upload_queries, _page in (small, large):
        # session, user, expiry, 3 for the state, 2 to keep the upload, savepoints
        assert upload_queries - dry_run <= 12
    # The page reads the stored preview, and 3 queries check that the matrix
    # still is as the preview saw it: the same few queries at any size.
    assert small[2] == large[2] <= 9
