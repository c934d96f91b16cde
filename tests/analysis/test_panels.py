"""ASEAN averages over constant panels (ascc_analysis.analysis.panels)."""

import math

import pandas as pd
import pytest

from ascc_analysis.analysis import panels
from ascc_analysis.data.datasets import load
from ascc_analysis.data.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()


def values(rows):
    """A series from tuples (geography, year, value)."""
    return pd.DataFrame(rows, columns=["geography", "year", "value"]).assign(provenance="public_statistics")


SERIES = values([("AAA", 2016, 10.0), ("AAA", 2019, 14.0), ("BBB", 2016, 20.0), ("BBB", 2019, 18.0),
                 ("CCC", 2016, 90.0), ("ASEAN", 2016, 50.0), ("ASEAN", 2019, 60.0)])


def test_the_panel_holds_only_the_ams_with_a_value_in_every_year_compared():
    average = panels.panel_average(SERIES, [2016, 2019])
    assert average.panel == ("AAA", "BBB")
    assert average.dropped == ("CCC",)
    assert average.average(2016) == pytest.approx(15.0)  # CCC's 90 would make it 40
    assert average.average(2019) == pytest.approx(16.0)
    assert average.change == pytest.approx(1.0)
    assert average.averages["n"].tolist() == [2, 2]
    assert sorted(average.rows["geography"].unique()) == ["AAA", "BBB"]


def test_a_year_outside_the_comparison_has_no_average():
    assert math.isnan(panels.panel_average(SERIES, [2016, 2019]).average(2017))


def test_compared_years_run_from_the_baseline_window_to_the_last_year_up_to_the_cutoff():
    rows = values([("AAA", 2015, 1.0), ("AAA", 2017, 2.0), ("AAA", 2018, 3.0), ("AAA", 2020, 4.0)])
    assert panels.compared_years(rows, 2016, 2019) == (2015, 2017, 2018)
    assert panels.compared_years(values([("AAA", 2018, 1.0), ("AAA", 2019, 2.0)]), 2016, 2019) == (2018, 2019)
    assert panels.compared_years(values([("AAA", 2021, 1.0)]), 2016, 2019) == ()


def test_two_values_of_one_ams_in_a_year_are_an_error():
    with pytest.raises(ValueError, match="AAA 2016"):
        panels.panel_average(values([("AAA", 2016, 1.0), ("AAA", 2016, 2.0)]), [2016])


def test_the_gci_average_over_the_six_ams_with_public_scores():
    """GCI 4.0 up to 2019: BRN, KHM and LAO have no public 2019 score, so they are out of every year."""
    gci = panels.kpi_average(load("kpi_observations"), TAXONOMY, "26a", 2016, 2019)
    assert gci.years == (2017, 2018, 2019)
    assert gci.panel == ("IDN", "MYS", "PHL", "SGP", "THA", "VNM")
    assert set(gci.dropped) == {"BRN", "KHM", "LAO"}
    assert gci.average(2019) == pytest.approx(69.25)


def test_project_built_rows_are_never_averaged():
    observations = pd.DataFrame({
        "kpi_id": ["9", "9", "9", "9"], "indicator": ["x"] * 4, "role": ["primary"] * 4,
        "geography": ["AAA", "AAA", "BBB", "BBB"], "year": [2016, 2019, 2016, 2019], "value": [1.0, 2.0, 0.0, 1.0],
        "provenance": ["public_statistics", "public_statistics", "reconstructed", "reconstructed"]})
    assert panels.kpi_average(observations, TAXONOMY, "9", 2016, 2019).panel == ("AAA",)


def test_the_direction_matrix_reads_each_panel_country_and_the_average_in_the_desired_direction():
    average = panels.panel_average(SERIES, [2016, 2019])
    matrix = panels.direction_matrix({"s": average}, {"s": "down"}, ["AAA", "BBB", "CCC"])
    assert dict(zip(matrix["geography"], matrix["direction"])) == {
        "AAA": "worsening", "BBB": "improving", "CCC": "not in panel", "ASEAN": "worsening"}
    assert list(matrix.columns) == panels.MATRIX_COLUMNS
    single = panels.panel_average(SERIES, [2016])
    assert panels.direction_matrix({"s": single}, {"s": "down"}, ["AAA"]).empty
