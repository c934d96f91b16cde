"""KPI results framework and KPI observations: loaders and column contracts.

The results framework (``data/kpi/kpi_framework.csv``) lists the MTR's 32 KPIs and their
sub-KPIs; the 45 rows with ``is_unit`` true are the measurable units the MTR counts.
The observations (``data/kpi/kpi_observations.csv``, built by ``scripts/make_kpi_tables.py``)
hold one value per row in long form: published ASEAN-level figures, public country
statistics and the few reconstructed ASEAN-level rows, each with its provenance.
``data/kpi/indicator_map.csv`` says which source series feeds which KPI. See
``data/README.md`` for the datasheets.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ascc_analysis.config import DataPaths

ASEAN = "ASEAN"
"""Geography code of ASEAN-level rows (countries use ISO3 codes)."""

FRAMEWORK_FILE = "kpi/kpi_framework.csv"
OBSERVATIONS_FILE = "kpi/kpi_observations.csv"
INDICATOR_MAP_FILE = "kpi/indicator_map.csv"
CAVEATS_FILE = "kpi/observation_caveats.csv"

COLLECTION_CATEGORIES = ("sectoral_body_records", "ams_policy_data", "perception_survey_research")
"""The three data-collection categories of Table 9 (empty where a KPI is not described)."""

ROLES = ("primary", "context")
"""Observation roles: ``primary`` series decide a unit's status, ``context`` rows never do."""

FRAMEWORK_DTYPES = {
    "kpi_id": "string",
    "parent_kpi": "string",
    "is_unit": "boolean",
    "characteristic": "string",
    "kra_code": "string",
    "text": "string",
    "unit": "string",
    "desired_direction": "string",
    "collection_category": "string",
    "international_index": "string",
    "baseline_year": "Int64",
    "mtr_statement": "string",
    "mtr_stated_change": "string",
    "table9_reference": "string",
    "id_named_in_mtr": "boolean",
    "reconstructed_change": "string",
    "reconstructed_to_year": "Int64",
    "reconstruction_basis": "string",
    "provenance": "string",
    "source_note": "string",
}
"""One row per KPI or sub-KPI; ``is_unit`` marks the 45 measurable units."""

OBSERVATION_DTYPES = {
    "kpi_id": "string",
    "indicator": "string",
    "role": "string",
    "geography": "string",
    "year": "Int64",
    "value": "Float64",
    "unit": "string",
    "source": "string",
    "provenance": "string",
    "caveat": "string",
    "figure_id": "string",
}
"""One value per row; ``year`` is empty where the source gives no year."""

INDICATOR_MAP_DTYPES = {
    "source_table": "string",
    "indicator": "string",
    "series": "string",
    "kpi_id": "string",
    "role": "string",
    "years": "string",
    "caveat": "string",
    "note": "string",
}
"""Source series (country indicator or published figure id) -> KPI, role and caveat."""


def read_typed(path: Path, dtypes: dict[str, str]) -> pd.DataFrame:
    """Read a CSV as text and cast each column of ``dtypes`` (empty cells become NA)."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in dtypes if c not in raw.columns]
    if missing:
        raise ValueError(f"{path.name} lacks columns {missing}")
    frame = pd.DataFrame(index=raw.index)
    for column, dtype in dtypes.items():
        values = raw[column].replace("", pd.NA)
        if dtype == "boolean":
            frame[column] = values.str.lower().map({"true": True, "false": False}).astype("boolean")
        elif dtype in ("Int64", "Float64"):
            frame[column] = pd.to_numeric(values).astype(dtype)
        else:
            frame[column] = values.astype("string")
    return frame


def load_kpi_framework(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load the KPI results framework.

    Parameters
    ----------
    data_dir : str or Path, optional
        A data folder; ``kpi/kpi_framework.csv`` is taken from the shipped ``data/``
        when the folder lacks it.

    Returns
    -------
    pandas.DataFrame
        One row per KPI or sub-KPI with the columns of ``FRAMEWORK_DTYPES``.
    """
    return read_typed(DataPaths.of(data_dir).resolve(FRAMEWORK_FILE), FRAMEWORK_DTYPES)


def load_kpi_observations(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load the long table of KPI observations.

    Parameters
    ----------
    data_dir : str or Path, optional
        A data folder; ``kpi/kpi_observations.csv`` is taken from the shipped ``data/``
        when the folder lacks it.

    Returns
    -------
    pandas.DataFrame
        One value per row with the columns of ``OBSERVATION_DTYPES``.
    """
    return read_typed(DataPaths.of(data_dir).resolve(OBSERVATIONS_FILE), OBSERVATION_DTYPES)


def load_indicator_map(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load the map of source series to KPIs (``kpi/indicator_map.csv``).

    Parameters
    ----------
    data_dir : str or Path, optional
        A data folder (the shipped ``data/`` by default).

    Returns
    -------
    pandas.DataFrame
        One row per source series with the columns of ``INDICATOR_MAP_DTYPES``.
    """
    return read_typed(DataPaths.of(data_dir).resolve(INDICATOR_MAP_FILE), INDICATOR_MAP_DTYPES)


def units(framework: pd.DataFrame) -> pd.DataFrame:
    """The measurable units of a framework (rows with ``is_unit`` true)."""
    return framework[framework["is_unit"].fillna(False).astype(bool)]
