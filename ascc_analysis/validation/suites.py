"""The validation gate: Great Expectations 1.x suites run on the tidy tables before rendering.

One suite per table of every dataset the reports read (``datasets.DATASETS`` names each
table's suite), plus one per cross-table rule (``validation_rules``), each a JSON file in
``expectations/`` (reviewable diffs). Placeholders keep code lists and column
sets defined once; they are filled in at run time:

``{"$taxonomy": "kra_codes"}``
    A code list of :class:`~ascc_analysis.data.taxonomy.Taxonomy` (any list property).
``{"$schema": "activities"}``
    The column names of a table (``SCHEMAS``).
``{"$constant": "kpis.ROLES"}``
    A constant of a module of ``ascc_analysis.data`` (a string or a sequence).
``{"$column": "kpi_framework.kpi_id"}``
    The distinct values of another table's column (a cross-table lookup); a suite that
    needs a table that was not given is skipped.
``{"$union": [a, b, ...]}``
    The union of lists or single values, e.g. ASEAN and the AMS codes.
``{"$contracts": "dtypes"}``
    Every contract column as ``table.column: dtype`` (the suite ``rule_column_dtypes``).

Great Expectations is imported only inside :func:`run_gate`: notebooks never import it,
and a run that reuses a cached verdict never pays for it (about 4-7 s).
"""

from __future__ import annotations

import dataclasses
import importlib
import io
import json
import numbers
import os
import sys
from pathlib import Path

import pandas as pd

from ascc_analysis.config import EXPECTATIONS_DIR
from ascc_analysis.data.datasets import DATASETS, Dataset
from ascc_analysis.data.schema import LINEAGE_COLUMNS
from ascc_analysis.data.taxonomy import Taxonomy, load_taxonomy
from ascc_analysis.validation import rules as validation_rules
from ascc_analysis.validation.result import INGEST_SUITE, Check, Failure, GateResult
from ascc_analysis.validation.summary import write_summary_html

__all__ = ["Check", "Failure", "GateResult", "SuiteError", "gate_tables", "load_suite_specs", "run_gate",
           "validate_data_dir", "write_summary_html"]

SCHEMAS = validation_rules.SCHEMAS
"""Table -> column dtypes, for every table of ``datasets.DATASETS``."""

REGISTER = "tool1_register"
"""The dataset ingested from the Tool 1 workbooks (its problems are collected, not raised)."""

CSV_TABLES = {name: dataset for name, dataset in DATASETS.items() if dataset.tables and name != REGISTER}
"""The datasets kept as one CSV table each: every other dataset with a table the gate validates."""

RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": 20}
"""Enough for messages (first 20 unexpected values and their rows), cheaper than COMPLETE."""

SHOWN = 5
"""Unexpected values (and their rows) a failure message lists."""

DOCS_SITE = "mtr_validation"


class SuiteError(ValueError):
    """A suite file that cannot be used (bad placeholder, unknown expectation or argument)."""


class _MissingTable(LookupError):
    """A ``$column`` placeholder names a table that was not given."""


# --------------------------------------------------------------------------------------
# Suite files and their placeholders
# --------------------------------------------------------------------------------------


def _as_list(value) -> list:
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _constant(name: str):
    """A constant of a data-layer module, e.g. ``kpis.ASEAN``."""
    module, _, attribute = name.rpartition(".")
    return getattr(importlib.import_module(f"ascc_analysis.data.{module}"), attribute)


def _column_values(name: str, tables: dict | None) -> list:
    table, _, column = name.partition(".")
    if not tables or table not in tables or column not in tables[table].columns:
        raise _MissingTable(f"needs table {table!r} (column {column!r})")
    return sorted(str(v) for v in tables[table][column].dropna().unique())


def _placeholder(key: str, argument, taxonomy: Taxonomy, tables: dict | None):
    if key == "$taxonomy":
        return list(getattr(taxonomy, argument))
    if key == "$schema":
        return list(SCHEMAS[argument])
    if key == "$constant":
        value = _constant(argument)
        return list(value) if isinstance(value, (list, tuple)) else value
    if key == "$column":
        return _column_values(argument, tables)
    if key == "$contracts" and argument == "dtypes":
        return validation_rules.contract_dtypes()
    if key == "$union":
        parts = [_as_list(_resolve(part, taxonomy, tables)) for part in argument]
        return list(dict.fromkeys(value for part in parts for value in part))
    raise SuiteError(f"unknown placeholder {key!r}")


def _resolve(value, taxonomy: Taxonomy, tables: dict | None = None):
    """``value`` with every placeholder filled in."""
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)).startswith("$"):
        key, argument = next(iter(value.items()))
        return _placeholder(key, argument, taxonomy, tables)
    if isinstance(value, dict):
        return {k: _resolve(v, taxonomy, tables) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, taxonomy, tables) for v in value]
    return value


def _load_spec(path: Path, taxonomy: Taxonomy, tables: dict | None) -> dict:
    raw = json.loads(path.read_text(encoding="utf-8"))
    try:
        return _resolve(raw, taxonomy, tables)
    except _MissingTable as missing:
        return raw | {"expectations": [], "skipped": str(missing)}
    except (AttributeError, KeyError, ImportError, SuiteError) as error:
        raise SuiteError(f"{path.name}: bad placeholder ({type(error).__name__}: {error})") from error


def load_suite_specs(taxonomy: Taxonomy, directory: Path = EXPECTATIONS_DIR, tables: dict | None = None) -> list[dict]:
    """Read every suite JSON of ``directory`` with its placeholders filled in.

    Parameters
    ----------
    taxonomy : Taxonomy
        Fills ``$taxonomy`` placeholders.
    directory : Path
        Folder of suite JSON files.
    tables : dict, optional
        Dataset -> frame, for ``$column`` placeholders; a suite whose lookup table is
        missing gets a ``skipped`` key (its reason) and no expectations.

    Returns
    -------
    list of dict
        One spec per file (``name``, ``meta``, ``expectations``), in file-name order.
    """
    return [_load_spec(path, taxonomy, tables) for path in sorted(Path(directory).glob("*.json"))]


# --------------------------------------------------------------------------------------
# Running Great Expectations
# --------------------------------------------------------------------------------------


def _import_gx():
    """Import Great Expectations quietly and as cheaply as possible.

    Analytics are switched off. ``rfc3987_syntax`` is blocked before the import: jsonschema
    imports it (under ``suppress(ImportError)``) only to check the ``iri`` and
    ``iri-reference`` string formats, which no schema used here declares, and building its
    grammar costs about 3 s. It is blocked only while jsonschema is not yet imported (else
    the cost is already paid); the block is process-wide, so later jsonschema users in this
    process skip those two formats too (none of their schemas declares them).
    """
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)
    import great_expectations as gx

    return gx


def _context(gx, docs_dir: Path | None):
    """A fresh in-memory context (about 5 ms) without progress bars; a docs site when asked."""
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    if docs_dir is not None:
        context.add_data_docs_site(site_name=DOCS_SITE, site_config={
            "class_name": "SiteBuilder", "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)}})
    return context


def _suite(gx, spec: dict):
    """The GX suite of a spec; raises SuiteError when GX drops an invalid expectation."""
    try:
        suite = gx.ExpectationSuite(name=spec["name"], expectations=spec["expectations"], meta=spec.get("meta"))
    except Exception as error:  # pydantic errors for bad arguments
        raise SuiteError(f"suite {spec['name']!r}: {error}") from error
    if len(suite.expectations) != len(spec["expectations"]):
        known = {e.expectation_type for e in suite.expectations}
        bad = sorted({e["type"] for e in spec["expectations"]} - known)
        raise SuiteError(f"suite {spec['name']!r}: invalid expectations {bad}")
    return suite


def _validate(gx, context, spec: dict, frame: pd.DataFrame):
    """Run one suite on one frame through a validation definition (stored for Data Docs)."""
    suite = context.suites.add(_suite(gx, spec))
    asset = context.data_sources.get("tables").add_dataframe_asset(spec["name"])
    batch = asset.add_batch_definition_whole_dataframe("whole")
    definition = context.validation_definitions.add(gx.ValidationDefinition(name=spec["name"], data=batch, suite=suite))
    return definition.run(batch_parameters={"dataframe": frame}, result_format=RESULT_FORMAT)


def _dataset(spec: dict) -> str:
    return (spec.get("meta") or {}).get("dataset", spec["name"])


def run_gate(tables: dict[str, pd.DataFrame], taxonomy: Taxonomy, directory: Path = EXPECTATIONS_DIR, *,
             docs_dir: Path | None = None) -> GateResult:
    """Validate tables (and the cross-table rule frames built from them) against the suites.

    Parameters
    ----------
    tables : dict
        Dataset name (a suite's ``meta.dataset``) -> DataFrame. Suites of datasets not
        given are skipped and listed in ``GateResult.skipped``. A CSV table's
        ``attrs["source_file"]`` gives failures a ``file row n`` location.
    taxonomy : Taxonomy
        Fills the suites' placeholders and the rules' code lists.
    directory : Path
        Folder of suite JSON files.
    docs_dir : Path, optional
        Build GX Data Docs into this folder (created; a fresh staging folder is best).

    Returns
    -------
    GateResult
    """
    gx = _import_gx()
    frames = dict(tables) | validation_rules.derive(tables, taxonomy)
    context = _context(gx, docs_dir)
    context.data_sources.add_pandas("tables")
    suites, failures, checks, skipped = {}, [], [], []
    for spec in load_suite_specs(taxonomy, directory, frames):
        dataset = _dataset(spec)
        if dataset not in frames or "skipped" in spec:
            skipped.append((spec["name"], spec.get("skipped") or f"no {dataset!r} table"))
            continue
        frame = frames[dataset]
        result = _validate(gx, context, spec, frame.reset_index(drop=True))
        outcomes = [(o, _check(spec["name"], o)) for o in result.results]
        checks += [check for _, check in outcomes]
        failed = [o for o, check in outcomes if not check.success]
        suites[spec["name"]] = {"passed": len(outcomes) - len(failed), "failed": len(failed)}
        failures += _suite_failures(spec["name"], failed, frame)
    docs_index = _build_docs(context, docs_dir) if docs_dir is not None else None
    return GateResult(not failures, suites, tuple(failures), tuple(skipped), tuple(checks), (), docs_index)


def _build_docs(context, docs_dir: Path) -> Path:
    Path(docs_dir).mkdir(parents=True, exist_ok=True)
    context.build_data_docs(site_names=[DOCS_SITE])
    return Path(docs_dir) / "index.html"


# --------------------------------------------------------------------------------------
# Turning GX results into failures
# --------------------------------------------------------------------------------------


def _columns(kwargs: dict) -> str | None:
    if kwargs.get("column"):
        return kwargs["column"]
    if kwargs.get("column_A"):
        return f"{kwargs['column_A']}, {kwargs['column_B']}"
    if kwargs.get("column_list"):
        return ", ".join(kwargs["column_list"])
    return None


def _check(suite: str, outcome) -> Check:
    config = outcome.expectation_config
    description = getattr(config, "description", None) or ""
    return Check(suite, config.type, _columns(config.kwargs), description, bool(outcome.success))


def _exception(outcome) -> str | None:
    """The message of an exception raised while evaluating an expectation, if any."""
    info = outcome.exception_info or {}
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    nested = [v for v in info.values() if isinstance(v, dict) and v.get("raised_exception")]
    return str(nested[0].get("exception_message")) if nested else None


def _shorten(values, limit: int = 8) -> str:
    values = [str(v) for v in values]
    return ", ".join(values[:limit]) + (f", ... ({len(values)} in all)" if len(values) > limit else "")


def _number(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _bounds(kwargs: dict) -> str:
    low, high = _number(kwargs.get("min_value")), _number(kwargs.get("max_value"))
    if low is not None and high is not None:
        return f"values outside {low}..{high}"
    return f"values below {low}" if low is not None else f"values above {high}"


def _message(outcome) -> str:
    """What failed, in words (the expectation's description is prepended when it has one)."""
    config, result = outcome.expectation_config, outcome.result or {}
    kwargs, kind = config.kwargs, config.type
    error = _exception(outcome)
    if error:
        text = f"could not be checked: {error}"
    elif kind == "expect_table_columns_to_match_set":
        mismatch = (result.get("details") or {}).get("mismatched") or {}
        text = f"columns differ: missing {mismatch.get('missing') or []}, unexpected {mismatch.get('unexpected') or []}"
    elif kind == "expect_column_values_to_be_of_type":
        text = f"type {result.get('observed_value')!s}, expected {kwargs.get('type_')}"
    elif kind == "expect_table_row_count_to_be_between":
        text = f"{result.get('observed_value')} rows, expected at least {kwargs.get('min_value')}"
    elif kind == "expect_column_values_to_be_in_set":
        text = f"values not in the allowed set ({_shorten(kwargs.get('value_set') or [])})"
    elif kind == "expect_column_values_to_not_be_null":
        text = "empty values"
    elif kind == "expect_column_values_to_be_unique":
        text = "duplicate values"
    elif kind == "expect_compound_columns_to_be_unique":
        text = "duplicate combinations"
    elif kind == "expect_column_values_to_be_between":
        text = _bounds(kwargs)
    elif kind == "expect_column_values_to_match_regex":
        text = f"values not matching {kwargs.get('regex')}"
    elif kind == "expect_column_distinct_values_to_contain_set":
        text = "expected values missing from the column"
    elif kind == "expect_column_pair_values_a_to_be_greater_than_b":
        text = f"{kwargs['column_A']} {'<' if kwargs.get('or_equal') else '<='} {kwargs['column_B']}"
    elif kind == "expect_column_pair_values_to_be_equal":
        text = f"{kwargs['column_A']} differs from {kwargs['column_B']}"
    else:
        text = kind.removeprefix("expect_").replace("_", " ") + " failed"
    description = getattr(config, "description", None)
    return f"{description}: {text}" if description else text


def _unexpected(outcome) -> tuple[list, list]:
    """(unexpected values, their row indexes) as reported by GX, aligned."""
    config, result = outcome.expectation_config, outcome.result or {}
    if config.type == "expect_column_distinct_values_to_contain_set":
        return list(result.get("partial_missing_list") or []), []
    values = list(result.get("partial_unexpected_list") or [])
    return values, list(result.get("partial_unexpected_index_list") or [])


def _text(value) -> str:
    if isinstance(value, (tuple, list)):
        return "(" + ", ".join(_text(v) for v in value) + ")"
    if isinstance(value, dict):
        return "(" + ", ".join(f"{k}={_text(v)}" for k, v in value.items()) + ")"
    return "<empty>" if value is None or value is pd.NA else str(value)


def _where(frame: pd.DataFrame, indexes: list) -> tuple:
    """Lineage of the rows at ``indexes`` (positions after ``reset_index``) of ``frame``."""
    positions = [int(i) for i in indexes[:SHOWN] if isinstance(i, numbers.Integral) and 0 <= i < len(frame)]
    if not positions:
        return ()
    if set(LINEAGE_COLUMNS) <= set(frame.columns):
        rows = frame.iloc[positions]
        return tuple(_location(r.source_file, r.source_sheet, r.source_row) for r in rows.itertuples()
                     if not _missing(r.source_file))
    source = frame.attrs.get("source_file")
    if source:
        return tuple(f"{source} row {frame.index[i] + 2}" for i in positions
                     if isinstance(frame.index[i], numbers.Integral))
    return ()


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def _location(file, sheet, row) -> str:
    """``file sheet 'x' row n``, leaving out what is unknown."""
    parts = [str(file)] + ([] if _missing(sheet) else [f"sheet {str(sheet)!r}"])
    return " ".join(parts + ([] if _missing(row) else [f"row {int(row)}"]))


def _missing_columns(failed: list) -> set:
    """Columns a failed ``expect_table_columns_to_match_set`` reports missing."""
    missing = set()
    for outcome in failed:
        if outcome.expectation_config.type == "expect_table_columns_to_match_set":
            mismatch = ((outcome.result or {}).get("details") or {}).get("mismatched") or {}
            missing |= set(mismatch.get("missing") or [])
    return missing


def _suite_failures(suite: str, failed: list, frame: pd.DataFrame) -> list[Failure]:
    """The failures of one suite; checks that could not run on a missing column are left out
    (the column-set failure names the column; the suite's counts still include them)."""
    missing = _missing_columns(failed)
    return [_failure(suite, outcome, frame) for outcome in failed
            if not (_exception(outcome) and _columns(outcome.expectation_config.kwargs) in missing)]


def _failure(suite: str, outcome, frame: pd.DataFrame) -> Failure:
    """A Failure; an expectation's ``meta.report_column`` reports that column's values instead
    (e.g. the activity codes of rows whose ``activity_known`` flag failed)."""
    config = outcome.expectation_config
    values, indexes = _unexpected(outcome)
    column, message = _columns(config.kwargs), _message(outcome)
    shown = (config.meta or {}).get("report_column")
    if shown in frame.columns and not _exception(outcome):
        positions = [int(i) for i in indexes[:SHOWN] if isinstance(i, numbers.Integral) and 0 <= i < len(frame)]
        values, column = frame[shown].iloc[positions].tolist(), shown
        message = getattr(config, "description", None) or message
    count = (outcome.result or {}).get("unexpected_count")
    return Failure(suite, config.type, column, tuple(_text(v) for v in values[:SHOWN]), _where(frame, indexes),
                   message, int(count) if count else None)


# --------------------------------------------------------------------------------------
# Reading every dataset of a data folder
# --------------------------------------------------------------------------------------


def _issue(file: str, message: str, *, row=None, column=None, value=None):
    from ascc_analysis.data.tool1 import IngestIssue

    return IngestIssue("error", file, None, row, column, value, message)


def _display_path(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _decode(path: Path, name: str) -> tuple[str | None, list]:
    """The text of a CSV file, or None and an issue saying where it is not UTF-8."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        row = data[:error.start].count(b"\n") + 1
        bad = data[error.start:error.end]
        return None, [_issue(name, f"not UTF-8 text: byte 0x{bad.hex()} at row {row}; save the file as UTF-8",
                             row=row, value=bad.decode("latin-1"))]


def _cell_issues(raw: pd.DataFrame, name: str, dtypes: dict[str, str]) -> list:
    """Missing columns, and cells that do not parse as the column's number type."""
    issues = [_issue(name, f"missing column '{c}'", column=c) for c in dtypes if c not in raw.columns]
    for column, dtype in dtypes.items():
        if column not in raw.columns or dtype not in ("Int64", "Float64"):
            continue
        text = raw[column].str.strip()
        parsed = pd.to_numeric(text.where(text != ""), errors="coerce")
        bad = (text != "") & (parsed.isna() | ((parsed % 1 != 0) & (dtype == "Int64")))
        kind = "a whole number" if dtype == "Int64" else "a number"
        issues += [_issue(name, f"not {kind}: '{value}'", row=int(i) + 2, column=column, value=value)
                   for i, value in raw.loc[bad, column].items()]
    return issues


def _table_issues(path: Path, dataset: str, error: Exception) -> list:
    """Why a CSV table could not be loaded: encoding, parsing, columns, cells."""
    name = _display_path(path)
    text, issues = _decode(path, name)
    if text is not None:
        try:
            raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
            issues = _cell_issues(raw, name, SCHEMAS[dataset])
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as parse_error:
            issues = [_issue(name, f"not a readable CSV table: {str(parse_error).strip()}")]
    return issues or [_issue(name, f"could not be read ({type(error).__name__}: {error})")]


def _load_table(dataset: Dataset, data_dir) -> tuple[pd.DataFrame | None, list]:
    path = dataset.path(data_dir)
    try:
        frame = dataset.load(data_dir)
    except (ValueError, TypeError, OSError, UnicodeDecodeError) as error:
        if not path.is_file():
            return None, [_issue(dataset.files[0], f"missing file ({error})")]
        return None, _table_issues(path, dataset.name, error)
    frame.attrs["source_file"] = _display_path(path)
    return frame, []


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
        ``activities`` and ``links`` plus every CSV table that could be read), and the
        Tool 1 register. Ingestion problems are not
        gate failures: they are in ``register.errors``, which also lists, as issues, the
        CSV tables that could not be read (file, row, column, value).
    """
    from ascc_analysis.data.tool1 import ingest_tool1

    taxonomy = load_taxonomy(data_dir) if taxonomy is None else taxonomy
    register = ingest_tool1(data_dir, taxonomy=taxonomy)
    tables = DATASETS[REGISTER].frames(register)
    issues = []
    for dataset in CSV_TABLES.values():
        frame, problems = _load_table(dataset, data_dir)
        issues += problems
        if frame is not None:
            tables[dataset.name] = frame
    return tables, dataclasses.replace(register, issues=register.issues + tuple(issues))


def _ingest_failure(issue) -> Failure:
    """A Failure of the CSV table's dataset (its file named as ``folder/file.csv``), else of ``ingest``."""
    tables = {name for name, dataset in CSV_TABLES.items() if dataset.files[0] == issue.file}
    suite = next(iter(tables), INGEST_SUITE)
    where = _location(issue.file, issue.sheet, issue.row)
    values = (issue.value,) if issue.value is not None else ()
    return Failure(suite, INGEST_SUITE, issue.column, values, (where,), issue.message)


def _with_ingest(result: GateResult, register, tables: dict) -> GateResult:
    """``result`` with the register's errors first (as failures) and its warnings kept.

    The ``ingest`` suite counts files: passed = read without error, failed = with errors.
    """
    errors = register.errors
    bad_files = {issue.file for issue in errors}
    csv_files = {frame.attrs["source_file"] for frame in tables.values() if frame.attrs.get("source_file")}
    files = set(register.files) | csv_files | bad_files
    ingest = {INGEST_SUITE: {"passed": len(files - bad_files), "failed": len(bad_files)}}
    failures = tuple(_ingest_failure(issue) for issue in errors) + result.failures
    return dataclasses.replace(result, success=result.success and not errors, suites=ingest | result.suites,
                               failures=failures, warnings=tuple(str(w) for w in register.warnings))


def validate_data_dir(data_dir=None, *, docs_dir: Path | None = None) -> GateResult:
    """Ingest a data folder, run the gate, and (``docs_dir`` given) write Data Docs and a summary.

    Parameters
    ----------
    data_dir : str or Path, optional
        A data folder (the shipped ``data/`` when None).
    docs_dir : Path, optional
        A (fresh, staging) folder for GX Data Docs (``index.html``) and the offline,
        self-contained summary page (``summary.html``).

    Returns
    -------
    GateResult
        Not successful when a workbook or table cannot be ingested (each issue is a
        failure of the ``ingest`` suite, or of the CSV table's dataset, with file, sheet,
        row, column and value) or when an expectation fails. Expectations still run on
        the rows that ingested cleanly, so one pass shows every problem.
    """
    taxonomy = load_taxonomy(data_dir)
    tables, register = gate_tables(data_dir, taxonomy=taxonomy)
    result = _with_ingest(run_gate(tables, taxonomy, docs_dir=docs_dir), register, tables)
    if docs_dir is not None:
        write_summary_html(result, Path(docs_dir) / "summary.html")
    return result
