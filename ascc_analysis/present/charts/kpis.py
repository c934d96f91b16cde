"""Charts of the KPIs: a KPI's series, its values across Member States, units by status."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ascc_analysis.analysis import kpi_views
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present.basis import Basis
from ascc_analysis.present.charts.activities import stacked_by_code
from ascc_analysis.present.charts.finish import OUTSIDE, finish_chart
from ascc_analysis.present.judgement import ranked_names
from ascc_analysis.present.text import source_line

SMALL_TITLE = 10
"""Title size of the small charts (a KPI's series, values across Member States)."""
SERIES_SIZE = (4.5, 2.6)
"""Width and height (inches) of a small line chart of a series."""
KPI_SOURCE_LIMIT = 90


def series_chart(series: pd.DataFrame, title: str, unit: str, source: str, colour: str):
    """A small line chart of one KPI's series (columns ``year`` and ``value``)."""
    fig, ax = plt.subplots(figsize=SERIES_SIZE)
    ordered = series.sort_values("year")
    ax.plot(ordered["year"], ordered["value"], marker="o", color=colour)
    ax.set_xticks(sorted(ordered["year"].unique()))
    return finish_chart(fig, ax, title=title, labels=("Year", unit), source=source, title_size=SMALL_TITLE)


def country_bar_chart(values: pd.DataFrame, title: str, unit: str, source: str, taxonomy: Taxonomy,
                      highlight: str | None = None, average: float | None = None, average_label: str = ""):
    """Bars of one indicator across Member States, largest first, one highlighted, the average dashed.

    Parameters
    ----------
    values : pandas.DataFrame
        Columns ``geography`` and ``value``.
    title, unit, source : str
        Chart title, y-axis label and source line.
    taxonomy : Taxonomy
        The palette's ``highlight``, ``comparison`` and ``average`` colours.
    highlight : str, optional
        The Member State drawn in the highlight colour.
    average : float, optional
        A value drawn as a dashed line (legend ``average_label``); none when missing.
    average_label : str
        The legend of the average.

    Returns
    -------
    matplotlib.figure.Figure
    """
    palette = taxonomy.colours("palette")
    fig, ax = plt.subplots(figsize=(6, 3))
    ordered = values.sort_values("value", ascending=False)
    colours = [palette["highlight"] if geo == highlight else palette["comparison"] for geo in ordered["geography"]]
    ax.bar(ordered["geography"], ordered["value"], color=colours)
    legend = None
    if average is not None and not pd.isna(average):
        ax.axhline(average, color=palette["average"], linestyle="--", linewidth=1, label=average_label)
        legend = {"fontsize": 8, "loc": "best"}
    return finish_chart(fig, ax, title=title, labels=("ASEAN Member State", unit), source=source, legend=legend,
                        title_size=SMALL_TITLE)


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
        source = source_line(series["source"], KPI_SOURCE_LIMIT, part="location", sort=True)
        fig = series_chart(series, f"{name}, ASEAN level", unit, source, colour)
        years = f"{series['year'].min()}-{series['year'].max()}"
        charts.append((fig, f"Line chart: {name} at ASEAN level, {years}", series))
    countries = kpi_views.country_series(observations, taxonomy, kpi_id)
    if not countries.empty:
        latest = kpi_views.latest_by_country(countries, cutoff_year).sort_values("value", ascending=False)
        drawn = countries[countries.set_index(["geography", "year"]).index.isin(
            latest.set_index(["geography", "year"]).index)]
        latest = latest.assign(geography=ranked_names(list(latest["geography"]), Basis.of(drawn), taxonomy,
                                                      kind="Member State"))
        unit = str(countries["unit"].iloc[0])
        title = f"{name}: latest value up to {cutoff_year} by Member State"
        source = source_line(countries["source"], KPI_SOURCE_LIMIT, part="location", sort=True)
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
    stacked_by_code(ax, labels, table, taxonomy.kpi_statuses["code"], taxonomy, "kpi_statuses")
    if set_to_match is not None:
        left = table[list(taxonomy.kpi_statuses["code"])].sum(axis=1)
        ax.barh(labels, table[set_to_match], left=left, color="white", hatch="///",
                edgecolor=taxonomy.colours("palette")["set_to_match"],
                label=taxonomy.label("kpi_statuses", "progress", column="label_when_reconstructed"))
    return finish_chart(fig, ax, title=title, labels=("Number of KPI units", "Blueprint Characteristic"),
                        source=source, legend={**OUTSIDE, "title": "Status"})
