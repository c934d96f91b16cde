"""Charts of the KPIs (ascc_analysis.present.charts.kpis): statuses, a KPI's series and its values across AMS."""

import pandas as pd
from matplotlib.colors import to_hex

from ascc_analysis.data.schema import OBSERVATION_DTYPES
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.present import charts

TAXONOMY = load_taxonomy()
PALETTE = TAXONOMY.colours("palette")


def observations(rows):
    """Observations of KPI "k" from (geography, year, value, provenance) tuples."""
    records = [{"kpi_id": "k", "indicator": "i", "role": "primary", "geography": geo, "year": year, "value": value,
                "unit": "%", "source": f"github:o/r/{geo}.csv@abc (Survey {geo})", "provenance": provenance,
                "caveat": None, "figure_id": None} for geo, year, value, provenance in rows]
    return pd.DataFrame(records, columns=list(OBSERVATION_DTYPES)).astype(OBSERVATION_DTYPES)


def test_kpi_status_chart_uses_the_status_colours_and_labels():
    table = pd.DataFrame({"progress": [2, 1], "regress": [0, 1], "no_change": [1, 0], "insufficient_data": [3, 0]},
                         index=["A", "B"])
    fig = charts.kpi_status_chart(table, TAXONOMY, "src")
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() == "Number of KPI units" and ax.get_ylabel()
    legend = ax.get_legend()
    assert [to_hex(h.get_facecolor()) for h in legend.legend_handles] == \
        [c.lower() for c in TAXONOMY.colours("kpi_statuses").values()]
    assert [t.get_text() for t in legend.get_texts()] == ["Progress", "Regress", "No change", "Insufficient data"]
    assert any(text.get_text() == "Source: src" for text in fig.texts)


def test_country_bars_largest_first_one_highlighted_average_dashed():
    values = pd.DataFrame({"geography": ["AAA", "BBB", "CCC"], "value": [5.0, 9.0, 7.0]})
    fig = charts.country_bar_chart(values, "T", "%", "s", TAXONOMY, highlight="CCC", average=7.0, average_label="avg")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["BBB", "CCC", "AAA"]
    colours = [to_hex(p.get_facecolor()) for p in ax.patches]
    assert colours == [PALETTE["comparison"].lower(), PALETTE["highlight"].lower(), PALETTE["comparison"].lower()]
    (dashed,) = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert to_hex(dashed.get_color()) == PALETTE["average"].lower()
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["CCC", "avg"]
    assert to_hex(legend.legend_handles[0].get_facecolor()) == colours[1]  # the legend shows the bar as drawn
    plain = charts.country_bar_chart(values, "T", "%", "s", TAXONOMY, average=float("nan")).axes[0]
    assert not [line for line in plain.lines if line.get_linestyle() == "--"] and plain.get_legend() is None
    assert plain.get_ylim()[0] == 0


def test_a_highlighted_bar_near_zero_is_outlined_and_marked():
    values = pd.DataFrame({"geography": ["AAA", "VNM", "CCC"], "value": [2.2, 0.028, -1.1]})
    ax = charts.country_bar_chart(values, "T", "estimate approx -2.5..2.5", "s", TAXONOMY, highlight="VNM").axes[0]
    bar = ax.patches[1]
    assert to_hex(bar.get_edgecolor()) == PALETTE["black"].lower() and bar.get_linewidth() >= 1.5
    (marker,) = [line for line in ax.lines if line.get_marker() == charts.kpis.HIGHLIGHT_MARKER]
    assert list(marker.get_ydata()) == [0.028]
    assert "0.028" in [t.get_text() for t in ax.texts]
    assert ax.get_ylabel() == "Estimate (scale about -2.5 to 2.5)" and ax.get_ylim()[0] == -2.5


def test_value_axis_starts_at_the_bottom_of_a_scale_or_at_zero():
    assert charts.kpis.axis_start("score 1-7 (GCR edition starting in year)", [4.2, 5.0]) == 1
    assert charts.kpis.axis_start("% of youth 15-24", [5.7, 42.1]) == 0  # an age range is no scale
    assert charts.kpis.axis_start("estimate approx -2.5..2.5", [-1.2, 2.2]) == -2.5
    assert charts.kpis.axis_start("estimate approx -2.5..2.5", [-1.2, 2.2], scales=False) is None
    assert charts.kpis.axis_start("change", [-1.0, 2.0]) is None


def test_bars_of_mixed_years_carry_their_year():
    values = pd.DataFrame({"geography": ["AAA", "BBB"], "value": [5.0, 9.0], "year": [2017, 2019]})
    fig = charts.country_bar_chart(values, "T", "%", "s", TAXONOMY)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["BBB\n2019", "AAA\n2017"]
    assert ax.get_xlabel() == "ASEAN Member State (year of the value)"
    assert "Values: BBB 2019 9, AAA 2017 5" in charts.figure_html(fig, "Bars")
    same = charts.country_bar_chart(values.assign(year=2019), "T", "%", "s", TAXONOMY).axes[0]
    assert [t.get_text() for t in same.get_xticklabels()] == ["BBB", "AAA"]


def test_a_two_point_series_is_a_dot_chart_from_zero_with_a_dotted_join():
    series = pd.DataFrame({"year": [2016, 2019], "value": [7.5, 20.0]})
    fig = charts.series_chart(series, "KPI 14, ASEAN level", "count", "s", "#0072B2")
    ax = fig.axes[0]
    assert ax.get_ylim()[0] == 0 and [t.get_text() for t in ax.texts] == ["7.5", "20"]
    assert [line.get_linestyle() for line in ax.lines] == [":"]  # no yearly data between 2016 and 2019
    assert list(ax.get_xticks()) == [2016, 2019]
    assert "Values: 2016 7.5, 2019 20" in charts.figure_html(fig, "Dots")


def test_kpi_charts_draw_measured_values_only_under_the_name_readers_see():
    rows = observations([("ASEAN", 2016, 1.0, "published"), ("ASEAN", 2019, 2.0, "published"),
                         ("ASEAN", 2020, 9.0, "reconstructed"), ("AAA", 2016, 3.0, "public_statistics"),
                         ("BBB", 2018, 4.0, "public_statistics")])
    drawn = charts.kpi_charts(rows, "k", "KPI k†", 2019, "#0072B2", TAXONOMY)
    assert [alt for _, alt, _ in drawn] == ["Dot chart: KPI k† at ASEAN level, 2016-2019",
                                            "Bars: latest value of KPI k† in each Member State with data"]
    (line, _, series), (bars, _, countries) = drawn
    assert line.axes[0].get_title() == "KPI k†, ASEAN level" and set(series["provenance"]) == {"published"}
    assert [t.get_text() for t in bars.axes[0].get_xticklabels()] == ["BBB\n2018", "AAA\n2016"]  # named, dated
    assert set(countries["geography"]) == {"AAA", "BBB"} and set(countries["provenance"]) == {"public_statistics"}
    built = observations([("ASEAN", 2016, 0.0, "reconstructed"), ("ASEAN", 2019, 1.0, "reconstructed")])
    assert charts.kpi_charts(built, "k", "KPI k", 2019, "#0072B2", TAXONOMY) == []


def test_kpi_charts_rank_member_states_without_names_on_rows_the_project_built(monkeypatch):
    rows = observations([("AAA", 2016, 3.0, "public_statistics"), ("BBB", 2018, 4.0, "public_statistics")])
    monkeypatch.setattr(charts.kpis.kpi_views, "measured", lambda frame, taxonomy: frame.assign(
        provenance="reconstructed"))
    (bars, _, _), = charts.kpi_charts(rows, "k", "KPI k", 2019, "#0072B2", TAXONOMY)
    assert [t.get_text() for t in bars.axes[0].get_xticklabels()] == ["the first-ranked Member State\n2018",
                                                                     "the second-ranked Member State\n2016"]
    alt = charts.figure_html(bars, "Bars").split('" src=')[0]
    assert "the first-ranked Member State 2018 4" in alt and "AAA" not in alt and "BBB" not in alt


def test_kpi_status_chart_hatches_the_units_set_to_match_the_mtr_count():
    table = pd.DataFrame({"progress": [2, 1], "regress": [0, 1], "no_change": [1, 0], "insufficient_data": [3, 0],
                          "set_to_match": [1, 2]}, index=["A", "B"])
    fig = charts.kpi_status_chart(table, TAXONOMY, "src", set_to_match="set_to_match")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[-1] == TAXONOMY.label("kpi_statuses", "progress", column="label_when_reconstructed")
    assert "Progress" in labels[:-1]
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert [p.get_width() for p in hatched] == [1, 2]
    assert [p.get_x() for p in hatched] == [6, 2]  # after the four statuses of each row
    assert {to_hex(p.get_edgecolor()) for p in hatched} == {PALETTE["set_to_match"].lower()}
    handle = ax.get_legend().legend_handles[-1]
    assert handle.get_hatch() == "///" and to_hex(handle.get_edgecolor()) == PALETTE["set_to_match"].lower()
    assert {to_hex(p.get_edgecolor()) for p in hatched} == {PALETTE["set_to_match"].lower()}


def test_kpi_charts_source_lines_name_the_dataset_never_the_path_of_the_copy_read():
    rows = observations([("ASEAN", 2016, 1.0, "published"), ("ASEAN", 2019, 2.0, "published"),
                         ("AAA", 2016, 3.0, "public_statistics"), ("BBB", 2018, 4.0, "public_statistics")])
    rows.loc[rows["geography"] == "ASEAN", "source"] = "MTR executive summary, section 3.2, Table 2, figure A_x"
    (line, _, _), (bars, _, _) = charts.kpi_charts(rows, "k", "KPI k", 2019, "#0072B2", TAXONOMY)
    sources = [" ".join(t.get_text().split()) for fig in (line, bars) for t in fig.texts
               if t.get_text().startswith("Source")]
    assert sources == ["Source: MTR executive summary, section 3.2, Table 2", "Source: Survey AAA; Survey BBB"]


def test_a_bar_chart_with_legend_room_keeps_its_legend_clear_of_the_bars():
    values = pd.DataFrame({"geography": ["AAA", "BBB", "CCC"], "value": [8.0, 6.0, 2.0]})
    fig = charts.country_bar_chart(values, "T", "%", "s", TAXONOMY, highlight="BBB", average=5.0,
                                   average_label="ASEAN average", legend_room=0.6)
    ax = fig.axes[0]
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    assert ax.get_ylim()[1] >= 8.0 * 1.5 and all(bar.get_window_extent().y1 < legend.y0 for bar in ax.patches)
