"""Tests of the Tool 1 ingester (ascc_analysis.data.tool1) on small workbooks built in tmp_path."""

from __future__ import annotations

import functools
from datetime import datetime

import openpyxl
import pandas as pd
import pytest

from ascc_analysis.data.schema import ACTIVITY_DTYPES, LINK_DTYPES
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.data.tool1 import IngestIssue, Tool1IngestError, Tool1Register, ingest_tool1, load_register
from tests.data import tool1_books
from tests.data.tool1_books import HEADER, row


def file_issues(register, folder) -> tuple:
    """The issues of the files, without the folder's own (the coverage warning: one body of 15 here)."""
    return tuple(issue for issue in register.issues if issue.file != folder.name)


@pytest.fixture
def write_workbook(tmp_path):
    """Write a workbook into tmp_path (``tool1_books.write_workbook``): header row 5, first activity row 6."""
    return functools.partial(tool1_books.write_workbook, tmp_path)


def test_clean_rows_ingest_with_types_and_lineage(write_workbook, tmp_path):
    write_workbook("SOMHD.xlsx", [row("SOMHD-001", "A.1", "Completed", 2017, 2018, number=1),
                                  row("SOMHD-002", "B.2", "Upcoming", 2021, None, number=2)])

    register = ingest_tool1(tmp_path)

    assert file_issues(register, tmp_path) == ()
    activities = register.activities
    assert list(activities.columns) == list(ACTIVITY_DTYPES)
    assert {c: str(t) for c, t in activities.dtypes.items()} == ACTIVITY_DTYPES
    assert list(register.links.columns) == list(LINK_DTYPES)
    assert {c: str(t) for c, t in register.links.dtypes.items()} == LINK_DTYPES
    first = activities.iloc[0]
    assert first["activity_code"] == "SOMHD-001"
    assert first["sectoral_body"] == "SOMHD"
    assert first["status"] == "completed"
    assert first["activity_type"] == "capacity_building"
    assert first["funding_source"] == "asean_funds"
    assert first["start_year"] == 2017 and first["end_year"] == 2018
    assert first["reporting_date"] == "2020-05-21"
    assert first["provenance"] == "reported"
    assert (first["source_file"], first["source_sheet"], first["source_row"]) == \
        ("SOMHD.xlsx", "Tool1 Report", 6)
    assert pd.isna(activities.iloc[1]["end_year"])
    assert activities["source_row"].tolist() == [6, 7]
    assert register.files == ("SOMHD.xlsx",)
    assert register.reporting_date == "2020-05-21"
    assert register.provenance_counts() == {"reported": 2}
    assert register.raise_for_errors() is register


def test_links_carry_kra_measure_and_characteristic(write_workbook, tmp_path):
    write_workbook("SOMHD.xlsx", [row("S-1", "A.1.3; A1; a.1"), row("S-2", "C4")])

    links = ingest_tool1(tmp_path, taxonomy=load_taxonomy()).links

    assert links[["activity_code", "reference", "kra_code", "sm_code", "characteristic"]].astype(object) \
        .where(links.notna(), None).values.tolist() == [
            ["S-1", "A.1.3", "A.1", "A.1.3", "A"],
            ["S-1", "A.1", "A.1", None, "A"],
            ["S-2", "C.4", "C.4", None, "C"]]
    assert links["source_row"].tolist() == [6, 6, 7]
    assert set(links["provenance"]) == {"reported"}


def test_known_untidy_variants_are_cleaned(write_workbook, tmp_path):
    write_workbook("SOMHD.xlsx", [
        row("S-1", "A1; B.2", "On-going", "2018", " 2019 "),
        [None] * len(HEADER),
        row("S-2", "B2/C4", "Completed ", 2016.0, 2017.0, kind="training", funding="Dialogue Partners"),
        row("  S-3  ", "A.1.3", "up coming", 2021, None, title="  Spaced   title "),
        [None, None, None, None, None, None, None, None, None, None],
        row("S-4", "D.1 and E.2, B.1 & A.2\nC.1", "Withdrawn (merged)", 2017, 2018),
        ["Total", None, None, None, None, None, None, None, None, None],
    ])

    register = ingest_tool1(tmp_path)

    assert file_issues(register, tmp_path) == ()
    activities = register.activities.set_index("activity_code")
    assert activities["status"].to_dict() == {"S-1": "ongoing", "S-2": "completed", "S-3": "upcoming",
                                              "S-4": "withdrawn"}
    assert activities.loc["S-1", "start_year"] == 2018 and activities.loc["S-1", "end_year"] == 2019
    assert activities.loc["S-2", "start_year"] == 2016
    assert activities.loc["S-2", "activity_type"] == "capacity_building"
    assert activities.loc["S-2", "funding_source"] == "external_partners"
    assert activities.loc["S-3", "title"] == "Spaced title"
    assert activities["blueprint_reference"].to_dict() == {
        "S-1": "A.1; B.2", "S-2": "B.2; C.4", "S-3": "A.1.3", "S-4": "D.1; E.2; B.1; A.2; C.1"}
    assert activities["source_row"].tolist() == [6, 8, 9, 11]
    assert len(register.links) == 2 + 2 + 1 + 5


def test_total_row_variants_are_skipped_but_total_titled_activity_is_kept(write_workbook, tmp_path):
    write_workbook("SOMHD.xlsx", [
        row("S-1", title="Total quality management training"),
        [None, None, "Grand total", None, None, None, None, None, None, None],
        [None, "Sub-total", None, None, None, None, None, None, None, None],
        [None, None, "TOTAL (2 activities)", None, None, None, None, None, None, None],
    ])

    register = ingest_tool1(tmp_path)

    assert file_issues(register, tmp_path) == ()
    assert register.activities["title"].tolist() == ["Total quality management training"]


def test_prenumbered_empty_template_rows_are_blank(write_workbook, tmp_path):
    write_workbook("SOMHD.xlsx", [row("S-1", number=1)] + [[n] + [None] * 9 for n in range(2, 6)])

    register = ingest_tool1(tmp_path)

    assert file_issues(register, tmp_path) == ()
    assert register.activities["activity_code"].tolist() == ["S-1"]


def test_alias_headers_are_recognised(write_workbook, tmp_path):
    header = ["S/N", "Project Code", "Title of Activity", "KRA / Strategic Measure", "Modality",
              "Status of implementation", "Year started", "Year completed / expected",
              "Source of funds", "Remarks:", "Data provenance"]
    write_workbook("SOMHD.xlsx", [[1, "S-1", "T", "B.3", "Outreach", "In progress", 2019, 2021,
                                   "National budget", "n", "Reconstructed"]], header=header)

    register = ingest_tool1(tmp_path)

    assert file_issues(register, tmp_path) == ()
    record = register.activities.iloc[0]
    assert (record["activity_code"], record["status"], record["activity_type"], record["funding_source"]) == \
        ("S-1", "ongoing", "public_outreach", "government_budget")
    assert (record["notes"], record["provenance"]) == ("n", "reconstructed")
    assert register.provenance_counts() == {"reconstructed": 1}


def test_unknown_extra_column_is_a_warning_and_ignored(write_workbook, tmp_path):
    write_workbook("SOMHD.xlsx", [row("S-1") + [12500]], header=HEADER + ["Budget (USD)"])

    register = ingest_tool1(tmp_path)

    assert register.errors == ()
    warnings = file_issues(register, tmp_path)
    assert len(warnings) == 1
    warning = warnings[0]
    assert (warning.severity, warning.file, warning.row, warning.column) == \
        ("warning", "SOMHD.xlsx", 5, "Budget (USD)")
    assert list(register.activities.columns) == list(ACTIVITY_DTYPES)
    assert len(register.activities) == 1
    assert load_register(tmp_path).activities["activity_code"].tolist() == ["S-1"]


def test_all_problems_are_reported_together_by_load_register(write_workbook, tmp_path):
    write_workbook("ACW.xlsx", [row("ACW-1", status="postponed"), row("ACW-2"),
                                row("ACW-3", reference="A.1; Z9")], body="ACW")
    write_workbook("SOMY.xlsx", [r[:8] + r[9:] for r in [row("SOMY-1")]], body="SOMY",
                   header=HEADER[:8] + HEADER[9:])

    with pytest.raises(Tool1IngestError) as caught:
        load_register(tmp_path)

    issues = caught.value.issues
    assert [(i.file, i.row, i.column, i.value) for i in issues] == [
        ("ACW.xlsx", 6, "status", "postponed"),
        ("ACW.xlsx", 8, "blueprint_reference", "Z9"),
        ("SOMY.xlsx", 5, "funding_source", None),
    ]
    assert all(i.severity == "error" and i.sheet == "Tool1 Report" for i in issues)
    assert "known: completed, ongoing, upcoming, withdrawn" in issues[0].message
    assert "source of funding" in issues[2].message  # the accepted aliases are named
    text = str(caught.value)
    assert text.splitlines()[0] == "3 errors in the Tool 1 workbooks:"
    assert len(text.splitlines()) == 4
    assert "ACW.xlsx, sheet 'Tool1 Report', row 6, column 'status': unknown value 'postponed'" in text
    assert "'Z9'" in text and "SOMY.xlsx" in text and "'funding_source'" in text
    register = ingest_tool1(tmp_path)  # tables still returned, error rows left out
    assert register.activities["activity_code"].tolist() == ["ACW-2"]


def test_issue_str_matches_the_documented_format():
    issue = IngestIssue("error", "SOMHD.xlsx", "Tool1 Report", 14, "status", "postponed",
                        "unknown value 'postponed' (known: completed, ongoing, upcoming, withdrawn)")
    assert str(issue) == ("SOMHD.xlsx, sheet 'Tool1 Report', row 14, column 'status': unknown value "
                          "'postponed' (known: completed, ongoing, upcoming, withdrawn)")
    assert str(IngestIssue("error", "x.xlsx", None, None, None, None, "broken")) == "x.xlsx: broken"


def test_raw_files_are_not_modified(write_workbook, tmp_path):
    paths = [write_workbook("SOMHD.xlsx", [row("S-1")]),
             write_workbook("ACW.xlsx", [row("A-1", status="nope")], body="ACW")]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths}

    ingest_tool1(tmp_path)

    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ACW.xlsx", "SOMHD.xlsx"]


def test_non_workbook_xlsx_is_an_error_and_other_files_are_accounted_for(write_workbook, tmp_path):
    write_workbook("SOMHD.xlsx", [row("S-1")])
    (tmp_path / "broken.xlsx").write_text("not a zip file")
    (tmp_path / "~$SOMHD.xlsx").write_bytes(b"lock")
    (tmp_path / "README.md").write_text("notes")
    (tmp_path / "old.csv").write_text("a,b")

    register = ingest_tool1(tmp_path)

    assert register.files == ("SOMHD.xlsx", "broken.xlsx", "old.csv")
    assert [(i.file, i.row) for i in register.errors] == [("broken.xlsx", None), ("old.csv", None)]
    assert "not a valid Excel workbook" in register.errors[0].message
    assert "no header row found: the file has no row" in register.errors[1].message
    assert [(o.file, o.outcome) for o in register.outcomes] == [
        ("README.md", "skipped"), ("SOMHD.xlsx", "read"), ("broken.xlsx", "error"), ("old.csv", "error"),
        ("~$SOMHD.xlsx", "skipped")]
    assert len(register.activities) == 1


def test_duplicate_activity_codes_are_errors(write_workbook, tmp_path):
    write_workbook("ACW.xlsx", [row("X-1"), row("X-2"), row("x-1 ")], body="ACW")
    write_workbook("SOMHD.xlsx", [row("X-2"), row("S-9")])

    register = ingest_tool1(tmp_path)

    assert [(i.file, i.row, i.column, i.value) for i in register.errors] == [
        ("ACW.xlsx", 8, "activity_code", "x-1"), ("SOMHD.xlsx", 6, "activity_code", "X-2")]
    assert "first used at ACW.xlsx, row 6" in register.errors[0].message
    assert register.activities["activity_code"].tolist() == ["X-1", "X-2", "S-9"]


def test_second_workbook_for_the_same_body_is_an_error(write_workbook, tmp_path):
    write_workbook("SOMHD.xlsx", [row("S-1")])
    write_workbook("SOMHD_v2.xlsx", [row("S-1")], body="somhd")

    register = ingest_tool1(tmp_path)

    assert [(i.file, i.row, i.value) for i in register.errors] == [("SOMHD_v2.xlsx", 2, "SOMHD")]
    assert "already read from SOMHD.xlsx" in register.errors[0].message
    assert register.activities["source_file"].tolist() == ["SOMHD.xlsx"]


@pytest.mark.parametrize("body, expected", [("XYZ", "unknown Sectoral Body 'XYZ'"),
                                            ("SOCA", "coordinating body"),
                                            ("", "missing Sectoral Body")])
def test_sectoral_body_must_be_a_known_implementing_body(write_workbook, tmp_path, body, expected):
    write_workbook("A.xlsx", [row("S-1")], body=body)

    register = ingest_tool1(tmp_path)

    assert len(register.errors) == 1
    error = register.errors[0]
    assert (error.file, error.row, error.column) == ("A.xlsx", 2, "sectoral_body")
    assert expected in error.message
    assert register.activities.empty


def test_sectoral_body_is_matched_case_insensitively(write_workbook, tmp_path):
    write_workbook("a.xlsx", [row("S-1")], body=" som-ed ")
    assert ingest_tool1(tmp_path).raise_for_errors().activities["sectoral_body"].tolist() == ["SOM-ED"]


def test_missing_header_block_labels_are_errors(write_workbook, tmp_path):
    write_workbook("A.xlsx", [row("S-1")], body=None, date=None)

    errors = ingest_tool1(tmp_path).errors

    assert [(e.file, e.column) for e in errors] == [("A.xlsx", "sectoral_body"), ("A.xlsx", "reporting_date")]


@pytest.mark.parametrize("date, iso", [("21 May 2020", "2020-05-21"), ("2020-05-21", "2020-05-21"),
                                       (datetime(2020, 5, 21), "2020-05-21"), ("21/05/2020", "2020-05-21")])
def test_reporting_date_forms(write_workbook, tmp_path, date, iso):
    write_workbook("A.xlsx", [row("S-1")], date=date)
    register = ingest_tool1(tmp_path).raise_for_errors()
    assert register.reporting_date == iso
    assert register.activities["reporting_date"].tolist() == [iso]


def test_unparseable_reporting_date_is_an_error(write_workbook, tmp_path):
    write_workbook("A.xlsx", [row("S-1")], date="sometime in May")

    errors = ingest_tool1(tmp_path).errors

    assert [(e.row, e.column, e.value) for e in errors] == [(3, "reporting_date", "sometime in May")]


def test_register_reporting_date_is_the_latest(write_workbook, tmp_path):
    write_workbook("A.xlsx", [row("A-1")], body="ACW", date="2020-04-30")
    write_workbook("B.xlsx", [row("B-1")], body="SOMY", date="21 May 2020")
    register = ingest_tool1(tmp_path).raise_for_errors()
    assert register.reporting_date == "2020-05-21"
    assert register.activities["reporting_date"].tolist() == ["2020-04-30", "2020-05-21"]


def test_bad_cells_are_all_reported_and_their_rows_dropped(write_workbook, tmp_path):
    write_workbook("A.xlsx", [
        row("S-1", start="FY2018"), row("S-2", start="2018/19", end="next year"),
        row(None, title="Untitled"), row("S-4", start=None), row("S-5", reference=" ; "),
        row("S-6", kind="workshop", funding=None), row("S-7", start=2019),
        row("S-8", title=" ", reference="Z1/Z2"),
    ])

    register = ingest_tool1(tmp_path)

    found = [(e.row, e.column, e.value) for e in register.errors]
    assert found == [(6, "start_year", "FY2018"), (7, "start_year", "2018/19"), (7, "end_year", "next year"),
                     (8, "activity_code", None), (9, "start_year", None), (10, "blueprint_reference", " ; "),
                     (11, "activity_type", "workshop"), (11, "funding_source", None),
                     (13, "title", " "), (13, "blueprint_reference", "Z1"), (13, "blueprint_reference", "Z2")]
    assert register.activities["activity_code"].tolist() == ["S-7"]


def test_provenance_column_is_optional_and_checked(write_workbook, tmp_path):
    header = HEADER + ["Data provenance"]
    write_workbook("A.xlsx", [row("S-1") + ["reconstructed"], row("S-2") + [None], row("S-3") + ["guessed"]],
                   header=header)

    register = ingest_tool1(tmp_path)

    assert [(e.row, e.column, e.value) for e in register.errors] == [(8, "provenance", "guessed")]
    assert register.provenance_counts() == {"reconstructed": 1, "reported": 1}


def test_first_sheet_with_a_header_row_is_read(write_workbook, tmp_path):
    write_workbook("A.xlsx", [row("S-1")], sheet="Report", before_sheets=("Read me",))
    register = ingest_tool1(tmp_path).raise_for_errors()
    assert register.activities["source_sheet"].tolist() == ["Report"]


def test_workbook_without_header_row_is_an_error(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Sectoral Body:", "SOMHD"])
    workbook.active.append(["Code", "Something"])
    workbook.save(tmp_path / "A.xlsx")

    errors = ingest_tool1(tmp_path).errors

    assert [(e.file, e.row) for e in errors] == [("A.xlsx", None)]
    assert "no header row" in errors[0].message


def test_repeated_column_is_an_error(write_workbook, tmp_path):
    write_workbook("A.xlsx", [row("S-1") + ["Done"]], header=HEADER + ["Implementation status"])
    errors = ingest_tool1(tmp_path).errors
    assert [(e.row, e.column, e.value) for e in errors] == [(5, "status", "Implementation status")]


def test_empty_folder_is_an_error(tmp_path):
    register = ingest_tool1(tmp_path)
    assert len(register.errors) == 1 and "no Tool 1 workbooks" in register.errors[0].message
    assert register.outcomes == () and register.coverage.present == ()
    assert register.activities.empty and list(register.activities.columns) == list(ACTIVITY_DTYPES)
    assert {c: str(t) for c, t in register.links.dtypes.items()} == LINK_DTYPES
    with pytest.raises(Tool1IngestError, match="1 error in"):
        load_register(tmp_path)


def test_nested_raw_tool1_folder_is_used(write_workbook, tmp_path):
    nested = tmp_path / "raw" / "tool1"
    nested.mkdir(parents=True)
    write_workbook("A.xlsx", [row("S-1")]).rename(nested / "A.xlsx")
    assert isinstance(load_register(tmp_path), Tool1Register)
    assert load_register(tmp_path).files == ("A.xlsx",)


def test_fifteen_workbooks_of_seventy_rows_ingest_completely(write_workbook, tmp_path):
    bodies = ["ACCSM", "ACDM", "ACW", "ACWC", "ASOEN", "COP-AATHP", "SOMHD", "SLOM", "SOM-ED",
              "SOMSWD", "SOMY", "SOMCA", "SOMRDPE", "SOMS", "SOMRI"]
    for body in bodies:
        rows = [row(f"{body}-{n:03d}", "A1; B.2", number=n) for n in range(70)]
        write_workbook(f"{body}.xlsx", rows, body=body)
    register = ingest_tool1(tmp_path)

    assert file_issues(register, tmp_path) == ()
    assert len(register.activities) == 15 * 70 and len(register.links) == 2 * 15 * 70
    assert register.activities["source_row"].min() >= 1
