"""Tests of reading one Tool 1 file on its own (ascc_analysis.data.tool1_workbook)."""

from __future__ import annotations

import pytest

from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.data.tool1_workbook import read_workbook, row_parsers
from tests.data import tool1_books
from tests.data.tool1_books import FIRST_ROW, row


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def test_a_file_gives_its_records_and_its_own_issues(tmp_path, taxonomy):
    path = tool1_books.write_workbook(tmp_path, "SOMHD.xlsx", [row("SOMHD-001", "A.1"), [None] * 10,
                                                               row("SOMHD-002", "Z.9")])

    reading = read_workbook(path, taxonomy)

    assert reading.file == "SOMHD.xlsx" and reading.book.body == "SOMHD"
    assert [(r["activity_code"], r["source_row"], r["ok"]) for r in reading.book.records] == [
        ("SOMHD-001", FIRST_ROW, True), ("SOMHD-002", FIRST_ROW + 2, False)]  # the blank row left out
    issue, = reading.issues
    assert (issue.file, issue.row, issue.column, issue.value) == ("SOMHD.xlsx", FIRST_ROW + 2, "blueprint_reference",
                                                                  "Z.9")


def test_issues_logged_after_reading_join_the_files_issues(tmp_path, taxonomy):
    reading = read_workbook(tool1_books.write_workbook(tmp_path, "SOMHD.xlsx", [row("SOMHD-001")]), taxonomy)

    reading.book.log.error(FIRST_ROW, "activity_code", "SOMHD-001", "duplicate activity code")

    assert [issue.message for issue in reading.issues] == ["duplicate activity code"]


def test_a_file_that_is_not_a_workbook_gives_no_records_and_one_error(tmp_path, taxonomy):
    path = tmp_path / "SOMHD.xlsx"
    path.write_text("not a workbook")

    reading = read_workbook(path, taxonomy, row_parsers(taxonomy))

    assert reading.book is None
    assert [issue.severity for issue in reading.issues] == ["error"]
    assert reading.issues[0].message.startswith("not a valid Excel workbook")


def test_a_csv_export_is_read_like_its_workbook(tmp_path, taxonomy):
    rows = [row("SOMHD-001", "A.1; B.2")]
    workbook = read_workbook(tool1_books.write_workbook(tmp_path, "SOMHD.xlsx", rows), taxonomy)
    export = read_workbook(tool1_books.write_csv(tmp_path, "SOMHD.csv", rows), taxonomy)

    def content(record):
        return {key: value for key, value in record.items() if key not in ("source_file", "source_sheet")}

    assert list(map(content, export.book.records)) == list(map(content, workbook.book.records))
    assert export.book.records[0]["references"] == ["A.1", "B.2"]
