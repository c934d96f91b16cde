"""Reading the rows and cells of Tool 1 workbooks and CSV exports, for :mod:`ascc_analysis.data.tool1`.

Cell readers turn one raw value (as openpyxl returns it) into a typed value or raise
:class:`CellError` saying why they cannot; the caller adds the file, sheet, row and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime

from ascc_analysis.data.taxonomy import Taxonomy, normalise_label

TOTAL_LABELS = frozenset({"total", "grand total", "sub-total", "subtotal", "sub total"})
"""Folded cell texts that mark a closing total row rather than an activity."""

REFERENCE_SEPARATORS = re.compile(r"[;/,&\r\n]|\s+and\s+", re.IGNORECASE)
"""Separators between Blueprint references in one cell: ``A1; B.2``, ``B2/C4``, ``A1 and B2``."""

REFERENCE_PREFIX = re.compile(r"^(?:kra|sm)\s*[:\-]?\s*", re.IGNORECASE)
"""A leading ``KRA`` or ``SM`` word some desk officers type before the code."""

YEAR_TEXT = re.compile(r"^\d{4}$")

DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y",
                "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d-%b-%Y", "%d-%B-%Y", "%Y/%m/%d")
"""Text forms of the reporting date, day before month as ASEAN documents write it."""


MIN_HEADER_MATCHES = 3
"""A row is the header row when at least this many cells are known column names."""

class CellError(ValueError):
    """A cell value that cannot be interpreted; the message says why."""


def required(parse: Callable[[object], object]) -> Callable[[object], object]:
    """Wrap a cell parser so that a blank cell raises :class:`CellError`."""

    def parse_required(value: object) -> object:
        result = parse(value)
        if result is None:
            raise CellError("blank (a value is required)")
        return result

    return parse_required


def is_blank(value: object) -> bool:
    """True for an empty cell or one holding only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def display(value: object) -> str | None:
    """A raw cell as text: ISO dates, whole floats without ``.0``, None when empty."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def clean_text(value: object) -> str | None:
    """Strip a text cell; None when blank. Numbers become text (``101.0`` -> ``"101"``)."""
    if is_blank(value):
        return None
    return " ".join(display(value).split())  # split() and \\s agree on what whitespace is


def parse_year(value: object) -> int | None:
    """A year cell as an int (``2018``, ``2018.0`` and ``" 2018 "`` give 2018), None when blank.

    Raises
    ------
    CellError
        For anything else (``"FY2018"``, ``"2018/19"``, ``2018.5``, a date cell ...).
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"not a year: '{value}'")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and YEAR_TEXT.match(value.strip()):
        return int(value.strip())
    raise CellError(f"not a year: '{display(value)}' (expected a whole year such as 2018)")


def parse_date(value: object) -> str:
    """A reporting date (a date cell, or text like ``21 May 2020``, ``2020-05-21``) as ISO text.

    Raises
    ------
    CellError
        When the cell is blank or the text matches none of :data:`DATE_FORMATS`.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if is_blank(value):
        raise CellError("blank (expected a date such as 21 May 2020)")
    text = clean_text(value) if isinstance(value, str) else None
    for form in DATE_FORMATS if text else ():
        try:
            return datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    raise CellError(f"not a date: '{display(value)}' (expected e.g. 21 May 2020 or 2020-05-21)")


def map_code(value: object, aliases: dict[str, str], known: Sequence[str]) -> str:
    """The code of a cell value through an alias table (``"On-going"`` -> ``ongoing``).

    Parameters
    ----------
    aliases : dict
        Folded alias -> code (one entry of ``Taxonomy.value_aliases``).
    known : sequence of str
        The valid codes, quoted in the error message.

    Raises
    ------
    CellError
        When the cell is blank or its folded text is not an alias.
    """
    code = aliases.get(normalise_label(value))
    if code is None:
        shown = "blank value" if is_blank(value) else f"unknown value '{clean_text(value)}'"
        raise CellError(f"{shown} (known: {', '.join(known)})")
    return code


def split_references(text: object) -> list[str]:
    """The reference tokens of a Blueprint-reference cell, stripped, blanks dropped."""
    if is_blank(text):
        return []
    parts = (REFERENCE_PREFIX.sub("", part.strip()) for part in REFERENCE_SEPARATORS.split(display(text)))
    return [part.strip() for part in parts if part.strip()]


def parse_references(text: object, parse: Callable[[str], str | None]) -> tuple[list[str], list[str]]:
    """Canonical codes of a Blueprint-reference cell, and the tokens not understood.

    Parameters
    ----------
    text : object
        The raw cell, e.g. ``"A1; B.2"`` or ``"B2/C4"``.
    parse : callable
        One token -> canonical code or None, normally :meth:`Taxonomy.parse_reference`.

    Returns
    -------
    tuple of (list of str, list of str)
        Distinct canonical codes in cell order, and the unknown raw tokens.
    """
    codes: list[str] = []
    unknown: list[str] = []
    for token in split_references(text):
        code = parse(token)
        if code is None:
            unknown.append(token)
        elif code not in codes:
            codes.append(code)
    return codes, unknown


def is_total_label(value: object) -> bool:
    """True when a cell reads like a total (``Total``, ``Grand total``, ``Total (70)``)."""
    if value is None or "total" not in str(value).lower():  # every total label holds the word (cheap test)
        return False
    folded = normalise_label(value)
    return folded in TOTAL_LABELS or folded.startswith("total")


def is_total_row(code: object, title: object, row_number: object = None) -> bool:
    """True for a closing total row.

    The code or number cell reads like a total, or the title does while the code is
    blank (an activity with a code whose title starts with "Total ..." is kept).
    """
    if is_total_label(code) or is_total_label(row_number):
        return True
    return is_blank(code) and is_total_label(title)


def cell(row: Sequence[object], index: int | None) -> object:
    """The value at ``index`` of a row tuple (None when absent or out of range)."""
    return row[index] if index is not None and index < len(row) else None


def find_header_row(rows: Sequence[Sequence[object]], column_aliases: dict[str, str]) -> int | None:
    """0-based index of the first row with at least three known column names, or None."""
    for index, row in enumerate(rows):
        if sum(normalise_label(value) in column_aliases for value in row) >= MIN_HEADER_MATCHES:
            return index
    return None


def map_header(row: Sequence[object], column_aliases: dict[str, str]
               ) -> tuple[dict[str, int], list[tuple[int, str]], list[tuple[int, str, str]]]:
    """Map header cells to canonical columns.

    Returns
    -------
    tuple
        ``{canonical: cell index}`` (first occurrence), unknown ``(index, text)`` cells,
        and repeated ``(index, text, canonical)`` cells naming a column already mapped.
    """
    columns: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    repeated: list[tuple[int, str, str]] = []
    for index, value in enumerate(row):
        if is_blank(value):
            continue
        canonical = column_aliases.get(normalise_label(value))
        if canonical is None:
            unknown.append((index, clean_text(value)))
        elif canonical in columns:
            repeated.append((index, clean_text(value), canonical))
        else:
            columns[canonical] = index
    return columns, unknown, repeated


def resolve_body(value: object, taxonomy: Taxonomy) -> str:
    """The implementing Sectoral Body an acronym names (case-insensitive), as spelt in the taxonomy.

    Raises
    ------
    CellError
        When the cell is blank, names a coordinating body, or names no known body.
    """
    known = ", ".join(taxonomy.implementing_bodies)
    if is_blank(value):
        raise CellError(f"missing Sectoral Body acronym in column B (known: {known})")
    folded = normalise_label(value)
    implementing = {normalise_label(acronym): acronym for acronym in taxonomy.implementing_bodies}
    if folded in implementing:
        return implementing[folded]
    if folded in {normalise_label(acronym) for acronym in taxonomy.coordinating_bodies}:
        raise CellError(f"'{clean_text(value)}' is a coordinating body, not an implementing "
                        f"Sectoral Body (known: {known})")
    raise CellError(f"unknown Sectoral Body '{clean_text(value)}' (known: {known})")


def _label_field(label: str, labels: dict[str, str]) -> str | None:
    for alias, name in labels.items():
        if label == alias or label.startswith((alias + " ", alias + "(")):
            return name
    return None


def header_block(rows: Iterable[Sequence[object]], labels: dict[str, str]) -> dict[str, tuple[int, object]]:
    """Fields of the header block above the table: label in column A, value after it.

    Parameters
    ----------
    rows : iterable of row tuples
        The rows above the header row, the first being Excel row 1.
    labels : dict
        Folded label -> field (``Taxonomy.header_block_aliases``, from
        ``data/taxonomy/aliases/header_block.csv``); a label may carry a suffix
        ("Reporting date (dd/mm/yyyy)").

    Returns
    -------
    dict
        ``{field: (1-based row, raw value)}`` for each field found (the first occurrence).
    """
    found: dict[str, tuple[int, object]] = {}
    for number, row in enumerate(rows, start=1):
        label = normalise_label(cell(row, 0))
        name = _label_field(label, labels)
        if name and name not in found:
            found[name] = (number, next((v for v in row[1:] if not is_blank(v)), None))
    return found

