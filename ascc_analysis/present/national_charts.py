"""Charts of the national chapter: a country against the other AMS and the ASEAN average.

Built on ``charts.country_bar_chart`` and ``charts.series_chart`` (house style: title,
labelled axes, source line); each chart comes with its alt text.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from ascc_analysis.analysis import national
from ascc_analysis.present import charts
from ascc_analysis.present.style import CHARACTERISTIC_COLOURS, OKABE_ITO

AVERAGE_COLOUR = "#000000"
"""The ASEAN average: black, dashed, in every national chart."""
DEFAULT_COLOUR = OKABE_ITO[4]
"""Series without a Characteristic."""
SOURCE_LIMIT = 110


def colour_of(characteristic) -> str:
    """The Characteristic's house colour (blue when the series has none)."""
    if characteristic is None or pd.isna(characteristic):
        return DEFAULT_COLOUR
    return CHARACTERISTIC_COLOURS.get(str(characteristic), DEFAULT_COLOUR)


def source_line(sources, limit: int = SOURCE_LIMIT) -> str:
    """Short names of the sources of the values drawn, ``; ``-separated and cut at ``limit``."""
    names = list(dict.fromkeys(national.short_source(s) for s in sources if not pd.isna(s)))
    text = "; ".join(names) + "; ASEAN average computed from these values"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _title(text: str, width: int = 60) -> str:
    return "\n".join(textwrap.wrap(text, width))


def ranking_chart(values: pd.DataFrame, iso3: str, label: str, unit: str, year: int,
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
    average : float, optional
        The ASEAN average to draw as a dashed line.

    Returns
    -------
    matplotlib.figure.Figure
    """
    title = _title(f"{label}, {year}: {len(values)} AMS with data")
    fig = charts.country_bar_chart(values[["geography", "value"]], iso3, title, _title(unit, 40),
                                   source_line(values["source"]))
    ax = fig.axes[0]
    if average is not None and not pd.isna(average):
        ax.axhline(average, color=AVERAGE_COLOUR, linestyle="--", linewidth=1,
                   label=f"ASEAN average of the {len(values)} AMS")
        ax.legend(frameon=False, fontsize=8, loc="best")
    return fig


def series_against_average_chart(country: pd.DataFrame, average: pd.DataFrame, name: str, label: str,
                                 unit: str, colour: str):
    """The country's series (solid, house colour) against the ASEAN average (black, dashed).

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

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = charts.series_chart(country, _title(f"{label}: {name} and the ASEAN average", 55), _title(unit, 40),
                              source_line(country["source"]), colour)
    ax = fig.axes[0]
    ax.lines[0].set_label(name)
    ax.plot(average["year"], average["value"], linestyle="--", marker="s", markersize=3, color=AVERAGE_COLOUR,
            label="ASEAN average (AMS with data each year)")
    ax.set_xticks(sorted(set(country["year"].astype(int)) | set(average["year"].astype(int))))
    ax.legend(frameon=False, fontsize=7, loc="best")
    fig.set_size_inches(6, 3.2)
    fig.tight_layout()
    return fig


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


def indicator_charts(observations: pd.DataFrame, profile: pd.DataFrame, series: str, iso3: str, name: str,
                     cutoff_year: int) -> list[tuple[object, str]]:
    """The charts of one key series: the ranking in the country's latest year, then its series.

    Parameters
    ----------
    observations : pandas.DataFrame
        The observations the profile was computed from.
    profile : pandas.DataFrame
        ``national.country_profile``.
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
    values = national.comparison_values(observations, series, year)
    result = [(ranking_chart(values, iso3, row["label"], row["unit"], year, row["asean_average"]),
               ranking_alt(name, row["label"], year, row["rank"], len(values)))]
    country = national.country_series(observations, series, iso3, cutoff_year)
    if len(country) >= 2:
        average = national.average_series(observations, series, cutoff_year)
        fig = series_against_average_chart(country, average, name, row["label"], row["unit"],
                                           colour_of(row["characteristic"]))
        result.append((fig, series_alt(name, row["label"], country)))
    return result
