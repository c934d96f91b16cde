"""The network of Sectoral Bodies that work on the same KRAs (MTR 3.7, Table 7), drawn as a matrix.

A node-link drawing of many bodies sharing most KRAs is a hairball; a matrix (heatmap)
keeps every count readable.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn

from ascc_analysis.present.charts.finish import finish_chart

HEATMAP_COLOURS = "Blues"
"""Sequential colour map of the shared-KRA matrix (one hue: more shared KRAs, darker)."""


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
    seaborn.heatmap(matrix.astype(float), cmap=HEATMAP_COLOURS, vmin=0, annot=True, fmt=",.0f",
                    annot_kws={"fontsize": 7}, square=True, linewidths=0.5, linecolor="white",
                    cbar_kws={"shrink": 0.8, "label": f"{kind}s in common (diagonal: {kind}s served)"}, ax=ax)
    ax.set_xticklabels([str(c) for c in matrix.columns], rotation=90, fontsize=8)
    ax.set_yticklabels([str(r) for r in matrix.index], rotation=0, fontsize=8)
    diagonal = {(i, i) for i in range(min(matrix.shape))}
    cells = [(i, j) for i in range(matrix.shape[0]) for j in range(matrix.shape[1])]
    for (i, j), text in zip(cells, ax.texts):
        if (i, j) in diagonal:
            text.set_fontweight("bold")
    served = {str(body): matrix.at[body, body] for body in matrix.index if body in matrix.columns}
    return finish_chart(fig, ax, title=title, labels=("Sectoral Body", "Sectoral Body"), source=source,
                        values=served, unit=f" {kind}s served")
