"""Ingest Tool 1 workbooks into tidy, typed tables.

Every file of the Tool 1 folder is accounted for: ``.xlsx`` workbooks and ``.csv``
exports are read (never modified), lock files, hidden files and documentation are
skipped, any other file is an error; :attr:`Tool1Register.outcomes` says what became of
each. See ``data/raw/tool1/README.md`` for the layout. All problems are collected as
:class:`IngestIssue` records rather than stopping at the first, so a desk officer sees
every cell to fix in one pass. Notebooks call :func:`load_register`, which raises one
:class:`Tool1IngestError` listing all errors.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from ascc_analysis.config import TOOL1_SUBDIR, DataPaths
from ascc_analysis.data.collector import collector_paused
from ascc_analysis.data.coverage import Coverage, submission_coverage
from ascc_analysis.data.schema import ACTIVITY_DTYPES, DEFAULT_PROVENANCE, LINK_DTYPES, TOOL1_REQUIRED_COLUMNS
from ascc_analysis.data.taxonomy import Taxonomy, load_taxonomy
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
from ascc_analysis.data.tool1_files import (
    READ_ERRORS,
    FolderEntry,
    FormulaText,
    UnreadableFile,
    folder_entries,
    read_table,
)

CODE_FIELDS = {"status": "status_codes", "activity_type": "activity_type_codes",
               "funding_source": "funding_source_codes", "provenance": "provenance_codes"}
"""Coded columns and the taxonomy property listing their valid codes."""

TOTAL_CELLS = ("activity_code", "title", "row_number")
"""Columns whose text can mark a closing total row."""

TOOL1_LAYOUT = ("one file per Sectoral Body, its Tool 1 workbook (.xlsx) or a CSV export of the workbook's sheet "
                "(.csv); see data/raw/tool1/README.md")
"""The folder layout the ingester expects, quoted when it finds no Tool 1 file."""


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


@dataclass(frozen=True)
class FileOutcome:
    """What became of one file (or sub-folder) of the Tool 1 folder.

    ``outcome`` is ``"read"`` (no errors), ``"skipped"`` (a lock file, hidden file,
    documentation or sub-folder) or ``"error"`` (unsupported, unreadable, or holding
    errors); ``rows`` counts its activity rows taken into the register; ``detail`` says
    why, or how many rows and issues.
    """

    file: str
    outcome: str
    rows: int
    detail: str

    def __str__(self) -> str:
        return f"{self.file}: {self.outcome}: {self.detail}"


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
        Names of the files read (``.xlsx`` workbooks and ``.csv`` exports).
    reporting_date : str or None
        The latest reporting date (ISO) of the header blocks.
    outcomes : tuple of FileOutcome
        Every name in the Tool 1 folder, sorted, with what became of it.
    coverage : Coverage or None
        The implementing Sectoral Bodies expected against those named by a workbook read;
        missing bodies are also a warning in ``issues``.
    """

    activities: pd.DataFrame
    links: pd.DataFrame
    issues: tuple[IngestIssue, ...] = ()
    files: tuple[str, ...] = ()
    reporting_date: str | None = None
    outcomes: tuple[FileOutcome, ...] = ()
    coverage: Coverage | None = None

    @property
    def errors(self) -> tuple[IngestIssue, ...]:
        """The issues of severity ``"error"``."""
        return tuple(issue for issue in self.issues if issue.severity == "error")

    @property
    def warnings(self) -> tuple[IngestIssue, ...]:
        """The issues of severity ``"warning"``."""
        return tuple(issue for issue in self.issues if issue.severity == "warning")

    def raise_for_errors(self) -> Tool1Register:
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
        A data folder (``raw/tool1/`` inside it, or the Tool 1 files directly); the
        shipped ``data/`` when None.
    taxonomy : Taxonomy, optional
        Code lists and alias tables; loaded from ``data_dir`` when None.

    Returns
    -------
    Tool1Register
        Tables of the rows that ingested cleanly, and all issues (never raises for
        problems in the workbooks).
    """
    with collector_paused():  # millions of cells and records, no cycles: see collector_paused
        return _ingest(DataPaths.of(data_dir), load_taxonomy(data_dir) if taxonomy is None else taxonomy)


def _ingest(paths: DataPaths, taxonomy: Taxonomy) -> Tool1Register:
    """:func:`ingest_tool1` of a resolved data folder."""
    entries = folder_entries(paths.tool1_dir)
    issues: list[IngestIssue] = []
    for entry in (entry for entry in entries if entry.action == "refuse"):
        _Log(issues, entry.path.name).error(None, None, None, entry.reason)
    files = [entry.path for entry in entries if entry.action == "read"]
    if not files:
        _no_tool1_files(paths, issues)
    parsers = _row_parsers(taxonomy)
    workbooks = [book for path in files if (book := _read_workbook(path, taxonomy, issues, parsers))]
    _check_duplicates(workbooks)
    coverage = submission_coverage((book.body for book in workbooks if book.body), taxonomy)
    if coverage.present and not coverage.complete:
        _Log(issues, _folder_name(paths)).warning(None, "sectoral_body", ", ".join(coverage.missing),
                                                  coverage.summary())
    records = [record for book in workbooks for record in book.records if record["ok"]]
    order = {entry.path.name: index for index, entry in enumerate(entries)}
    issues.sort(key=lambda issue: (order.get(issue.file, -1), issue.row or 0))
    dates = [book.reporting_date for book in workbooks if book.reporting_date]
    return Tool1Register(activities=_typed(records, ACTIVITY_DTYPES), links=_link_frame(records, taxonomy),
                         issues=tuple(issues), files=tuple(path.name for path in files),
                         reporting_date=max(dates) if dates else None,
                         outcomes=_outcomes(entries, workbooks, issues), coverage=coverage)


def load_register(data_dir: str | Path | None = None) -> Tool1Register:
    """Ingest the Tool 1 workbooks and raise :class:`Tool1IngestError` if any error."""
    return ingest_tool1(data_dir).raise_for_errors()


def _folder_name(paths: DataPaths) -> str:
    """The Tool 1 folder as messages name it: relative to the data folder (``raw/tool1``), or the data
    folder's own name when the files lie in it directly."""
    if paths.tool1_dir == paths.data_dir:
        return paths.data_dir.name
    return paths.tool1_dir.relative_to(paths.data_dir).as_posix()


def _no_tool1_files(paths: DataPaths, issues: list[IngestIssue]) -> None:
    """Log the error of a data folder without Tool 1 files, naming the folder they were expected in."""
    expected = paths.data_dir / TOOL1_SUBDIR
    if not paths.data_dir.is_dir():
        where, problem = paths.data_dir, "the data folder does not exist"
    elif paths.tool1_dir != expected:
        where, problem = expected, f"this folder is missing and {paths.data_dir} holds none directly"
    else:
        where, problem = expected, "this folder holds no .xlsx or .csv file"
    _Log(issues, str(where)).error(None, None, None, f"no Tool 1 workbooks: {problem}; expected in "
                                   f"{expected}/: {TOOL1_LAYOUT}")


def _read_workbook(path: Path, taxonomy: Taxonomy, issues: list[IngestIssue], parsers: dict) -> _Workbook | None:
    """Clean one workbook or CSV export; None when it cannot be read or has no header row."""
    log = _Log(issues, path.name)
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
    book = _Workbook(path.name, body, body_row, reporting_date, log)
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


def _map_columns(header_row: tuple, number: int, taxonomy: Taxonomy, log: _Log) -> dict[str, int]:
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


def _header_field(block: dict, name: str, parse, log: _Log) -> tuple[object, int | None]:
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


def _row_parsers(taxonomy: Taxonomy) -> dict:
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


def _clean_row(row: tuple, number: int, columns: dict[str, int], book: _Workbook, taxonomy: Taxonomy,
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


def _formula_warning(log: _Log, row: int, column: str, formula: FormulaText, cell_name: str | None = None) -> None:
    """Log a formula without a stored value: kept as inert text, never evaluated."""
    where = f" in cell {cell_name}" if cell_name else ""
    log.warning(row, column, str(formula), f"formula{where} has no stored value (the file was saved by a program "
                "that does not calculate): kept as the text written, not evaluated; open and save it in Excel "
                "to store the value, or type the value")


def _references(parsed: tuple[list[str], list[str]], taxonomy: Taxonomy, number: int, log: _Log) -> list[str]:
    """Canonical references of a cell from ``parse_references``; logs each unknown token, or a cell with none."""
    codes, unknown = parsed
    for token in unknown:
        log.error(number, "blueprint_reference", token, f"unknown Blueprint reference '{token}' "
                  f"(known KRAs: {', '.join(taxonomy.kra_codes)}, or a strategic measure such as A.1.3)")
    if not codes and not unknown:
        raise CellError("no Blueprint reference (a KRA such as A.1 or a strategic measure such as A.1.3)")
    return list(codes)


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


def _outcomes(entries: list[FolderEntry], workbooks: list[_Workbook],
              issues: list[IngestIssue]) -> tuple[FileOutcome, ...]:
    """What became of every name of the folder: skipped, read (rows, warnings) or error (why)."""
    books = {book.file: book for book in workbooks}
    errors = Counter(issue.file for issue in issues if issue.severity == "error")
    warnings = Counter(issue.file for issue in issues if issue.severity == "warning")
    first_error = {}
    for issue in reversed(issues):
        if issue.severity == "error":
            first_error[issue.file] = issue.message
    outcomes = []
    for entry in entries:
        name, book = entry.path.name, books.get(entry.path.name)
        kept = sum(record["ok"] for record in book.records) if book else 0
        if entry.action == "skip":
            outcomes.append(FileOutcome(name, "skipped", 0, entry.reason))
        elif book is None:
            outcomes.append(FileOutcome(name, "error", 0, first_error.get(name, entry.reason or "not read")))
        elif errors[name]:
            outcomes.append(FileOutcome(name, "error", kept, f"{_plural(errors[name], 'error')}; {kept} of "
                                        f"{_plural(len(book.records), 'activity row')} read"))
        else:
            noted = f", {_plural(warnings[name], 'warning')}" if warnings[name] else ""
            outcomes.append(FileOutcome(name, "read", kept, f"{_plural(kept, 'activity row')}{noted}"))
    return tuple(outcomes)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _typed(rows: list[dict], dtypes: dict[str, str]) -> pd.DataFrame:
    """A table with exactly the columns (in order) and dtypes of ``dtypes``."""
    return _frame({name: [row[name] for row in rows] for name in dtypes}, dtypes)


def _frame(columns: dict[str, list], dtypes: dict[str, str]) -> pd.DataFrame:
    """A table of column lists, each read as Python objects, then given its dtype of ``dtypes``."""
    return pd.DataFrame({name: np.array(columns[name], dtype=object) for name in dtypes},
                        columns=list(dtypes)).astype(dtypes)


def _link_frame(records: list[dict], taxonomy: Taxonomy) -> pd.DataFrame:
    """The activity-to-KRA link table with the columns and dtypes of ``LINK_DTYPES``."""
    characteristic = dict(zip(taxonomy.kras["kra_code"], taxonomy.kras["characteristic"]))
    derived = ("reference", "kra_code", "sm_code", "characteristic")
    copied = [name for name in LINK_DTYPES if name not in derived]
    columns: dict[str, list] = {name: [] for name in LINK_DTYPES}
    for record in records:
        for reference in record["references"]:
            kra = taxonomy.kra_of(reference)
            for name in copied:
                columns[name].append(record[name])
            columns["reference"].append(reference)
            columns["kra_code"].append(kra)
            columns["sm_code"].append(reference if reference != kra else None)
            columns["characteristic"].append(characteristic[kra])
    return _frame(columns, LINK_DTYPES)
