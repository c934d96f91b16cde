"""One Tool 1 file (a workbook or a CSV export) read into cleaned activity records, with every issue it holds.

:func:`read_workbook` needs nothing but the file and the taxonomy, so that the files of a
folder can be read one by one, in this process or in worker processes
(``data.tool1_workers``); ``data.tool1`` then checks them against each other (one workbook
per body, unique activity codes) and builds the register's tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from ascc_analysis.data.schema import DEFAULT_PROVENANCE, TOOL1_REQUIRED_COLUMNS
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.data.tool1_cells import (
    CellError,
    cell,
    clean_text,
    display,
    header_block,
    is_blank,
    is_total_row,
    map_code,
    map_header,
    parse_date,
    parse_references,
    parse_year,
    required,
    resolve_body,
)
from ascc_analysis.data.tool1_files import READ_ERRORS, FormulaText, UnreadableFile, read_table

CODE_FIELDS = {"status": "status_codes", "activity_type": "activity_type_codes",
               "funding_source": "funding_source_codes", "provenance": "provenance_codes"}
"""Coded columns and the taxonomy property listing their valid codes."""

TOTAL_CELLS = ("activity_code", "title", "row_number")
"""Columns whose text can mark a closing total row."""

@dataclass(frozen=True)
class IngestIssue:
    """One problem found in the raw files.

    ``severity`` is ``"error"`` (the value cannot be interpreted) or ``"warning"``
    (e.g. an unknown extra column, ignored). Location fields are None where they do
    not apply; ``row`` is the 1-based Excel row.
    """

    severity: str
    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        where += [f"sheet '{self.sheet}'"] if self.sheet is not None else []
        where += [f"row {self.row}"] if self.row is not None else []
        where += [f"column '{self.column}'"] if self.column is not None else []
        return f"{', '.join(where)}: {self.message}"


@dataclass
class IssueLog:
    """Issue collector bound to one file (and sheet, once known)."""

    issues: list[IngestIssue]
    file: str
    sheet: str | None = None
    n_errors: int = 0

    def error(self, *where_and_message) -> None:
        self.issues.append(IngestIssue("error", self.file, self.sheet, *where_and_message))
        self.n_errors += 1

    def warning(self, *where_and_message) -> None:
        self.issues.append(IngestIssue("warning", self.file, self.sheet, *where_and_message))


@dataclass
class WorkbookRecords:
    """One workbook's header fields and cleaned activity records."""

    file: str
    body: str | None
    body_row: int | None
    reporting_date: str | None
    log: IssueLog
    records: list[dict] = field(default_factory=list)


@dataclass
class FileReading:
    """What one file gave: its records (``book``; None when it cannot be read or has no header row) and its issues.

    ``book.log`` appends to ``issues``, also once the file is read (``data.tool1`` logs a
    repeated activity code there).
    """

    file: str
    book: WorkbookRecords | None
    issues: list[IngestIssue]


def read_workbook(path: Path, taxonomy: Taxonomy, parsers: dict | None = None) -> FileReading:
    """Read and clean one workbook (``.xlsx``) or CSV export, collecting its issues; never raises for its content.

    Parameters
    ----------
    path : Path
        The file.
    taxonomy : Taxonomy
        Alias tables and code lists.
    parsers : dict, optional
        :func:`row_parsers` of ``taxonomy``, shared by the files of one folder (they remember
        the values they parsed); made for this file when None.

    Returns
    -------
    FileReading
        Every row below the header row that is neither blank nor a total row becomes a
        record (activity columns, ``references`` and ``ok``: False when the row or the
        header block holds an error).
    """
    issues: list[IngestIssue] = []
    log = IssueLog(issues, path.name)
    book = _records(path, taxonomy, log, row_parsers(taxonomy) if parsers is None else parsers)
    return FileReading(path.name, book, issues)


def _records(path: Path, taxonomy: Taxonomy, log: IssueLog, parsers: dict) -> WorkbookRecords | None:
    """The header fields and cleaned records of one file; None when it cannot be read or has no header row."""
    is_csv = path.suffix.lower() == ".csv"
    try:
        log.sheet, rows, header = read_table(path, taxonomy.column_aliases)
    except UnreadableFile as exc:
        log.error(exc.row, None, None, str(exc))
        return None
    except READ_ERRORS as exc:
        kind = "could not be read" if is_csv else "not a valid Excel workbook"
        log.error(None, None, None, f"{kind} ({type(exc).__name__}: {exc})")
        return None
    if header is None:
        where = "the file has no row" if is_csv else "no sheet has a row"
        log.error(None, None, None, f"no header row found: {where} with at least three "
                  "known column names (see data/taxonomy/aliases/columns.csv)")
        return None
    errors_before = log.n_errors
    columns = _map_columns(rows[header], header + 1, taxonomy, log)
    block = header_block(rows[:header], taxonomy.header_block_aliases)
    body, body_row = _header_field(block, "sectoral_body", lambda value: resolve_body(value, taxonomy), log)
    reporting_date, _ = _header_field(block, "reporting_date", parse_date, log)
    book = WorkbookRecords(path.name, body, body_row, reporting_date, log)
    header_ok = log.n_errors == errors_before
    for number, row in enumerate(rows[header + 1:], start=header + 2):
        values = {name: cell(row, index) for name, index in columns.items()}
        content = [value for name, value in values.items() if name != "row_number"]  # pre-numbered rows
        if all(map(is_blank, content)) or is_total_row(*map(values.get, TOTAL_CELLS)):
            continue
        record = _clean_row(row, number, columns, book, taxonomy, parsers)
        record["ok"] = record["ok"] and header_ok
        book.records.append(record)
    if not book.records:
        log.error(header + 1, None, None, "no activity rows below the header row: a Sectoral Body's file lists "
                  "its activities, one a row; fill them in or remove the file")
    return book


def _map_columns(header_row: tuple, number: int, taxonomy: Taxonomy, log: IssueLog) -> dict[str, int]:
    """Canonical column -> cell index; logs unknown, repeated and missing columns."""
    columns, unknown, repeated = map_header(header_row, taxonomy.column_aliases)
    for index, text in unknown:
        log.warning(number, text, text, f"unknown column (Excel column {get_column_letter(index + 1)}) "
                    "ignored; add it to data/taxonomy/aliases/columns.csv if it should be read")
    for _, text, canonical in repeated:
        first = clean_text(header_row[columns[canonical]])
        log.error(number, canonical, text, f"header '{text}' repeats column '{canonical}' "
                  f"(already read from '{first}'); keep one of them")
    for name in TOOL1_REQUIRED_COLUMNS:
        if name not in columns:
            accepted = sorted(alias for alias, column in taxonomy.column_aliases.items() if column == name)
            log.error(number, name, None, f"missing required column '{name}' "
                      f"(headers accepted: {', '.join(accepted)})")
    return columns


def _header_field(block: dict, name: str, parse, log: IssueLog) -> tuple[object, int | None]:
    """A parsed header-block field and its row; (None, row) with an error logged if bad."""
    row, value = block.get(name, (None, None))
    label = name.replace("_", " ").capitalize()
    if row is None:
        log.error(None, name, None, f"missing '{label}' in the header block (label in column A, value in B)")
        return None, None
    if isinstance(value, FormulaText):
        _formula_warning(log, row, name, value)
    try:
        return parse(value), row
    except CellError as exc:
        log.error(row, name, display(value), str(exc))
        return None, row


def row_parsers(taxonomy: Taxonomy) -> dict:
    """Column -> parser of one cell for :func:`_clean_row`; the parsers of columns whose values repeat
    (codes, years, references) remember each value's result, so that a large register parses each once."""

    def coded(name):
        return _memo(lambda raw: map_code(raw, taxonomy.value_aliases[name], getattr(taxonomy, CODE_FIELDS[name])))

    provenance = coded("provenance")
    return {"activity_code": required(clean_text), "title": required(clean_text),
            **{name: coded(name) for name in ("activity_type", "status", "funding_source")},
            "start_year": _memo(required(parse_year)), "end_year": _memo(parse_year), "notes": clean_text,
            "provenance": lambda raw: None if is_blank(raw) else provenance(raw),
            "blueprint_reference": _memo(lambda raw: parse_references(raw, taxonomy.parse_reference))}


def _memo(parse):
    """``parse`` remembering its result (or its CellError) for each raw value and type."""
    known: dict = {}

    def remembered(raw):
        key = (type(raw), raw)  # 1, 1.0 and True are equal keys of a dict
        if key not in known:
            try:
                known[key] = (True, parse(raw))
            except CellError as error:
                known[key] = (False, error)
        ok, result = known[key]
        if ok:
            return result
        raise CellError(str(result))

    return remembered


def _clean_row(row: tuple, number: int, columns: dict[str, int], book: WorkbookRecords, taxonomy: Taxonomy,
               parsers: dict) -> dict:
    """One activity record (activity columns + ``references`` + ``ok``); logs every bad cell."""
    log, errors_before = book.log, book.log.n_errors

    def read(name, parse):
        if name not in columns:
            return None
        index = columns[name]
        raw = row[index] if index < len(row) else None
        if isinstance(raw, FormulaText):
            _formula_warning(log, number, name, raw, f"{get_column_letter(index + 1)}{number}")
        try:
            return parse(raw)
        except CellError as exc:
            log.error(number, name, display(raw), str(exc))
            return None

    record = {name: read(name, parsers[name]) for name in ("activity_code", "title", "activity_type", "status",
                                                            "funding_source", "start_year", "end_year", "notes")}
    record["provenance"] = read("provenance", parsers["provenance"]) or DEFAULT_PROVENANCE
    references = read("blueprint_reference",
                      lambda raw: _references(parsers["blueprint_reference"](raw), taxonomy, number, log)) or []
    record |= {"sectoral_body": book.body, "blueprint_reference": "; ".join(references) or None,
               "reporting_date": book.reporting_date, "source_file": book.file,
               "source_sheet": log.sheet, "source_row": number, "references": references}
    record["ok"] = log.n_errors == errors_before
    return record


def _formula_warning(log: IssueLog, row: int, column: str, formula: FormulaText, cell_name: str | None = None) -> None:
    """Log a formula without a stored value: kept as inert text, never evaluated."""
    where = f" in cell {cell_name}" if cell_name else ""
    log.warning(row, column, str(formula), f"formula{where} has no stored value (the file was saved by a program "
                "that does not calculate): kept as the text written, not evaluated; open and save it in Excel "
                "to store the value, or type the value")


def _references(parsed: tuple[list[str], list[str]], taxonomy: Taxonomy, number: int, log: IssueLog) -> list[str]:
    """Canonical references of a cell from ``parse_references``; logs each unknown token, or a cell with none."""
    codes, unknown = parsed
    for token in unknown:
        log.error(number, "blueprint_reference", token, f"unknown Blueprint reference '{token}' "
                  f"(known KRAs: {', '.join(taxonomy.kra_codes)}, or a strategic measure such as A.1.3)")
    if not codes and not unknown:
        raise CellError("no Blueprint reference (a KRA such as A.1 or a strategic measure such as A.1.3)")
    return list(codes)
