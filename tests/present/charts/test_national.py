"""Charts of the national chapter (ascc_analysis.present.charts.national)."""

import pandas as pd
from matplotlib.colors import to_hex

from ascc_analysis.analysis import national
from ascc_analysis.data.datasets import load
from ascc_analysis.data.schema import INDICATOR_MAP_DTYPES, OBSERVATION_DTYPES
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.present import charts
from ascc_analysis.present.charts import national as national_charts
from ascc_analysis.present.charts.kpis import HIGHLIGHT_MARKER
from ascc_analysis.present.style import apply_house_style

apply_house_style()
TAXONOMY = load_taxonomy()
PALETTE = TAXONOMY.colours("palette")
NO_MAP = pd.DataFrame(columns=list(INDICATOR_MAP_DTYPES)).astype(INDICATOR_MAP_DTYPES)

FRAMEWORK = pd.DataFrame({"kpi_id": ["2"], "characteristic": ["B"], "text": ["Lower is better"],
                          "desired_direction": ["down"], "baseline_year": [2016], "id_named_in_mtr": [False]}).astype(
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


def _panel():
    return national.series_panel(OBSERVATIONS, FRAMEWORK, TAXONOMY, "kpi-2")


def test_ranking_chart_highlights_the_country_and_draws_the_constant_panel_average():
    values = national.comparison_values(OBSERVATIONS, TAXONOMY, "kpi-2", 2019)
    average = _panel()
    assert average.panel == ("AAA", "BBB")  # CCC and DDD have no 2016 value
    fig = national_charts.ranking_chart(values, "AAA", "Lower is better", "% of people", 2019, TAXONOMY, average)
    ax = fig.axes[0]
    assert "Lower is better, 2019" in ax.get_title() and "4 AMS with data" in ax.get_title()
    assert ax.get_xlabel() == "ASEAN Member State" and ax.get_ylabel() == "% of people"
    assert any(t.startswith("Source: Survey AAA; Survey BBB") for t in _texts(fig))
    colours = {label.get_text(): to_hex(bar.get_facecolor()) for label, bar in zip(ax.get_xticklabels(), ax.patches)}
    assert colours["AAA"] == PALETTE["highlight"].lower() and colours["BBB"] == PALETTE["comparison"].lower()
    (dashed,) = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert dashed.get_ydata()[0] == 6.0  # (7 + 5) / 2, not the mean of the four AMS with a 2019 value
    assert [t.get_text().replace("\n", " ") for t in ax.get_legend().get_texts()] == \
        ["AAA", "ASEAN average, the same 2 AMS each year (AAA, BBB)"]
    highlighted = ax.patches[[t.get_text() for t in ax.get_xticklabels()].index("AAA")]
    assert to_hex(highlighted.get_edgecolor()) == PALETTE["black"].lower() and highlighted.get_linewidth() > 1
    assert any(line.get_marker() == HIGHLIGHT_MARKER and list(line.get_ydata()) == [7.0]
               for line in ax.lines)  # a marker at its value: visible even when the bar is near zero


def test_series_chart_draws_the_country_against_the_constant_panel():
    country = national.country_series(OBSERVATIONS, TAXONOMY, "kpi-2", "AAA")
    colour = TAXONOMY.colours("characteristics")["B"]
    fig = national_charts.series_against_average_chart(country, _panel(), "Avalon", "Lower is better", "% of people",
                                                       colour, TAXONOMY)
    ax = fig.axes[0]
    legend = ax.get_legend()
    assert [t.get_text().replace("\n", " ") for t in legend.get_texts()] == \
        ["Avalon", "ASEAN average, the same 2 AMS each year (AAA, BBB)"]
    (average,) = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert list(average.get_ydata()) == [7.0, 6.0]  # no jump in 2019 when CCC and DDD appear
    assert [to_hex(h.get_color()) for h in legend.legend_handles] == [colour.lower(), PALETTE["average"].lower()]
    assert to_hex(average.get_color()) == PALETTE["average"].lower()
    (join,) = [line for line in ax.lines if line.get_linestyle() == ":"]  # 2016 to 2019: no yearly data between
    assert to_hex(join.get_color()) == colour.lower()
    assert ax.get_ylim()[0] == 0  # a share: the axis starts at zero
    fig.canvas.draw()
    box = legend.get_window_extent()
    points = ax.transData.transform([(x, y) for line in ax.lines for x, y in zip(line.get_xdata(), line.get_ydata())])
    assert all(y < box.y0 for _, y in points)  # the legend sits above every point drawn
    assert ax.get_xlabel() == "Year" and ax.get_ylabel() == "% of people"
    assert "Avalon and the ASEAN average" in ax.get_title().replace("\n", " ")
    assert any(t.startswith("Source:") and t.endswith("ASEAN average computed from these values") for t in _texts(fig))


def test_indicator_charts_come_with_alt_text_naming_the_panel_and_their_rows():
    charts_ = national_charts.indicator_charts(OBSERVATIONS, _profile("AAA"), FRAMEWORK, TAXONOMY, "kpi-2", "AAA",
                                               "Avalon", 2019)
    assert len(charts_) == 2
    assert charts_[0][1].startswith("Bar chart: KPI 2†: Lower is better in 2019 for the 4 AMS with data, Avalon "
                                    "highlighted; ")  # a rank of 4 AMS or more, as the profile gives it
    assert charts_[0][1].endswith("; dashed line: ASEAN average of the same 2 AMS each year (AAA, BBB)")
    assert charts_[1][1].startswith("Dot chart: KPI 2†: Lower is better for Avalon, 2016-2019, against the ASEAN "
                                    "average of the same 2 AMS each year (AAA, BBB)")
    assert set(charts_[0][2]["provenance"]) == {"public_statistics"} and len(charts_[0][2]) == 4
    html = charts.figure_html(charts_[0][0], charts_[0][1])
    assert html.startswith('<img alt="Bar chart: KPI 2') and 'class="chart-pair"' in html
    assert "Values: DDD 12, CCC 9, AAA 7, BBB 5" in html


def test_a_series_break_noted_on_the_country_rows_is_marked_on_its_chart():
    rows = OBSERVATIONS.copy()
    rows.loc[(rows["geography"] == "AAA") & (rows["year"] == 2019), "caveat"] = "series break: new survey"
    assert national_charts.break_years(rows, TAXONOMY, "kpi-2", "AAA") == [2019]
    country = national.country_series(rows, TAXONOMY, "kpi-2", "AAA")
    fig = national_charts.series_against_average_chart(country, _panel(), "Avalon", "L", "% of people", "#0072B2",
                                                       TAXONOMY, breaks=[2019])
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts if t.get_text() == "series break"] == ["series break"]
    assert any(list(line.get_xdata()) == [2018.5, 2018.5] for line in ax.lines)


def test_a_single_value_gets_only_the_ranking_chart():
    charts_ = national_charts.indicator_charts(OBSERVATIONS, _profile("CCC"), FRAMEWORK, TAXONOMY, "kpi-2", "CCC",
                                               "Camelot", 2019)
    assert len(charts_) == 1 and charts_[0][1].startswith("Bar chart:")


def test_source_line_names_publishers_in_full_and_colour_falls_back():
    cited = pd.DataFrame({"publisher": ["World Bank"], "dataset": ["Worldwide Governance Indicators"],
                          "edition": ["not known"], "release_year": ["not known"], "source": ["github:o/r/f.csv@1"]})
    assert national_charts.national_source(cited) == ("World Bank, Worldwide Governance Indicators; ASEAN average "
                                                      "computed from these values")
    long = pd.DataFrame({"publisher": [None], "source": ["github:o/r@a (" + "x" * 200 + ")"]})
    assert "x" * 200 in national_charts.national_source(long)  # never cut: finish_chart wraps it
    assert national_charts.colour_of(None, TAXONOMY) == PALETTE["default"]
    assert national_charts.colour_of(pd.NA, TAXONOMY) == PALETTE["default"]
    assert national_charts.colour_of("E", TAXONOMY) == TAXONOMY.colours("characteristics")["E"]


def _shipped():
    indicator_map = load("indicator_map")
    observations = national.national_observations(load("kpi_observations"), load("country_indicators"), indicator_map)
    return observations, load("kpi_framework"), indicator_map


def test_charts_of_the_shipped_data_for_every_key_indicator():
    observations, framework, indicator_map = _shipped()
    profile = national.country_profile(observations, framework, indicator_map, TAXONOMY, "MMR")
    keys = national.key_indicators(profile)
    assert keys and "kpi-26a" not in keys
    for series in keys:
        for fig, alt, rows in national_charts.indicator_charts(observations, profile, framework, TAXONOMY, series,
                                                               "MMR", "Myanmar", 2019):
            assert alt and fig.axes[0].get_title() and fig.axes[0].get_ylabel() and len(rows)
            assert not any("github:" in t for t in _texts(fig))
            charts.figure_html(fig, alt)


def test_direction_matrix_chart_frames_the_country_and_its_alt_text_reads_each_row():
    observations, framework, indicator_map = _shipped()
    matrix = national.direction_matrix(observations, framework, indicator_map, TAXONOMY, list(TAXONOMY.ams_codes))
    labels = {key: f"row {key}" for key in matrix["series"]}
    fig = national_charts.direction_matrix_chart(matrix, labels, "VNM", TAXONOMY, "Source: test")
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[-1] == "ASEAN" and "VNM" in ticks
    assert [t for t in ax.get_xticklabels() if t.get_text() == "VNM"][0].get_fontweight() == "bold"
    framed = [p for p in ax.patches if not p.get_fill()]
    assert len(framed) == 1 and to_hex(framed[0].get_edgecolor()) == PALETTE["highlight"].lower()
    assert [t.get_text() for t in ax.get_yticklabels()] == [f"row {k}" for k in dict.fromkeys(matrix["series"])]
    alt = national_charts.direction_alt(matrix, labels, "VNM", "Viet Nam")
    assert "row kpi-31c: ASEAN improving, Viet Nam series break" in alt and "Viet Nam's column framed" in alt
    assert "the Philippines' column framed" in national_charts.direction_alt(matrix, labels, "PHL", "the Philippines")
