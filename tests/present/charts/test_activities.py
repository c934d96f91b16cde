"""Charts of the register and the institutions (ascc_analysis.present.charts.activities), colours from the taxonomy."""

import pandas as pd
from matplotlib.colors import to_hex

from ascc_analysis.analysis import activities as metrics
from ascc_analysis.analysis import gaps
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.present import charts
from tests.helpers.factories import SMALL, make_register

TAXONOMY = load_taxonomy()
PALETTE = TAXONOMY.colours("palette")


def _colours(patches):
    return [to_hex(patch.get_facecolor()) for patch in patches]


def _source(fig):
    return [t.get_text() for t in fig.texts if t.get_text().startswith("Source:")]


def test_figure_one_stacks_statuses_in_their_taxonomy_colours():
    register = make_register(SMALL)
    fig = charts.status_by_body_chart(metrics.status_by_body(register.activities, TAXONOMY), TAXONOMY, "2020-05-21")
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Number of activities" and ax.get_ylabel() == "Sectoral Body" and ax.get_title()
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == TAXONOMY.statuses["label"].tolist()
    assert _colours(legend.legend_handles) == [c.lower() for c in TAXONOMY.colours("statuses").values()]
    assert _source(fig) == ["Source: " + charts.TOOL1_SOURCE.format(date="2020-05-21")]


def test_figure_one_legend_colours_are_the_bar_colours_and_alt_text_gives_each_total():
    register = make_register(SMALL)
    table = metrics.status_by_body(register.activities, TAXONOMY)
    fig = charts.status_by_body_chart(table, TAXONOMY, "2020-05-21")
    ax = fig.axes[0]
    assert set(_colours(ax.get_legend().legend_handles)) == set(_colours(ax.patches))
    html = charts.figure_html(fig, "Stacked bars")
    body, total = table.index[0], int(table.iloc[0].sum())
    assert f"Values: {body} {total:,}," in html


def test_characteristic_rates_legend_matches_its_bars_and_same_bytes_twice():
    summary = metrics.characteristic_summary(make_register(SMALL), TAXONOMY)
    fig = charts.characteristic_rates_chart(summary, TAXONOMY, "2020-05-21")
    ax = fig.axes[0]
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["Completed or ongoing", "Completed"]
    drawn = [set(_colours(container.patches)) for container in ax.containers]
    assert drawn == [{colour} for colour in _colours(legend.legend_handles)]  # one colour per measure, as the legend
    rates = [*summary["implementation_rate"].dropna(), *summary["completion_rate"].dropna()]
    assert [t.get_text() for t in ax.texts] == [f"{v:.1f}" for v in rates]
    code = summary.index[0]
    assert f"{code} completed or ongoing {summary.at[code, 'implementation_rate']:.1f}%" in charts.figure_html(fig, "x")
    fig = charts.characteristic_rates_chart(summary, TAXONOMY, "2020-05-21")
    one = charts.figure_html(fig, "x")
    two = charts.figure_html(charts.characteristic_rates_chart(summary, TAXONOMY, "2020-05-21"), "x")
    assert one == two


def test_share_bars_label_each_bar_with_share_and_count():
    fig = charts.share_bars(["Capacity building", "Groundwork"], [60.0, 40.0], [1200, 800], "#0072B2",
                            ("Share (%)", "Type"), "Types", "Tool 1 register")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["60.0% (1,200)", "40.0% (800)"]
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("Share (%)", "Type", "Types")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Capacity building", "Groundwork"]
    assert _source(fig) == ["Source: Tool 1 register"]


def test_declarations_chart_marks_guesses_and_colours_cross_pillar_instruments():
    by_year = pd.DataFrame({"A": [1, 0], "B": [2, 1], "cross-pillar": [0, 1], "counted": [3, 2], "not_counted": [1, 0]},
                           index=pd.Index([2016, 2017], name="year"))
    fig = charts.declarations_chart(by_year, TAXONOMY)
    ax = fig.axes[0]
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["A (guess)", "B (guess)", "Cross-pillar"]
    assert _colours(legend.legend_handles)[-1] == PALETTE["cross_pillar"].lower()
    assert set(_colours(legend.legend_handles)) == set(_colours(ax.patches))
    assert [(p.get_y(), p.get_height()) for p in ax.patches[-2:]] == [(3, 0), (1, 1)]  # cross-pillar on top
    assert ax.get_xlabel() == "Year of the instrument" and _source(fig)


def test_funding_chart_largest_share_on_top_in_the_funding_colour():
    shares = pd.DataFrame({"funding_source": ["government_budget", "asean_funds"], "activities": [1, 4],
                           "share": [20.0, 80.0]})
    fig = charts.funding_chart(shares, TAXONOMY, "test source")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["ASEAN funds", "Government budget"]
    assert set(_colours(ax.patches)) == {PALETTE["funding"].lower()}
    assert ax.get_xlabel() == "Share of assessed activities (%)" and _source(fig) == ["Source: test source"]


def test_implementation_gap_chart_highlights_the_lowest():
    bodies = gaps.body_implementation(make_register(SMALL).activities, TAXONOMY)
    fig = charts.implementation_gap_chart(bodies, 1, 60.0, "src", TAXONOMY)
    colours = _colours(fig.axes[0].patches)
    assert len(colours) == len(bodies) and colours[0] == PALETTE["highlight"].lower()
    assert colours.count(PALETTE["comparison"].lower()) == len(bodies) - 1
    legend = fig.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["All bodies (60.0%)", "The lowest", "Other bodies"]
    assert _colours(legend.legend_handles[1:]) == [PALETTE["highlight"].lower(), PALETTE["comparison"].lower()]
    assert _source(fig) == ["Source: src"]
    two = charts.implementation_gap_chart(bodies, 2, 60.0, "src", TAXONOMY).axes[0].get_legend()
    assert [t.get_text() for t in two.get_texts()][1] == "The 2 lowest"
    from tests.helpers.english import faults

    assert faults(" ".join(t.get_text() for t in legend.get_texts())) == []


def test_implementation_gap_chart_with_rank_labels_singles_nothing_out():
    bodies = gaps.body_implementation(make_register(SMALL).activities, TAXONOMY)
    ranks = [f"rank {n}" for n in range(1, len(bodies) + 1)]
    fig = charts.implementation_gap_chart(bodies, 0, 60.0, "src", TAXONOMY, labels=ranks, axis_label="Ranked")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ranks
    assert set(_colours(ax.patches[:len(bodies)])) == {PALETTE["comparison"].lower()}
    assert ax.get_ylabel() == "Ranked"
    assert not {t.get_text() for t in ax.get_yticklabels()} & set(bodies["sectoral_body"])
