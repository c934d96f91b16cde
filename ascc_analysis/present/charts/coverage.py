"""Where and when the KPI units have measured data: a geography-by-year heatmap, every cell labelled."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ascc_analysis.present.charts.finish import finish_chart
from ascc_analysis.present.charts.network import HEATMAP_COLOURS


def availability_heatmap(matrix: pd.DataFrame, source: str, title: str = "KPI units with measured data",
                         geography_label: str = "Member State (ASEAN: ASEAN-level values)"):
    """Heatmap of KPI units with a measured value, geographies down, years across, each cell counted.

    Parameters
    ----------
    matrix : pandas.DataFrame
        From ``kpi_coverage.availability``: geographies x years, counts of units.
    source : str
        The source line under the chart.
    title : str
        Chart title.
    geography_label : str
        The y-axis label.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = plt.subplots(figsize=(1.0 * len(matrix.columns) + 3.0, 0.38 * len(matrix) + 1.6))
    values = matrix.to_numpy(dtype=float)
    top = float(values.max()) if values.size else 0.0
    image = ax.imshow(values, cmap=HEATMAP_COLOURS, vmin=0, vmax=max(top, 1.0), aspect="auto")
    ax.set_xticks(range(len(matrix.columns)), labels=[str(year) for year in matrix.columns], fontsize=8)
    ax.set_yticks(range(len(matrix.index)), labels=list(matrix.index), fontsize=8)
    for i, row in enumerate(matrix.index):
        for j, column in enumerate(matrix.columns):
            value = int(matrix.at[row, column])
            ax.text(j, i, f"{value:,}", ha="center", va="center", fontsize=8,
                    color="white" if value > top * 0.6 else "#222222")
    ax.spines[:].set_visible(False)
    fig.colorbar(image, ax=ax, shrink=0.8).set_label("KPI units with a value")
    return finish_chart(fig, ax, title=title, labels=("Year", geography_label), source=source)
