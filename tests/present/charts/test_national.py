"""Charts of the national chapter (ascc_analysis.present.charts.national)."""

import pandas as pd
from matplotlib.colors import to_hex

from ascc_analysis.analysis import national
from ascc_analysis.data.datasets import load
from ascc_analysis.data.schema import INDICATOR_MAP_DTYPES, OBSERVATION_DTYPES
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.present import charts
from ascc_analysis.present.charts import national as national_charts
from ascc_analysis.present.style import apply_house_style

apply_house_style()
TAXONOMY = load_taxonomy()
PALETTE = TAXONOMY.colours("palette")
NO_MAP = pd.DataFrame(columns=list(INDICATOR_MAP_DTYPES)).astype(INDICATOR_MAP_DTYPES)

FRAMEWORK = pd.DataFrame({"kpi_id": ["2"], "characteristic": ["B"], "text": ["Lower is better"],
                          "desired_direction": ["down"], "baseline_year": [2016]}).astype(
    {"kpi_id": "string", "characteristic": "string", "text": "string", "desired_direction": "string",
     "baseline_year": "Int64"})


def make_observations(rows):
    records = [{"kpi_id": "2", "indicator": "lower", "role": "primary", "geography": geo, "year": year, "value": value,
                "unit": "% of people", "source": f"github:o/r/f.csv@abc (Survey {geo})",
                "provenance": "public_statistics", "caveat": None, "figure_id": None} for geo, year, value in rows]
    return pd.DataFrame(records, columns=list(OBSERVATION_DTYPES)).astype(OBSERVATION_DTYPES)


OBSERVATIONS = make_observations([("AAA", 2016, 10.0), ("AAA", 2019, 7.0), ("BBB", 2016, 4.0), ("BBB", 2019, 5.0),
                                  ("CCC", 2019, 9.0), ("DDD", 2019, 12.0)])


def _texts(fig):
    return [t.get_text() for t in fig.texts]


def _profile(iso3):
    return national.country_profile(OBSERVATIONS, FRAMEWORK, NO_MAP, TAXONOMY, iso3)


def test_ranking_chart_highlights_the_country_and_draws_the_average():
    values = national.comparison_values(OBSERVATIONS, TAXONOMY, "kpi-2", 2019)
    fig = national_charts.ranking_chart(values, "AAA", "Lower is better", "% of people", 2019, TAXONOMY, 8.25)
    ax = fig.axes[0]
    assert "Lower is better, 2019" in ax.get_title() and "4 AMS with data" in ax.get_title()
    assert ax.get_xlabel() == "ASEAN Member State" and ax.get_ylabel() == "% of people"
    assert any(t.startswith("Source: Survey AAA; Survey BBB") for t in _texts(fig))
    colours = {label.get_text(): to_hex(bar.get_facecolor()) for label, bar in zip(ax.get_xticklabels(), ax.patches)}
    assert colours["AAA"] == PALETTE["highlight"].lower() and colours["BBB"] == PALETTE["comparison"].lower()
    assert ax.lines[0].get_ydata()[0] == 8.25 and ax.get_legend() is not None


def test_series_chart_draws_the_country_against_the_average():
    country = national.country_series(OBSERVATIONS, TAXONOMY, "kpi-2", "AAA")
    average = national.average_series(OBSERVATIONS, TAXONOMY, "kpi-2")
    assert average.set_index("year")["n"].to_dict() == {2016: 2, 2019: 4}
    colour = TAXONOMY.colours("characteristics")["B"]
    fig = national_charts.series_against_average_chart(country, average, "Avalon", "Lower is better", "% of people",
                                                       colour, TAXONOMY)
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["Avalon", "ASEAN average (AMS with data each year)"]
    assert to_hex(ax.lines[0].get_color()) == colour.lower()
    assert to_hex(ax.lines[1].get_color()) == PALETTE["average"].lower()
    assert ax.get_xlabel() == "Year" and ax.get_ylabel() == "% of people"
    assert "Avalon and the ASEAN average" in ax.get_title().replace("\n", " ")
    assert any(t.startswith("Source:") and t.endswith("ASEAN average computed from these values") for t in _texts(fig))


def test_indicator_charts_come_with_alt_text():
    pairs = charts.indicator_charts(OBSERVATIONS, _profile("AAA"), TAXONOMY, "kpi-2", "AAA", "Avalon", 2019)
    assert len(pairs) == 2
    assert pairs[0][1] == ("Bar chart: Lower is better in 2019 for the 4 AMS with data, Avalon highlighted; "
                           "Avalon ranks 2 of 4; dashed line: ASEAN average")
    assert pairs[1][1].startswith("Line chart: Lower is better for Avalon, 2016-2019")
    html = charts.figure_html(pairs[0][0], pairs[0][1])
    assert html.startswith('<img alt="Bar chart: Lower is better')


def test_a_single_value_gets_only_the_ranking_chart():
    pairs = charts.indicator_charts(OBSERVATIONS, _profile("CCC"), TAXONOMY, "kpi-2", "CCC", "Camelot", 2019)
    assert len(pairs) == 1 and pairs[0][1].startswith("Bar chart:")


def test_source_line_is_short_and_colour_falls_back():
    line = national_charts.national_source(["github:o/r@a (" + "x" * 200 + ")"])
    assert len(line) <= national_charts.SOURCE_LIMIT and line.endswith("…")
    assert national_charts.colour_of(None, TAXONOMY) == PALETTE["default"]
    assert national_charts.colour_of(pd.NA, TAXONOMY) == PALETTE["default"]
    assert national_charts.colour_of("E", TAXONOMY) == TAXONOMY.colours("characteristics")["E"]


def test_charts_of_the_shipped_data_for_every_key_indicator():
    indicator_map = load("indicator_map")
    observations = national.national_observations(load("kpi_observations"), load("country_indicators"), indicator_map)
    profile = national.country_profile(observations, load("kpi_framework"), indicator_map, TAXONOMY, "MMR")
    keys = national.key_indicators(profile)
    assert keys and "kpi-26a" not in keys
    for series in keys:
        for fig, alt in charts.indicator_charts(observations, profile, TAXONOMY, series, "MMR", "Myanmar", 2019):
            assert alt and fig.axes[0].get_title() and fig.axes[0].get_ylabel()
            charts.figure_html(fig, alt)
