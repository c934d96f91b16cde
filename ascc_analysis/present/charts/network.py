"""The network of Sectoral Bodies that work on the same KRAs (MTR 3.7, Table 7), drawn as a matrix.

A node-link drawing of many bodies sharing most KRAs is a hairball; a matrix (heatmap)
keeps every count readable.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ascc_analysis.present.charts.finish import finish_chart

HEATMAP_COLOURS = "Blues"
"""Sequential colour map of the shared-KRA matrix (one hue: more shared KRAs, darker)."""


def _annotate(ax, matrix: pd.DataFrame, threshold: float) -> None:
    for i, row in enumerate(matrix.index):
        for j, column in enumerate(matrix.columns):
            value = int(matrix.at[row, column])
            colour = "white" if value > threshold else "#222222"
            weight = "bold" if i == j else "normal"
            ax.text(j, i, f"{value:,}", ha="center", va="center", fontsize=7, color=colour, fontweight=weight)


def shared_kra_heatmap(matrix: pd.DataFrame, source: str, kind: str = "KRA",
                       title: str = "KRAs shared by pairs of Sectoral Bodies"):
    """Heatmap of a square body-by-body matrix of shared KRAs, every cell labelled.

    Parameters
    ----------
    matrix : pandas.DataFrame
        From ``resources.shared_kra_matrix``: off the diagonal the KRAs two bodies both
        serve, on the diagonal (bold) the KRAs a body serves.
    source : str
        The source line under the chart.
    kind : str
        What is counted (``KRA`` or ``strategic measure``), for the colour-bar label.
    title : str
        Chart title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    size = max(4.0, 0.45 * len(matrix) + 2.5)
    fig, ax = plt.subplots(figsize=(size + 1.2, size))
    image = ax.imshow(matrix.to_numpy(dtype=float), cmap=HEATMAP_COLOURS, vmin=0)
    ax.set_xticks(range(len(matrix.columns)), labels=list(matrix.columns), rotation=90, fontsize=8)
    ax.set_yticks(range(len(matrix.index)), labels=list(matrix.index), fontsize=8)
    top = float(matrix.to_numpy().max()) if matrix.size else 0.0
    _annotate(ax, matrix, threshold=top * 0.6)
    ax.spines[:].set_visible(False)
    colour_bar = fig.colorbar(image, ax=ax, shrink=0.8)
    colour_bar.set_label(f"{kind}s in common (diagonal: {kind}s served)")
    return finish_chart(fig, ax, title=title, labels=("Sectoral Body", "Sectoral Body"), source=source)
