"""Charts of the Tool 1 register and the institutions: activities by status, shares, rates, declarations."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present.charts.finish import OUTSIDE, finish_chart

TOOL1_SOURCE = "Tool 1 register (data/raw/tool1), status as of {date}"
DECLARATIONS_SOURCE = "Leaders' declarations and statements (data/institutions/declarations.csv)"


def stacked_by_code(ax, labels, table: pd.DataFrame, codes, taxonomy: Taxonomy, code_table: str) -> None:
    """Horizontal bars of ``labels`` (first on top) stacked by code: the columns ``codes`` of ``table``, each in
    the colour and with the label of the taxonomy table ``code_table`` (``statuses``, ``kpi_statuses``)."""
    colours = taxonomy.colours(code_table)
    left = pd.Series(0, index=table.index)
    for code in codes:
        ax.barh(labels, table[code], left=left, color=colours.get(code), label=taxonomy.label(code_table, code))
        left = left + table[code]
    ax.invert_yaxis()


def status_by_body_chart(table: pd.DataFrame, taxonomy: Taxonomy, reporting_date: str | None):
    """Figure 1 of the MTR: activities by Sectoral Body, stacked by status.

    Parameters
    ----------
    table : pandas.DataFrame
        From ``metrics.status_by_body`` (bodies x statuses).
    taxonomy : Taxonomy
        For status labels and colours.
    reporting_date : str or None
        Shown in the source line.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = plt.subplots(figsize=(9, 5))
    stacked_by_code(ax, table.index, table, table.columns, taxonomy, "statuses")
    return finish_chart(fig, ax, title="Number, distribution and status of activities by Sectoral Body",
                        labels=("Number of activities", "Sectoral Body"),
                        source=TOOL1_SOURCE.format(date=reporting_date or "unknown"),
                        legend={"title": "Status", "loc": "lower right"})


def characteristic_rates_chart(summary: pd.DataFrame, taxonomy: Taxonomy, reporting_date: str | None):
    """Implementation and completion rates of the five Characteristics side by side (house colours)."""
    colours = taxonomy.colours("characteristics")
    overlay = taxonomy.colours("palette")["completed_overlay"]
    fig, ax = plt.subplots(figsize=(8, 4))
    codes = list(summary.index)
    ax.bar(codes, summary["implementation_rate"], color=[colours[c] for c in codes], label="Completed or ongoing")
    ax.bar(codes, summary["completion_rate"], color=overlay, alpha=0.45, width=0.4, label="Completed")
    ax.set_ylim(0, 100)
    return finish_chart(fig, ax, title="Implementation and completion rates by Characteristic",
                        labels=("Blueprint Characteristic", "Share of linked activities (%)"),
                        source=TOOL1_SOURCE.format(date=reporting_date or "unknown"), legend={"loc": "upper right"})


def share_bars(labels: list[str], shares, counts, colour: str, axes: tuple[str, str], title: str, source: str):
    """Horizontal bars of shares, first label on top, each bar labelled ``x.x% (n)``.

    Parameters
    ----------
    labels : list of str
        One label per bar, in display order.
    shares, counts : sequence
        Share (percent) and number of activities of each bar.
    colour : str
        Bar colour.
    axes : tuple of str
        The x-axis and y-axis labels.
    title, source : str
        Chart title and source line.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = plt.subplots(figsize=(8, 0.35 * max(len(labels), 3) + 1.2))
    ax.barh(labels, shares, color=colour)
    ax.invert_yaxis()
    for y, (share, n) in enumerate(zip(shares, counts)):
        ax.text(share + 0.5, y, f"{share:.1f}% ({int(n):,})", va="center", fontsize=8)
    return finish_chart(fig, ax, title=title, labels=axes, source=source)


def body_share_chart(shares: pd.DataFrame, colour: str, title: str, source: str):
    """Each Sectoral Body's share of a set of activities (``metrics.body_shares``), largest on top."""
    return share_bars(list(shares["sectoral_body"]), list(shares["share"]), list(shares["activities"]), colour,
                      ("Share of linked activities (%)", "Sectoral Body"), title, source)


def type_mix_chart(ranking: pd.DataFrame, labels: dict[str, str], colour: str, title: str, source: str):
    """Activity types by share (``metrics.type_ranking``), most common first."""
    names = [labels.get(code, code) for code in ranking["activity_type"]]
    return share_bars(names, list(ranking["share"]), list(ranking["activities"]), colour,
                      ("Share of linked activities (%)", "Type of activity"), title, source)


def funding_chart(shares: pd.DataFrame, taxonomy: Taxonomy, source: str,
                  title: str = "Funding sources of the assessed activities"):
    """Horizontal bars of each funding source's share (``metrics.funding_shares``), largest on top."""
    ordered = shares.sort_values(["share", "funding_source"], ascending=[False, True])
    labels = [taxonomy.label("funding_sources", code) for code in ordered["funding_source"]]
    colour = taxonomy.colours("palette")["funding"]
    return share_bars(labels, list(ordered["share"]), list(ordered["activities"]), colour,
                      ("Share of assessed activities (%)", "Funding source"), title, source)


def declarations_chart(by_year: pd.DataFrame, taxonomy: Taxonomy,
                       title: str = "Leaders' declarations and statements by year"):
    """Stacked bars of counted instruments per year, one colour per (guessed) Characteristic.

    Parameters
    ----------
    by_year : pandas.DataFrame
        From ``resources.declarations_by_year``: a column per Characteristic letter, then the
        cross-pillar instruments, ``counted`` and ``not_counted``.
    taxonomy : Taxonomy
        Characteristic codes and colours; the cross-pillar colour of the palette.
    title : str
        Chart title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    colours = taxonomy.colours("characteristics")
    fig, ax = plt.subplots(figsize=(8, 4))
    codes = [c for c in by_year.columns if c not in ("counted", "not_counted")]
    bottom = pd.Series(0, index=by_year.index)
    for code in codes:
        label = f"{code} (guess)" if code in colours else "Cross-pillar"
        ax.bar(by_year.index.astype(str), by_year[code], bottom=bottom, label=label,
               color=colours.get(code, taxonomy.colours("palette")["cross_pillar"]))
        bottom = bottom + by_year[code]
    return finish_chart(fig, ax, title=title, labels=("Year of the instrument", "Instruments counted"),
                        source=DECLARATIONS_SOURCE, legend={**OUTSIDE, "title": "Characteristic"})


def implementation_gap_chart(bodies: pd.DataFrame, highlight: int, overall: float, source: str, taxonomy: Taxonomy,
                             title: str = "Implementation rate by Sectoral Body", labels: list[str] | None = None,
                             axis_label: str = "Sectoral Body"):
    """Bars of each body's implementation rate, lowest first, the ``highlight`` lowest in colour.

    Parameters
    ----------
    bodies : pandas.DataFrame
        From ``gaps.body_implementation`` (lowest rate first).
    highlight : int
        How many of the lowest to highlight (0: none, e.g. when the bars may not be named).
    overall : float
        The overall rate (percent), drawn as a reference line.
    source : str
        Source line.
    taxonomy : Taxonomy
        The palette's ``highlight`` and ``comparison`` colours.
    title : str
        Chart title.
    labels : list of str, optional
        The bar labels, in the order of ``bodies`` (rank words from ``present.judgement.ranked_names``
        when the rows may not name the bodies); the bodies' names when None.
    axis_label : str
        The y-axis label.
    """
    palette = taxonomy.colours("palette")
    fig, ax = plt.subplots(figsize=(8, 0.32 * max(len(bodies), 3) + 1.4))
    colours = [palette["highlight"] if i < highlight else palette["comparison"] for i in range(len(bodies))]
    names = list(bodies["sectoral_body"]) if labels is None else list(labels)
    ax.barh(names, bodies["implementation_rate"], color=colours)
    ax.invert_yaxis()
    for y, (rate, n) in enumerate(zip(bodies["implementation_rate"], bodies["upcoming"])):
        ax.text(rate + 0.5, y, f"{rate:.1f}% ({n:,} upcoming)", va="center", fontsize=8)
    ax.axvline(overall, color=palette["reference_line"], linestyle="--", linewidth=1, zorder=0,
               label=f"All bodies ({overall:.1f}%)")
    ax.set_xlim(0, 115)
    return finish_chart(fig, ax, title=title,
                        labels=("Completed or ongoing share of assessed activities (%)", axis_label),
                        source=source, legend={"loc": "upper right"})
