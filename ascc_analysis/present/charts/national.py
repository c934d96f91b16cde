"""Charts of the national chapter: a country against the other AMS and the constant-panel ASEAN average, and the
KPI x AMS matrix of directions of change, with alt texts."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
import seaborn
from matplotlib.colors import ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from ascc_analysis.analysis import national
from ascc_analysis.analysis.national.series import BREAK_PATTERN
from ascc_analysis.analysis.panels import PanelAverage
from ascc_analysis.data.kpis import ASEAN
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present.charts.finish import finish_chart, legend_handles, side_by_side
from ascc_analysis.present.charts.kpis import (
    SMALL_TITLE,
    country_bar_chart,
    join_years,
    start_axis,
)
from ascc_analysis.present.kpi_ids import kpi_name
from ascc_analysis.present.text import possessive, primary_sources, unit_label

PAIR_SIZE = (6, 2.45)
"""Width and height in inches of the national charts set side by side (two to a row on a laptop)."""
LEGEND_ROOM = 0.6
"""Room above the drawn values of a national chart for its legend (the country and the panel average), as a share
of the axis range: the legend never covers a bar or a point."""
AVERAGE_SOURCE = "; ASEAN average computed from these values"
"""Appended to the sources of a national chart: the average is this project's."""

DIRECTION_STATUS = {"improving": "progress", "worsening": "regress", "flat": "no_change",
                    "carried forward": "no_change", "series break": "insufficient_data",
                    "no direction": "insufficient_data"}
"""The KPI status whose colour (``kpi_statuses.csv``) a direction of change takes in the matrix; an AMS outside a
series' panel is left blank."""


def colour_of(characteristic, taxonomy: Taxonomy) -> str:
    """The Characteristic's house colour (the palette's ``default`` when the series has none)."""
    default = taxonomy.colours("palette")["default"]
    if characteristic is None or pd.isna(characteristic):
        return default
    return taxonomy.colours("characteristics").get(str(characteristic), default)


def national_source(rows: pd.DataFrame) -> str:
    """The source line of a national chart: publishers and datasets of the values drawn, and the average's (in full:
    ``finish_chart`` wraps it)."""
    return "; ".join(primary_sources(rows, editions=False)) + AVERAGE_SOURCE


def panel_legend(average: PanelAverage) -> str:
    """``ASEAN average, the same 6 AMS each year (IDN, MYS, PHL, SGP, THA, VNM)``."""
    return f"ASEAN average, the same {average.n} AMS each year ({', '.join(average.panel)})"


def _title(text: str, width: int = 60) -> str:
    return "\n".join(textwrap.wrap(text, width))


def ranking_chart(values: pd.DataFrame, iso3: str, label: str, unit: str, year: int, taxonomy: Taxonomy,
                  average: PanelAverage | None = None):
    """Bars of every AMS with a value in one year, ``iso3`` highlighted, the constant-panel average dashed.

    Parameters
    ----------
    values : pandas.DataFrame
        ``national.comparison_values`` (``geography``, ``value``, ``source`` and the citation columns).
    iso3 : str
        The highlighted country.
    label, unit : str
        The series' name and unit (y axis).
    year : int
        The year drawn.
    taxonomy : Taxonomy
        The palette.
    average : PanelAverage, optional
        The series' constant-panel average: drawn as a dashed line when ``year`` is one it compares,
        its legend naming the panel.

    Returns
    -------
    matplotlib.figure.Figure
    """
    line = None if average is None or not average.panel else average.average(year)
    return country_bar_chart(values[["geography", "value"]], _title(f"{label}, {year}: {len(values)} AMS with data"),
                             _title(unit_label(unit), 40), national_source(values), taxonomy, highlight=iso3,
                             average=line,
                             average_label="" if average is None else _title(panel_legend(average), 45),
                             size=PAIR_SIZE, legend_room=LEGEND_ROOM)


def series_against_average_chart(country: pd.DataFrame, average: PanelAverage, name: str, label: str,
                                 unit: str, colour: str, taxonomy: Taxonomy, breaks=()):
    """The country's series (dots, house colour) against the constant-panel average (dashed, the palette's
    ``average``), whose legend names the panel; a series break marked where the country's rows note one.

    Parameters
    ----------
    country : pandas.DataFrame
        ``national.country_series`` (``year``, ``value``, ``source`` and the citation columns).
    average : PanelAverage
        The series' constant-panel average (``national.series_panel``); not drawn when its panel is empty.
    name : str
        The country's name (legend).
    label, unit : str
        The series' name and unit (y axis).
    colour : str
        The country series' colour.
    taxonomy : Taxonomy
        The palette.
    breaks : iterable of int
        Years whose value a caveat says starts a new series: a vertical dotted line before each, labelled.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = plt.subplots(figsize=PAIR_SIZE)
    ordered = country.sort_values("year")
    join_years(ax, ordered, colour)
    seaborn.scatterplot(data=ordered, x="year", y="value", color=colour, s=30, zorder=3, legend=False, ax=ax)
    handles = [Line2D([], [], color=colour, marker="o", label=name)]
    years = set(country["year"].astype(int))
    drawn = list(ordered["value"])
    if average.panel:
        grey = taxonomy.colours("palette")["average"]
        seaborn.lineplot(data=average.averages, x="year", y="value", linestyle="--", marker="s", markersize=3,
                         color=grey, legend=False, ax=ax)
        handles.append(Line2D([], [], color=grey, linestyle="--", marker="s", markersize=3,
                              label=_title(panel_legend(average), 50)))
        years |= set(average.years)
        drawn += list(average.averages["value"])
    for year in sorted(set(breaks)):
        ax.axvline(year - 0.5, color=taxonomy.colours("palette")["highlight"], linestyle=":", linewidth=1.2)
        ax.annotate("series break", (year - 0.5, 1), xycoords=("data", "axes fraction"), rotation=90, ha="right",
                    va="top", fontsize=6, color=taxonomy.colours("palette")["highlight"])
    ax.set_xticks(sorted(years))
    start_axis(ax, unit, drawn, scales=False)
    bottom, top = ax.get_ylim()
    ax.set_ylim(bottom, top + LEGEND_ROOM * (top - bottom))
    return finish_chart(fig, ax, title=_title(f"{label}: {name} and the ASEAN average", 55),
                        labels=("Year", _title(unit_label(unit), 40)), source=national_source(country),
                        legend={"fontsize": 7, "loc": "upper left", "handles": handles}, title_size=SMALL_TITLE,
                        size=PAIR_SIZE, values={f"{name} {year}": value for year, value in zip(ordered["year"],
                                                                                             ordered["value"])})


def break_years(observations: pd.DataFrame, taxonomy: Taxonomy, series: str, iso3: str) -> list[int]:
    """Years of a country's series whose rows a caveat says break the series (``BREAK_PATTERN``)."""
    rows = national.comparable_rows(observations, taxonomy)
    mine = rows[(rows["series"] == series) & (rows["geography"] == iso3)]
    noted = mine["caveat"].fillna("").astype(str).str.contains(BREAK_PATTERN)
    return sorted(int(year) for year in mine.loc[noted, "year"].unique())


def ranking_alt(name: str, label: str, year: int, rank, n: int, average: PanelAverage | None = None) -> str:
    """Alt text of a ranking chart (the dashed line named by its panel)."""
    place = f"; {name} ranks {int(rank)} of {n}" if not pd.isna(rank) else ""
    if average is None or not average.panel or pd.isna(average.average(year)):
        line = "; no constant-panel ASEAN average for this year"
    else:
        line = f"; dashed line: ASEAN average of the same {average.n} AMS each year ({', '.join(average.panel)})"
    return f"Bar chart: {label} in {year} for the {n} AMS with data, {name} highlighted{place}{line}"


def series_alt(name: str, label: str, country: pd.DataFrame, average: PanelAverage) -> str:
    """Alt text of a country-against-average chart."""
    years = country["year"].astype(int)
    text = f"Dot chart: {label} for {name}, {years.min()}-{years.max()}"
    if not average.panel:
        return text + "; no constant-panel ASEAN average"
    return (f"{text}, against the ASEAN average of the same {average.n} AMS each year "
            f"({', '.join(average.panel)}), {average.first_year}-{average.last_year} (dashed)")


def chart_label(row: pd.Series, framework: pd.DataFrame, taxonomy: Taxonomy) -> str:
    """A profile row's name in chart titles and alt texts: ``KPI 26a: <label>`` for a KPI series."""
    if row["role"] != "primary" or pd.isna(row["kpi_id"]):
        return str(row["label"])
    return f"{kpi_name(row['kpi_id'], framework, taxonomy)}: {row['label']}"


def indicator_charts(observations: pd.DataFrame, profile: pd.DataFrame, framework: pd.DataFrame,
                     taxonomy: Taxonomy, series: str, iso3: str, name: str,
                     cutoff_year: int) -> list[tuple[object, str, pd.DataFrame]]:
    """The charts of one key series: the ranking in the country's latest year, then its series.

    Parameters
    ----------
    observations : pandas.DataFrame
        The observations the profile was computed from (``national.national_observations``).
    profile : pandas.DataFrame
        ``national.country_profile``.
    framework : pandas.DataFrame
        The KPI framework (baseline years; whether the MTR prints the id).
    taxonomy : Taxonomy
        Which rows are measured; the house colours; the id mark.
    series : str
        A series key of the profile (``national.key_indicators``).
    iso3, name : str
        The country.
    cutoff_year : int
        The cut-off year.

    Returns
    -------
    list of (Figure, str, DataFrame)
        Each figure with its alt text and the rows it was drawn from (their basis); the series chart
        only when the country has two values or more. Both are set side by side (a row on a wide screen).
    """
    row = profile[profile["series"] == series].iloc[0]
    label = chart_label(row, framework, taxonomy)
    year = int(row["latest_year"])
    average = national.series_panel(observations, framework, taxonomy, series, cutoff_year)
    values = national.comparison_values(observations, taxonomy, series, year)
    result = [(side_by_side(ranking_chart(values, iso3, label, row["unit"], year, taxonomy, average)),
               ranking_alt(name, label, year, row["rank"], len(values), average), values)]
    country = national.country_series(observations, taxonomy, series, iso3, cutoff_year)
    if len(country) >= 2:
        fig = series_against_average_chart(country, average, name, label, row["unit"],
                                           colour_of(row["characteristic"], taxonomy), taxonomy,
                                           breaks=break_years(observations, taxonomy, series, iso3))
        result.append((side_by_side(fig), series_alt(name, label, country, average),
                       pd.concat([country, average.rows])))
    return result


def direction_matrix_chart(matrix: pd.DataFrame, labels: dict[str, str], iso3: str, taxonomy: Taxonomy,
                           source: str):
    """Heatmap of KPI series x AMS: the direction of each panel country's change and of the ASEAN average's.

    Parameters
    ----------
    matrix : pandas.DataFrame
        ``national.direction_matrix`` (long form).
    labels : dict
        Series key -> row label (e.g. ``KPI 26a: GCI 4.0 score, 2017-2019, 6 AMS``).
    iso3 : str
        The country of the report: its column is framed in the highlight colour.
    taxonomy : Taxonomy
        The colours of the KPI statuses (``DIRECTION_STATUS``) and of the highlight.
    source : str
        The source line.

    Returns
    -------
    matplotlib.figure.Figure
    """
    table = matrix.pivot(index="series", columns="geography", values="direction")
    columns = [g for g in dict.fromkeys(matrix["geography"]) if g != ASEAN] + [ASEAN]
    table = table.reindex(index=list(dict.fromkeys(matrix["series"])), columns=columns)
    status_colours = taxonomy.colours("kpi_statuses")
    legend = {"improving": "improving", "worsening": "worsening", "flat": "flat (c/f: carried forward)",
              "series break": "series break"}
    statuses = list(dict.fromkeys(DIRECTION_STATUS.values()))
    codes = table.apply(lambda column: column.map(lambda d: statuses.index(DIRECTION_STATUS[str(d)])
                                                  if str(d) in DIRECTION_STATUS else float("nan")))
    fig, ax = plt.subplots(figsize=(10, 0.5 * len(table) + 2.4))
    seaborn.heatmap(codes.astype(float), cmap=ListedColormap([status_colours[s] for s in statuses]), vmin=-0.5,
                    vmax=len(statuses) - 0.5, cbar=False, linewidths=1.5, linecolor="white", ax=ax)
    for y, key in enumerate(table.index):
        for x, geography in enumerate(table.columns):
            direction = str(table.at[key, geography])
            if direction in ("series break", "carried forward"):
                ax.text(x + 0.5, y + 0.5, "break" if direction == "series break" else "c/f", ha="center",
                        va="center", fontsize=6)
    if iso3 in columns:
        x = columns.index(iso3)
        ax.add_patch(Rectangle((x, 0), 1, len(table), fill=False,
                               edgecolor=taxonomy.colours("palette")["highlight"], linewidth=2.5))
    ax.axvline(len(columns) - 1, color="#444444", linewidth=1)
    ax.set_xticks([x + 0.5 for x in range(len(columns))], labels=columns, fontsize=8, rotation=0)
    ax.set_yticks([y + 0.5 for y in range(len(table))], labels=[_title(labels.get(k, k), 55) for k in table.index],
                  fontsize=7, rotation=0)
    for tick in ax.get_xticklabels():
        if tick.get_text() == iso3:
            tick.set_fontweight("bold")
    ax.tick_params(length=0)
    handles = legend_handles({text: status_colours[DIRECTION_STATUS[d]] for d, text in legend.items()})
    handles += legend_handles({"not in panel": "#FFFFFF"}, edgecolor="#999999")
    fig.legend(handles=handles, loc="lower center", ncol=5, fontsize=7, frameon=False, bbox_to_anchor=(0.5, 0.04))
    fig = finish_chart(fig, ax, title="Direction of change of each KPI series, over constant panels",
                       labels=("", ""), source=source, title_size=SMALL_TITLE)
    fig.subplots_adjust(bottom=max(0.18, 1.1 / fig.get_size_inches()[1]))
    return fig


def direction_alt(matrix: pd.DataFrame, labels: dict[str, str], iso3: str, name: str) -> str:
    """Alt text of the direction matrix: per series, the ASEAN direction and the country's."""
    asean = matrix[matrix["geography"] == ASEAN].set_index("series")["direction"]
    own = matrix[matrix["geography"] == iso3].set_index("series")["direction"]
    parts = [f"{labels.get(key, key)}: ASEAN {asean[key]}, {name} {own.get(key, 'not in panel')}"
             for key in asean.index]
    return (f"Heatmap of the direction of change of {len(asean)} KPI series (rows) for each AMS and the ASEAN "
            f"average (columns), over constant panels, {possessive(name)} column framed; " + "; ".join(parts))
