"""Outcome rules on tiny frames, and the MTR's KPI counts from the real data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ascc_analysis.analysis import kpi_status as outcomes
from ascc_analysis.analysis.kpi_status import (
    COUNT_KEYS,
    STATUS_COLUMNS,
    asean_average,
    kpi_status_table,
    outcome_counts,
    units_resting_on_reconstructed,
)
from ascc_analysis.config import DataPaths
from ascc_analysis.data.datasets import load


def frame(units: list[tuple]) -> pd.DataFrame:
    """Framework of (kpi_id, desired_direction[, collection_category]) tuples."""
    rows = [{"kpi_id": u[0], "desired_direction": u[1], "collection_category": u[2] if len(u) > 2 else None,
                 "is_unit": True, "parent_kpi": None, "baseline_year": 2016, "characteristic": "A"} for u in units]
    return pd.DataFrame(rows)


def obs(rows: list[tuple]) -> pd.DataFrame:
    """Observations of (kpi_id, geography, year, value[, provenance[, role]]) tuples."""
    records = [{"kpi_id": r[0], "geography": r[1], "year": r[2], "value": r[3],
                    "provenance": r[4] if len(r) > 4 else "public_statistics",
                    "role": r[5] if len(r) > 5 else "primary", "indicator": "x"} for r in rows]
    table = pd.DataFrame(records, columns=["kpi_id", "geography", "year", "value", "provenance", "role", "indicator"])
    table["year"] = table["year"].astype("Int64")
    table["value"] = table["value"].astype("Float64")
    return table


def status_of(units, rows, **kwargs) -> pd.Series:
    return kpi_status_table(frame(units), obs(rows), **kwargs).set_index("kpi_id").iloc[0]


# ---- baseline -----------------------------------------------------------------------------------------
def test_progress_from_2016_baseline():
    row = status_of([("k", "up")], [("k", "ASEAN", 2016, 1), ("k", "ASEAN", 2019, 3)])
    assert row["status"] == "progress"
    assert (row["baseline_year"], row["latest_year"], row["change"]) == (2016, 2019, 2)
    assert row["basis"] == "asean_series"


def test_2016_preferred_over_neighbouring_years():
    row = status_of([("k", "up")], [("k", "ASEAN", 2015, 9), ("k", "ASEAN", 2016, 1), ("k", "ASEAN", 2019, 3)])
    assert row["baseline_year"] == 2016


def test_2015_then_2017_accepted_when_2016_missing():
    row = status_of([("k", "up")], [("k", "ASEAN", 2015, 1), ("k", "ASEAN", 2017, 5), ("k", "ASEAN", 2019, 3)])
    assert row["baseline_year"] == 2015
    row = status_of([("k", "up")], [("k", "ASEAN", 2017, 1), ("k", "ASEAN", 2019, 3)])
    assert (row["baseline_year"], row["status"]) == (2017, "progress")


def test_baseline_tolerance_zero_requires_2016():
    row = status_of([("k", "up")], [("k", "ASEAN", 2017, 1), ("k", "ASEAN", 2019, 3)], baseline_tolerance=0)
    assert row["status"] == "insufficient_data"


def test_2014_is_not_a_baseline():
    row = status_of([("k", "up")], [("k", "ASEAN", 2014, 1), ("k", "ASEAN", 2019, 3)])
    assert row["status"] == "insufficient_data"


# ---- cut-off ------------------------------------------------------------------------------------------
def test_values_after_the_cutoff_are_ignored():
    rows = [("k", "ASEAN", 2016, 1), ("k", "ASEAN", 2019, 3), ("k", "ASEAN", 2020, 0)]
    assert status_of([("k", "up")], rows)["status"] == "progress"
    assert status_of([("k", "up")], rows, cutoff_year=2020)["status"] == "regress"


def test_only_values_after_the_cutoff_is_insufficient():
    row = status_of([("k", "up")], [("k", "ASEAN", 2016, 1), ("k", "ASEAN", 2020, 3)])
    assert row["status"] == "insufficient_data"


# ---- direction --------------------------------------------------------------------------------------
@pytest.mark.parametrize("direction, end, expected", [
    ("down", 0.5, "progress"), ("down", 2, "regress"), ("up", 0.5, "regress"),
    ("up", 1, "no_change"), ("down", 1, "no_change"),
])
def test_direction(direction, end, expected):
    row = status_of([("k", direction)], [("k", "ASEAN", 2016, 1), ("k", "ASEAN", 2019, end)])
    assert row["status"] == expected


def test_data_without_a_direction_is_an_error():
    with pytest.raises(ValueError, match="desired_direction"):
        status_of([("k", None)], [("k", "ASEAN", 2016, 1), ("k", "ASEAN", 2019, 2)])


# ---- insufficient data ------------------------------------------------------------------------------
@pytest.mark.parametrize("rows", [
    [],
    [("k", "ASEAN", 2016, 1)],
    [("k", "ASEAN", 2019, 1)],
    [("k", "ASEAN", None, 60)],
])
def test_insufficient_data(rows):
    row = status_of([("k", "up")], rows)
    assert row["status"] == "insufficient_data"
    assert math.isnan(row["change"])


def test_values_without_a_year_are_explained():
    assert status_of([("k", "up")], [("k", "ASEAN", None, 60)])["reason"] == "only values without a year"


# ---- geography ---------------------------------------------------------------------------------------
def test_asean_series_decides_over_countries():
    rows = [("k", "ASEAN", 2016, 10), ("k", "ASEAN", 2019, 12)]
    rows += [("k", f"C{i}", y, v) for i in range(6) for y, v in ((2016, 5), (2019, 1))]
    row = status_of([("k", "up")], rows)
    assert (row["basis"], row["status"]) == ("asean_series", "progress")


def test_country_mean_change_compares_each_country_with_itself():
    rows = [("k", "AAA", 2016, 10), ("k", "AAA", 2019, 8),
            ("k", "BBB", 2015, 20), ("k", "BBB", 2018, 19),
            ("k", "CCC", 2017, 30)]  # no later value: not counted
    row = status_of([("k", "down")], rows, min_countries=2)
    assert (row["basis"], row["n_countries"], row["status"]) == ("country_mean_change", 2, "progress")
    assert row["change"] == pytest.approx(-1.5)
    assert (row["baseline_year"], row["latest_year"]) == (2015, 2019)
    assert row["baseline"] == pytest.approx(15) and row["latest"] == pytest.approx(13.5)


def test_country_entering_later_does_not_create_a_change():
    rows = [("k", "AAA", 2016, 10), ("k", "AAA", 2019, 10), ("k", "BBB", 2019, 100)]
    row = status_of([("k", "up")], rows, min_countries=1)
    assert (row["n_countries"], row["status"]) == (1, "no_change")


def test_min_countries():
    rows = [("k", f"C{i}", y, v) for i in range(4) for y, v in ((2016, 1), (2019, 2))]
    assert status_of([("k", "up")], rows)["status"] == "insufficient_data"
    assert status_of([("k", "up")], rows, min_countries=4)["status"] == "progress"


def test_context_rows_never_decide():
    rows = [("k", "ASEAN", 2016, 1, "public_statistics", "context"),
            ("k", "ASEAN", 2019, 9, "public_statistics", "context")]
    assert status_of([("k", "up")], rows)["status"] == "insufficient_data"


def test_rests_on_reconstructed():
    rows = [("k", "ASEAN", 2016, 0, "reconstructed"), ("k", "ASEAN", 2019, 1, "reconstructed"),
            ("j", "ASEAN", 2016, 1, "published"), ("j", "ASEAN", 2019, 2, "published")]
    table = kpi_status_table(frame([("k", "up"), ("j", "up")]), obs(rows))
    assert units_resting_on_reconstructed(table) == ["k"]


def test_duplicate_asean_year_is_an_error():
    with pytest.raises(ValueError, match="more than one"):
        status_of([("k", "up")], [("k", "ASEAN", 2016, 1), ("k", "ASEAN", 2016, 2), ("k", "ASEAN", 2019, 3)])


def test_status_table_shape():
    table = kpi_status_table(frame([("k", "up"), ("j", "down")]), obs([]))
    assert list(table.columns) == STATUS_COLUMNS
    assert table["kpi_id"].tolist() == ["k", "j"]
    assert set(table["status"]) <= set(outcomes.STATUSES)


# ---- counts and averages -----------------------------------------------------------------------------
def test_outcome_counts_on_a_tiny_frame():
    units = [("a", "up", "sectoral_body_records"), ("b", "up", "ams_policy_data"), ("c", "down", "ams_policy_data"),
             ("d", "up", None)]
    rows = [("a", "ASEAN", 2016, 1), ("a", "ASEAN", 2019, 2), ("b", "ASEAN", 2016, 1)]
    counts = outcome_counts(frame(units), obs(rows))
    assert tuple(counts) == COUNT_KEYS
    assert counts == {"kpis_total": 4, "kpis_insufficient_data": 3, "kpis_sufficient_data": 1,
                      "kpis_with_progress": 1, "results_framework_kpis": 4, "kpi_gap_categories": 1}


def test_asean_average_and_coverage():
    rows = [("k", "AAA", 2019, 1), ("k", "BBB", 2019, 3), ("k", "ASEAN", 2019, 100),
            ("k", "CCC", 2019, 50, "public_statistics", "context")]
    assert asean_average(obs(rows), "k", 2019) == (2.0, 2)
    assert asean_average(obs(rows), "k", 2018) == (pytest.approx(float("nan"), nan_ok=True), 0)


# ---- the real data -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def real():
    return load("kpi_framework"), load("kpi_observations")


@pytest.fixture(scope="module")
def published() -> dict:
    table = pd.read_csv(DataPaths.of().published_figures, dtype=str).set_index("figure_id")["value"]
    return table.to_dict()


def test_real_data_give_the_published_counts(real, published):
    counts = outcome_counts(*real)
    assert counts == {key: int(published[key]) for key in COUNT_KEYS}
    assert (counts["kpis_total"], counts["kpis_insufficient_data"], counts["kpis_sufficient_data"],
            counts["kpis_with_progress"]) == (45, 19, 26, 21)


def test_how_many_units_rest_on_reconstructed_rows(real):
    framework, observations = real
    status = kpi_status_table(framework, observations)
    rebuilt = units_resting_on_reconstructed(status)
    assert set(rebuilt) == set(framework.dropna(subset=["reconstructed_change"])["kpi_id"])
    assert len(rebuilt) == 10
    sufficient = status[status["status"] != "insufficient_data"]
    assert (~sufficient["rests_on_reconstructed"]).sum() == 16


def test_table9_examples_lack_data_and_b_recommendation_kpis_have_it(real):
    framework, observations = real
    status = kpi_status_table(framework, observations).set_index("kpi_id")["status"]
    units = framework[framework["is_unit"]].set_index("kpi_id")
    examples = units.index[units["table9_reference"] == "unavailable_example"]
    assert sorted(examples) == sorted(["3", "6d", "16", "19c", "22", "24"])
    assert (status[examples] == "insufficient_data").all()
    cited = units.index[units["table9_reference"] == "B_recommendation"]
    assert (status[cited] != "insufficient_data").all()


def test_statuses_from_real_series_agree_with_the_mtr_wording(real):
    framework, observations = real
    status = kpi_status_table(framework, observations)
    table = status.merge(framework[["kpi_id", "mtr_stated_change"]], on="kpi_id")
    decided = table[(table["status"] != "insufficient_data") & ~table["rests_on_reconstructed"]
                    & table["mtr_stated_change"].isin(["increase", "decrease"])]
    assert len(decided) >= 12
    rising = decided["change"] > 0
    assert (rising == (decided["mtr_stated_change"] == "increase")).all()


def test_counts_stable_for_min_countries_up_to_six(real):
    expected = outcome_counts(*real)
    for n in range(1, 7):
        assert outcome_counts(*real, min_countries=n) == expected


def test_gci_average_of_public_scores_differs_from_the_published_one(real, published):
    _, observations = real
    value, n = asean_average(observations, "26a", 2019)
    assert (round(value, 2), n) == (69.25, 6)
    assert value != float(published["E_gci_2019"])


def test_figures_reproduce_published_values(published, real):
    result = outcomes.figures(*real)
    assert set(COUNT_KEYS) <= set(result)
    assert "B_recommendation_kpis" in result
    for figure_id, value in result.items():
        assert figure_id in published, figure_id
        assert float(value) == float(published[figure_id]), figure_id


# ---- counts without the project's rows, and the rows a status reads -----------------------------------
def test_outcome_counts_without_sets_the_given_provenance_aside():
    units = [("k", "up"), ("j", "up")]
    rows = [("k", "ASEAN", 2016, 0, "reconstructed"), ("k", "ASEAN", 2019, 1, "reconstructed"),
            ("j", "AAA", 2016, 1), ("j", "AAA", 2019, 2)]
    every = outcome_counts(frame(units), obs(rows), min_countries=1)
    without = outcomes.outcome_counts_without(frame(units), obs(rows), ["reconstructed"], min_countries=1)
    assert (every["kpis_sufficient_data"], every["kpis_with_progress"]) == (2, 2)
    assert (without["kpis_sufficient_data"], without["kpis_with_progress"]) == (1, 1)
    assert outcomes.outcome_counts_without(frame(units), obs(rows), [], min_countries=1) == every
    assert outcomes.without_provenance(obs(rows), ["reconstructed"])["kpi_id"].tolist() == ["j", "j"]


def test_status_rows_are_the_asean_series_when_there_is_one_else_the_countries():
    rows = [("k", "ASEAN", 2016, 1, "published"), ("k", "ASEAN", None, 2, "published"), ("k", "AAA", 2016, 5),
            ("j", "AAA", 2016, 1), ("j", "BBB", 2019, 2), ("j", "CCC", 2019, 9, "public_statistics", "context")]
    assert outcomes.status_rows(obs(rows), "k")[["geography", "year"]].values.tolist() == [["ASEAN", 2016]]
    assert outcomes.status_rows(obs(rows), "j")["geography"].tolist() == ["AAA", "BBB"]
    assert outcomes.status_rows(obs(rows), "none").empty


def test_real_counts_without_reconstructed_rows_drop_the_units_that_rest_on_them(real):
    framework, observations = real
    status = kpi_status_table(framework, observations)
    every = outcome_counts(framework, observations)
    without = outcomes.outcome_counts_without(framework, observations, ["reconstructed"])
    resting = status[status["rests_on_reconstructed"]]
    assert every["kpis_sufficient_data"] - without["kpis_sufficient_data"] == len(resting)
    assert every["kpis_with_progress"] - without["kpis_with_progress"] == int((resting["status"] == "progress").sum())
    assert without["kpis_total"] == every["kpis_total"]
