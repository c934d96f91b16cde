import base64
import re

from ascc_analysis.analysis import activities as metrics
from ascc_analysis.present import charts
from ascc_analysis.data.taxonomy import load_taxonomy

from tests.helpers.factories import SMALL, make_register

TAXONOMY = load_taxonomy()


def _png(html):
    return base64.b64decode(re.search(r"base64,([^\"]+)", html).group(1))


def test_figure_one_renders_to_an_inline_png_with_alt_text():
    register = make_register(SMALL)
    fig = charts.status_by_body_chart(metrics.status_by_body(register.activities, TAXONOMY), TAXONOMY, "2020-05-21")
    assert fig.axes[0].get_xlabel() == "Number of activities"
    assert fig.axes[0].get_title()
    assert any("Source:" in text.get_text() for text in fig.texts)
    html = charts.figure_html(fig, alt="Activities by body")
    assert html.startswith('<img alt="Activities by body" src="data:image/png;base64,')
    assert _png(html)[:8] == b"\x89PNG\r\n\x1a\n"


def test_same_figure_gives_same_bytes():
    register = make_register(SMALL)
    summary = metrics.characteristic_summary(register, TAXONOMY)
    one = charts.figure_html(charts.characteristic_rates_chart(summary, "2020-05-21"), "x")
    two = charts.figure_html(charts.characteristic_rates_chart(summary, "2020-05-21"), "x")
    assert one == two


def test_share_bars_label_each_bar_with_share_and_count():
    fig = charts.share_bars(["Capacity building", "Groundwork"], [60.0, 40.0], [1200, 800], "#0072B2",
                            ("Share (%)", "Type"), "Types", "Tool 1 register")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["60.0% (1,200)", "40.0% (800)"]
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("Share (%)", "Type", "Types")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Capacity building", "Groundwork"]
    assert any(t.get_text() == "Source: Tool 1 register" for t in fig.texts)
