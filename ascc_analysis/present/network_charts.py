"""Charts of the network of Sectoral Bodies that work on the same KRAs (MTR 3.7, Table 7).

Also :func:`finish_chart`, the house-style finish (axis labels, title, source line) that
the charts of the ``resources`` and ``recommendations`` chapters share.

The network is drawn as a matrix (heatmap) rather than a node-link drawing: with many
bodies sharing most KRAs a node-link drawing is a hairball, while a matrix keeps every
count readable. Matplotlib only.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ascc_analysis.present.style import add_source_line

HEATMAP_COLOURS = "Blues"
"""Sequential colour map of the shared-KRA matrix (one hue: more shared KRAs, darker)."""


def finish_chart(fig, ax, xlabel: str, ylabel: str, title: str, source: str, legend: str | None = None):
    """Label the axes, set the title, place an outside legend (titled ``legend``) if asked, add the source line.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig``, laid out.
    """
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if legend is not None:
        ax.legend(title=legend, frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
    add_source_line(fig, source)
    fig.tight_layout()
    return fig


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
    return finish_chart(fig, ax, "Sectoral Body", "Sectoral Body", title, source)
