"""What the gate validates: every dataset of a data folder read as far as it can be, and the problems met reading it.

The Tool 1 register collects its own problems (``data.tool1``); a CSV table is read with
``data.typed_csv.read_cells``, which empties and reports each cell that does not hold its
column's type, so that the table's other checks, and the cross-table rules that look it
up, still run on the rest. The problems become failures of the table's suite (or of
``ingest``), listed before the expectations' failures.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from ascc_analysis.data.datasets import DATASETS, Dataset
from ascc_analysis.data.taxonomy import Taxonomy, load_taxonomy
from ascc_analysis.data.typed_csv import read_cells
from ascc_analysis.validation.failures import UNCAST_ATTR, location
from ascc_analysis.validation.result import INGEST_SUITE, Failure, GateResult

REGISTER = "tool1_register"
"""The dataset ingested from the Tool 1 workbooks (its problems are collected, not raised)."""

CSV_TABLES = {name: dataset for name, dataset in DATASETS.items() if dataset.tables and name != REGISTER}
"""The datasets kept as one CSV table each: every other dataset with a table the gate validates."""


def _issue(file: str, message: str, *, row=None, column=None, value=None):
    from ascc_analysis.data.tool1_workbook import IngestIssue

    return IngestIssue("error", file, None, row, column, value, message)


def _display_path(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _load_table(dataset: Dataset, data_dir) -> tuple[pd.DataFrame | None, list]:
    """The table of a CSV dataset as far as it can be read (None when not at all), and its problems as issues."""
    path = dataset.path(data_dir)
    name = _display_path(path)
    if not path.is_file():
        return None, [_issue(dataset.files[0], f"missing file ({path})")]
    try:
        reading = read_cells(path, dataset.dtypes)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        return None, [_issue(name, f"not a readable CSV table: {str(error).strip()}")]
    except OSError as error:
        return None, [_issue(name, f"could not be read ({type(error).__name__}: {error})")]
    frame = reading.frame
    frame.attrs["source_file"] = name
    frame.attrs[UNCAST_ATTR] = {column: sorted(rows) for column, rows in reading.uncast().items()}
    return frame, [_issue(name, p.message, row=p.row, column=p.column, value=p.value) for p in reading.problems]


class GateInputs:
    """The datasets of a data folder as the gate reads them: the CSV tables at once, the Tool 1 register when asked.

    A large register's files are read meanwhile by worker processes
    (``data.tool1.start_ingest``), so that the gate can check the other tables; use it in a
    ``with`` block, which stops those workers if the register is not asked for.

    Parameters
    ----------
    data_dir : str or Path, optional
        A data folder (the shipped ``data/`` when None); tables it lacks come from ``data/``.
    taxonomy : Taxonomy, optional
        Loaded from ``data_dir`` when None.
    processes : int, optional
        Worker processes reading the Tool 1 files; None chooses by their size.

    Attributes
    ----------
    tables : dict
        Table name -> frame of every CSV table that could be read, its cells of the wrong
        type emptied and listed in ``attrs["uncast"]``.
    problems : list
        The CSV tables' problems, as ``IngestIssue`` (file, row, column, value).
    register : Tool1Register or None
        Once :meth:`register_tables` is called: the register, its issues followed by ``problems``.
    """

    def __init__(self, data_dir=None, *, taxonomy: Taxonomy | None = None, processes: int | None = None):
        from ascc_analysis.data.tool1 import start_ingest

        taxonomy = load_taxonomy(data_dir) if taxonomy is None else taxonomy
        self._pending = start_ingest(data_dir, taxonomy=taxonomy, processes=processes)
        self.tables: dict[str, pd.DataFrame] = {}
        self.problems: list = []
        self.register = None
        for dataset in CSV_TABLES.values():
            frame, problems = _load_table(dataset, data_dir)
            self.problems += problems
            if frame is not None:
                self.tables[dataset.name] = frame

    def __enter__(self) -> GateInputs:
        return self

    def __exit__(self, *exc_info) -> None:
        self._pending.__exit__(*exc_info)

    def register_tables(self) -> dict[str, pd.DataFrame]:
        """The Tool 1 tables (``activities``, ``links``), waiting for the register; keeps it in ``register``."""
        register = self._pending.register()
        self.register = dataclasses.replace(register, issues=register.issues + tuple(self.problems))
        return DATASETS[REGISTER].frames(self.register)


def gate_tables(data_dir=None, *, taxonomy: Taxonomy | None = None):
    """Every tidy dataset of a data folder, as the gate validates them.

    Parameters
    ----------
    data_dir : str or Path, optional
        A data folder (the shipped ``data/`` when None); tables it lacks come from ``data/``.
    taxonomy : Taxonomy, optional
        Loaded from ``data_dir`` when None.

    Returns
    -------
    tuple of (dict, Tool1Register)
        Table name -> frame for every table of ``datasets.DATASETS`` (the Tool 1
        ``activities`` and ``links`` plus every CSV table that could be read, its cells
        of the wrong type emptied and listed in ``attrs["uncast"]``), and the Tool 1
        register. Ingestion problems are not gate failures: they are in
        ``register.errors``, which also lists, as issues, the CSV problems (file, row,
        column, value).
    """
    with GateInputs(data_dir, taxonomy=taxonomy, processes=0) as inputs:
        return inputs.register_tables() | inputs.tables, inputs.register


def _ingest_failure(issue) -> Failure:
    """A Failure of the CSV table's dataset (its file named as ``folder/file.csv``), else of ``ingest``."""
    tables = {name for name, dataset in CSV_TABLES.items() if dataset.files[0] == issue.file}
    suite = next(iter(tables), INGEST_SUITE)
    where = location(issue.file, issue.sheet, issue.row)
    values = (issue.value,) if issue.value is not None else ()
    return Failure(suite, INGEST_SUITE, issue.column, values, (where,), issue.message)


def with_ingest(result: GateResult, register, tables: dict) -> GateResult:
    """``result`` with the register's errors first (as failures), its warnings, files and coverage.

    The ``ingest`` suite counts files: passed = read without error, failed = with errors.
    """
    errors = register.errors
    bad_files = {issue.file for issue in errors}
    csv_files = {frame.attrs["source_file"] for frame in tables.values() if frame.attrs.get("source_file")}
    files = set(register.files) | csv_files | bad_files
    ingest = {INGEST_SUITE: {"passed": len(files - bad_files), "failed": len(bad_files)}}
    failures = tuple(_ingest_failure(issue) for issue in errors) + result.failures
    coverage = register.coverage.summary() if register.coverage is not None else None
    return dataclasses.replace(result, success=result.success and not errors, suites=ingest | result.suites,
                               failures=failures, warnings=tuple(str(w) for w in register.warnings),
                               files=tuple(dataclasses.astuple(outcome) for outcome in register.outcomes),
                               coverage=coverage)
