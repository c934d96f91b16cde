"""The JSON sidecar each report writes beside its HTML (``<output_dir>/<report id>.json``).

Keys: ``report_id``, ``parameters``, ``figures`` (figure id -> value; ids from
``mtr_published_figures.csv`` where one matches) and ``provenance`` (row counts per
provenance value of the data the report used); ``basis``, ``coverage`` and ``figure_provenance``
when there are any.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pandas as pd

from ascc_analysis.data.io import write_json


def _plain(value):
    """A JSON-ready version of numpy/pandas scalars (NaN and NA become None)."""
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def provenance_mix(*tables: pd.DataFrame) -> dict[str, int]:
    """Rows per provenance value over the tables a report used.

    Parameters
    ----------
    *tables : pandas.DataFrame
        Tables with a ``provenance`` column.

    Returns
    -------
    dict
        Provenance value -> number of rows, sorted by value.
    """
    counts: Counter = Counter()
    for table in tables:
        counts.update(table["provenance"].astype(str).tolist())
    return dict(sorted(counts.items()))


def coverage_record(coverage) -> dict | None:
    """A register's coverage (``data.coverage.Coverage``) for the sidecar; None for no coverage.

    Returns
    -------
    dict or None
        ``complete``, ``expected`` and ``present`` (counts of implementing Sectoral Bodies),
        ``missing`` (their acronyms) and ``summary`` (the sentence a partial register's reports open with).
    """
    if coverage is None:
        return None
    return {"complete": coverage.complete, "expected": len(coverage.expected), "present": len(coverage.present),
            "missing": list(coverage.missing), "summary": coverage.summary()}


def write_sidecar(output_dir: str | Path, report_id: str, parameters: dict,
                  figures: dict, provenance: dict, reporting_date: str | None = None,
                  basis: dict | None = None, coverage: dict | None = None,
                  figure_provenance: dict | None = None) -> Path:
    """Write the report's sidecar JSON (sorted keys, stable bytes) and return its path.

    ``reporting_date`` (the data's reporting date, ISO) is an additional key that the
    HTML header and the index read; ``basis`` (what the report's basis marks rest on,
    see :func:`present.basis.summary`) is written when the report marked anything; ``coverage``
    (:func:`coverage_record`) when the report read the Tool 1 register; ``figure_provenance``
    (figure id -> {provenance code: rows} behind it) when the report recorded it.
    """
    payload = {
        "report_id": report_id,
        "parameters": {k: _plain(v) for k, v in parameters.items()},
        "figures": {k: _plain(v) for k, v in figures.items()},
        "provenance": {k: int(v) for k, v in provenance.items()},
        "reporting_date": reporting_date,
    }
    if basis is not None:
        payload["basis"] = basis
    if coverage is not None:
        payload["coverage"] = coverage
    if figure_provenance:
        payload["figure_provenance"] = {k: {c: int(n) for c, n in v.items()} for k, v in figure_provenance.items()}
    return write_json(Path(output_dir) / f"{report_id}.json", payload)
