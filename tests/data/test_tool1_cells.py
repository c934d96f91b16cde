"""Tests of the cell and row readers behind the Tool 1 ingester (ascc_analysis.data.tool1_cells)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.data.tool1_cells import (
    CellError,
    clean_text,
    display,
    find_header_row,
    header_block,
    is_blank,
    is_total_row,
    map_code,
    map_header,
    parse_date,
    parse_references,
    parse_year,
    resolve_body,
    split_references,
)


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


@pytest.mark.parametrize("value, expected", [(None, True), ("", True), ("  \n", True), (0, False),
                                             ("x", False)])
def test_is_blank(value, expected):
    assert is_blank(value) is expected


@pytest.mark.parametrize("value, expected", [(None, None), ("  a   b ", "a b"), (101, "101"),
                                             (101.0, "101"), (2.5, "2.5"), ("  ", None)])
def test_clean_text(value, expected):
    assert clean_text(value) == expected


def test_display_renders_dates_and_whole_floats():
    assert display(datetime(2020, 5, 21)) == "2020-05-21"
    assert display(date(2020, 5, 21)) == "2020-05-21"
    assert display(2018.0) == "2018"
    assert display(None) is None


@pytest.mark.parametrize("value, expected", [(2018, 2018), (2018.0, 2018), ("2018", 2018),
                                             (" 2018 ", 2018), (None, None), ("  ", None)])
def test_parse_year_accepts_whole_years(value, expected):
    assert parse_year(value) == expected


@pytest.mark.parametrize("value", ["FY2018", "2018/19", "next year", 2018.5, True, "18",
                                   datetime(2018, 1, 1)])
def test_parse_year_rejects_anything_else(value):
    with pytest.raises(CellError, match="not a year"):
        parse_year(value)


@pytest.mark.parametrize("value", ["21 May 2020", "2020-05-21", "21/05/2020", "May 21, 2020",
                                   " 21  May 2020 ", "21-May-2020", datetime(2020, 5, 21, 9, 30),
                                   date(2020, 5, 21)])
def test_parse_date_forms(value):
    assert parse_date(value) == "2020-05-21"


@pytest.mark.parametrize("value", ["May 2020", "sometime", 43972, "2020-13-01"])
def test_parse_date_rejects_unparseable(value):
    with pytest.raises(CellError, match="not a date"):
        parse_date(value)


@pytest.mark.parametrize("value", [None, "  "])
def test_parse_date_rejects_blank(value):
    with pytest.raises(CellError, match="blank"):
        parse_date(value)


def test_map_code_folds_and_names_known_codes(taxonomy):
    aliases, known = taxonomy.value_aliases["status"], taxonomy.status_codes
    assert map_code("On-going", aliases, known) == "ongoing"
    assert map_code("Completed ", aliases, known) == "completed"
    assert map_code("UP COMING", aliases, known) == "upcoming"
    assert map_code("Withdrawn (merged)", aliases, known) == "withdrawn"
    with pytest.raises(CellError) as caught:
        map_code("postponed", aliases, known)
    assert str(caught.value) == "unknown value 'postponed' (known: completed, ongoing, upcoming, withdrawn)"
    with pytest.raises(CellError, match="blank value"):
        map_code(None, aliases, known)


@pytest.mark.parametrize("text, tokens", [
    ("A1; B.2", ["A1", "B.2"]), ("B2/C4", ["B2", "C4"]), ("A.1.3", ["A.1.3"]),
    ("A1, B2 & C3", ["A1", "B2", "C3"]), ("D1 and E2\nA2", ["D1", "E2", "A2"]),
    ("KRA A.1; SM A.1.3", ["A.1", "A.1.3"]), (" ; ", []), (None, []),
])
def test_split_references(text, tokens):
    assert split_references(text) == tokens


def test_parse_references_canonicalises_dedupes_and_reports_unknown(taxonomy):
    assert parse_references("a1; A.1 / B 2; A.1.3", taxonomy.parse_reference) == (["A.1", "B.2", "A.1.3"], [])
    assert parse_references("A.1; Z9; F1", taxonomy.parse_reference) == (["A.1"], ["Z9", "F1"])


@pytest.mark.parametrize("code, title, number, expected", [
    ("Total", None, None, True), (None, "Grand Total", None, True), (None, "Sub-total", None, True),
    (None, "subtotal", None, True), (None, "Total (70 activities)", None, True), (None, None, "TOTAL", True),
    ("S-1", "Total quality training", 1, False), ("S-1", "Training", 1, False),
    (None, "Training", None, False),
])
def test_is_total_row(code, title, number, expected):
    assert is_total_row(code, title, number) is expected


def test_find_and_map_header(taxonomy):
    aliases = taxonomy.column_aliases
    rows = [("Sectoral Body:", "SOMHD"), ("Status", None), (),
            ("No.", "Activity Code ", "STATUS OF IMPLEMENTATION:", "Budget", None, "Status")]
    assert find_header_row(rows, aliases) == 3
    columns, unknown, repeated = map_header(rows[3], aliases)
    assert columns == {"row_number": 0, "activity_code": 1, "status": 2}
    assert unknown == [(3, "Budget")]
    assert repeated == [(5, "Status", "status")]
    assert find_header_row(rows[:3], aliases) is None


def test_header_block_reads_labels_and_first_value():
    LABELS = load_taxonomy().header_block_aliases
    rows = [("Tool 1 report",), ("Sectoral Body:", None, "SOMHD"), (), ("reporting date", "21 May 2020")]
    assert header_block(rows, LABELS) == {"sectoral_body": (2, "SOMHD"), "reporting_date": (4, "21 May 2020")}
    assert header_block([("Sectoral Body",)], LABELS) == {"sectoral_body": (1, None)}
    assert header_block([("Status as of", "21/05/2020"), ("Reporting date (dd/mm/yyyy)", "x")], LABELS) == {
        "reporting_date": (1, "21/05/2020")}
    assert header_block([("Sbx note", "y")], LABELS) == {}


def test_resolve_body(taxonomy):
    assert resolve_body(" somhd ", taxonomy) == "SOMHD"
    assert resolve_body("cop-aathp", taxonomy) == "COP-AATHP"
    with pytest.raises(CellError, match="coordinating body"):
        resolve_body("SOCA", taxonomy)
    with pytest.raises(CellError, match="unknown Sectoral Body 'XYZ'"):
        resolve_body("XYZ", taxonomy)
    with pytest.raises(CellError, match="missing"):
        resolve_body(None, taxonomy)
