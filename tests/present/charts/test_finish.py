"""The one finish of every chart and its inline HTML (ascc_analysis.present.charts.finish)."""

import base64
import re
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.colors import to_hex

from ascc_analysis.present.charts.finish import OUTSIDE, figure_html, finish_chart, key_values_text, legend_handles
from ascc_analysis.present.style import apply_house_style

apply_house_style()


def _png(html):
    return base64.b64decode(re.search(r"base64,([^\"]+)", html).group(1))


def _drawn(label=None):
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.bar(["a", "b"], [1, 2], label=label)
    return fig, ax


def test_finish_sets_title_axes_source_and_layout():
    fig, ax = _drawn()
    assert finish_chart(fig, ax, title="Things", labels=("Kind", "Number"), source="the register") is fig
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("Things", "Kind", "Number")
    assert [t.get_text() for t in fig.texts] == ["Source: the register"]
    assert ax.get_legend() is None
    assert fig.subplotpars.left > 0.1  # tight layout made room for the y label


def test_finish_places_a_frameless_legend_and_a_smaller_title_when_asked():
    fig, ax = _drawn(label="Bars")
    finish_chart(fig, ax, title="Small", labels=("x", "y"), source="s", legend={**OUTSIDE, "title": "Kind"},
                 title_size=10)
    legend = ax.get_legend()
    assert legend.get_title().get_text() == "Kind" and not legend.get_frame_on()
    assert [t.get_text() for t in legend.get_texts()] == ["Bars"]
    assert ax.title.get_fontsize() == 10


def test_figure_html_is_an_inline_png_with_alt_text_and_stable_bytes():
    def chart():
        fig, ax = _drawn()
        return finish_chart(fig, ax, title="t", labels=("x", "y"), source="s")

    one, two = figure_html(chart(), alt='Bars "a" & b'), figure_html(chart(), alt='Bars "a" & b')
    assert one == two
    assert one.startswith('<img alt="Bars &quot;a&quot; &amp; b" src="data:image/png;base64,')
    assert _png(one)[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_chart_set_side_by_side_carries_the_class_the_stylesheet_pairs():
    from ascc_analysis.present.charts.finish import SIDE_BY_SIDE, side_by_side

    fig, ax = _drawn()
    paired = figure_html(side_by_side(finish_chart(fig, ax, title="t", labels=("x", "y"), source="s")), "Bars of x")
    assert paired.startswith(f'<img alt="Bars of x" class="{SIDE_BY_SIDE}" src=')
    css = (Path(__file__).resolve().parents[3] / "ascc_analysis/present/templates/ascc_report/static/report.css")
    assert f"img.{SIDE_BY_SIDE}" in css.read_text(encoding="utf-8")


def test_finish_widens_a_chart_after_its_first_layout():
    fig, ax = _drawn()
    finish_chart(fig, ax, title="t", labels=("x", "y"), source="s", size=(6, 3.2))
    assert tuple(fig.get_size_inches()) == (6, 3.2)
    assert [t.get_text() for t in fig.texts] == ["Source: s"]


def test_a_long_source_line_wraps_inside_the_figure_width():
    fig, ax = _drawn()
    finish_chart(fig, ax, title="t", labels=("x", "y"), source="figure C_biodiversity_initiatives_2016; " * 8)
    (source,) = fig.texts
    assert source.get_text().count("\n") >= 2 and "…" not in source.get_text()
    fig.canvas.draw()
    assert source.get_window_extent().x1 <= fig.bbox.x1  # nothing beyond the figure's right edge
    assert source.get_text().replace("\n", " ").count("C_biodiversity_initiatives_2016") == 8
    plt.close(fig)


def test_legend_handles_carry_the_colours_the_bars_were_drawn_with():
    colours = {"Completed": "#009E73", "Set to match": "#FFFFFF"}
    handles = legend_handles(colours, edgecolor="#000000")
    assert [h.get_label() for h in handles] == list(colours)
    assert [to_hex(h.get_facecolor()) for h in handles] == ["#009e73", "#ffffff"]
    fig, ax = _drawn()
    finish_chart(fig, ax, title="t", labels=("x", "y"), source="s", legend={"handles": handles})
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(colours)


def test_alt_text_states_the_key_values():
    assert key_values_text({"ASOEN": 271, "SOMHD": 125.0, "none": float("nan")}) == "ASOEN 271, SOMHD 125"
    assert key_values_text({"A": 76.744}, unit="%") == "A 76.7%"
    fig, ax = _drawn()
    finish_chart(fig, ax, title="t", labels=("x", "y"), source="s", values={"ASOEN": 271, "SOMHD": 125})
    assert figure_html(fig, "Bars of activities").startswith(
        '<img alt="Bars of activities. Values: ASOEN 271, SOMHD 125" src=')


def _charts_of_every_kind():
    """One call of every chart function of the package, on small inputs."""
    from ascc_analysis.analysis import activities as metrics
    from ascc_analysis.analysis import gaps
    from ascc_analysis.data.taxonomy import load_taxonomy
    from ascc_analysis.present import charts
    from ascc_analysis.present.charts import coverage, national
    from tests.helpers.factories import SMALL, make_register

    taxonomy = load_taxonomy()
    register = make_register(SMALL)
    matrix = pd.DataFrame([[2, 1], [1, 3]], index=["AAA", "BBB"], columns=["AAA", "BBB"])
    values = pd.DataFrame({"geography": ["AAA", "BBB"], "value": [5.0, 9.0]})
    directions = pd.DataFrame({"series": ["s", "s"], "geography": ["AAA", "ASEAN"],
                               "direction": ["improving", "worsening"]})
    return {
        "status_by_body_chart": lambda: charts.status_by_body_chart(
            metrics.status_by_body(register.activities, taxonomy), taxonomy, "2020-05-21"),
        "characteristic_rates_chart": lambda: charts.characteristic_rates_chart(
            metrics.characteristic_summary(register, taxonomy), taxonomy, "2020-05-21"),
        "share_bars": lambda: charts.share_bars(["a", "b"], [60.0, 40.0], [6, 4], "#0072B2", ("x", "y"), "t", "s"),
        "declarations_chart": lambda: charts.declarations_chart(pd.DataFrame(
            {"A": [1, 0], "counted": [1, 0], "not_counted": [0, 0]}, index=[2016, 2017]), taxonomy),
        "implementation_gap_chart": lambda: charts.implementation_gap_chart(
            gaps.body_implementation(register.activities, taxonomy), 1, 60.0, "s", taxonomy),
        "series_chart": lambda: charts.series_chart(pd.DataFrame({"year": [2016, 2019], "value": [1.0, 2.0]}),
                                                    "t", "%", "s", "#0072B2"),
        "country_bar_chart": lambda: charts.country_bar_chart(values, "t", "%", "s", taxonomy, highlight="AAA"),
        "kpi_status_chart": lambda: charts.kpi_status_chart(pd.DataFrame(
            {"progress": [1], "regress": [0], "no_change": [1], "insufficient_data": [2]}, index=["A"]), taxonomy, "s"),
        "shared_kra_heatmap": lambda: charts.shared_kra_heatmap(matrix, "s"),
        "availability_heatmap": lambda: coverage.availability_heatmap(matrix, "s"),
        "direction_matrix_chart": lambda: national.direction_matrix_chart(directions, {"s": "row"}, "AAA", taxonomy,
                                                                          "s"),
    }


def test_every_chart_is_drawn_through_seaborn(monkeypatch):
    import seaborn

    called = []
    for function in ("barplot", "heatmap", "scatterplot", "lineplot", "pointplot"):
        original = getattr(seaborn, function)

        def spy(*args, _original=original, _name=function, **kwargs):
            called.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(seaborn, function, spy)
    for name, draw in _charts_of_every_kind().items():
        called.clear()
        fig = draw()
        assert called, f"{name} drew without seaborn"
        plt.close(fig)


def test_the_house_theme_is_seaborn_with_the_taxonomy_palette():
    import matplotlib

    from ascc_analysis.data.taxonomy import load_taxonomy
    from ascc_analysis.present.style import house_palette

    taxonomy = load_taxonomy()
    apply_house_style(taxonomy)
    cycle = [to_hex(c) for c in matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]]
    assert cycle == [c.lower() for c in house_palette(taxonomy)]
    assert cycle[0] == taxonomy.colours("palette")["orange"].lower() and len(cycle) == 8
    assert not matplotlib.rcParams["axes.spines.top"]
