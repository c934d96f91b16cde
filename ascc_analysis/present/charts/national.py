"""Charts of the national chapter: a country against the other AMS and the ASEAN average, with alt texts."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd

from ascc_analysis.analysis import national
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present.charts.finish import finish_chart
from ascc_analysis.present.charts.kpis import SERIES_SIZE, SMALL_TITLE, country_bar_chart
from ascc_analysis.present.text import source_line

SOURCE_LIMIT = 110
AVERAGE_SOURCE = "; ASEAN average computed from these values"
"""Appended to the sources of a national chart: the average is this project's."""


def colour_of(characteristic, taxonomy: Taxonomy) -> str:
    """The Characteristic's house colour (the palette's ``default`` when the series has none)."""
    default = taxonomy.colours("palette")["default"]
    if characteristic is None or pd.isna(characteristic):
        return default
    return taxonomy.colours("characteristics").get(str(characteristic), default)


def national_source(sources) -> str:
    """The source line of a national chart: the sources of the values drawn, and the average's."""
    return source_line(sources, SOURCE_LIMIT, tail=AVERAGE_SOURCE)


def _title(text: str, width: int = 60) -> str:
    return "\n".join(textwrap.wrap(text, width))


def ranking_chart(values: pd.DataFrame, iso3: str, label: str, unit: str, year: int, taxonomy: Taxonomy,
                  average: float | None = None):
    """Bars of every AMS with a value in one year, ``iso3`` highlighted, the ASEAN average dashed.

    Parameters
    ----------
    values : pandas.DataFrame
        ``national.comparison_values`` (``geography``, ``value``, ``source``).
    iso3 : str
        The highlighted country.
    label, unit : str
        The series' name and unit (y axis).
    year : int
        The year drawn.
    taxonomy : Taxonomy
        The palette.
    average : float, optional
        The ASEAN average to draw as a dashed line.

    Returns
    -------
    matplotlib.figure.Figure
    """
    return country_bar_chart(values[["geography", "value"]], _title(f"{label}, {year}: {len(values)} AMS with data"),
                             _title(unit, 40), national_source(values["source"]), taxonomy, highlight=iso3,
                             average=average, average_label=f"ASEAN average of the {len(values)} AMS")


def series_against_average_chart(country: pd.DataFrame, average: pd.DataFrame, name: str, label: str,
                                 unit: str, colour: str, taxonomy: Taxonomy):
    """The country's series (solid, house colour) against the ASEAN average (dashed, the palette's ``average``).

    Parameters
    ----------
    country : pandas.DataFrame
        ``national.country_series`` (``year``, ``value``, ``source``).
    average : pandas.DataFrame
        ``national.average_series`` (``year``, ``value``, ``n``).
    name : str
        The country's name (legend).
    label, unit : str
        The series' name and unit (y axis).
    colour : str
        The country line's colour.
    taxonomy : Taxonomy
        The palette.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = plt.subplots(figsize=SERIES_SIZE)
    ordered = country.sort_values("year")
    ax.plot(ordered["year"], ordered["value"], marker="o", color=colour, label=name)
    ax.plot(average["year"], average["value"], linestyle="--", marker="s", markersize=3,
            color=taxonomy.colours("palette")["average"], label="ASEAN average (AMS with data each year)")
    ax.set_xticks(sorted(set(country["year"].astype(int)) | set(average["year"].astype(int))))
    return finish_chart(fig, ax, title=_title(f"{label}: {name} and the ASEAN average", 55),
                        labels=("Year", _title(unit, 40)), source=national_source(country["source"]),
                        legend={"fontsize": 7, "loc": "best"}, title_size=SMALL_TITLE, size=(6, 3.2))


def ranking_alt(name: str, label: str, year: int, rank, n: int) -> str:
    """Alt text of a ranking chart."""
    place = f"; {name} ranks {int(rank)} of {n}" if not pd.isna(rank) else ""
    return (f"Bar chart: {label} in {year} for the {n} AMS with data, {name} highlighted{place}; "
            "dashed line: ASEAN average")


def series_alt(name: str, label: str, country: pd.DataFrame) -> str:
    """Alt text of a country-against-average chart."""
    years = country["year"].astype(int)
    return (f"Line chart: {label} for {name}, {years.min()}-{years.max()}, against the ASEAN average of the "
            "AMS with data each year (dashed)")


def indicator_charts(observations: pd.DataFrame, profile: pd.DataFrame, taxonomy: Taxonomy, series: str, iso3: str,
                     name: str, cutoff_year: int) -> list[tuple[object, str]]:
    """The charts of one key series: the ranking in the country's latest year, then its series.

    Parameters
    ----------
    observations : pandas.DataFrame
        The observations the profile was computed from.
    profile : pandas.DataFrame
        ``national.country_profile``.
    taxonomy : Taxonomy
        Which rows are measured; the house colours.
    series : str
        A series key of the profile (``national.key_indicators``).
    iso3, name : str
        The country.
    cutoff_year : int
        The cut-off year.

    Returns
    -------
    list of (Figure, str)
        Each figure with its alt text; the series chart only when the country has two values or more.
    """
    row = profile[profile["series"] == series].iloc[0]
    year = int(row["latest_year"])
    values = national.comparison_values(observations, taxonomy, series, year)
    result = [(ranking_chart(values, iso3, row["label"], row["unit"], year, taxonomy, row["asean_average"]),
               ranking_alt(name, row["label"], year, row["rank"], len(values)))]
    country = national.country_series(observations, taxonomy, series, iso3, cutoff_year)
    if len(country) >= 2:
        average = national.average_series(observations, taxonomy, series, cutoff_year)
        fig = series_against_average_chart(country, average, name, row["label"], row["unit"],
                                           colour_of(row["characteristic"], taxonomy), taxonomy)
        result.append((fig, series_alt(name, row["label"], country)))
    return result
