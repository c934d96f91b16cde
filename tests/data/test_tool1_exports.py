"""Real exports in a Tool 1 folder: CSV, stray, empty and formula files, partial submissions, any script.

Small cases are built in tmp_path; the others break a scratch copy of the shipped
``data/raw/tool1`` (``data/`` itself is never modified).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import unicodedata

import openpyxl
import pandas as pd
import pytest

from ascc_analysis.config import DATA_DIR, PROJECT_ROOT
from ascc_analysis.data.taxonomy import load_taxonomy, normalise_label
from ascc_analysis.data.tool1 import ingest_tool1
from tests.data.tool1_books import FIRST_ROW, export_csv, row, store_formula_values, write_csv, write_workbook

SHIPPED_TOOL1 = DATA_DIR / "raw" / "tool1"
LINEAGE = ["source_file", "source_sheet", "source_row"]


@pytest.fixture
def book(tmp_path):
    return functools.partial(write_workbook, tmp_path)


@pytest.fixture
def scratch(tmp_path):
    """A data folder holding a copy of the shipped Tool 1 folder (everything else comes from data/)."""
    shutil.copytree(SHIPPED_TOOL1, tmp_path / "data" / "raw" / "tool1")
    return tmp_path / "data"


def file_issues(register, folder) -> tuple:
    """The issues of the files, without the folder's own coverage warning."""
    return tuple(issue for issue in register.issues if issue.file != folder.name)


def outcomes(register) -> dict[str, tuple[str, int]]:
    return {outcome.file: (outcome.outcome, outcome.rows) for outcome in register.outcomes}


# --------------------------------------------------------------------------------------
# Every file in the folder is accounted for
# --------------------------------------------------------------------------------------

def test_every_file_in_the_folder_is_accounted_for(book, tmp_path):
    book("SOMHD.xlsx", [row("S-1"), row("S-2")])
    write_csv(tmp_path, "ACW.csv", [row("A-1")], body="ACW")
    for name in ("SOMY.xls", "SOMS.ods", "guidance.pdf", "~$SOMHD.xlsx", ".DS_Store", "README.md", "notes.txt"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "archive").mkdir()

    register = ingest_tool1(tmp_path)

    assert register.files == ("ACW.csv", "SOMHD.xlsx")
    assert outcomes(register) == {
        ".DS_Store": ("skipped", 0), "ACW.csv": ("read", 1), "README.md": ("skipped", 0), "SOMHD.xlsx": ("read", 2),
        "SOMS.ods": ("error", 0), "SOMY.xls": ("error", 0), "archive": ("skipped", 0), "guidance.pdf": ("error", 0),
        "notes.txt": ("skipped", 0), "~$SOMHD.xlsx": ("skipped", 0)}
    assert [(e.file, e.row, e.column) for e in register.errors] == [
        ("SOMS.ods", None, None), ("SOMY.xls", None, None), ("guidance.pdf", None, None)]
    assert all("save it as .xlsx (Excel Workbook) or .csv" in e.message for e in register.errors)
    assert str(register.errors[1]).startswith("SOMY.xls: unsupported format: an Excel 97-2003 workbook is not read")
    described = {outcome.file: str(outcome) for outcome in register.outcomes}
    assert described["SOMHD.xlsx"] == "SOMHD.xlsx: read: 2 activity rows"
    assert described["~$SOMHD.xlsx"].startswith("~$SOMHD.xlsx: skipped: Excel lock file (SOMHD.xlsx is open")
    assert described["README.md"] == "README.md: skipped: documentation (.md)"
    assert described["SOMY.xls"] == f"SOMY.xls: error: {register.errors[1].message}"
    assert len(register.activities) == 3


def test_a_file_with_errors_says_how_many_rows_were_kept(book, tmp_path):
    book("SOMHD.xlsx", [row("S-1"), row("S-2", status="postponed"), row("S-3")])

    outcome = ingest_tool1(tmp_path).outcomes[0]

    assert (outcome.outcome, outcome.rows, outcome.detail) == ("error", 2, "1 error; 2 of 3 activity rows read")


# --------------------------------------------------------------------------------------
# CSV exports
# --------------------------------------------------------------------------------------

def test_a_csv_export_ingests_like_its_workbook(tmp_path):
    rows = [row("S-1", "A1; B.2", "On-going", number=1, notes="n"), row("S-2", "C4", "Completed ", 2016, 2017),
            [None] * 10, row("S-3", status="up coming", end=None, kind="training"),
            ["Total", None, None, None, None, None, None, None, None, None]]
    for folder in ("x", "c"):
        (tmp_path / folder).mkdir()
    write_workbook(tmp_path / "x", "S.xlsx", rows)
    write_csv(tmp_path / "c", "S.csv", rows)

    from_book, from_csv = ingest_tool1(tmp_path / "x"), ingest_tool1(tmp_path / "c")

    assert file_issues(from_csv, tmp_path / "c") == file_issues(from_book, tmp_path / "x") == ()
    pd.testing.assert_frame_equal(from_csv.activities.drop(columns=LINEAGE), from_book.activities.drop(columns=LINEAGE))
    pd.testing.assert_frame_equal(from_csv.links.drop(columns=LINEAGE), from_book.links.drop(columns=LINEAGE))
    assert from_csv.activities["source_row"].tolist() == from_book.activities["source_row"].tolist() == [6, 7, 9]
    assert set(from_csv.activities["source_file"]) == {"S.csv"}
    assert from_csv.activities["source_sheet"].isna().all()


def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path):
    write_csv(tmp_path, "S.csv", [row("S-1", notes="first line\nsecond line"), row("S-2", status="postponed")])

    register = ingest_tool1(tmp_path)

    assert register.activities["notes"].tolist() == ["first line second line"]
    assert [(e.file, e.sheet, e.row, e.column) for e in register.errors] == [("S.csv", None, FIRST_ROW + 1, "status")]
    assert str(register.errors[0]).startswith("S.csv, row 7, column 'status': unknown value 'postponed'")


def test_a_csv_that_is_not_utf8_is_an_error_naming_the_file(tmp_path):
    write_csv(tmp_path, "S.csv", [row("S-1", title="Atelier régional")], encoding="cp1252")

    register = ingest_tool1(tmp_path)

    assert [(e.file, e.row) for e in register.errors] == [("S.csv", FIRST_ROW)]
    assert "not UTF-8 text" in register.errors[0].message and "CSV UTF-8" in register.errors[0].message
    assert outcomes(register) == {"S.csv": ("error", 0)}


# --------------------------------------------------------------------------------------
# A body workbook without activity rows
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("writer, name", [(write_workbook, "SOMHD.xlsx"), (write_csv, "SOMHD.csv")])
def test_a_body_file_with_its_header_but_no_activity_rows_is_an_error(tmp_path, writer, name):
    writer(tmp_path, name, [[None] * 10, ["Total", None, None, None, None, None, None, None, None, 0]])

    register = ingest_tool1(tmp_path)

    assert [(e.file, e.row, e.column) for e in register.errors] == [(name, FIRST_ROW - 1, None)]
    assert register.errors[0].message.startswith("no activity rows below the header row")
    assert outcomes(register) == {name: ("error", 0)}


# --------------------------------------------------------------------------------------
# Formula cells
# --------------------------------------------------------------------------------------

def test_a_formula_without_stored_value_is_inert_text_and_a_warning(book, tmp_path):
    formula = '=HYPERLINK("http://example.org","<b>click</b>")'
    book("SOMHD.xlsx", [row("S-1", title=formula), row("S-2")])

    register = ingest_tool1(tmp_path)

    assert register.errors == ()
    [warning] = file_issues(register, tmp_path)
    assert (warning.severity, warning.file, warning.sheet, warning.row, warning.column, warning.value) == \
        ("warning", "SOMHD.xlsx", "Tool1 Report", FIRST_ROW, "title", formula)
    assert "formula in cell C6 has no stored value" in warning.message and "not evaluated" in warning.message
    title = register.activities["title"].iloc[0]
    assert title == formula and type(title) is str
    assert outcomes(register) == {"SOMHD.xlsx": ("read", 2)}
    assert str(register.outcomes[0]) == "SOMHD.xlsx: read: 2 activity rows, 1 warning"


def test_a_formula_in_a_coded_column_is_reported_as_such_and_as_an_unknown_value(book, tmp_path):
    book("SOMHD.xlsx", [row("S-1", status='=IF(1,"Ongoing","")')])

    register = ingest_tool1(tmp_path)

    assert [(i.severity, i.row, i.column) for i in file_issues(register, tmp_path)] == [
        ("warning", FIRST_ROW, "status"), ("error", FIRST_ROW, "status")]
    assert "unknown value '=IF(1,\"Ongoing\",\"\")'" in register.errors[0].message


def test_stored_formula_values_are_used(book, tmp_path):
    path = book("SOMHD.xlsx", [row("S-1", title='=CONCAT("Regional ","forum")', notes='=IF(1,"","x")')])
    store_formula_values(path, {"C6": "Regional forum", "J6": ""})

    register = ingest_tool1(tmp_path)

    assert file_issues(register, tmp_path) == ()
    assert register.activities["title"].tolist() == ["Regional forum"]
    assert register.activities["notes"].isna().all()


def test_a_formula_in_the_header_block_is_a_warning(book, tmp_path):
    book("A.xlsx", [row("S-1")], body="=B9")

    issues = file_issues(ingest_tool1(tmp_path), tmp_path)

    assert [(i.severity, i.row, i.column, i.value) for i in issues] == [
        ("warning", 2, "sectoral_body", "=B9"), ("error", 2, "sectoral_body", "=B9")]


# --------------------------------------------------------------------------------------
# A data folder without Tool 1 files
# --------------------------------------------------------------------------------------

def test_a_data_folder_without_raw_tool1_names_the_folder_and_layout(tmp_path):
    (tmp_path / "kpi").mkdir()

    [error] = ingest_tool1(tmp_path).errors

    expected = tmp_path.resolve() / "raw" / "tool1"
    assert error.file == str(expected)
    assert error.message.startswith(f"no Tool 1 workbooks: this folder is missing and {tmp_path.resolve()} holds "
                                    f"none directly; expected in {expected}/: one file per Sectoral Body, its Tool 1 "
                                    "workbook (.xlsx) or a CSV export of the workbook's sheet (.csv)")


def test_an_empty_raw_tool1_and_a_missing_data_folder_are_named(tmp_path):
    (tmp_path / "raw" / "tool1").mkdir(parents=True)
    (tmp_path / "raw" / "tool1" / "README.md").write_text("notes")

    [empty] = ingest_tool1(tmp_path).errors
    [missing] = ingest_tool1(tmp_path / "nowhere").errors

    assert (empty.file, empty.message.split(";")[0]) == (
        str(tmp_path / "raw" / "tool1"), "no Tool 1 workbooks: this folder holds no .xlsx or .csv file")
    assert (missing.file, missing.message.split(";")[0]) == (
        str(tmp_path / "nowhere"), "no Tool 1 workbooks: the data folder does not exist")
    assert f"expected in {tmp_path / 'nowhere' / 'raw' / 'tool1'}/" in missing.message


# --------------------------------------------------------------------------------------
# Coverage of the submission
# --------------------------------------------------------------------------------------

def test_missing_bodies_are_one_warning_naming_them_never_an_error(book, tmp_path):
    taxonomy = load_taxonomy()
    book("SOMHD.xlsx", [row("S-1")])
    book("ACW.xlsx", [row("A-1")], body="ACW")

    register = ingest_tool1(tmp_path)

    expected = taxonomy.implementing_bodies
    missing = tuple(body for body in expected if body not in ("SOMHD", "ACW"))
    assert register.errors == () and register.raise_for_errors() is register
    assert (register.coverage.present, register.coverage.missing) == (("ACW", "SOMHD"), missing)
    [warning] = register.warnings
    assert (warning.file, warning.row, warning.column, warning.value) == (
        tmp_path.name, None, "sectoral_body", ", ".join(missing))
    assert warning.message.startswith(f"{len(missing)} of the {len(expected)} implementing Sectoral Bodies sent no "
                                      f"workbook: {missing[0]} (")
    assert warning.message.endswith("figures from the register cover the 2 that did.")


def test_the_coverage_warning_names_the_tool1_folder_relative_to_the_data_folder(tmp_path):
    tool1 = tmp_path / "data" / "raw" / "tool1"
    tool1.mkdir(parents=True)
    write_workbook(tool1, "SOMHD.xlsx", [row("S-1")])

    [warning] = ingest_tool1(tmp_path / "data").warnings

    assert warning.file == "raw/tool1" and str(tmp_path) not in str(warning)
    assert str(warning).startswith("raw/tool1, column 'sectoral_body': ")


def test_the_shipped_register_covers_every_body_without_a_warning():
    register = ingest_tool1()

    assert register.coverage.complete and register.issues == ()
    assert outcomes(register)["README.md"] == ("skipped", 0)
    assert sum(outcome.rows for outcome in register.outcomes) == len(register.activities)


# --------------------------------------------------------------------------------------
# Text from any AMS
# --------------------------------------------------------------------------------------

AMS_TITLES = [
    ("THA", "การประชุมเชิงปฏิบัติการระดับภูมิภาคด้านสาธารณสุข"),
    ("KHM", "សិក្ខាសាលា\u200bថ្នាក់\u200bតំបន់\u200bស្ដីពី\u200bសុខភាព"),
    ("VNM", "Hội thảo khu vực về y tế cộng đồng"),
    ("VNM-decomposed", unicodedata.normalize("NFD", "Hội thảo khu vực về y tế")),
    ("MMR", "ဒေသဆိုင်ရာ\u200bကျန်းမာရေး\u200bအလုပ်ရုံဆွေးနွေးပွဲ"),
    ("LAO", "ກອງປະຊຸມສຳມະນາລະດັບພາກພື້ນ ກ່ຽວກັບສາທາລະນະສຸກ"),
]


@pytest.mark.parametrize("writer, name", [(write_workbook, "SOMHD.xlsx"), (write_csv, "SOMHD.csv")])
def test_titles_and_notes_in_any_ams_script_survive_ingest_unchanged(tmp_path, writer, name):
    rows = [row(f"S-{n}", title=title, notes=f"{ams}: {title}") for n, (ams, title) in enumerate(AMS_TITLES)]
    writer(tmp_path, name, rows)

    register = ingest_tool1(tmp_path)

    assert file_issues(register, tmp_path) == ()
    assert register.activities["title"].tolist() == [title for _, title in AMS_TITLES]
    assert register.activities["notes"].tolist() == [f"{ams}: {title}" for ams, title in AMS_TITLES]


# --------------------------------------------------------------------------------------
# A scratch copy of the shipped register
# --------------------------------------------------------------------------------------

def test_shipped_somhd_saved_as_csv_reads_the_same_rows(scratch):
    tool1 = scratch / "raw" / "tool1"
    before = ingest_tool1(scratch)
    export_csv(tool1 / "SOMHD.xlsx", tool1 / "SOMHD.csv")
    (tool1 / "SOMHD.xlsx").unlink()

    after = ingest_tool1(scratch)

    assert after.issues == () and after.coverage.complete
    assert outcomes(after)["SOMHD.csv"] == outcomes(before)["SOMHD.xlsx"] == ("read", 125)
    somhd = before.activities["source_file"] == "SOMHD.xlsx"
    assert after.activities["source_file"].eq("SOMHD.csv").sum() == somhd.sum()
    pd.testing.assert_frame_equal(after.activities.drop(columns=LINEAGE), before.activities.drop(columns=LINEAGE))
    pd.testing.assert_frame_equal(after.links.drop(columns=LINEAGE), before.links.drop(columns=LINEAGE))
    from_csv = after.activities[after.activities["source_file"] == "SOMHD.csv"]
    assert from_csv["source_row"].tolist() == before.activities.loc[somhd, "source_row"].tolist()
    assert from_csv["source_sheet"].isna().all()


def test_shipped_copy_with_an_xls_and_a_lock_file(scratch):
    tool1 = scratch / "raw" / "tool1"
    shutil.copyfile(tool1 / "SOMHD.xlsx", tool1 / "~$SOMHD.xlsx")
    (tool1 / "SOMX.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")

    register = ingest_tool1(scratch)

    [error] = register.errors
    assert (error.file, error.message.split(";")[0]) == ("SOMX.xls", "unsupported format: an Excel 97-2003 "
                                                                     "workbook is not read")
    assert outcomes(register)["~$SOMHD.xlsx"] == ("skipped", 0)
    assert len(register.activities) == len(ingest_tool1().activities)


def locate(sheet, column: str) -> tuple[int, int]:
    """Header row and the 1-based column of ``column`` in an openpyxl sheet of a Tool 1 workbook."""
    aliases = load_taxonomy().column_aliases
    for line in sheet.iter_rows(min_row=1, max_row=30):
        names = {aliases.get(normalise_label(cell.value)): cell.column for cell in line}
        if column in names and len(names) > 3:
            return line[0].row, names[column]
    raise AssertionError("no header row")


def test_shipped_copy_with_an_emptied_body_workbook(scratch):
    path = scratch / "raw" / "tool1" / "SOMY.xlsx"
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    header, _ = locate(sheet, "title")
    sheet.delete_rows(header + 1, sheet.max_row)
    workbook.save(path)

    [error] = ingest_tool1(scratch).errors

    assert (error.file, error.row) == ("SOMY.xlsx", header)
    assert error.message.startswith("no activity rows below the header row")


def test_shipped_copy_with_a_formula_title(scratch):
    path = scratch / "raw" / "tool1" / "SOMRDPE.xlsx"
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    header, column = locate(sheet, "title")
    formula = '=HYPERLINK("http://example.org","click")'
    sheet.cell(header + 2, column).value = formula
    workbook.save(path)

    register = ingest_tool1(scratch)

    assert register.errors == ()
    [warning] = register.warnings
    assert (warning.file, warning.sheet, warning.row, warning.column, warning.value) == (
        "SOMRDPE.xlsx", sheet.title, header + 2, "title", formula)
    titles = register.activities.set_index(["source_file", "source_row"])["title"]
    assert titles[("SOMRDPE.xlsx", header + 2)] == formula


def test_a_copy_without_raw_tool1_names_the_missing_folder(scratch):
    shutil.rmtree(scratch / "raw")

    [error] = ingest_tool1(scratch).errors

    assert error.file == str(scratch.resolve() / "raw" / "tool1")
    assert "this folder is missing" in error.message


def test_validate_only_stops_on_an_xls_and_passes_with_a_csv(scratch, tmp_path):
    tool1 = scratch / "raw" / "tool1"
    export_csv(tool1 / "SOMHD.xlsx", tool1 / "SOMHD.csv")
    (tool1 / "SOMHD.xlsx").unlink()
    (tool1 / "SOMX.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    command = [sys.executable, str(PROJECT_ROOT / "run_all.py"), "--validate-only", "--force",
               "--data-dir", str(scratch), "--output-dir", str(tmp_path / "out")]
    env = os.environ | {"GX_ANALYTICS_ENABLED": "false"}

    def run():
        return subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, timeout=300)

    stopped = run()
    (tool1 / "SOMX.xls").unlink()
    passed = run()

    assert stopped.returncode == 3, stopped.stderr[-2000:]
    assert "unsupported format: an Excel 97-2003 workbook is not read" in stopped.stderr
    assert "SOMX.xls" in stopped.stderr
    assert passed.returncode == 0, passed.stdout[-2000:] + passed.stderr[-2000:]
    assert "Validation passed" in passed.stdout + passed.stderr
