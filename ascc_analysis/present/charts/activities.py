"""Charts of the Tool 1 register and the institutions: activities by status, shares, rates, declarations."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn
from matplotlib.lines import Line2D

from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present.charts.finish import OUTSIDE, finish_chart, legend_handles

TOOL1_SOURCE = "Tool 1 register (data/raw/tool1), status as of {date}"
DECLARATIONS_SOURCE = "Leaders' declarations and statements (data/institutions/declarations.csv)"


def stacked_bars(ax, labels, layers: dict[str, pd.Series], colours: dict[str, str], horizontal: bool = True,
                 **bar) -> None:
    """Stacked bars drawn through seaborn: each layer's bars drawn by ``seaborn.barplot``, then moved to start where
    the layers under them end (seaborn has no stacked bar).

    Parameters
    ----------
    ax : matplotlib Axes
    labels : sequence of str
        One category per bar, in display order (first on top when horizontal).
    layers : dict
        Legend label -> values (aligned with ``labels``), bottom layer first.
    colours : dict
        Legend label -> colour (the mapping the legend is built from).
    horizontal : bool
        Horizontal bars (categories down the y axis).
    **bar
        Further properties of the bars of every layer (``edgecolor``, ``hatch``) by legend label.
    """
    names = [str(label) for label in labels]
    base = [0.0] * len(names)
    for label, values in layers.items():
        values = pd.Series(list(values), dtype=float).fillna(0.0).tolist()
        data = pd.DataFrame({"category": names, "value": values})
        x, y = ("value", "category") if horizontal else ("category", "value")
        drawn = len(ax.patches)
        seaborn.barplot(data=data, x=x, y=y, order=names, orient="h" if horizontal else "v", color=colours[label],
                        saturation=1, errorbar=None, ax=ax, **bar.get(label, {}))
        for patch, start in zip(ax.patches[drawn:], base):
            (patch.set_x if horizontal else patch.set_y)(start)
        base = [start + value for start, value in zip(base, values)]
    (ax.set_xlim if horizontal else ax.set_ylim)(0, max([*base, 1.0]) * 1.05)


def stacked_by_code(ax, labels, table: pd.DataFrame, codes, taxonomy: Taxonomy, code_table: str) -> dict[str, str]:
    """Horizontal bars of ``labels`` (first on top) stacked by code: the columns ``codes`` of ``table``, each in
    the colour and with the label of the taxonomy table ``code_table`` (``statuses``, ``kpi_statuses``).

    Returns
    -------
    dict
        Legend label -> colour, as drawn (for ``finish.legend_handles``).
    """
    colours = taxonomy.colours(code_table)
    drawn = {taxonomy.label(code_table, code): colours.get(code) for code in codes}
    layers = {taxonomy.label(code_table, code): table[code] for code in codes}
    stacked_bars(ax, labels, layers, drawn)
    return drawn


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
    drawn = stacked_by_code(ax, table.index, table, table.columns, taxonomy, "statuses")
    totals = table.sum(axis=1)
    return finish_chart(fig, ax, title="Number, distribution and status of activities by Sectoral Body",
                        labels=("Number of activities", "Sectoral Body"),
                        source=TOOL1_SOURCE.format(date=reporting_date or "unknown"),
                        legend={"title": "Status", "loc": "lower right", "handles": legend_handles(drawn)},
                        values=dict(zip(map(str, totals.index), totals)))


def characteristic_rates_chart(summary: pd.DataFrame, taxonomy: Taxonomy, reporting_date: str | None):
    """Implementation and completion rates of the five Characteristics side by side, a pair of bars each.

    The two measures are the hue (the palette's ``comparison`` and ``completed_overlay`` colours), so
    the legend shows exactly the colours drawn; each bar is labelled with its rate.
    """
    palette = taxonomy.colours("palette")
    measures = {"implementation_rate": "Completed or ongoing", "completion_rate": "Completed"}
    colours = {"Completed or ongoing": palette["comparison"], "Completed": palette["completed_overlay"]}
    codes = [str(code) for code in summary.index]
    long = pd.DataFrame([{"characteristic": code, "measure": label, "rate": float(summary.at[raw, column])}
                         for raw, code in zip(summary.index, codes) for column, label in measures.items()])
    fig, ax = plt.subplots(figsize=(8, 4))
    seaborn.barplot(data=long, x="characteristic", y="rate", hue="measure", order=codes,
                    hue_order=list(colours), palette=colours, saturation=1, errorbar=None, ax=ax)
    for container in ax.containers:
        ax.bar_label(container, fmt="%.1f", fontsize=7, padding=1)
    ax.set_ylim(0, 105)
    values = {f"{row.characteristic} {row.measure.lower()}": row.rate for row in long.itertuples()}
    return finish_chart(fig, ax, title="Implementation and completion rates by Characteristic",
                        labels=("Blueprint Characteristic", "Share of linked activities (%)"),
                        source=TOOL1_SOURCE.format(date=reporting_date or "unknown"),
                        legend={"loc": "upper right", "handles": legend_handles(colours)}, values=values, unit="%")


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
    names = [str(label) for label in labels]
    seaborn.barplot(x=list(shares), y=names, order=names, orient="h", color=colour, saturation=1, errorbar=None,
                    ax=ax)
    for y, (share, n) in enumerate(zip(shares, counts)):
        ax.text(share + 0.5, y, f"{share:.1f}% ({int(n):,})", va="center", fontsize=8)
    ax.set_xlim(0, max([*shares, 0]) * 1.2 + 1)
    return finish_chart(fig, ax, title=title, labels=axes, source=source, values=dict(zip(names, shares)), unit="%")


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
    labels = {code: f"{code} (guess)" if code in colours else "Cross-pillar" for code in codes}
    drawn = {labels[code]: colours.get(code, taxonomy.colours("palette")["cross_pillar"]) for code in codes}
    years = [str(year) for year in by_year.index]
    stacked_bars(ax, years, {labels[code]: by_year[code] for code in codes}, drawn, horizontal=False)
    totals = by_year[codes].sum(axis=1)
    return finish_chart(fig, ax, title=title, labels=("Year of the instrument", "Instruments counted"),
                        source=DECLARATIONS_SOURCE,
                        legend={**OUTSIDE, "title": "Characteristic", "handles": legend_handles(drawn)},
                        values=dict(zip(years, totals)))


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
    names = [str(name) for name in (bodies["sectoral_body"] if labels is None else labels)]
    kinds = {"The lowest" if highlight == 1 else f"The {highlight} lowest": palette["highlight"],
             "Other bodies": palette["comparison"]}
    kind = [list(kinds)[0] if i < highlight else list(kinds)[1] for i in range(len(bodies))]
    seaborn.barplot(x=list(bodies["implementation_rate"]), y=names, order=names, orient="h", hue=kind,
                    palette=kinds, saturation=1, errorbar=None, legend=False, dodge=False, ax=ax)
    for y, (rate, n) in enumerate(zip(bodies["implementation_rate"], bodies["upcoming"])):
        ax.text(rate + 0.5, y, f"{rate:.1f}% ({n:,} upcoming)", va="center", fontsize=8)
    line = Line2D([], [], color=palette["reference_line"], linestyle="--", linewidth=1,
                  label=f"All bodies ({overall:.1f}%)")
    ax.axvline(overall, color=line.get_color(), linestyle="--", linewidth=1, zorder=0)
    ax.set_xlim(0, 115)
    shown = {label: colour for label, colour in kinds.items() if label in kind}
    return finish_chart(fig, ax, title=title,
                        labels=("Completed or ongoing share of assessed activities (%)", axis_label),
                        source=source, legend={"loc": "upper right", "handles": [line, *legend_handles(shown)]},
                        values=dict(zip(names, bodies["implementation_rate"])), unit="%")
