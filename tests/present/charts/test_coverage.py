"""The availability heatmap (ascc_analysis.present.charts.coverage): every cell labelled, axes from the matrix."""

import pandas as pd

from ascc_analysis.present.charts.coverage import availability_heatmap


def test_availability_heatmap_labels_every_cell_and_both_axes():
    matrix = pd.DataFrame([[1, 0, 3], [2, 2, 0]], index=["AAA", "ASEAN"], columns=[2016, 2017, 2019])
    fig = availability_heatmap(matrix, "src")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["1", "0", "3", "2", "2", "0"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2016", "2017", "2019"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["AAA", "ASEAN"]
    assert ax.get_title() == "KPI units with measured data" and ax.get_xlabel() == "Year"
    assert any(text.get_text() == "Source: src" for text in fig.texts)
