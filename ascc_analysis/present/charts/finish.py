"""The finish every chart gets (title, axis labels, legend, wrapped source line, layout, key values) and its HTML."""

from __future__ import annotations

import base64
import html
import io
import textwrap
from collections.abc import Mapping

import matplotlib.pyplot as plt
from matplotlib.patches import Patch

from ascc_analysis.present.style import SOURCE_LINE
from ascc_analysis.present.text import number, percent

OUTSIDE = {"bbox_to_anchor": (1.01, 1), "loc": "upper left"}
"""Legend placement outside the axes, on the right (``legend={**OUTSIDE, "title": ...}``)."""
SOURCE_SIZE = 8
"""Font size of the source line."""
CHARACTERS_PER_INCH = 15
"""Characters of the source line per inch of figure width (8 pt DejaVu Sans is about 5 pt a character)."""
KEY_VALUES = "ascc_key_values"
"""The figure attribute that carries the key values of a chart for its alt text."""
LAYOUT = "ascc_layout"
"""The figure attribute that carries the CSS class of its image (:func:`side_by_side`)."""
SIDE_BY_SIDE = "chart-pair"
"""The class of an image that shares a row with the next one on a wide screen (``report.css``)."""


def source_text(source: str, width_inches: float) -> str:
    """``Source: ...`` wrapped to the width of the figure, never cut off."""
    width = max(20, int(width_inches * CHARACTERS_PER_INCH))
    return "\n".join(textwrap.wrap(SOURCE_LINE.format(source=source), width, break_long_words=True))


def legend_handles(colours: Mapping[str, str], **patch) -> list[Patch]:
    """Legend handles from the same label -> colour mapping the bars were drawn with (so the legend is what is drawn).

    Parameters
    ----------
    colours : mapping
        Legend label -> face colour, in legend order.
    **patch
        Further properties of every handle (``edgecolor``, ``hatch``).
    """
    return [Patch(facecolor=colour, label=label, **patch) for label, colour in colours.items()]


def key_values_text(values: Mapping[str, float], unit: str = "") -> str:
    """The key values of a chart in words for its alt text: ``ASOEN 271, SOMHD 125``.

    Parameters
    ----------
    values : mapping
        Label as drawn on the chart -> value (labels withheld on the chart stay withheld here).
    unit : str, optional
        Appended after each value (``%``).
    """
    def written(value) -> str:
        return percent(value) if unit == "%" else f"{number(value)}{unit}"

    return ", ".join(f"{label} {written(value)}" for label, value in values.items() if value == value)


def finish_chart(fig, ax, *, title: str, labels: tuple[str, str], source: str, legend: dict | None = None,
                 title_size: float | None = None, size: tuple[float, float] | None = None,
                 values: Mapping[str, float] | None = None, unit: str = ""):
    """Finish a drawn chart in house style: axis labels, title, legend if asked, wrapped source line, layout.

    Parameters
    ----------
    fig, ax : matplotlib Figure and Axes
        The chart, drawn (through seaborn).
    title : str
        Chart title.
    labels : tuple of str
        The x-axis and y-axis labels, in words with units.
    source : str
        The source line under the chart (``Source: ...``), wrapped to the figure's width.
    legend : dict, optional
        Keyword arguments of the legend (``loc``, ``title``, ``fontsize``, ``handles`` from
        :func:`legend_handles`); always without a frame. None: no legend.
    title_size : float, optional
        Title font size, when smaller than the house size (small charts).
    size : tuple of float, optional
        Width and height (inches) to widen the chart to after its layout at the drawn size.
    values : mapping, optional
        Label -> value of what the chart shows, stated in its alt text (see :func:`figure_html`).
    unit : str, optional
        Appended after each value in the alt text (``%``).

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
    elif ax.get_legend() is not None:
        ax.get_legend().remove()
    fig.tight_layout()
    if size is not None:
        # A tight layout starts from the current one: laying out at the drawn size first, then widening.
        fig.set_size_inches(*size)
        fig.tight_layout()
    fig.text(0.01, -0.02, source_text(source, fig.get_size_inches()[0]), ha="left", va="top", fontsize=SOURCE_SIZE,
             color="#444444")
    if values:
        setattr(fig, KEY_VALUES, key_values_text(values, unit))
    return fig


def alt_with_values(fig, alt: str) -> str:
    """The alt text, followed by the chart's key values when :func:`finish_chart` was given them."""
    values = getattr(fig, KEY_VALUES, "")
    return f"{alt.rstrip('.')}. Values: {values}" if values else alt


def side_by_side(fig):
    """Mark a small chart to share a row with its neighbour on a wide screen (alone on a phone); returns it."""
    setattr(fig, LAYOUT, SIDE_BY_SIDE)
    return fig


def figure_html(fig, alt: str) -> str:
    """The figure as an inline PNG ``<img>`` with alt text (with its key values); the figure is closed.

    PNG metadata is cleared so that the same figure gives the same bytes; a chart marked by :func:`side_by_side`
    carries its class.
    """
    alt = alt_with_values(fig, alt)
    layout = getattr(fig, LAYOUT, None)
    css = f' class="{layout}"' if layout else ""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    payload = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(alt)}"{css} src="data:image/png;base64,{payload}"/>'


def show(fig, alt: str):
    """Display a figure in the notebook as an inline image with alt text."""
    from IPython.display import HTML

    return HTML(figure_html(fig, alt))
