"""KPI tables and series as the chapters show them (MTR Tables 2-6 outcome columns).

The status rules live in ``outcomes``; this module selects and labels for display. It
never plots reconstructed rows as measured values: they only complete a unit's status.
"""

from __future__ import annotations

import pandas as pd

from ascc_analysis.data.kpis import ASEAN

STATUS_LABELS = {"progress": "Progress", "regress": "Regress", "no_change": "No change",
                 "insufficient_data": "Insufficient data"}
DIRECTION_LABELS = {"up": "Higher is better", "down": "Lower is better"}
RECONSTRUCTED_NOTE = "no values printed in the MTR: status rests on a reconstructed direction marker"
BASIS_LABELS = {"asean_series": "ASEAN-level series", "country_mean_change": "Mean change across AMS"}


def _number(value) -> str:
    return "" if pd.isna(value) else f"{float(value):,.2f}"


def _year(value) -> str:
    return "" if pd.isna(value) else str(int(value))


def kpi_table(status: pd.DataFrame, framework: pd.DataFrame, characteristic: str | None = None) -> pd.DataFrame:
    """Readable KPI status table, one row per measurable unit.

    Parameters
    ----------
    status : pandas.DataFrame
        From ``outcomes.kpi_status_table``.
    framework : pandas.DataFrame
        The KPI framework (for the indicator text).
    characteristic : str, optional
        Keep only this Characteristic's units.

    Returns
    -------
    pandas.DataFrame
        Columns: KPI, Indicator, Baseline, Latest, Change, Desired direction, Status,
        Basis, Rests on reconstructed data, Why.
    """
    rows = status if characteristic is None else status[status["characteristic"] == characteristic]
    text = framework.set_index("kpi_id")["text"]
    marker = rows["rests_on_reconstructed"].fillna(False).astype(bool).to_numpy()
    table = pd.DataFrame({
        "KPI": rows["kpi_id"].astype(str).to_numpy(),
        "Indicator": [str(text.get(k, "")) for k in rows["kpi_id"]],
        "Baseline": [f"{_number(v)} ({_year(y)})" if not pd.isna(v) else "" for v, y in zip(rows["baseline"], rows["baseline_year"])],
        "Latest": [f"{_number(v)} ({_year(y)})" if not pd.isna(v) else "" for v, y in zip(rows["latest"], rows["latest_year"])],
        "Change": [_number(v) for v in rows["change"]],
        "Desired direction": [DIRECTION_LABELS.get(str(d), "") for d in rows["desired_direction"]],
        "Status": [STATUS_LABELS.get(str(s), str(s)) for s in rows["status"]],
        "Basis": [BASIS_LABELS.get(str(b), "") for b in rows["basis"]],
        "Rests on reconstructed data": ["yes" if r else "" for r in rows["rests_on_reconstructed"]],
        "Why": [("" if pd.isna(r) else str(r)) for r in rows["reason"]],
    })
    # Reconstructed rows are direction markers (0 -> 1), not measurements: never show them as values.
    table.loc[marker, ["Baseline", "Latest", "Change"]] = ""
    table.loc[marker, "Why"] = RECONSTRUCTED_NOTE
    return table


def status_counts(status: pd.DataFrame) -> dict[str, int]:
    """Units per status (every status key present, zeros kept)."""
    counts = status["status"].value_counts()
    return {key: int(counts.get(key, 0)) for key in STATUS_LABELS}


def measured(observations: pd.DataFrame) -> pd.DataFrame:
    """Observations that are measured values with a year (no reconstructed markers)."""
    keep = (observations["provenance"] != "reconstructed") & observations["year"].notna()
    return observations[keep]


def asean_series(observations: pd.DataFrame, kpi_id: str) -> pd.DataFrame:
    """The ASEAN-level measured series of a KPI (``year``, ``value``, ``source``), by year."""
    rows = measured(observations)
    rows = rows[(rows["kpi_id"] == kpi_id) & (rows["geography"] == ASEAN)]
    return rows[["year", "value", "unit", "source", "provenance"]].sort_values("year", ignore_index=True)


def country_series(observations: pd.DataFrame, kpi_id: str, indicator: str | None = None) -> pd.DataFrame:
    """Primary country values of a KPI (one indicator: the first listed when None)."""
    rows = measured(observations)
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


def charted_kpis(status: pd.DataFrame, observations: pd.DataFrame, characteristic: str) -> list[str]:
    """Units of a Characteristic that have a measured series worth a small chart (2+ years)."""
    rows = measured(observations)
    chosen = []
    for kpi_id in status.loc[status["characteristic"] == characteristic, "kpi_id"]:
        years = rows.loc[rows["kpi_id"] == kpi_id, "year"].nunique()
        if years >= 2:
            chosen.append(str(kpi_id))
    return chosen
