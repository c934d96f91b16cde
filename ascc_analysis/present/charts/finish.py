"""The finish every chart gets (title, axis labels, legend, source line, layout) and its inline HTML."""

from __future__ import annotations

import base64
import html
import io

import matplotlib.pyplot as plt

from ascc_analysis.present.style import add_source_line

OUTSIDE = {"bbox_to_anchor": (1.01, 1), "loc": "upper left"}
"""Legend placement outside the axes, on the right (``legend={**OUTSIDE, "title": ...}``)."""


def finish_chart(fig, ax, *, title: str, labels: tuple[str, str], source: str, legend: dict | None = None,
                 title_size: float | None = None, size: tuple[float, float] | None = None):
    """Finish a drawn chart in house style: axis labels, title, legend if asked, source line, tight layout.

    Parameters
    ----------
    fig, ax : matplotlib Figure and Axes
        The chart, drawn.
    title : str
        Chart title.
    labels : tuple of str
        The x-axis and y-axis labels.
    source : str
        The source line under the chart (``Source: ...``).
    legend : dict, optional
        Keyword arguments of the legend (``loc``, ``title``, ``fontsize``); always without a frame.
        None: no legend.
    title_size : float, optional
        Title font size, when smaller than the house size (small charts).
    size : tuple of float, optional
        Width and height (inches) to widen the chart to after its layout at the drawn size.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig``, laid out.
    """
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    if title_size is None:
        ax.set_title(title)
    else:
        ax.set_title(title, fontsize=title_size)
    if legend is not None:
        ax.legend(frameon=False, **legend)
    add_source_line(fig, source)
    fig.tight_layout()
    if size is not None:
        # A tight layout starts from the current one: laying out at the drawn size first keeps the widened
        # charts (the national series against the average) exactly as they have always been drawn.
        fig.set_size_inches(*size)
        fig.tight_layout()
    return fig


def figure_html(fig, alt: str) -> str:
    """The figure as an inline PNG ``<img>`` with alt text; the figure is closed.

    PNG metadata is cleared so that the same figure gives the same bytes.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    payload = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{payload}"/>'


def show(fig, alt: str):
    """Display a figure in the notebook as an inline image with alt text."""
    from IPython.display import HTML

    return HTML(figure_html(fig, alt))
