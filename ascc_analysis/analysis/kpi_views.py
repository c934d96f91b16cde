"""KPI units and series as the chapters select them (MTR Tables 2-6 outcome columns).

The status rules live in ``outcomes`` (``kpi_status``); this module counts units by status
and selects the measured series a chapter charts. It never gives rows the project built
(``Taxonomy.built_by_project``) as measured values: they only complete a unit's status.
"""

from __future__ import annotations

import pandas as pd

from ascc_analysis.analysis.kpi_status import STATUSES
from ascc_analysis.data.kpis import ASEAN
from ascc_analysis.data.taxonomy import Taxonomy


def kpi_status_counts(status: pd.DataFrame) -> dict[str, int]:
    """KPI units per status of the outcome rules (every status key present, zeros kept)."""
    counts = status["status"].value_counts()
    return {key: int(counts.get(key, 0)) for key in STATUSES}


def status_counts_by_basis(status: pd.DataFrame) -> dict:
    """KPI units per status, the units whose status rests on reconstructed rows counted apart.

    Returns
    -------
    dict
        ``measured``: status -> units (every key of ``STATUSES``) over the units whose status uses no
        reconstructed row; ``set_to_match``: the units with data whose status rests on reconstructed rows
        (a direction the project set so that the MTR's counts are reproduced).
    """
    built = status["rests_on_reconstructed"].fillna(False).astype(bool)
    matched = built & (status["status"] != "insufficient_data")
    return {"measured": kpi_status_counts(status[~matched]), "set_to_match": int(matched.sum())}


def unit_rows(observations: pd.DataFrame, kpi_id: str) -> pd.DataFrame:
    """The primary observation rows with a value of one KPI unit (any geography, dated or not, any provenance)."""
    rows = observations[(observations["kpi_id"] == kpi_id) & observations["value"].notna()]
    return rows[rows["role"].fillna("primary") == "primary"]


def measured(observations: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Observations that are measured values with a year (no row the project built)."""
    keep = ~observations["provenance"].isin(taxonomy.built_by_project) & observations["year"].notna()
    return observations[keep]


def asean_series(observations: pd.DataFrame, taxonomy: Taxonomy, kpi_id: str) -> pd.DataFrame:
    """The ASEAN-level measured series of a KPI (``year``, ``value``, ``source``), by year."""
    rows = measured(observations, taxonomy)
    rows = rows[(rows["kpi_id"] == kpi_id) & (rows["geography"] == ASEAN)]
    return rows[["year", "value", "unit", "source", "provenance"]].sort_values("year", ignore_index=True)


def country_series(observations: pd.DataFrame, taxonomy: Taxonomy, kpi_id: str,
                   indicator: str | None = None) -> pd.DataFrame:
    """Primary country values of a KPI (one indicator: the first listed when None)."""
    rows = measured(observations, taxonomy)
    rows = rows[(rows["kpi_id"] == kpi_id) & (rows["geography"] != ASEAN) & (rows["role"] == "primary")]
    if rows.empty:
        return rows
    chosen = indicator or rows["indicator"].dropna().iloc[0]
    return rows[rows["indicator"] == chosen].sort_values(["geography", "year"], ignore_index=True)


def latest_by_country(series: pd.DataFrame, cutoff_year: int) -> pd.DataFrame:
    """Each country's latest value up to the cut-off year (``geography``, ``year``, ``value``)."""
    rows = series[series["year"] <= cutoff_year]
    latest = rows.sort_values("year").groupby("geography", as_index=False).tail(1)
    return latest[["geography", "year", "value"]].sort_values("geography", ignore_index=True)


def charted_kpis(status: pd.DataFrame, observations: pd.DataFrame, taxonomy: Taxonomy,
                 characteristic: str) -> list[str]:
    """Units of a Characteristic that have a measured series worth a small chart (2+ years)."""
    rows = measured(observations, taxonomy)
    chosen = []
    for kpi_id in status.loc[status["characteristic"] == characteristic, "kpi_id"]:
        years = rows.loc[rows["kpi_id"] == kpi_id, "year"].nunique()
        if years >= 2:
            chosen.append(str(kpi_id))
    return chosen
