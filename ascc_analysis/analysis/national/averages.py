"""ASEAN averages of the national series over constant panels, beside the MTR's published averages.

Every average here is :mod:`ascc_analysis.analysis.panels`' (the one function other chapters call
too), so a series, a year and a cut-off give the same average in every report.
"""

from __future__ import annotations

import math

import pandas as pd

from ascc_analysis.analysis import kpi_views, panels
from ascc_analysis.analysis.kpi_status import DEFAULT_CUTOFF_YEAR
from ascc_analysis.analysis.national.series import (
    baseline_year,
    comparable_rows,
    own_caveats,
    qualified_trend,
    series_direction,
    series_facts,
    series_order,
)
from ascc_analysis.data.kpis import ASEAN
from ascc_analysis.data.taxonomy import Taxonomy

MIN_MATRIX_PANEL = 2
"""Fewest AMS a series' panel needs for a row of the direction matrix (one AMS makes no average)."""


PUBLISHED_COLUMNS = ["series", "kpi_id", "year", "figure_id", "published", "panel_average", "panel_n", "panel",
                     "in_compared_years"]
"""Columns of :func:`published_averages`."""


def series_panel(observations: pd.DataFrame, framework: pd.DataFrame, taxonomy: Taxonomy, series: str,
                 cutoff_year: int = DEFAULT_CUTOFF_YEAR) -> panels.PanelAverage:
    """The ASEAN average of one national series over its constant panel.

    A KPI's primary series (key ``kpi-<id>``) is averaged by :func:`panels.kpi_average`, exactly as
    the Characteristic chapters average it; any other series by :func:`panels.series_average` over
    its measured rows. Both compare the years from the KPI's baseline window to the cut-off.

    Parameters
    ----------
    observations : pandas.DataFrame
        The chapter's observations (``national_observations``).
    framework : pandas.DataFrame
        The KPI framework (baseline years).
    taxonomy : Taxonomy
        Which provenance codes the project built (never averaged).
    series : str
        A series key (``series_key``).
    cutoff_year : int, default 2019
        Last year whose values count.

    Returns
    -------
    panels.PanelAverage
    """
    rows = comparable_rows(observations, taxonomy)
    rows = rows[rows["series"] == series]
    kpi_id = rows["kpi_id"].dropna().iloc[0] if rows["kpi_id"].notna().any() else None
    base = baseline_year(framework, kpi_id)
    if series.startswith("kpi-") and (rows["role"] == "primary").all():
        return panels.kpi_average(observations, taxonomy, str(kpi_id), base, cutoff_year)
    return panels.series_average(rows, base, cutoff_year)


def panel_averages(observations: pd.DataFrame, framework: pd.DataFrame, indicator_map: pd.DataFrame,
                   taxonomy: Taxonomy, cutoff_year: int = DEFAULT_CUTOFF_YEAR,
                   role: str = "primary") -> dict[str, panels.PanelAverage]:
    """The constant-panel average of every comparable series of a role (series key -> average), framework order.

    Series whose levels the indicator map says do not compare across AMS are left out.
    """
    facts = series_facts(indicator_map)
    rows = comparable_rows(observations, taxonomy)
    rows = rows[(rows["role"] == role) & (rows["year"] <= cutoff_year)]
    keys = [key for key in series_order(framework, rows)
            if not set(rows.loc[rows["series"] == key, "indicator"].astype(str)) & facts.not_comparable]
    return {key: series_panel(observations, framework, taxonomy, key, cutoff_year) for key in keys}


def direction_matrix(observations: pd.DataFrame, framework: pd.DataFrame, indicator_map: pd.DataFrame,
                     taxonomy: Taxonomy, ams: list[str], cutoff_year: int = DEFAULT_CUTOFF_YEAR) -> pd.DataFrame:
    """KPI series x AMS: the direction of each panel country's change and of the ASEAN average's.

    Parameters
    ----------
    observations, framework, indicator_map, taxonomy
        As for :func:`panel_averages`.
    ams : list of str
        Every AMS (ISO3), in display order.
    cutoff_year : int, default 2019
        Last year whose values count.

    Returns
    -------
    pandas.DataFrame
        ``panels.MATRIX_COLUMNS`` plus ``kpi_id`` and ``panel_n``; one row per KPI series compared
        over two years or more by at least ``MIN_MATRIX_PANEL`` AMS, and per AMS, then the series'
        ``ASEAN`` row. As in the profile, a country's direction reads ``series break`` (or ``carried
        forward`` for no change) where its own caveats in the years compared say so.
    """
    facts = series_facts(indicator_map)
    averages = {key: average for key, average in
                panel_averages(observations, framework, indicator_map, taxonomy, cutoff_year).items()
                if average.n >= MIN_MATRIX_PANEL}
    rows = comparable_rows(observations, taxonomy)
    first = rows.drop_duplicates("series").set_index("series")
    directions = {key: series_direction(framework, facts, first.at[key, "kpi_id"], str(first.at[key, "indicator"]))
                  for key in averages}
    matrix = panels.direction_matrix(averages, directions, ams)
    matrix["direction"] = [_qualified_direction(averages[key], geography, direction)
                           for key, geography, direction in zip(matrix["series"], matrix["geography"],
                                                                matrix["direction"])]
    matrix.insert(1, "kpi_id", matrix["series"].map(first["kpi_id"]).astype("string"))
    matrix["panel_n"] = matrix["series"].map({key: average.n for key, average in averages.items()}).astype("int64")
    return matrix.astype({"direction": "string"})


def _qualified_direction(average: panels.PanelAverage, geography: str, direction: str) -> str:
    """A panel country's direction, undone by its own series-break or carry-forward caveats in the years compared."""
    if geography not in average.panel:
        return direction
    own = average.rows[average.rows["geography"] == geography]
    return qualified_trend(direction, own_caveats(average.rows, own))


def published_averages(observations: pd.DataFrame, published_figures: pd.DataFrame, framework: pd.DataFrame,
                       taxonomy: Taxonomy, cutoff_year: int = DEFAULT_CUTOFF_YEAR) -> pd.DataFrame:
    """The MTR's published ASEAN averages beside the constant-panel average of the same KPI and year.

    Parameters
    ----------
    observations : pandas.DataFrame
        The chapter's observations: the ASEAN-level rows with provenance ``published`` name the
        figure (``figure_id``) the MTR printed for a KPI and year.
    published_figures : pandas.DataFrame
        The ``published_figures`` dataset: the value is read from it, as printed.
    framework, taxonomy, cutoff_year
        As for :func:`series_panel`.

    Returns
    -------
    pandas.DataFrame
        Columns ``PUBLISHED_COLUMNS``: one row per published average of a KPI whose primary series
        has country values; ``published`` is the text as printed, ``panel`` the panel's ISO3 codes
        (space-separated), ``in_compared_years`` whether the year is one the panel compares (else
        ``panel_average`` is NaN).
    """
    measured = kpi_views.measured(observations, taxonomy)
    asean = measured[(measured["geography"] == ASEAN) & (measured["provenance"] == "published")
                     & measured["figure_id"].notna()]
    printed = published_figures.set_index("figure_id")["value"]
    countries = set(comparable_rows(observations, taxonomy).query("role == 'primary'")["kpi_id"].dropna())
    records = []
    for row in asean[asean["kpi_id"].isin(countries)].sort_values(["kpi_id", "year"]).itertuples():
        average = series_panel(observations, framework, taxonomy, f"kpi-{row.kpi_id}", cutoff_year)
        compared = int(row.year) in average.years
        records.append({
            "series": f"kpi-{row.kpi_id}", "kpi_id": row.kpi_id, "year": int(row.year), "figure_id": row.figure_id,
            "published": printed.get(row.figure_id, pd.NA),
            "panel_average": average.average(row.year) if compared else math.nan, "panel_n": average.n,
            "panel": " ".join(average.panel), "in_compared_years": compared,
        })
    return pd.DataFrame(records, columns=PUBLISHED_COLUMNS).astype(
        {"series": "string", "kpi_id": "string", "figure_id": "string", "published": "string", "panel": "string"})
