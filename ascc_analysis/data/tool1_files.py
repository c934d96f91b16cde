"""The files of a Tool 1 folder: which are read, skipped or refused, and the rows each readable file holds.

A folder is sorted into :class:`FolderEntry` records (:func:`folder_entries`); a workbook
(``.xlsx``) or CSV export (``.csv``) is then read into plain rows by :func:`read_table`,
which finds the header row the same way for both.
"""

from __future__ import annotations

import csv
import io
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.xml.constants import SHEET_MAIN_NS

from ascc_analysis.config import TOOL1_READ_SUFFIXES
from ascc_analysis.data.tool1_cells import find_header_row
from ascc_analysis.data.tool1_xlsx import FORMULA_ELEMENT, FormulaText, UnusualSheet, formula_text, sheet_rows

DOCUMENTATION_SUFFIXES = (".md", ".txt")
"""Notes kept beside the workbooks (such as the folder's README.md): skipped, never an error."""

SAVE_AS = "save it as .xlsx (Excel Workbook) or .csv (CSV UTF-8), or move it out of the Tool 1 folder"
"""What to do with a file of another type."""

KNOWN_FORMATS = {".xls": "an Excel 97-2003 workbook", ".ods": "an OpenDocument spreadsheet",
                 ".xlsm": "a macro-enabled Excel workbook", ".xlsb": "a binary Excel workbook",
                 ".numbers": "an Apple Numbers spreadsheet"}
"""Spreadsheet formats a desk officer may send that are not read, named in the error."""

READ_ERRORS = (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, ParseError)
"""What openpyxl raises on a file that is not a valid ``.xlsx`` workbook."""

CSV_DELIMITERS = (",", ";", "\t")
"""Tried in turn on a CSV export: Excel writes ';' where the decimal separator is a comma."""

_CELL, _FORMULA, _VALUE = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("c", "f", "v"))
_STRING_RESULT = "str"


class UnreadableFile(ValueError):
    """A file whose table cannot be read; the message says why, ``row`` where (if known)."""

    def __init__(self, message: str, row: int | None = None):
        super().__init__(message)
        self.row = row


@dataclass(frozen=True)
class FolderEntry:
    """One name in a Tool 1 folder and what the ingester does with it.

    ``action`` is ``"read"``, ``"skip"`` or ``"refuse"``; ``reason`` says why a name is
    skipped or refused (None when it is read).
    """

    path: Path
    action: str
    reason: str | None = None


def folder_entries(folder: Path) -> list[FolderEntry]:
    """Every name directly in ``folder``, sorted, with what the ingester does with it.

    Read: ``.xlsx`` workbooks and ``.csv`` exports. Skipped: Excel lock files (``~$...``),
    hidden files (a leading ``.``, or the hidden attribute on Windows), documentation
    (:data:`DOCUMENTATION_SUFFIXES`) and sub-folders. Refused: every other file. A missing
    folder has no entries.
    """
    if not folder.is_dir():
        return []
    return [_entry(path) for path in sorted(folder.iterdir(), key=lambda path: path.name)]


def _entry(path: Path) -> FolderEntry:
    name, suffix = path.name, path.suffix.lower()
    if name.startswith("~$"):
        return FolderEntry(path, "skip", f"Excel lock file ({name[2:]} is open in Excel; unsaved changes are not read)")
    if name.startswith(".") or getattr(path.stat(), "st_file_attributes", 0) & stat.FILE_ATTRIBUTE_HIDDEN:
        return FolderEntry(path, "skip", "hidden file")
    if path.is_dir():
        return FolderEntry(path, "skip", "folder (only the files directly in the Tool 1 folder are read)")
    if suffix in TOOL1_READ_SUFFIXES:
        return FolderEntry(path, "read")
    if suffix in DOCUMENTATION_SUFFIXES:
        return FolderEntry(path, "skip", f"documentation ({suffix})")
    kind = KNOWN_FORMATS.get(suffix, f"a '{suffix}' file" if suffix else "a file without an extension")
    return FolderEntry(path, "refuse", f"unsupported format: {kind} is not read; {SAVE_AS}")


def read_table(path: Path, column_aliases: dict[str, str]) -> tuple[str | None, list[tuple], int | None]:
    """Sheet name (None for a CSV), rows and 0-based header-row index of a workbook or CSV export.

    Row ``i`` of the list is row ``i + 1`` as a spreadsheet shows it. A formula without a
    stored value comes back as :class:`FormulaText`.

    Raises
    ------
    UnreadableFile
        A CSV file that is not UTF-8 text or not a CSV table.
    Exception
        One of :data:`READ_ERRORS` for a file that is not a valid ``.xlsx`` workbook.
    """
    if path.suffix.lower() == ".csv":
        return csv_table(path, column_aliases)
    return first_table(path, column_aliases)


def first_table(path: Path, column_aliases: dict[str, str]) -> tuple[str | None, list[tuple], int | None]:
    """Sheet name, rows and header-row index of the first sheet of a workbook that has a header row.

    Cells hold their stored values (``data_only``); a formula without one is
    :class:`FormulaText`. openpyxl reads the workbook's structure (sheets, shared strings,
    number formats); the cells are read by :func:`~ascc_analysis.data.tool1_xlsx.sheet_rows`,
    or by openpyxl for a sheet that reader leaves to it.
    """
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        with zipfile.ZipFile(path) as archive:
            for sheet in workbook.worksheets:
                # openpyxl keeps no public name for a sheet's part in the archive
                xml = archive.read(sheet._worksheet_path)
                rows = _sheet_rows(workbook, sheet, xml)
                header = find_header_row(rows, column_aliases)
                if header is not None:
                    return sheet.title, rows, header
        return None, [], None
    finally:
        workbook.close()


def _sheet_rows(workbook, sheet, xml: bytes) -> list:
    """A sheet's rows through the fast reader, or through openpyxl when the sheet is unusual."""
    try:
        return sheet_rows(xml, workbook.shared_strings, workbook._date_formats, workbook._timedelta_formats,
                          workbook.epoch)
    except UnusualSheet:
        sheet.reset_dimensions()
        rows = list(sheet.iter_rows(min_row=1, values_only=True))
        return _with_formulas(rows, formulas_without_value(xml))


def formulas_without_value(sheet_xml: bytes) -> dict[tuple[int, int], str]:
    """``{(row, column): "=formula"}`` (1-based) of the formula cells that hold no stored value.

    A formula holds none when its workbook was written by a program that does not calculate
    (openpyxl, some exporters): an absent or empty ``<v>``, except for a text result, whose
    stored value may be the empty text. Shared formulas are spelt out for each cell.
    """
    if not FORMULA_ELEMENT.search(sheet_xml):
        return {}
    shared: dict[str, tuple[str, str]] = {}
    found = {}
    for _, element in iterparse(io.BytesIO(sheet_xml)):
        if element.tag != _CELL:
            continue
        formula, coordinate = element.find(_FORMULA), element.get("r")
        if formula is not None and coordinate:
            text = formula_text(formula, coordinate, shared)
            value = element.find(_VALUE)
            stored = value is not None and (value.text or element.get("t") == _STRING_RESULT)
            if text and not stored:
                found[coordinate_to_tuple(coordinate)] = text
        element.clear()
    return found


def _with_formulas(rows: list[tuple], formulas: dict[tuple[int, int], str]) -> list[tuple]:
    """``rows`` with each empty cell that holds a formula without a stored value set to its FormulaText."""
    for (number, column), text in formulas.items():
        if number > len(rows):
            continue
        row = list(rows[number - 1]) + [None] * max(0, column - len(rows[number - 1]))
        if row[column - 1] is None:
            row[column - 1] = FormulaText(text)
            rows[number - 1] = tuple(row)
    return rows


def csv_table(path: Path, column_aliases: dict[str, str]) -> tuple[None, list[tuple], int | None]:
    """Rows and header-row index of a CSV export of a Tool 1 sheet (UTF-8, with or without a BOM).

    Every cell is text (an empty cell is ``""``); a spreadsheet formula in a CSV is text as
    typed. The delimiter is the first of :data:`CSV_DELIMITERS` that yields a header row.

    Raises
    ------
    UnreadableFile
        The file is not UTF-8 text, or not a CSV table.
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = data[:error.start].count(b"\n") + 1
        raise UnreadableFile(f"not UTF-8 text (byte 0x{data[error.start:error.end].hex()} on line {row}); "
                             "in Excel save it as 'CSV UTF-8 (Comma delimited)'", row) from error
    tables = []
    for delimiter in CSV_DELIMITERS:
        try:
            rows = [tuple(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
        except csv.Error as error:
            raise UnreadableFile(f"not a readable CSV table ({error})") from error
        header = find_header_row(rows, column_aliases)
        if header is not None:
            return None, rows, header
        tables.append(rows)
    return None, tables[0], None

