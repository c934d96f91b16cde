"""Read a CSV table as text and cast each contract column to its dtype (empty cells become NA).

:func:`read_cells` reads what it can and says what it could not (cells of the wrong type,
bytes that are not UTF-8, missing columns), for the validation gate; :func:`read_typed`
is the strict reading of the reports, which refuses a table with any such problem.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

BOOLEAN_TEXT = {"true": True, "false": False}
"""The spellings of a ``boolean`` cell (any case)."""

NUMBER_KINDS = {"Int64": "a whole number", "Float64": "a number", "boolean": "true or false"}
"""How a message names what a cell of each non-text dtype should hold."""


@dataclass(frozen=True)
class CellProblem:
    """A cell (or line) of a CSV table that could not be read as its column's dtype.

    Attributes
    ----------
    row : int or None
        The spreadsheet row (the header is row 1).
    column : str or None
        The contract column, None for a whole line (bytes that are not UTF-8).
    value : str or None
        The text as written.
    message : str
        What is wrong, in words.
    """

    row: int | None
    column: str | None
    value: str | None
    message: str


@dataclass(frozen=True)
class CellReading:
    """What :func:`read_cells` made of a CSV table.

    Attributes
    ----------
    frame : pandas.DataFrame
        The contract columns the file has, in contract order, cast; a cell that could not
        be cast is NA. Its index is the row's position (spreadsheet row = index + 2).
    problems : tuple of CellProblem
        The lines that are not UTF-8 (read with replacement characters) and every cell that
        could not be cast, in column then row order.
    missing : tuple of str
        Contract columns the file lacks (left out of ``frame``).
    """

    frame: pd.DataFrame
    problems: tuple[CellProblem, ...] = ()
    missing: tuple[str, ...] = ()

    def uncast(self) -> dict[str, set[int]]:
        """Column -> positions (``frame`` index) of the cells nulled because they could not be cast."""
        cells: dict[str, set[int]] = {}
        for problem in self.problems:
            if problem.column is not None and problem.row is not None:
                cells.setdefault(problem.column, set()).add(problem.row - 2)
        return cells


def read_cells(path: Path, dtypes: dict[str, str]) -> CellReading:
    """Read a CSV table, casting what can be cast and recording what cannot.

    Parameters
    ----------
    path : Path
        A CSV file with a header row, UTF-8 (with or without a byte-order mark).
    dtypes : dict
        Column -> pandas dtype (``string``, ``boolean``, ``Int64`` or ``Float64``); other
        columns of the file are left out.

    Returns
    -------
    CellReading
        The cast frame, with the problems found and the missing columns.

    Raises
    ------
    pandas.errors.ParserError, pandas.errors.EmptyDataError
        When the file is not a CSV table at all.
    """
    text, problems = _decode(path.read_bytes())
    raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    frame = pd.DataFrame(index=raw.index)
    for column, dtype in dtypes.items():
        if column in raw.columns:
            frame[column], bad = _cast(raw[column], dtype)
            problems += [CellProblem(int(i) + 2, column, value, f"not {NUMBER_KINDS[dtype]}: '{value}'")
                         for i, value in bad.items()]
    return CellReading(frame, tuple(problems), tuple(c for c in dtypes if c not in raw.columns))


def read_typed(path: Path, dtypes: dict[str, str]) -> pd.DataFrame:
    """Read a CSV as text and cast each column of ``dtypes``; refuse a table with any problem.

    Parameters
    ----------
    path : Path
        A UTF-8 CSV file with a header row.
    dtypes : dict
        Column -> pandas dtype (``string``, ``boolean``, ``Int64`` or ``Float64``); other
        columns of the file are left out.

    Returns
    -------
    pandas.DataFrame
        The columns of ``dtypes``, in its order; ``boolean`` reads ``true``/``false``.

    Raises
    ------
    ValueError
        When the file lacks a column of ``dtypes``, is not UTF-8, or a cell does not hold
        its column's type (the first problems are named).
    """
    reading = read_cells(path, dtypes)
    if reading.missing:
        raise ValueError(f"{path.name} lacks columns {list(reading.missing)}")
    if reading.problems:
        shown = "; ".join(f"row {p.row}, column {p.column!r}: {p.message}" for p in reading.problems[:3])
        more = f" ({len(reading.problems)} problems in all)" if len(reading.problems) > 3 else ""
        raise ValueError(f"{path.name}: {shown}{more}")
    return reading.frame


def _decode(data: bytes) -> tuple[str, list[CellProblem]]:
    """The text of a CSV file, and (when it is not UTF-8) one problem naming its first bad byte.

    Bytes that are not UTF-8 become replacement characters, so that the rest of the table
    can still be read and checked.
    """
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        bad_lines = [n for n, line in enumerate(data.split(b"\n"), start=1) if not _is_utf8(line)]
        bad = data[error.start:error.end]
        row = bad_lines[0]
        others = len(bad_lines) - 1
        more = f" (and {others} more row{'' if others == 1 else 's'})" if others else ""
        problem = CellProblem(row, None, bad.decode("latin-1"),
                              f"not UTF-8 text: byte 0x{bad.hex()} at row {row}{more}; save the file as UTF-8")
        return data.decode("utf-8", errors="replace"), [problem]


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _cast(text: pd.Series, dtype: str) -> tuple[pd.Series, pd.Series]:
    """``text`` cast to ``dtype`` (empty cells NA), and the non-empty cells that could not be cast (NA too)."""
    values = text.replace("", pd.NA)
    if dtype == "boolean":
        cast = values.str.lower().map(BOOLEAN_TEXT)
        return cast.astype("boolean"), text[values.notna() & cast.isna()]
    if dtype in ("Int64", "Float64"):
        parsed = pd.to_numeric(values, errors="coerce")
        if dtype == "Int64":
            parsed = parsed.where(parsed % 1 == 0)
        return parsed.astype(dtype), text[values.notna() & parsed.isna()]
    return values.astype("string"), text.iloc[:0]
