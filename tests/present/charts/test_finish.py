"""The one finish of every chart and its inline HTML (ascc_analysis.present.charts.finish)."""

import base64
import re

import matplotlib.pyplot as plt

from ascc_analysis.present.charts.finish import OUTSIDE, figure_html, finish_chart
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


def test_finish_widens_a_chart_after_its_first_layout():
    fig, ax = _drawn()
    finish_chart(fig, ax, title="t", labels=("x", "y"), source="s", size=(6, 3.2))
    assert tuple(fig.get_size_inches()) == (6, 3.2)
    assert [t.get_text() for t in fig.texts] == ["Source: s"]
