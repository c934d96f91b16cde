"""The shared-KRA heatmap (ascc_analysis.present.charts.network): house style, every cell labelled, stable bytes."""

import pandas as pd

from ascc_analysis.chapters import resources
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.present import charts
from tests.helpers.factories import SMALL, make_register

TAXONOMY = load_taxonomy()


def _matrix():
    return resources.shared_kra_matrix(make_register(SMALL), TAXONOMY)


def test_heatmap_has_title_axes_source_and_a_label_per_cell():
    matrix = _matrix()
    fig = charts.shared_kra_heatmap(matrix, "test source")
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() == "Sectoral Body" and ax.get_ylabel() == "Sectoral Body"
    assert [t.get_text() for t in ax.get_xticklabels()] == list(matrix.columns)
    assert len(ax.texts) == matrix.size
    assert any(text.get_text() == "Source: test source" for text in fig.texts)
    assert "KRAs in common" in fig.axes[1].get_ylabel()


def test_heatmap_renders_the_same_bytes_twice_with_alt_text():
    one = charts.figure_html(charts.shared_kra_heatmap(_matrix(), "s"), "Heatmap of shared KRAs")
    two = charts.figure_html(charts.shared_kra_heatmap(_matrix(), "s"), "Heatmap of shared KRAs")
    assert one == two and one.startswith('<img alt="Heatmap of shared KRAs. Values: ')


def test_heatmap_of_a_single_body():
    fig = charts.shared_kra_heatmap(pd.DataFrame([[3]], index=["ACW"], columns=["ACW"]), "s")
    assert [t.get_text() for t in fig.axes[0].texts] == ["3"]
