"""Coverage of the KPI units by measured data: by geography and year, per unit, and the units without data."""

from __future__ import annotations

import pandas as pd
import pytest

from ascc_analysis.analysis import kpi_coverage, kpi_status
from ascc_analysis.data.datasets import load
from ascc_analysis.data.taxonomy import load_taxonomy
from tests.analysis.test_kpi_status import frame, obs

TAXONOMY = load_taxonomy()
BRN, KHM = TAXONOMY.ams_codes[:2]


@pytest.fixture
def small():
    units = frame([("k", "up"), ("j", "up"), ("m", "up")])
    units = pd.concat([units, pd.DataFrame([{"kpi_id": "P", "is_unit": False, "desired_direction": None}])])
    rows = obs([("k", BRN, 2016, 1), ("k", BRN, 2019, 2), ("k", KHM, 2019, 3),
                ("k", KHM, 2017, 9, "public_statistics", "context"),
                ("j", "ASEAN", 2016, 0, "reconstructed"), ("j", "ASEAN", 2019, 1, "reconstructed"),
                ("m", "ASEAN", 2016, 5, "published"), ("m", "ASEAN", None, 6, "published"),
                ("P", BRN, 2016, 4)])
    return units, rows


def test_availability_counts_units_with_a_measured_value_by_geography_and_year(small):
    units, rows = small
    matrix = kpi_coverage.availability(rows, units, TAXONOMY)
    assert matrix.index.tolist() == [*TAXONOMY.ams_codes, "ASEAN"]
    assert matrix.columns.tolist() == [2016, 2019]  # the context value of 2017 and the parent KPI do not count
    assert matrix.loc[BRN].tolist() == [1, 1] and matrix.loc[KHM].tolist() == [0, 1]
    assert matrix.loc["ASEAN"].tolist() == [1, 0]  # reconstructed markers and undated values are not data
    assert int(matrix.to_numpy().sum()) == 4


def test_unit_coverage_gives_ams_asean_level_and_years(small):
    units, rows = small
    table = kpi_coverage.unit_coverage(rows, units, TAXONOMY).set_index("kpi_id")
    assert table.index.tolist() == ["k", "j", "m"]
    assert table.loc["k", "ams_with_data"] == 2 and not table.loc["k", "asean_level"]
    assert (table.loc["k", "first_year"], table.loc["k", "last_year"]) == (2016, 2019)
    assert table.loc["j", "ams_with_data"] == 0 and pd.isna(table.loc["j", "first_year"])
    assert table.loc["m", "asean_level"] and table.loc["m", "last_year"] == 2016


def test_units_without_data_say_what_is_missing_and_whether_a_built_row_made_them_count(small):
    units, rows = small
    status = kpi_status.kpi_status_table(units, rows, min_countries=1)
    without = kpi_status.kpi_status_table(units, kpi_status.without_provenance(rows, TAXONOMY.built_by_project),
                                          min_countries=1)
    lacking = kpi_coverage.units_without_data(status, without).set_index("kpi_id")
    assert lacking.index.tolist() == ["j", "m"]
    assert lacking.loc["j", "counted_with_data"] and lacking.loc["j", "reason"] == "no value"
    assert not lacking.loc["m", "counted_with_data"]
    assert lacking.loc["m", "reason"] == "ASEAN-level series lacks a baseline or a later value up to the cut-off"


def test_shipped_coverage_agrees_with_the_status_table():
    framework, observations = load("kpi_framework"), load("kpi_observations")
    status = kpi_status.kpi_status_table(framework, observations)
    without = kpi_status.kpi_status_table(framework, kpi_status.without_provenance(observations,
                                                                                   TAXONOMY.built_by_project))
    lacking = kpi_coverage.units_without_data(status, without)
    assert int(lacking["counted_with_data"].sum()) == len(kpi_status.units_resting_on_reconstructed(status))
    assert int((~lacking["counted_with_data"]).sum()) == int((status["status"] == "insufficient_data").sum())
    coverage = kpi_coverage.unit_coverage(observations, framework, TAXONOMY).set_index("kpi_id")
    measured = coverage[(coverage["ams_with_data"] > 0) | coverage["asean_level"]].index
    assert not set(measured) & set(lacking["kpi_id"])  # every unit with measured values over the years has a status
