"""Where and when the KPI units have measured data: a geography-by-year heatmap, every cell labelled."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn

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
    values = matrix.astype(float)
    top = float(values.to_numpy().max()) if values.size else 0.0
    seaborn.heatmap(values, cmap=HEATMAP_COLOURS, vmin=0, vmax=max(top, 1.0), annot=True, fmt=",.0f",
                    annot_kws={"fontsize": 8}, linewidths=0.5, linecolor="white",
                    cbar_kws={"shrink": 0.8, "label": "KPI units with a value"}, ax=ax)
    ax.set_xticklabels([str(year) for year in matrix.columns], fontsize=8, rotation=0)
    ax.set_yticklabels([str(row) for row in matrix.index], fontsize=8, rotation=0)
    totals = matrix.sum(axis=1)
    return finish_chart(fig, ax, title=title, labels=("Year", geography_label), source=source,
                        values={f"{geo} (all years)": total for geo, total in totals.items()})
