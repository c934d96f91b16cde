"""The validation gate: Great Expectations 1.x suites run on the tidy tables before rendering.

Suites are JSON files in ``expectations/`` (reviewable diffs). A value written as
``{"$taxonomy": "<Taxonomy property>"}`` or ``{"$schema": "<table>"}`` is filled in at run
time, so the code lists and column sets stay defined once. Great Expectations is imported
only inside ``run_gate``: notebooks never import it, and a run with nothing to do never pays
for it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import schema
from .paths import EXPECTATIONS_DIR
from .schema import LINEAGE_COLUMNS
from .taxonomy import Taxonomy

SCHEMAS = {"activities": schema.ACTIVITY_DTYPES, "links": schema.LINK_DTYPES}


@dataclass(frozen=True)
class Failure:
    """One failed expectation, with a few unexpected values and where they came from."""

    suite: str
    expectation: str
    column: str | None
    unexpected: tuple
    where: tuple

    def __str__(self) -> str:
        column = f", column {self.column!r}" if self.column else ""
        values = f": unexpected {list(self.unexpected)}" if self.unexpected else ""
        where = f" at {'; '.join(self.where)}" if self.where else ""
        return f"{self.suite}{column}: {self.expectation} failed{values}{where}"


@dataclass(frozen=True)
class GateResult:
    """Outcome of the gate: per-suite counts and every failure."""

    success: bool
    suites: dict = field(default_factory=dict)
    failures: tuple = ()

    def summary(self) -> str:
        """A short text summary: one line per suite, then one per failure."""
        lines = [f"  {name}: {s['passed']} passed, {s['failed']} failed" for name, s in self.suites.items()]
        lines += [f"  - {failure}" for failure in self.failures]
        head = "Validation passed" if self.success else "Validation FAILED"
        return "\n".join([head] + lines)


def _resolve(value, taxonomy: Taxonomy):
    if isinstance(value, dict) and set(value) == {"$taxonomy"}:
        return list(getattr(taxonomy, value["$taxonomy"]))
    if isinstance(value, dict) and set(value) == {"$schema"}:
        return list(SCHEMAS[value["$schema"]])
    if isinstance(value, dict):
        return {k: _resolve(v, taxonomy) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, taxonomy) for v in value]
    return value


def load_suite_specs(taxonomy: Taxonomy, directory: Path = EXPECTATIONS_DIR) -> list[dict]:
    """Read every suite JSON of ``directory`` with its placeholders filled in."""
    return [_resolve(json.loads(path.read_text(encoding="utf-8")), taxonomy)
            for path in sorted(directory.glob("*.json"))]


def _where(frame: pd.DataFrame, indexes: list) -> tuple:
    if not indexes or not set(LINEAGE_COLUMNS) <= set(frame.columns):
        return ()
    rows = frame.loc[[i for i in indexes[:5] if i in frame.index], LINEAGE_COLUMNS]
    return tuple(f"{r.source_file} sheet {r.source_sheet!r} row {r.source_row}" for r in rows.itertuples())


def _failure(suite: str, outcome, frame: pd.DataFrame) -> Failure:
    kwargs = outcome.expectation_config.kwargs
    result = outcome.result or {}
    unexpected = tuple(str(v) for v in (result.get("partial_unexpected_list") or [])[:5])
    return Failure(suite, outcome.expectation_config.type, kwargs.get("column") or kwargs.get("column_A"),
                   unexpected, _where(frame, result.get("unexpected_index_list") or []))


def run_gate(tables: dict[str, pd.DataFrame], taxonomy: Taxonomy,
             directory: Path = EXPECTATIONS_DIR) -> GateResult:
    """Validate tables against the suites in ``directory``.

    Parameters
    ----------
    tables : dict
        Dataset name (a suite's ``meta.dataset``) -> DataFrame.
    taxonomy : Taxonomy
        Fills the suites' placeholders.
    directory : Path
        Folder of suite JSON files.

    Returns
    -------
    GateResult
    """
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    context = gx.get_context(mode="ephemeral")
    source = context.data_sources.add_pandas("tables")
    suites, failures = {}, []
    for spec in load_suite_specs(taxonomy, directory):
        dataset = spec.get("meta", {}).get("dataset", spec["name"])
        frame = tables[dataset].reset_index(drop=True)
        batch = source.add_dataframe_asset(spec["name"]).add_batch_definition_whole_dataframe("whole")
        suite = gx.ExpectationSuite(name=spec["name"], expectations=spec["expectations"])
        result = batch.get_batch(batch_parameters={"dataframe": frame}).validate(suite, result_format="COMPLETE")
        failed = [r for r in result.results if not r.success]
        suites[spec["name"]] = {"passed": len(result.results) - len(failed), "failed": len(failed)}
        failures += [_failure(spec["name"], outcome, frame) for outcome in failed]
    return GateResult(not failures, suites, tuple(failures))
