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

import importlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ascc_analysis.config import EXPECTATIONS_DIR
from ascc_analysis.data.collector import collector_paused
from ascc_analysis.data.taxonomy import Taxonomy, load_taxonomy
from ascc_analysis.validation import rules as validation_rules
from ascc_analysis.validation.deferred import defer_imports
from ascc_analysis.validation.failures import suite_results
from ascc_analysis.validation.inputs import CSV_TABLES, GateInputs, gate_tables, with_ingest
from ascc_analysis.validation.result import Check, Failure, GateResult
from ascc_analysis.validation.summary import write_summary_html

__all__ = ["CSV_TABLES", "Check", "Failure", "GateResult", "SuiteError", "gate_tables", "load_suite_specs", "run_gate",
           "validate_data_dir", "write_summary_html"]

SCHEMAS = validation_rules.SCHEMAS
"""Table -> column dtypes, for every table of ``datasets.DATASETS``."""

RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": 20}
"""Enough for messages (first 20 unexpected values and their rows), cheaper than COMPLETE."""

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

    GX hashes every row of a frame it is given, once per suite, for a batch marker
    (``pandas_data_fingerprint``) that nothing here reads: about a fifth of the suites' time
    on a register 100 times the shipped one. Its size threshold is set to 0, which leaves
    that marker out of the results and Data Docs; the checks are the same.

    SciPy's statistics and altair, which GX imports for expectations no suite here
    declares, are imported on their first use instead (``validation.deferred``).
    """
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)
    defer_imports()
    import great_expectations as gx
    from great_expectations.execution_engine import pandas_execution_engine

    pandas_execution_engine.HASH_THRESHOLD = 0  # no batch fingerprint: see the docstring
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
             docs_dir: Path | None = None, later: Callable[[], dict[str, pd.DataFrame]] | None = None) -> GateResult:
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
    later : callable, optional
        Returns more tables (the Tool 1 register's, read meanwhile by worker processes);
        called once the suites that ``tables`` alone can run have run. The result is the
        same as giving every table in ``tables``.

    Returns
    -------
    GateResult
    """
    gx = _import_gx()
    context = _context(gx, docs_dir)
    context.data_sources.add_pandas("tables")
    outcomes: dict[str, tuple] = {}
    if later is not None:
        _run_suites(gx, context, load_suite_specs(taxonomy, directory, tables), tables, outcomes)
        tables = dict(tables) | later()
    frames = dict(tables) | validation_rules.derive(tables, taxonomy)
    specs = load_suite_specs(taxonomy, directory, frames)
    skipped = _run_suites(gx, context, specs, frames, outcomes)
    suites, failures, checks = {}, [], []
    for name, (suite_checks, suite_failures) in ((spec["name"], outcomes[spec["name"]]) for spec in specs
                                                 if spec["name"] in outcomes):
        checks += suite_checks
        failed = sum(not check.success for check in suite_checks)
        suites[name] = {"passed": len(suite_checks) - failed, "failed": failed}
        failures += suite_failures
    docs_index = _build_docs(context, docs_dir) if docs_dir is not None else None
    return GateResult(not failures, suites, tuple(failures), tuple(skipped), tuple(checks), (), docs_index)


def _run_suites(gx, context, specs: list[dict], frames: dict[str, pd.DataFrame], outcomes: dict) -> list[tuple]:
    """Run each spec whose table is in ``frames`` and not yet in ``outcomes`` (name -> checks, failures);
    returns the specs skipped, with why."""
    skipped = []
    for spec in specs:
        dataset = _dataset(spec)
        if spec["name"] in outcomes:
            continue
        if dataset not in frames or "skipped" in spec:
            skipped.append((spec["name"], spec.get("skipped") or f"no {dataset!r} table"))
            continue
        frame = frames[dataset]
        result = _validate(gx, context, spec, frame.reset_index(drop=True))
        outcomes[spec["name"]] = suite_results(spec["name"], result.results, frame)
    return skipped


def _build_docs(context, docs_dir: Path) -> Path:
    Path(docs_dir).mkdir(parents=True, exist_ok=True)
    context.build_data_docs(site_names=[DOCS_SITE])
    return Path(docs_dir) / "index.html"


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
    with collector_paused():  # about a third of a large register's gate otherwise (see collector_paused)
        taxonomy = load_taxonomy(data_dir)
        with GateInputs(data_dir, taxonomy=taxonomy) as inputs:  # a large register is read meanwhile
            result = run_gate(inputs.tables, taxonomy, docs_dir=docs_dir, later=inputs.register_tables)
        result = with_ingest(result, inputs.register, inputs.tables)
        if docs_dir is not None:
            write_summary_html(result, Path(docs_dir) / "summary.html")
    return result
