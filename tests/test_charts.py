import base64
import re

from ascc_analysis import charts, metrics
from ascc_analysis.taxonomy import load_taxonomy

from factories import SMALL, make_register

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
