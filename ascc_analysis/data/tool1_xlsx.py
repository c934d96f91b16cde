"""A worksheet's cell values read straight from its XML, as openpyxl's read-only mode gives them, but faster.

openpyxl builds a dictionary and a rich-text object for every cell, which on a large Tool 1
export takes most of the ingest. :func:`sheet_rows` reads the same values (stored values of
formula cells, shared and inline strings, numbers, booleans, dates by the cell's number
format) from the sheet's XML with the standard library's C parser, and marks a formula
without a stored value as :class:`FormulaText` in the same pass. A plain sheet (no formula
or rich text, cells written as Excel and openpyxl write them) is read by two regular
expressions instead, about 40 % faster; any other is left to the parser. Anything the
parser's path does not know raises :class:`UnusualSheet`, and the caller reads that sheet
with openpyxl instead.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Sequence
from warnings import warn
from xml.etree.ElementTree import ParseError, fromstring, iterparse

from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS

_ROW, _CELL, _VALUE, _FORMULA, _INLINE, _TEXT, _RUN, _PHONETIC_RUN, _PHONETIC = (
    f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("row", "c", "v", "f", "is", "t", "r", "rPh", "phoneticPr"))
_STRING_RESULT = "str"
_SHEET_DATA_OPEN, _SHEET_DATA_CLOSE = b"<sheetData>", b"</sheetData>"
_CLOSING = b"</sheetData></worksheet>"

CHUNK_BYTES = 2 ** 21
"""About how much of a sheet's rows the C parser builds at a time (a tree of a few tens of megabytes)."""

FORMULA_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
"""A formula element in a sheet's XML: a cheap test before looking for formulas in each cell."""

CELL_REFERENCE = re.compile(r"([A-Z]{1,3})(\d+)")
"""A cell's ``r`` attribute as Excel and openpyxl write it (no ``$``, upper case)."""

PLAIN_ROW = re.compile(rb'<row r="(\d+)"[^>]*?(?:/>|>(.*?)</row>)', re.S)
"""A ``<row>`` of a plain sheet (:func:`_plain_rows`): its number and its cells."""

PLAIN_CELL = re.compile(rb'<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="([a-zA-Z]+)")?'
                        rb'(?:/>|>(?:<v>([^<]*)</v>|(<is><t(?: xml:space="preserve")?>)([^<]*)</t></is>)?</c>)')
"""A cell as Excel and openpyxl write the plain ones: attributes ``r``, ``s``, ``t`` in this order, and at most a
stored value or one inline text; groups: column letters, style, type, stored value, inline opening, inline text."""

XML_REFERENCE = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));")
_XML_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


class FormulaText(str):
    """A formula as written (``=SUM(B2:B9)``) in a cell whose workbook holds no stored value.

    It is never evaluated: the ingester keeps it as plain text and reports where it is.
    """


class UnusualSheet(ValueError):
    """A sheet's XML uses something :func:`sheet_rows` leaves to openpyxl (the message says what)."""


def sheet_rows(sheet_xml: bytes, shared_strings: Sequence[str], date_styles: Collection[int],
               timedelta_styles: Collection[int], epoch) -> list:
    """The rows of a worksheet as ``iter_rows(values_only=True)`` of a read-only, data-only openpyxl sheet gives them.

    Row ``i`` of the list is sheet row ``i + 1``: a tuple as long as its last cell, or an
    empty list for a row the XML leaves out (as openpyxl gives it). A formula cell holds
    its stored value; one without (an absent or empty ``<v>``, except for a text result,
    whose stored value may be the empty text) holds its formula as :class:`FormulaText`,
    shared formulas spelt out for each cell.

    Parameters
    ----------
    sheet_xml : bytes
        The sheet's part of the archive (``xl/worksheets/sheet1.xml``).
    shared_strings : sequence of str
        The workbook's shared strings (openpyxl's ``workbook.shared_strings``).
    date_styles, timedelta_styles : collection of int
        Style indices whose number format is a date, or a duration (openpyxl's
        ``workbook._date_formats`` and ``workbook._timedelta_formats``).
    epoch : datetime
        The workbook's date epoch (``workbook.epoch``).

    Raises
    ------
    UnusualSheet
        For a row or cell without its reference, or inline text of an unknown form.
    """
    cells = _Cells(shared_strings, date_styles, timedelta_styles, epoch, _may_hold_formulas(sheet_xml))
    rows = None if cells.formulas else _plain_rows(sheet_xml, cells)
    if rows is not None:
        return rows
    rows = []
    for element in _row_elements(sheet_xml):
        number = _row_number(element)
        while len(rows) + 1 < number:
            rows.append([])
        if len(rows) + 1 == number:
            rows.append(cells.row(element, number))
    return rows


def _plain_rows(sheet_xml: bytes, cells: _Cells) -> list | None:
    """:func:`sheet_rows` of a plain sheet read by two patterns, without building elements; None for another sheet.

    A sheet is plain when it is UTF-8, without comments or CDATA, its opening is a
    well-formed document with the closing tags, and every ``<row>`` and
    ``<c>`` of its ``sheetData`` matches :data:`PLAIN_ROW` and :data:`PLAIN_CELL` (no formula,
    no rich text, no other attribute): the counts of both are checked after reading. Text
    is read as the XML parser reads it: references replaced, line ends made ``\\n``.
    """
    start, end = sheet_xml.find(_SHEET_DATA_OPEN), sheet_xml.rfind(_SHEET_DATA_CLOSE)
    declaration = sheet_xml[:sheet_xml.find(b"?>") + 2] if sheet_xml.startswith(b"<?xml") else b""
    if start < 0 or end < start or b"<!--" in sheet_xml or b"<![CDATA[" in sheet_xml or (
            b"encoding" in declaration and not re.search(rb"""encoding=["']utf-8["']""", declaration, re.I)):
        return None
    try:
        fromstring(sheet_xml[:start + len(_SHEET_DATA_OPEN)] + _CLOSING)  # the document around the rows
    except ParseError:
        return None
    data = sheet_xml[start + len(_SHEET_DATA_OPEN):end]
    rows: list = []
    found_rows = found_cells = 0
    columns, strings = cells.letter_columns, cells.strings
    for row in PLAIN_ROW.finditer(data):
        found_rows += 1
        number = int(row.group(1))
        while len(rows) + 1 < number:
            rows.append([])
        values: list = []
        for letters, style, kind, stored, opened, inline in PLAIN_CELL.findall(row.group(2) or b""):
            found_cells += 1
            column = columns.get(letters)
            if column is None:
                column = columns[letters] = column_index_from_string(letters.decode())
            if kind == b"inlineStr":
                if not opened:
                    value = None
                elif b"&" in inline or b"\r" in inline:
                    value = _xml_text(inline)
                else:
                    value = inline.decode()
            elif opened:
                return None  # inline text in a cell of another type: left to the parser
            elif not stored:
                value = None
            elif kind == b"s":
                value = strings[int(stored)]
            elif kind == b"str" or kind == b"e":
                value = _xml_text(stored)
            else:
                reference = f"{letters.decode()}{number}"
                value = cells.typed(stored.decode(), kind.decode() or None, style.decode() or None, reference)
            if value is _NOT_PLAIN:
                return None
            if column > len(values):
                values.extend([None] * (column - len(values)))
            values[column - 1] = value
        if len(rows) + 1 == number:
            rows.append(tuple(values))
    if found_rows != data.count(b"<row") or found_cells != data.count(b"<c ") + data.count(b"<c>") + data.count(
            b"<c/"):
        return None
    return rows


_NOT_PLAIN = object()


def _xml_text(raw: bytes) -> str | object:
    """The text of raw element content as the XML parser gives it; :data:`_NOT_PLAIN` for an unknown reference."""
    text = raw.decode()
    if b"&" not in raw and b"\r" not in raw:
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" not in text:
        return text
    if "&" in XML_REFERENCE.sub("", text):
        return _NOT_PLAIN
    try:
        return XML_REFERENCE.sub(_reference, text)
    except ValueError:  # a character number no character has: the parser rejects it
        return _NOT_PLAIN


def _reference(match) -> str:
    name, decimal, hexadecimal = match.groups()
    return _XML_ENTITIES[name] if name else chr(int(decimal) if decimal else int(hexadecimal, 16))


def _row_elements(sheet_xml: bytes):
    """The ``<row>`` elements of a sheet, each complete.

    The C parser builds the rows a few megabytes at a time: the document's opening up to
    ``<sheetData>``, a run of whole rows, and the closing tags, parsed as one document
    (much cheaper than an event per element). A sheet whose ``sheetData`` is not written
    plainly (a namespace prefix, a comment) is read event by event instead.
    """
    start, end = sheet_xml.find(_SHEET_DATA_OPEN), sheet_xml.rfind(_SHEET_DATA_CLOSE)
    if start < 0 or end < start or b"<!--" in sheet_xml or b"<![CDATA[" in sheet_xml:
        yield from _row_events(sheet_xml)
        return
    opening, position = sheet_xml[:start + len(_SHEET_DATA_OPEN)], start + len(_SHEET_DATA_OPEN)
    while position < end:
        cut = sheet_xml.find(b"</row>", position + CHUNK_BYTES, end)
        cut = end if cut < 0 else cut + len(b"</row>")
        try:
            data = fromstring(opening + sheet_xml[position:cut] + _CLOSING)[-1]
        except ParseError as error:  # a root other than <worksheet>, or malformed: openpyxl decides
            raise UnusualSheet(f"sheet XML not read in runs of rows ({error})") from None
        position = cut
        yield from (element for element in data if element.tag == _ROW)


def _row_events(sheet_xml: bytes):
    for _, element in iterparse(io.BytesIO(sheet_xml)):
        if element.tag == _ROW:
            yield element
            element.clear()


def _may_hold_formulas(sheet_xml: bytes) -> bool:
    """False only when the sheet holds no formula element (two plain searches, much cheaper than the pattern)."""
    return b"<f" in sheet_xml or b":f" in sheet_xml


def _row_number(element) -> int:
    try:
        return int(element.get("r"))
    except (TypeError, ValueError):
        raise UnusualSheet(f"row without a whole row number ({element.get('r')!r})") from None


class _Cells:
    """Reads one row's values, each at its column, as openpyxl's ``WorkSheetParser.parse_cell`` reads them."""

    def __init__(self, strings, date_styles, timedelta_styles, epoch, formulas: bool):
        self.strings, self.date_styles, self.timedelta_styles = strings, date_styles, timedelta_styles
        self.epoch = epoch
        self.formulas = formulas
        self.columns: dict[str, int] = {}
        self.letter_columns: dict[bytes, int] = {}
        self.shared: dict[str, tuple[str, str]] = {}

    def row(self, row, number: int) -> tuple:
        values: list = []
        columns = self.columns
        for element in row:
            if element.tag != _CELL:
                continue
            reference = element.get("r") or ""
            letters = reference.rstrip("0123456789")
            column = columns.get(letters)
            if column is None:
                column = columns[letters] = _column(reference)
            kind = element.get("t")
            if kind == "inlineStr":
                inline = element.find(_INLINE)
                if inline is None:
                    value = None
                elif len(inline) == 1 and inline[0].tag == _TEXT:
                    value = inline[0].text or ""
                else:
                    value = _inline_text(inline)
            else:
                value = element.findtext(_VALUE) or None
                if value is not None and kind != "str" and kind != "e":
                    value = self.typed(value, kind, element.get("s"), reference)
            if self.formulas:
                formula = element.find(_FORMULA)
                if formula is not None:
                    value = _formula_value(element, formula, value, kind, reference, number, self.shared)
            if column > len(values):
                values.extend([None] * (column - len(values)))
            values[column - 1] = value
        return tuple(values)

    def typed(self, text: str, kind: str | None, style: str | None, reference: str):
        """A stored value by the cell's type: a number (or date), a shared string, a boolean, an ISO date."""
        if kind is None or kind == "n":
            return _number(text, style, self.date_styles, self.timedelta_styles, self.epoch, reference)
        if kind == "s":
            return self.strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text


def _column(reference: str) -> int:
    match = CELL_REFERENCE.fullmatch(reference)
    if match is None:
        raise UnusualSheet(f"cell without a plain reference ({reference!r})")
    return column_index_from_string(match.group(1))


def _number(text: str, style: str | None, date_styles, timedelta_styles, epoch, reference: str):
    """A numeric cell: int or float as written, a date or duration when its style's number format says so."""
    value = float(text) if "." in text or "E" in text or "e" in text else int(text)
    style_id = int(style) if style else 0
    if style_id not in date_styles:
        return value
    try:
        return from_excel(value, epoch, timedelta=style_id in timedelta_styles)
    except (OverflowError, ValueError):
        warn(f"Cell {reference} is marked as a date but the serial value {value} is outside the limits for dates. "
             "The cell will be treated as an error.", stacklevel=2)
        return "#VALUE!"


def _inline_text(inline) -> str:
    """The text of an inline string: its plain text, then each rich-text run's (phonetic runs left out)."""
    plain, runs = None, []
    for node in inline:
        if node.tag == _TEXT and plain is None:
            plain = node.text
        elif node.tag == _RUN:
            text = node.findtext(_TEXT, None)
            if text:
                runs.append(text)
        elif node.tag not in (_PHONETIC_RUN, _PHONETIC):
            raise UnusualSheet(f"inline string holding <{node.tag}>")
    return "".join(([plain] if plain is not None else []) + runs)


def _formula_value(element, formula, value, kind: str | None, reference: str, number: int, shared: dict):
    """``value``, or the formula as :class:`FormulaText` when the cell has none stored."""
    text = formula_text(formula, reference, shared)
    stored = element.find(_VALUE)
    if value is not None or not text or (stored is not None and (stored.text or kind == _STRING_RESULT)):
        return value
    if CELL_REFERENCE.fullmatch(reference).group(2) != str(number):  # openpyxl places it by its reference
        raise UnusualSheet(f"formula cell {reference} in row {number}")
    return FormulaText(text)


def formula_text(formula, coordinate: str, shared: dict[str, tuple[str, str]]) -> str | None:
    """``=`` and the formula of a cell; a shared formula's later cells are translated from its first."""
    if formula.get("t") != "shared":
        return f"={formula.text}" if formula.text else None
    index = formula.get("si")
    if formula.text:
        shared[index] = (f"={formula.text}", coordinate)
        return shared[index][0]
    if index not in shared:
        return None
    first, origin = shared[index]
    return Translator(first, origin=origin).translate_formula(coordinate)
