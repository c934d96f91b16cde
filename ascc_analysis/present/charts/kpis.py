"""Charts of the KPIs: a KPI's series, its values across Member States, units by status."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pandas as pd
import seaborn

from ascc_analysis.analysis import kpi_views
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present.basis import Basis
from ascc_analysis.present.charts.activities import stacked_bars
from ascc_analysis.present.charts.finish import OUTSIDE, finish_chart, legend_handles
from ascc_analysis.present.judgement import ranked_names
from ascc_analysis.present.text import number, source_line, unit_label

SMALL_TITLE = 10
"""Title size of the small charts (a KPI's series, values across Member States)."""
SERIES_SIZE = (4.5, 2.6)
"""Width and height (inches) of a small line chart of a series."""


SCALE = re.compile(r"(?:score|index|scale|rank|approx(?:imately)?)\s+(-?\d+(?:\.\d+)?)\s*(?:\.\.|-|to)\s*"
                   r"(-?\d+(?:\.\d+)?)")
"""A unit's scale as its data writes it (``approx -2.5..2.5``, ``score 1-7``, ``index 0-100``); an age range
(``% of youth 15-24``) is no scale."""
HIGHLIGHT_MARKER = "v"
"""The marker over a highlighted bar, so that it shows at any value (not only by its colour)."""


def axis_start(unit: str, values, scales: bool = True) -> float | None:
    """Where the value axis starts: the bottom of the unit's scale (``score 1-7``: 1), zero for values that cannot be
    negative (counts, shares), None (matplotlib's choice) for values on an open scale that go negative.

    Parameters
    ----------
    unit : str
        The unit as the data writes it.
    values : sequence of float
        The values drawn.
    scales : bool
        Whether a unit with a scale starts at its bottom (bars); False: a scored series (dots, each
        labelled) keeps matplotlib's range, so that its changes stay readable.
    """
    scale = SCALE.search(str(unit))
    values = pd.Series(list(values), dtype=float).dropna()
    if scale and float(scale.group(1)) < float(scale.group(2)):
        return min(float(scale.group(1)), float(values.min()) if len(values) else 0.0) if scales else None
    if len(values) and values.min() >= 0:
        return 0.0
    return None


def start_axis(ax, unit: str, values, axis: str = "y", scales: bool = True) -> None:
    """Start the value axis at :func:`axis_start`, with room above the largest value for its label."""
    bottom = axis_start(unit, values, scales)
    if bottom is None:
        return
    values = pd.Series(list(values), dtype=float).dropna()
    top = max(float(values.max()) if len(values) else 1.0, bottom + 1e-9)
    span = top - bottom
    (ax.set_ylim if axis == "y" else ax.set_xlim)(bottom, top + 0.15 * span)


def series_chart(series: pd.DataFrame, title: str, unit: str, source: str, colour: str):
    """A small dot chart of one KPI's series (columns ``year`` and ``value``), every dot labelled.

    Dots stand at the measured years only; consecutive years are joined by a solid line, a gap of
    years by a dotted one (no yearly data in between), so that two points (2016 and 2019) read as
    a comparison, not a yearly trend. The value axis starts at a meaningful value (:func:`axis_start`).
    """
    fig, ax = plt.subplots(figsize=SERIES_SIZE)
    ordered = series.sort_values("year")
    join_years(ax, ordered, colour)
    seaborn.scatterplot(data=ordered, x="year", y="value", color=colour, s=36, zorder=3, ax=ax, legend=False)
    for year, value in zip(ordered["year"], ordered["value"]):
        ax.annotate(number(value), (year, value), textcoords="offset points", xytext=(0, 5), ha="center", fontsize=7)
    years = sorted(ordered["year"].unique())
    ax.set_xticks(years)
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    start_axis(ax, unit, ordered["value"], scales=False)
    return finish_chart(fig, ax, title=title, labels=("Year (dots: years with data)", unit_label(unit)),
                        source=source, title_size=SMALL_TITLE, values=dict(zip(map(str, ordered["year"]),
                                                                                ordered["value"])))


def join_years(ax, ordered: pd.DataFrame, colour: str, **line) -> None:
    """Join the dots of a series: solid between consecutive years, dotted across years without data."""
    points = list(zip(ordered["year"], ordered["value"]))
    for (year, value), (next_year, next_value) in zip(points, points[1:]):
        style = "-" if next_year - year == 1 else ":"
        seaborn.lineplot(x=[year, next_year], y=[value, next_value], color=colour, linestyle=style, linewidth=1.2,
                         ax=ax, legend=False, **line)


def country_bar_chart(values: pd.DataFrame, title: str, unit: str, source: str, taxonomy: Taxonomy,
                      highlight: str | None = None, average: float | None = None, average_label: str = "",
                      size: tuple[float, float] = (6, 3), legend_room: float = 0.0):
    """Bars of one indicator across Member States, largest first, one highlighted, the average dashed.

    The highlighted bar is outlined and marked (a marker at its value), so that it shows at any
    value, even one close to zero; when the bars are of different years (a ``year`` column), each
    bar's label carries its year.

    Parameters
    ----------
    values : pandas.DataFrame
        Columns ``geography`` and ``value`` (and optionally ``year``).
    title, unit, source : str
        Chart title, y-axis unit and source line.
    taxonomy : Taxonomy
        The palette's ``highlight``, ``comparison`` and ``average`` colours.
    highlight : str, optional
        The Member State drawn in the highlight colour, outlined and marked.
    average : float, optional
        A value drawn as a dashed line (legend ``average_label``); none when missing.
    average_label : str
        The legend of the average.
    size : tuple of float, default (6, 3)
        Width and height in inches (smaller for charts set side by side).
    legend_room : float, default 0
        Room added above the bars for the legend, as a share of the axis range; the legend then sits at the
        top right, clear of the bars (0: the legend where it covers least).

    Returns
    -------
    matplotlib.figure.Figure
    """
    palette = taxonomy.colours("palette")
    fig, ax = plt.subplots(figsize=size)
    ordered = values.sort_values("value", ascending=False)
    names = [str(geo) for geo in ordered["geography"]]
    mixed = "year" in ordered and ordered["year"].nunique() > 1
    ticks = [f"{name}\n{int(year)}" for name, year in zip(names, ordered["year"])] if mixed else names
    colours = {tick: palette["highlight"] if name == highlight else palette["comparison"]
               for name, tick in zip(names, ticks)}
    seaborn.barplot(x=ticks, y=list(ordered["value"]), order=ticks, hue=ticks, palette=colours, saturation=1,
                    errorbar=None, legend=False, ax=ax)
    handles = []
    if highlight in names:
        at = names.index(highlight)
        bar = ax.patches[at]
        bar.set_edgecolor(palette["black"])
        bar.set_linewidth(1.5)
        value = float(ordered["value"].iloc[at])
        ax.plot([at], [value], marker=HIGHLIGHT_MARKER if value >= 0 else "^", color=palette["black"],
                markersize=7, linestyle="none", zorder=4)
        ax.annotate(number(value), (at, value), textcoords="offset points", xytext=(0, 8 if value >= 0 else -14),
                    ha="center", fontsize=7, fontweight="bold")
        handles = legend_handles({str(highlight): palette["highlight"]}, edgecolor=palette["black"], linewidth=1.5)
    ax.axhline(0, color="#444444", linewidth=0.6)
    start_axis(ax, unit, ordered["value"])
    if average is not None and not pd.isna(average):
        handles.append(ax.axhline(average, color=palette["average"], linestyle="--", linewidth=1,
                                  label=average_label))
    tick_size = 7 if mixed or len(names) > 8 else None
    if tick_size:
        ax.tick_params(axis="x", labelsize=tick_size)
    legend = {"fontsize": 8, "loc": "upper right" if legend_room else "best", "handles": handles} if handles else None
    if handles and legend_room:
        bottom, top = ax.get_ylim()
        ax.set_ylim(bottom, top + legend_room * (top - bottom))
    axis = "ASEAN Member State (year of the value)" if mixed else "ASEAN Member State"
    shown = {tick.replace("\n", " "): value for tick, value in zip(ticks, ordered["value"])}
    return finish_chart(fig, ax, title=title, labels=(axis, unit_label(unit)), source=source, legend=legend,
                        title_size=SMALL_TITLE, values=shown)


def kpi_charts(observations: pd.DataFrame, kpi_id: str, name: str, cutoff_year: int, colour: str,
               taxonomy: Taxonomy) -> list[tuple]:
    """Small charts of one KPI: its ASEAN-level series and the latest country values.

    Only measured values are drawn (``kpi_views.measured``: rows the project built never are); the
    countries, ranked by value, are named only when ``judgement.ranked_names`` allows it.

    Parameters
    ----------
    observations : pandas.DataFrame
        The ``kpi_observations`` dataset.
    kpi_id : str
        A KPI unit id.
    name : str
        The KPI as readers see it (``kpi_ids.kpi_name``: ``KPI 14†``), for titles and alt text.
    cutoff_year : int
        Last year of the country values.
    colour, taxonomy
        The series colour; palette colours and which provenance codes the project built.

    Returns
    -------
    list of tuple
        ``(figure, alt text, rows drawn)`` per chart, for ``report.show_chart`` (the rows give its basis).
    """
    charts = []
    series = kpi_views.asean_series(observations, taxonomy, kpi_id)
    if len(series) >= 2:
        unit = str(series["unit"].iloc[0])
        source = source_line(series["source"], sort=True)
        fig = series_chart(series, f"{name}, ASEAN level", unit, source, colour)
        years = f"{series['year'].min()}-{series['year'].max()}"
        charts.append((fig, f"Dot chart: {name} at ASEAN level, {years}", series))
    countries = kpi_views.country_series(observations, taxonomy, kpi_id)
    if not countries.empty:
        latest = kpi_views.latest_by_country(countries, cutoff_year).sort_values("value", ascending=False)
        latest = latest.reset_index(drop=True)
        drawn = countries[countries.set_index(["geography", "year"]).index.isin(
            latest.set_index(["geography", "year"]).index)]
        latest = latest.assign(geography=ranked_names(list(latest["geography"]), Basis.of(drawn), taxonomy,
                                                      kind="Member State"))
        unit = str(countries["unit"].iloc[0])
        title = f"{name}: latest value up to {cutoff_year} by Member State"
        source = source_line(countries["source"], sort=True)
        fig = country_bar_chart(latest, title, unit, source, taxonomy)
        charts.append((fig, f"Bars: latest value of {name} in each Member State with data", drawn))
    return charts


def kpi_status_chart(table: pd.DataFrame, taxonomy: Taxonomy, source: str,
                     title: str = "KPI units by Characteristic and status", set_to_match: str | None = None):
    """Stacked horizontal bars of KPI units per Characteristic by status (``recommendations.status_by_characteristic``).

    Parameters
    ----------
    table : pandas.DataFrame
        Index: Characteristics; a column per KPI status.
    taxonomy : Taxonomy
        KPI status order, labels and colours; the palette's ``set_to_match`` hatch colour.
    source, title : str
        Source line and title.
    set_to_match : str, optional
        A column of ``table`` counting the units whose status rests on reconstructed rows: drawn
        last, hatched, under the label "Set to match the MTR's count" (``label_when_reconstructed``).
    """
    fig, ax = plt.subplots(figsize=(8, 3.6))
    labels = [str(code) for code in table.index]
    codes = list(taxonomy.kpi_statuses["code"])
    drawn = {taxonomy.label("kpi_statuses", code): taxonomy.colours("kpi_statuses")[code] for code in codes}
    layers = {label: table[code] for label, code in zip(drawn, codes)}
    hatched = {}
    if set_to_match is not None:
        label = taxonomy.label("kpi_statuses", "progress", column="label_when_reconstructed")
        layers[label], drawn[label] = table[set_to_match], "white"
        hatched = {label: {"hatch": "///", "edgecolor": taxonomy.colours("palette")["set_to_match"]}}
    stacked_bars(ax, labels, layers, drawn, **hatched)
    handles = [*legend_handles({k: v for k, v in drawn.items() if k not in hatched}),
               *[legend_handles({k: drawn[k]}, **style)[0] for k, style in hatched.items()]]
    totals = pd.DataFrame(layers).sum(axis=1)
    return finish_chart(fig, ax, title=title, labels=("Number of KPI units", "Blueprint Characteristic"),
                        source=source, legend={**OUTSIDE, "title": "Status", "handles": handles},
                        values=dict(zip(labels, totals)))
