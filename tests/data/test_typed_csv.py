"""Typed CSV tables (ascc_analysis.data.typed_csv)."""

from __future__ import annotations

import pytest

from ascc_analysis.data.typed_csv import read_typed

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
