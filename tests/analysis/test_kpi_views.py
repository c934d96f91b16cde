"""KPI units and series as the chapters select them (ascc_analysis.analysis.kpi_views)."""

from __future__ import annotations

import pandas as pd

from ascc_analysis.analysis import kpi_views
from ascc_analysis.analysis.kpi_status import STATUSES
from ascc_analysis.data.schema import OBSERVATION_DTYPES


def status_frame(rows):
    """Status rows of (status, rests_on_reconstructed) pairs."""
    return pd.DataFrame({"kpi_id": [str(n) for n in range(len(rows))], "status": [s for s, _ in rows],
                         "rests_on_reconstructed": [r for _, r in rows]})


def test_units_set_to_match_the_mtr_are_counted_apart_from_measured_statuses():
    status = status_frame([("progress", False), ("progress", True), ("no_change", True), ("regress", False),
                           ("insufficient_data", False)])
    split = kpi_views.status_counts_by_basis(status)
    assert split == {"measured": {"progress": 1, "regress": 1, "no_change": 0, "insufficient_data": 1},
                     "set_to_match": 2}
    assert list(split["measured"]) == list(STATUSES)
    assert sum(split["measured"].values()) + split["set_to_match"] == len(status)


def test_unit_rows_are_the_primary_rows_with_a_value_dated_or_not():
    records = [("4a", "primary", "ASEAN", None, 60.0, "published"), ("4a", "primary", "ASEAN", 2019, None, "published"),
               ("4", "context", "ASEAN", None, 100.0, "published"), ("4a", "context", "ASEAN", None, 1.0, "published"),
               ("4a", None, "IDN", 2018, 5.0, "public_statistics")]
    rows = pd.DataFrame([{"kpi_id": k, "indicator": "i", "role": r, "geography": g, "year": y, "value": v,
                          "unit": "percent", "source": "s", "provenance": p, "caveat": None, "figure_id": None}
                         for k, r, g, y, v, p in records], columns=list(OBSERVATION_DTYPES)).astype(OBSERVATION_DTYPES)
    unit = kpi_views.unit_rows(rows, "4a")
    assert unit["value"].tolist() == [60.0, 5.0]  # no empty value, no context row, no other KPI; no role is primary
