"""Ingest Tool 1 workbooks into tidy, typed tables.

Every file of the Tool 1 folder is accounted for: ``.xlsx`` workbooks and ``.csv``
exports are read (never modified), lock files, hidden files and documentation are
skipped, any other file is an error; :attr:`Tool1Register.outcomes` says what became of
each. See ``data/raw/tool1/README.md`` for the layout. All problems are collected as
:class:`IngestIssue` records rather than stopping at the first, so a desk officer sees
every cell to fix in one pass. Notebooks call :func:`load_register`, which raises one
:class:`Tool1IngestError` listing all errors. Each file is read on its own
(``data.tool1_workbook``; a large register's files in worker processes, ``data.tool1_workers``),
then the files are checked against each other and the tables built here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ascc_analysis.config import TOOL1_SUBDIR, DataPaths
from ascc_analysis.data.collector import collector_paused
from ascc_analysis.data.coverage import Coverage, submission_coverage
from ascc_analysis.data.schema import ACTIVITY_DTYPES, LINK_DTYPES
from ascc_analysis.data.taxonomy import Taxonomy, load_taxonomy
from ascc_analysis.data.tool1_files import FolderEntry, folder_entries
from ascc_analysis.data.tool1_workbook import FileReading, IngestIssue, IssueLog, WorkbookRecords
from ascc_analysis.data.tool1_workers import PendingReadings, start_reading

TOOL1_LAYOUT = ("one file per Sectoral Body, its Tool 1 workbook (.xlsx) or a CSV export of the workbook's sheet "
                "(.csv); see data/raw/tool1/README.md")
"""The folder layout the ingester expects, quoted when it finds no Tool 1 file."""


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


def ingest_tool1(data_dir: str | Path | None = None, *, taxonomy: Taxonomy | None = None,
                 processes: int | None = 0) -> Tool1Register:
    """Read every Tool 1 workbook of a data folder into tidy tables, collecting issues.

    Parameters
    ----------
    data_dir : str or Path, optional
        A data folder (``raw/tool1/`` inside it, or the Tool 1 files directly); the
        shipped ``data/`` when None.
    taxonomy : Taxonomy, optional
        Code lists and alias tables; loaded from ``data_dir`` when None.
    processes : int, optional
        Worker processes reading the files (``data.tool1_workers``); 0, the default, reads
        them in this process; None chooses by the files' size. The register is the same.

    Returns
    -------
    Tool1Register
        Tables of the rows that ingested cleanly, and all issues (never raises for
        problems in the workbooks).
    """
    with start_ingest(data_dir, taxonomy=taxonomy, processes=processes) as pending:
        return pending.register()


def start_ingest(data_dir: str | Path | None = None, *, taxonomy: Taxonomy | None = None,
                 processes: int | None = None) -> PendingRegister:
    """Start reading the Tool 1 files of a data folder in worker processes; returns at once.

    For a caller with other work to do meanwhile (the gate); :func:`ingest_tool1` is this
    followed by ``register()``.

    Parameters
    ----------
    data_dir, taxonomy
        As for :func:`ingest_tool1`.
    processes : int, optional
        Worker processes; None, the default, chooses by the files' size
        (``tool1_workers.reading_processes``); 0 reads the files in ``register()``.

    Returns
    -------
    PendingRegister
        Use it in a ``with`` block (which stops workers whose files are no longer wanted)
        and call ``register()``.
    """
    taxonomy = load_taxonomy(data_dir) if taxonomy is None else taxonomy
    paths = DataPaths.of(data_dir)
    entries = folder_entries(paths.tool1_dir)
    files = [entry.path for entry in entries if entry.action == "read"]
    return PendingRegister(paths, taxonomy, entries, start_reading(files, taxonomy, processes))


class PendingRegister:
    """A Tool 1 register whose files are being read (:func:`start_ingest`)."""

    def __init__(self, paths: DataPaths, taxonomy: Taxonomy, entries: list[FolderEntry], reading: PendingReadings):
        self.paths, self.taxonomy, self.entries, self.reading = paths, taxonomy, entries, reading

    def __enter__(self) -> PendingRegister:
        return self

    def __exit__(self, *exc_info) -> None:
        self.reading.close()

    def register(self) -> Tool1Register:
        """Wait for the files, check them against each other and build the register's tables."""
        with collector_paused():  # millions of cells and records, no cycles: see collector_paused
            return self._register(self.reading.readings())

    def _register(self, readings: list[FileReading]) -> Tool1Register:
        paths, taxonomy, entries = self.paths, self.taxonomy, self.entries
        issues: list[IngestIssue] = []
        for entry in (entry for entry in entries if entry.action == "refuse"):
            IssueLog(issues, entry.path.name).error(None, None, None, entry.reason)
        if not readings:
            _no_tool1_files(paths, issues)
        workbooks = [reading.book for reading in readings if reading.book]
        _check_duplicates(workbooks)  # logs into each file's own issues
        issues += [issue for reading in readings for issue in reading.issues]
        coverage = submission_coverage((book.body for book in workbooks if book.body), taxonomy)
        if coverage.present and not coverage.complete:
            IssueLog(issues, _folder_name(paths)).warning(None, "sectoral_body", ", ".join(coverage.missing),
                                                          coverage.summary())
        records = [record for book in workbooks for record in book.records if record["ok"]]
        order = {entry.path.name: index for index, entry in enumerate(entries)}
        issues.sort(key=lambda issue: (order.get(issue.file, -1), issue.row or 0))
        dates = [book.reporting_date for book in workbooks if book.reporting_date]
        activities = _typed(records, ACTIVITY_DTYPES)
        return Tool1Register(activities=activities, links=_link_frame(records, activities, taxonomy),
                             issues=tuple(issues), files=tuple(reading.file for reading in readings),
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
    IssueLog(issues, str(where)).error(None, None, None, f"no Tool 1 workbooks: {problem}; expected in "
                                   f"{expected}/: {TOOL1_LAYOUT}")


def _check_duplicates(workbooks: list[WorkbookRecords]) -> None:
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


def _outcomes(entries: list[FolderEntry], workbooks: list[WorkbookRecords],
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


def _link_frame(records: list[dict], activities: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """The activity-to-KRA link table with the columns and dtypes of ``LINK_DTYPES``.

    One row per reference of each record; the columns shared with ``activities`` (its rows
    are the records, typed) are taken from it, one row repeated per reference.
    """
    characteristic = dict(zip(taxonomy.kras["kra_code"], taxonomy.kras["characteristic"]))
    references = [reference for record in records for reference in record["references"]]
    kra = {reference: taxonomy.kra_of(reference) for reference in set(references)}
    derived = {"reference": references, "kra_code": [kra[reference] for reference in references],
               "sm_code": [reference if reference != kra[reference] else None for reference in references],
               "characteristic": [characteristic[kra[reference]] for reference in references]}
    rows = np.repeat(np.arange(len(records)), [len(record["references"]) for record in records])
    copied = activities[[name for name in LINK_DTYPES if name not in derived]].take(rows).reset_index(drop=True)
    typed = _frame(derived, {name: LINK_DTYPES[name] for name in derived})
    return pd.concat([copied, typed], axis=1)[list(LINK_DTYPES)]
