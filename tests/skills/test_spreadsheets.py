"""A skill as a spreadsheet: XLSX and CSV export, and import through the same
checks as YAML. A bad spreadsheet is refused with its file, sheet, row and
column named, and the database stays exactly as it was."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import ManagementUtility, call_command
from openpyxl.workbook.workbook import Workbook

from skills import spreadsheet
from skills.export import skill_document
from skills.matrix_yaml import MatrixError
from skills.models import Criterion, Skill
from skills.sources import parse_upload
from skills.spreadsheet import export_csv, export_xlsx, parse_csv, parse_xlsx
from tests.factories import levels_doc, roles_doc, write_yaml
from tests.skills.test_import_errors import assert_refused, database_state, run_import

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported")]

# The Criteria sheet's columns, as exported (docs/fixtures.md, "Spreadsheets").
SKILL_COLUMN, ROLE, LEVEL, REQUIRED, SUMMARY, KEY, TEXT, TOPICS, LINKS, REVIEWED = "ABCDEFGHIJ"


def pytorch() -> Skill:
    return Skill.objects.get(slug="pytorch")


def exported_xlsx(tmp_path: Path, name: str = "pytorch.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(export_xlsx([pytorch()]))
    return path


def exported_csv(tmp_path: Path, name: str = "pytorch.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(export_csv([pytorch()]))
    return path


def edited(path: Path, change: Callable[[Workbook], object]) -> Path:
    workbook = openpyxl.load_workbook(path)
    change(workbook)
    workbook.save(path)
    return path


def set_cells(path: Path, **cells: str | int | None) -> Path:
    def change(workbook: Workbook) -> None:
        for ref, value in cells.items():
            workbook["Criteria"][ref] = value

    return edited(path, change)


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8"))
    return path


def import_ok(*paths: Path, prune: bool = False) -> str:
    out = StringIO()
    call_command("import_matrix", *map(str, paths), *(["--prune"] if prune else []), stdout=out)
    return out.getvalue()


# -- the round trip ---------------------------------------------------------------


def test_an_exported_workbook_imports_back_unchanged(tmp_path: Path) -> None:
    before = database_state()
    report = import_ok(exported_xlsx(tmp_path))
    assert "0 created, 0 updated" in report
    assert "0 removed" in report
    assert database_state() == before


def test_an_exported_csv_file_imports_back_unchanged(tmp_path: Path) -> None:
    before = database_state()
    report = import_ok(exported_csv(tmp_path))
    assert "0 created, 0 updated" in report
    assert database_state() == before


def test_a_workbook_creates_the_same_skill_as_the_yaml(tmp_path: Path) -> None:
    from_yaml = skill_document(pytorch())
    path = exported_xlsx(tmp_path)
    pytorch().delete()
    report = import_ok(path)
    assert "skill pytorch: new, version 1" in report
    assert skill_document(pytorch()) == from_yaml


def test_the_workbook_has_a_skill_sheet_and_one_criteria_row_per_criterion(
    tmp_path: Path,
) -> None:
    workbook = openpyxl.load_workbook(exported_xlsx(tmp_path))
    assert workbook.sheetnames == ["Skill", "Criteria"]
    skill_rows = list(workbook["Skill"].values)
    assert skill_rows[0][:7] == (
        "skill", "name", "summary", "description", "domain", "group", "last reviewed"
    )  # fmt: skip
    assert skill_rows[1][:3] == ("pytorch", "Pytorch", "Deep learning with tensors.")
    criteria_rows = list(workbook["Criteria"].values)
    assert len(criteria_rows) - 1 == Criterion.objects.filter(expectation__skill=pytorch()).count()
    assert criteria_rows[1][:9] == (
        "pytorch", "data-scientist", 1, False, "data-scientist at level 1.", "first",
        "data-scientist L1 first ability.", "tensors", "Docs | https://pytorch.org/docs/stable/",
    )  # fmt: skip


def test_importing_a_workbook_twice_changes_nothing_the_second_time(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), **{f"{TEXT}2": "Reads tensors aloud."})
    first = import_ok(path)
    assert "skill pytorch: version 1 -> 2" in first
    assert "0 created, 1 updated" in first
    second = import_ok(path)
    assert "0 created, 0 updated" in second
    assert pytorch().version == 2


def test_a_csv_changes_a_criterion_and_keeps_what_it_cannot_carry(tmp_path: Path) -> None:
    skill = pytorch()
    watch = [{"term": "torch.jit", "successor": "torch.export"}]
    Skill.objects.filter(pk=skill.pk).update(watch_terms=watch)
    rows = csv_rows(exported_csv(tmp_path))
    rows[1][6] = "Reads tensors aloud."
    import_ok(write_csv(tmp_path / "pytorch.csv", rows))
    skill.refresh_from_db()
    assert skill.watch_terms == watch
    assert skill.level_descriptions.count() == 5
    assert Criterion.objects.get(
        expectation__skill=skill,
        expectation__role__slug="data-scientist",
        expectation__level__number=1,
        key="first",
    ).text == ("Reads tensors aloud.")


def test_a_dry_run_of_a_workbook_writes_nothing(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), **{f"{TEXT}2": "Reads tensors aloud."})
    before = database_state()
    out = StringIO()
    call_command("import_matrix", str(path), "--dry-run", stdout=out)
    assert "1 updated" in out.getvalue()
    assert database_state() == before


def test_prune_removes_the_cells_a_csv_leaves_out(tmp_path: Path) -> None:
    rows = csv_rows(exported_csv(tmp_path))
    kept = [rows[0], *(row for row in rows[1:] if row[1] != "data-scientist")]
    report = import_ok(write_csv(tmp_path / "pytorch.csv", kept), prune=True)
    assert "removed: pytorch: data-scientist at level 1" in report
    assert not pytorch().expectations.filter(role__slug="data-scientist").exists()


def test_a_workbook_in_a_folder_is_imported_with_the_yaml_beside_it(tmp_path: Path) -> None:
    folder = tmp_path / "matrix"
    write_yaml(folder / "levels.yaml", levels_doc())
    write_yaml(folder / "roles.yaml", roles_doc())
    exported_xlsx(folder)
    report = import_ok(folder)
    assert "0 created, 0 updated" in report


def test_cells_may_give_their_fields_once_for_all_their_rows(tmp_path: Path) -> None:
    # Row 3 is the second criterion of row 2's cell.
    path = set_cells(exported_xlsx(tmp_path), **{f"{SUMMARY}3": None, f"{REQUIRED}3": None})
    assert "0 created, 0 updated" in import_ok(path)


# -- text a spreadsheet would run ---------------------------------------------------


def test_text_that_looks_like_a_formula_is_written_as_text_and_reads_back(
    tmp_path: Path,
) -> None:
    criterion = Criterion.objects.filter(expectation__skill=pytorch()).order_by("pk").first()
    assert criterion is not None
    formula = '=HYPERLINK("http://x.test","go")'
    Criterion.objects.filter(pk=criterion.pk).update(text=formula)
    csv_path = exported_csv(tmp_path)
    assert '\'=HYPERLINK(""http://x.test"",""go"")' in csv_path.read_text("utf-8-sig")
    xlsx_path = exported_xlsx(tmp_path)
    sheet = openpyxl.load_workbook(xlsx_path)["Criteria"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == formula)
    assert cell.data_type == "s"
    assert "0 created, 0 updated" in import_ok(csv_path)
    assert "0 created, 0 updated" in import_ok(xlsx_path)


def test_a_text_starting_with_an_apostrophe_survives_the_csv_round_trip(tmp_path: Path) -> None:
    criterion = Criterion.objects.filter(expectation__skill=pytorch()).order_by("pk").first()
    assert criterion is not None
    Criterion.objects.filter(pk=criterion.pk).update(text="'=quoted' and more")
    assert "0 created, 0 updated" in import_ok(exported_csv(tmp_path))


# -- bad spreadsheets: named and refused, nothing written ------------------------------


def test_a_wrong_boolean_names_the_sheet_row_and_column(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), D2="yes please", D3="yes please")
    message = assert_refused(path, f'{path}: Criteria!D2: expected true or false, got "yes please"')
    assert pytorch().version == 1
    assert message.count("\n") == 1


def test_a_wrong_boolean_below_a_good_one_is_named_by_its_own_cell_once(tmp_path: Path) -> None:
    # D2 says true; D3, the same cell's second row, says "yes please".
    path = set_cells(exported_xlsx(tmp_path), D3="yes please")
    message = assert_refused(path, f'{path}: Criteria!D3: expected true or false, got "yes please"')
    assert "differs" not in message
    assert message.count("expected true or false") == 1


def test_a_wrong_boolean_above_good_ones_in_csv_is_named_once_and_not_compared(
    tmp_path: Path,
) -> None:
    rows = csv_rows(exported_csv(tmp_path))
    rows[1][3] = "yes please"  # D2, the first row of a cell whose D3 says true
    path = write_csv(tmp_path / "pytorch.csv", rows)
    message = assert_refused(path, f'{path}: D2: expected true or false, got "yes please"')
    assert "differs" not in message
    assert message.count("expected true or false") == 1


def test_a_bad_date_on_a_second_row_is_named_by_its_own_cell(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), J3="next week")
    message = assert_refused(path, 'Criteria!J3: expected a date like 2026-03-17, got "next week"')
    assert "differs" not in message


def test_a_blank_cell_a_million_rows_down_is_skipped_without_reading_the_rows_above(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = set_cells(exported_xlsx(tmp_path), A1000000=" ")
    # openpyxl's own row iteration would make up the 999,980 missing rows.
    monkeypatch.setattr(
        "openpyxl.worksheet._read_only.ReadOnlyWorksheet._cells_by_row",
        lambda *args, **kwargs: pytest.fail("made up the missing rows"),
    )
    assert "0 created, 0 updated" in import_ok(path)


def test_a_value_a_million_rows_down_is_never_ignored(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), A1000000="pytorch")
    assert_refused(path, f"{path}: Criteria!B1000000:C1000000: ")


def test_a_sheet_of_blank_rows_is_refused_by_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spreadsheet, "MAX_PRESENT_ROWS", 30)
    path = set_cells(exported_xlsx(tmp_path), **{f"K{row}": " " for row in range(30, 40)})
    assert_refused(path, f"{path}: Criteria row 39: the sheet holds more than 30 rows")


def test_a_bad_date_is_named(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), J2="next week")
    assert_refused(path, 'Criteria!J2: expected a date like 2026-03-17, got "next week"')


def test_a_level_off_the_ladder_is_named_with_its_role_and_level(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), C2=6, C3=6)
    message = assert_refused(path, f"{path}: Criteria!B2:C2: ")
    assert "6" in message


def test_a_level_that_is_not_a_number_is_named(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), C2="senior", C3="senior")
    assert_refused(path, 'Criteria!B2:C2: expected a level number from 1 to 12, got "senior"')


def test_an_unknown_role_is_named(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), B2="astronaut", B3="astronaut")
    assert_refused(path, f'{path}: Criteria!B2:C2: unknown role "astronaut"')


def test_a_bad_criterion_key_is_named(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), F2="Not A Slug")
    assert_refused(path, "Criteria!F2: expected a slug (lowercase letters, digits and single")


def test_two_rows_of_one_cell_that_disagree_are_named(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), E3="Something else.")
    assert_refused(
        path,
        'Criteria!E3: "cell summary" differs from Criteria!E2 ("data-scientist at level 1.") '
        "for the same role and level",
    )


def test_a_link_without_an_address_is_named(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), I2="Just a title", I3="Just a title")
    assert_refused(path, 'Criteria!I2: expected links as "title | address; title | address"')


def test_an_unknown_column_is_named(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), O1="notes")
    assert_refused(path, 'Criteria!O1: unknown column "notes"; expected the columns skill, role')


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    path = edited(exported_xlsx(tmp_path), lambda wb: wb["Criteria"].delete_cols(4))
    assert_refused(path, f'{path}: Criteria row 1: missing column "required"')


def test_a_column_given_twice_is_named(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), O1="Topics")
    assert_refused(path, 'Criteria!O1: the column "topics" appears twice (first in H)')


def test_a_value_under_no_header_is_named(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), P5="stray")
    assert_refused(path, "Criteria!P5: a value in a column with no header")


def test_headers_match_in_any_case_and_order(tmp_path: Path) -> None:
    def shuffle(workbook: Workbook) -> None:
        sheet = workbook["Criteria"]
        sheet.move_range("A1:A200", cols=16)
        sheet["Q1"] = "  SKILL "

    path = edited(exported_xlsx(tmp_path), shuffle)
    assert "0 created, 0 updated" in import_ok(path)


def test_merged_cells_are_refused(tmp_path: Path) -> None:
    path = edited(exported_xlsx(tmp_path), lambda wb: wb["Criteria"].merge_cells("E2:E3"))
    assert_refused(path, f"{path}: Criteria!E2:E3: merged cells; unmerge them")


def test_a_formula_is_refused_and_never_evaluated(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), E2='=WEBSERVICE("http://x.test")')
    assert_refused(path, 'Criteria!E2: a formula (=WEBSERVICE("http://x.test")); formulas are')


def test_an_empty_criteria_sheet_is_refused(tmp_path: Path) -> None:
    def empty(workbook: Workbook) -> None:
        del workbook["Criteria"]
        workbook.create_sheet("Criteria")

    path = edited(exported_xlsx(tmp_path), empty)
    assert_refused(path, f"{path}: Criteria row 1: Criteria is empty or its first row is blank")


def test_a_header_without_rows_is_refused(tmp_path: Path) -> None:
    path = edited(exported_xlsx(tmp_path), lambda wb: wb["Criteria"].delete_rows(2, 500))
    assert_refused(path, "Criteria row 2: Criteria has a header row but no criteria below it")


def test_a_workbook_without_a_criteria_sheet_is_refused(tmp_path: Path) -> None:
    path = edited(exported_xlsx(tmp_path), lambda wb: setattr(wb["Criteria"], "title", "Sheet2"))
    assert_refused(path, f'{path}: no sheet named "Criteria" (the workbook has "Skill", "Sheet2")')


def test_an_unknown_skill_without_a_skill_row_is_refused(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), A2="tensorflow")
    assert_refused(
        path,
        'Criteria!A2: unknown skill "tensorflow": it is neither on the Skill sheet nor in the '
        "database",
    )


def test_a_csv_for_a_skill_the_database_does_not_know_is_refused(tmp_path: Path) -> None:
    rows = csv_rows(exported_csv(tmp_path))
    for row in rows[1:]:
        row[0] = "tensorflow"
    path = write_csv(tmp_path / "tf.csv", rows)
    assert_refused(path, f'{path}: A2: unknown skill "tensorflow": it is not in the database')


def test_a_bad_value_on_the_skill_sheet_is_named(tmp_path: Path) -> None:
    path = edited(
        exported_xlsx(tmp_path), lambda wb: wb["Skill"].cell(row=2, column=7, value="soon")
    )
    assert_refused(path, 'Skill!G2: expected a date like 2026-03-17, got "soon"')


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, settings: object
) -> None:
    path = exported_xlsx(tmp_path)
    settings.MATRIX_IMPORT_MAX_BYTES = 1000  # type: ignore[attr-defined]
    assert_refused(path, "the limit is 1000 bytes (setting MATRIX_IMPORT_MAX_BYTES)")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 30_000_000)
    assert path.stat().st_size < 100_000
    assert_refused(
        path, f"{path}: the workbook unpacks to 28.6 MB in 1 parts; the limit is 20.0 MB"
    )


def test_too_many_rows_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 5)
    assert_refused(exported_xlsx(tmp_path), "Criteria row 7: more than 5 rows; the limit is 5")
    assert_refused(exported_csv(tmp_path), "row 7: more than 5 rows; the limit is 5")


def test_a_workbook_with_macros_is_refused(tmp_path: Path) -> None:
    path = exported_xlsx(tmp_path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"Attribute VB_Name")
    assert_refused(path, f"{path}: a macro-enabled workbook (it holds a VBA project)")


def test_a_macro_enabled_file_name_is_refused(tmp_path: Path) -> None:
    path = exported_xlsx(tmp_path, "pytorch.xlsm")
    assert_refused(path, f"{path}: a macro-enabled workbook; macros are never imported")


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_bytes(b"PK but not really a zip")
    assert_refused(path, f"{path}: not an XLSX workbook (it is not a zip archive)")


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8")
    assert_refused(path, f"{path}: not a readable XLSX workbook")


def test_a_csv_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "pytorch.csv"
    path.write_bytes(exported_csv(tmp_path).read_bytes().decode("utf-8-sig").encode("utf-16"))
    assert_refused(
        path, f'{path}: the file is not UTF-8 text (bad byte at offset 0); save it as "CSV UTF-8"'
    )


def test_a_csv_with_semicolons_reads_like_one_with_commas(tmp_path: Path) -> None:
    path = tmp_path / "pytorch.csv"
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";").writerows(csv_rows(exported_csv(tmp_path)))
    path.write_text(out.getvalue(), encoding="utf-8")
    assert "0 created, 0 updated" in import_ok(path)


def test_a_bad_csv_cell_is_named_by_its_column_and_row(tmp_path: Path) -> None:
    rows = csv_rows(exported_csv(tmp_path))
    # Rows, as a spreadsheet counts them, not lines: a summary may have several.
    rows[1][4] = rows[2][4] = "First line.\nSecond line."
    rows[3][3] = "yes please"
    rows[4][3] = "yes please"
    path = write_csv(tmp_path / "pytorch.csv", rows)
    assert_refused(path, f'{path}: D4: expected true or false, got "yes please"')


def test_a_failed_import_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = set_cells(exported_xlsx(tmp_path), D2="yes please", D3="yes please")
    with pytest.raises(SystemExit) as exit:
        ManagementUtility(["manage.py", "import_matrix", str(path)]).execute()
    assert exit.value.code == 1
    assert "Criteria!D2: expected true or false" in capsys.readouterr().err


def test_one_bad_spreadsheet_stops_the_good_yaml_beside_it(tmp_path: Path) -> None:
    folder = tmp_path / "matrix"
    write_yaml(folder / "roles.yaml", roles_doc("ml-engineer", "data-scientist", "new-role"))
    set_cells(exported_xlsx(folder), D2="yes please", D3="yes please")
    before = database_state()
    assert "Criteria!D2" in run_import(folder)
    assert database_state() == before


# -- the upload door (skills.sources) --------------------------------------------------


def test_the_upload_door_reads_yaml_and_spreadsheets_together(tmp_path: Path) -> None:
    levels = write_yaml(tmp_path / "levels.yaml", levels_doc())
    bundle = parse_upload(
        [("levels.yaml", levels.read_bytes()), ("p.csv", export_csv([pytorch()]))],
        max_bytes=2_000_000,
    )
    assert [spec.number for spec in bundle.levels] == [1, 2, 3, 4, 5]
    assert [spec.slug for spec in bundle.skills] == ["pytorch"]


def test_the_upload_door_refuses_a_skill_given_twice(tmp_path: Path) -> None:
    data = export_xlsx([pytorch()])
    with pytest.raises(MatrixError) as error:
        parse_upload([("a.xlsx", data), ("b.xlsx", data)], max_bytes=2_000_000)
    assert str(error.value) == (
        'b.xlsx: Skill row 2: skill "pytorch" is defined twice (first in a.xlsx: Skill row 2)'
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("m.xlsm", "m.xlsm: a macro-enabled workbook; macros are never imported"),
        ("m.xls", "m.xls: an old Excel workbook (.xls); save it as an Excel workbook"),
        ("m.pdf", 'm.pdf: files ending in ".pdf" cannot be imported; expected .yaml, .yml'),
    ],
)
def test_the_upload_door_refuses_other_kinds_of_file(name: str, expected: str) -> None:
    with pytest.raises(MatrixError) as error:
        parse_upload([(name, b"anything")], max_bytes=2_000_000)
    assert str(error.value).startswith(expected)


def test_the_upload_door_checks_the_size_before_parsing() -> None:
    with pytest.raises(MatrixError) as error:
        parse_xlsx("big.xlsx", b"x" * 101, max_bytes=100)
    assert str(error.value) == (
        "big.xlsx: the file is 101 bytes; the limit is 100 bytes (setting MATRIX_IMPORT_MAX_BYTES)"
    )
    with pytest.raises(MatrixError):
        parse_csv("big.csv", b"x" * 101, max_bytes=100)


def test_an_error_value_is_refused(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), E2="#N/A")
    assert_refused(path, "Criteria!E2: an error value (#N/A); type the value itself")


def test_a_criterions_deprecation_travels_in_its_columns(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), K2="PyTorch 2.8", L2="torch.export")
    assert "1 updated" in import_ok(path)
    criterion = Criterion.objects.get(
        expectation__skill=pytorch(),
        expectation__role__slug="data-scientist",
        expectation__level__number=1,
        key="first",
    )
    assert (criterion.deprecated, criterion.deprecated_since, criterion.replaced_by) == (
        True,
        "PyTorch 2.8",
        "torch.export",
    )
    assert "0 created, 0 updated" in import_ok(exported_csv(tmp_path))
    # A CSV file without the deprecation columns keeps it as it is.
    rows = [row[:10] for row in csv_rows(exported_csv(tmp_path))]
    assert "0 created, 0 updated" in import_ok(write_csv(tmp_path / "pytorch.csv", rows))
    criterion.refresh_from_db()
    assert criterion.deprecated


def test_a_deprecation_without_its_successor_is_named(tmp_path: Path) -> None:
    path = set_cells(exported_xlsx(tmp_path), K2="PyTorch 2.8")
    assert_refused(path, 'Criteria row 2: missing field "replaced_by"')
