"""Ingest Tool 1 workbooks into tidy, typed tables.

Every ``*.xlsx`` in the Tool 1 folder is read (read-only, never modified); see
``data/raw/tool1/README.md`` for the layout. All problems are collected as
:class:`IngestIssue` records rather than stopping at the first, so a desk officer sees
every cell to fix in one pass. Notebooks call :func:`load_register`, which raises one
:class:`Tool1IngestError` listing all errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from ascc_analysis.config import DataPaths
from ascc_analysis.data.schema import ACTIVITY_DTYPES, DEFAULT_PROVENANCE, LINK_DTYPES, TOOL1_REQUIRED_COLUMNS
from ascc_analysis.data.taxonomy import Taxonomy, load_taxonomy
from ascc_analysis.data.tool1_cells import READ_ERRORS, CellError, cell, clean_text, display, first_table, header_block, is_blank, is_total_row, map_code, map_header, parse_date, parse_references, parse_year, required, resolve_body, workbook_files

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


class Tool1IngestError(ValueError):
    """The Tool 1 workbooks hold errors; ``issues`` lists all of them."""

    def __init__(self, issues: tuple[IngestIssue, ...] | list[IngestIssue]):
        self.issues = tuple(issues)
        count = f"{len(self.issues)} error{'' if len(self.issues) == 1 else 's'} in the Tool 1 workbooks:"
        super().__init__("\n".join([count] + [f"  - {issue}" for issue in self.issues]))


@dataclass(frozen=True, eq=False)
class Tool1Register:
    """The ingested Tool 1 register.

    Attributes
    ----------
    activities : pandas.DataFrame
        One row per activity; columns and dtypes of ``schema.ACTIVITY_DTYPES``.
    links : pandas.DataFrame
        One row per (activity, Blueprint reference); ``schema.LINK_DTYPES``.
    issues : tuple of IngestIssue
        Every error and warning, in file and row order. Rows with an error (or from a
        workbook whose header has one) are left out of the tables.
    files : tuple of str
        Names of the ``.xlsx`` files found and read.
    reporting_date : str or None
        The latest reporting date (ISO) of the header blocks.
    """

    activities: pd.DataFrame
    links: pd.DataFrame
    issues: tuple[IngestIssue, ...] = ()
    files: tuple[str, ...] = ()
    reporting_date: str | None = None

    @property
    def errors(self) -> tuple[IngestIssue, ...]:
        """The issues of severity ``"error"``."""
        return tuple(issue for issue in self.issues if issue.severity == "error")

    @property
    def warnings(self) -> tuple[IngestIssue, ...]:
        """The issues of severity ``"warning"``."""
        return tuple(issue for issue in self.issues if issue.severity == "warning")

    def raise_for_errors(self) -> "Tool1Register":
        """Return self, or raise :class:`Tool1IngestError` listing every error."""
        if self.errors:
            raise Tool1IngestError(self.errors)
        return self

    def provenance_counts(self) -> dict[str, int]:
        """Number of activity rows by provenance value."""
        counts = self.activities["provenance"].value_counts().sort_index()
        return {str(key): int(value) for key, value in counts.items()}


@dataclass
class _Log:
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
class _Workbook:
    """One workbook's header fields and cleaned activity records."""

    file: str
    body: str | None
    body_row: int | None
    reporting_date: str | None
    log: _Log
    records: list[dict] = field(default_factory=list)


def ingest_tool1(data_dir: str | Path | None = None, *, taxonomy: Taxonomy | None = None) -> Tool1Register:
    """Read every Tool 1 workbook of a data folder into tidy tables, collecting issues.

    Parameters
    ----------
    data_dir : str or Path, optional
        A data folder (``raw/tool1/`` inside it, or ``.xlsx`` files directly); the
        shipped ``data/`` when None.
    taxonomy : Taxonomy, optional
        Code lists and alias tables; loaded from ``data_dir`` when None.

    Returns
    -------
    Tool1Register
        Tables of the rows that ingested cleanly, and all issues (never raises for
        problems in the workbooks).
    """
    paths = DataPaths.of(data_dir)
    taxonomy = load_taxonomy(data_dir) if taxonomy is None else taxonomy
    files = workbook_files(paths.tool1_dir)
    issues: list[IngestIssue] = []
    if not files:
        _Log(issues, str(paths.tool1_dir)).error(None, None, None, "no Tool 1 workbooks (*.xlsx) found")
    workbooks = [book for path in files if (book := _read_workbook(path, taxonomy, issues))]
    _check_duplicates(workbooks)
    records = [record for book in workbooks for record in book.records if record["ok"]]
    order = {name: index for index, name in enumerate(path.name for path in files)}
    issues.sort(key=lambda issue: (order.get(issue.file, -1), issue.row or 0))
    dates = [book.reporting_date for book in workbooks if book.reporting_date]
    return Tool1Register(activities=_typed(records, ACTIVITY_DTYPES), links=_link_frame(records, taxonomy),
                         issues=tuple(issues), files=tuple(path.name for path in files),
                         reporting_date=max(dates) if dates else None)


def load_register(data_dir: str | Path | None = None) -> Tool1Register:
    """Ingest the Tool 1 workbooks and raise :class:`Tool1IngestError` if any error."""
    return ingest_tool1(data_dir).raise_for_errors()


def _read_workbook(path: Path, taxonomy: Taxonomy, issues: list[IngestIssue]) -> _Workbook | None:
    """Clean one workbook; None when it cannot be read or has no header row."""
    log = _Log(issues, path.name)
    try:
        log.sheet, rows, header = first_table(path, taxonomy.column_aliases)
    except READ_ERRORS as exc:
        log.error(None, None, None, f"not a valid Excel workbook ({type(exc).__name__}: {exc})")
        return None
    if header is None:
        log.error(None, None, None, "no header row found: no sheet has a row with at least three "
                  "known column names (see data/taxonomy/aliases/columns.csv)")
        return None
    errors_before = log.n_errors
    columns = _map_columns(rows[header], header + 1, taxonomy, log)
    block = header_block(rows[:header], taxonomy.header_block_aliases)
    body, body_row = _header_field(block, "sectoral_body", lambda value: resolve_body(value, taxonomy), log)
    reporting_date, _ = _header_field(block, "reporting_date", parse_date, log)
    book = _Workbook(path.name, body, body_row, reporting_date, log)
    header_ok = log.n_errors == errors_before
    for number, row in enumerate(rows[header + 1:], start=header + 2):
        values = {name: cell(row, index) for name, index in columns.items()}
        content = [value for name, value in values.items() if name != "row_number"]  # pre-numbered rows
        if all(map(is_blank, content)) or is_total_row(*map(values.get, TOTAL_CELLS)):
            continue
        record = _clean_row(row, number, columns, book, taxonomy)
        record["ok"] = record["ok"] and header_ok
        book.records.append(record)
    return book


def _map_columns(header_row: tuple, number: int, taxonomy: Taxonomy, log: _Log) -> dict[str, int]:
    """Canonical column -> cell index; logs unknown, repeated and missing columns."""
    columns, unknown, repeated = map_header(header_row, taxonomy.column_aliases)
    for index, text in unknown:
        log.warning(number, text, text, f"unknown column (Excel column {get_column_letter(index + 1)}) "
                    "ignored; add it to data/taxonomy/aliases/columns.csv if it should be read")
    for index, text, canonical in repeated:
        first = clean_text(header_row[columns[canonical]])
        log.error(number, canonical, text, f"header '{text}' repeats column '{canonical}' "
                  f"(already read from '{first}'); keep one of them")
    for name in TOOL1_REQUIRED_COLUMNS:
        if name not in columns:
            accepted = sorted(alias for alias, column in taxonomy.column_aliases.items() if column == name)
            log.error(number, name, None, f"missing required column '{name}' "
                      f"(headers accepted: {', '.join(accepted)})")
    return columns


def _header_field(block: dict, name: str, parse, log: _Log) -> tuple[object, int | None]:
    """A parsed header-block field and its row; (None, row) with an error logged if bad."""
    row, value = block.get(name, (None, None))
    label = name.replace("_", " ").capitalize()
    if row is None:
        log.error(None, name, None, f"missing '{label}' in the header block (label in column A, value in B)")
        return None, None
    try:
        return parse(value), row
    except CellError as exc:
        log.error(row, name, display(value), str(exc))
        return None, row


def _clean_row(row: tuple, number: int, columns: dict[str, int], book: _Workbook, taxonomy: Taxonomy) -> dict:
    """One activity record (activity columns + ``references`` + ``ok``); logs every bad cell."""
    log, errors_before = book.log, book.log.n_errors

    def read(name, parse):
        if name not in columns:
            return None
        raw = cell(row, columns[name])
        try:
            return parse(raw)
        except CellError as exc:
            log.error(number, name, display(raw), str(exc))
            return None

    def coded(name):
        return lambda raw: map_code(raw, taxonomy.value_aliases[name], getattr(taxonomy, CODE_FIELDS[name]))

    record = {name: read(name, required(clean_text)) for name in ("activity_code", "title")}
    record |= {name: read(name, coded(name)) for name in ("activity_type", "status", "funding_source")}
    record["start_year"] = read("start_year", required(parse_year))
    record["end_year"] = read("end_year", parse_year)
    record["notes"] = read("notes", clean_text)
    record["provenance"] = read("provenance", lambda raw: None if is_blank(raw) else coded("provenance")(raw))
    record["provenance"] = record["provenance"] or DEFAULT_PROVENANCE
    references = read("blueprint_reference", lambda raw: _references(raw, number, taxonomy, log)) or []
    record |= {"sectoral_body": book.body, "blueprint_reference": "; ".join(references) or None,
               "reporting_date": book.reporting_date, "source_file": book.file,
               "source_sheet": log.sheet, "source_row": number, "references": references}
    record["ok"] = log.n_errors == errors_before
    return record


def _references(raw: object, number: int, taxonomy: Taxonomy, log: _Log) -> list[str]:
    """Canonical references of a cell; logs each unknown token, or a cell with none."""
    codes, unknown = parse_references(raw, taxonomy.parse_reference)
    for token in unknown:
        log.error(number, "blueprint_reference", token, f"unknown Blueprint reference '{token}' "
                  f"(known KRAs: {', '.join(taxonomy.kra_codes)}, or a strategic measure such as A.1.3)")
    if not codes and not unknown:
        raise CellError("no Blueprint reference (a KRA such as A.1 or a strategic measure such as A.1.3)")
    return codes


def _check_duplicates(workbooks: list[_Workbook]) -> None:
    """Log a second workbook for one body and repeated activity codes; drop their rows."""
    bodies: dict[str, str] = {}
    codes: dict[str, str] = {}
    for book in workbooks:
        if book.body in bodies:
            book.log.error(book.body_row, "sectoral_body", book.body, f"second workbook for Sectoral Body "
                           f"'{book.body}' (already read from {bodies[book.body]}); its rows are ignored")
            for record in book.records:
                record["ok"] = False
            continue
        bodies.update({book.body: book.file} if book.body else {})
        for record in (record for record in book.records if record["activity_code"]):
            code, where = record["activity_code"], f"{book.file}, row {record['source_row']}"
            first = codes.setdefault(code.casefold(), where)
            if first != where:
                book.log.error(record["source_row"], "activity_code", code,
                               f"duplicate activity code '{code}' (first used at {first})")
                record["ok"] = False


def _typed(rows: list[dict], dtypes: dict[str, str]) -> pd.DataFrame:
    """A table with exactly the columns (in order) and dtypes of ``dtypes``."""
    rows = [{name: row[name] for name in dtypes} for row in rows]
    return pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes)


def _link_frame(records: list[dict], taxonomy: Taxonomy) -> pd.DataFrame:
    """The activity-to-KRA link table with the columns and dtypes of ``LINK_DTYPES``."""
    characteristic = dict(zip(taxonomy.kras["kra_code"], taxonomy.kras["characteristic"]))
    rows = []
    for record in records:
        for reference in record["references"]:
            kra = taxonomy.kra_of(reference)
            sm_code = reference if reference != kra else None
            rows.append(record | {"reference": reference, "kra_code": kra, "sm_code": sm_code,
                                  "characteristic": characteristic[kra]})
    return _typed(rows, LINK_DTYPES)
