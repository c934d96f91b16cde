"""Typed CSV tables (ascc_analysis.data.typed_csv)."""

from __future__ import annotations

import pytest

from ascc_analysis.data.typed_csv import CellProblem, read_cells, read_typed

DTYPES = {"code": "string", "flag": "boolean", "year": "Int64", "value": "Float64"}


def test_columns_are_cast_and_empty_cells_are_missing(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("value,code,extra,flag,year\n1.5,A,x,TRUE,2019\n,,y,false,\n", encoding="utf-8")

    frame = read_typed(path, DTYPES)

    assert list(frame.columns) == list(DTYPES)
    assert {column: str(dtype) for column, dtype in frame.dtypes.items()} == DTYPES
    assert frame.iloc[0].tolist() == ["A", True, 2019, 1.5]
    assert frame.iloc[1].isna().tolist() == [True, False, True, True]
    assert not frame.loc[1, "flag"]


def test_a_missing_column_is_named(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("code,flag\nA,true\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"t.csv lacks columns \['year', 'value'\]"):
        read_typed(path, DTYPES)


def test_text_in_a_whole_number_column_is_refused(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("code,flag,year,value\nA,true,2019a,1\n", encoding="utf-8")
    with pytest.raises(ValueError):
        read_typed(path, DTYPES)


def test_text_in_a_number_column_is_named_with_its_row(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("code,flag,year,value\nA,true,2019,1\nB,false,2020,12%\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"t.csv: row 3, column 'value': not a number: '12%'"):
        read_typed(path, DTYPES)


def test_read_cells_empties_and_lists_every_cell_of_the_wrong_type(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("code,flag,year,value\nA,yes,2019,12%\nB,false,2019.5,3\nC,TRUE,2020,n/a\n", encoding="utf-8")

    reading = read_cells(path, DTYPES)

    assert reading.problems == (
        CellProblem(2, "flag", "yes", "not true or false: 'yes'"),
        CellProblem(3, "year", "2019.5", "not a whole number: '2019.5'"),
        CellProblem(2, "value", "12%", "not a number: '12%'"),
        CellProblem(4, "value", "n/a", "not a number: 'n/a'"))
    frame = reading.frame
    assert {column: str(dtype) for column, dtype in frame.dtypes.items()} == DTYPES
    assert frame["code"].tolist() == ["A", "B", "C"]
    assert frame["value"].isna().tolist() == [True, False, True] and frame.loc[1, "value"] == 3
    assert frame["year"].isna().tolist() == [False, True, False]
    assert frame["flag"].isna().tolist() == [True, False, False]
    assert reading.uncast() == {"flag": {0}, "year": {1}, "value": {0, 2}}
    assert reading.missing == ()


def test_read_cells_leaves_out_missing_columns_and_reads_the_rest(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("code,year\nA,2019\n", encoding="utf-8")

    reading = read_cells(path, DTYPES)

    assert reading.missing == ("flag", "value")
    assert list(reading.frame.columns) == ["code", "year"] and reading.problems == ()


def test_bytes_that_are_not_utf8_are_one_problem_and_the_rest_is_read(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("code,flag,year,value\nA,true,2019,1\ndonn\u00e9es,true,2020,x\n\u00e9t\u00e9,false,,2\n"
                     .encode("latin-1"))

    reading = read_cells(path, DTYPES)

    assert reading.problems[0] == CellProblem(
        3, None, "\u00e9", "not UTF-8 text: byte 0xe9 at row 3 (and 1 more row); save the file as UTF-8")
    assert reading.problems[1:] == (CellProblem(3, "value", "x", "not a number: 'x'"),)
    assert reading.frame["code"].tolist() == ["A", "donn\ufffdes", "\ufffdt\ufffd"]
    assert reading.frame["value"].tolist()[::2] == [1, 2]
    with pytest.raises(ValueError, match="not UTF-8 text"):
        read_typed(path, DTYPES)


def test_a_byte_order_mark_is_not_part_of_the_first_column(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"\xef\xbb\xbfcode,flag,year,value\nA,true,2019,1\n")

    assert read_typed(path, DTYPES)["code"].tolist() == ["A"]
