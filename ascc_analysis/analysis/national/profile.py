"""A Member State's profile: each series against its baseline and the other AMS; the report's figures."""

from __future__ import annotations

import math

import pandas as pd

from ascc_analysis.analysis import kpi_views
from ascc_analysis.analysis.kpi_status import (
    DEFAULT_BASELINE_TOLERANCE,
    DEFAULT_CUTOFF_YEAR,
    VALUE_TOLERANCE,
    baseline_candidates,
)
from ascc_analysis.analysis.national.averages import series_panel
from ascc_analysis.analysis.national.series import (
    SeriesFacts,
    baseline_year,
    comparable_rows,
    fall_caveats,
    framework_row,
    own_caveats,
    peers,
    qualified_trend,
    series_direction,
    series_facts,
    series_label,
    series_order,
    split_caveats,
)
from ascc_analysis.analysis.panels import PanelAverage, desired_change
from ascc_analysis.config import MIN_RANKED_AMS
from ascc_analysis.data.kpis import ASEAN
from ascc_analysis.data.taxonomy import Taxonomy

TRENDS = ("improving", "worsening", "flat", "series break", "carried forward", "single value", "no later value",
          "no baseline", "no direction")
"""Trend values of a profile row (the first three compare the latest value with the baseline)."""


PROFILE_COLUMNS = ["series", "kpi_id", "characteristic", "role", "label", "short_label", "unit", "desired_direction",
                   "baseline_year", "baseline", "baseline_indicator", "baseline_source",
                   "latest_year", "latest", "latest_indicator", "latest_source", "n_values", "change", "trend",
                   "asean_average", "asean_n", "asean_published", "asean_first_year", "asean_first",
                   "asean_last_year", "asean_last", "asean_trend", "asean_panel", "asean_dropped",
                   "rank", "rank_of", "caveat", "country_caveat"]
"""Columns of :func:`country_profile`: ``caveat`` holds every caveat of the values shown,
``country_caveat`` those that concern this country only (not shared by every AMS with the series);
``short_label`` is the indicator map's name for sentences (empty where it gives none). The ASEAN columns
follow the series' constant panel (``panels``): ``asean_average`` in the country's latest year (NaN when
that year is not compared), ``asean_n`` the panel's size, ``asean_first``/``asean_last`` the averages in
the first and last years compared, ``asean_trend`` their change read in the desired direction,
``asean_panel``/``asean_dropped`` the ISO3 codes (space-separated) averaged and left out."""


def rank_of(values: pd.Series, iso3: str, direction: str | None) -> tuple[float, int]:
    """Rank of ``iso3`` among ``values`` (1 = best in the desired direction) and how many AMS.

    Parameters
    ----------
    values : pandas.Series
        AMS -> value in one year.
    iso3 : str
        The country ranked.
    direction : str or None
        ``up`` (highest is first) or ``down`` (lowest is first); None gives no rank.

    Returns
    -------
    tuple of (float, int)
        The rank (NaN without a direction or a value for ``iso3``) and the number of AMS.
        Ties share the better rank.
    """
    if direction not in ("up", "down") or iso3 not in values.index:
        return math.nan, len(values)
    own = values[iso3]
    better = values > own + VALUE_TOLERANCE if direction == "up" else values < own - VALUE_TOLERANCE
    return float(1 + int(better.sum())), len(values)


def trend_of(change: float, direction: str | None) -> str:
    """``improving``, ``worsening``, ``flat`` or ``no direction`` for a change since the baseline."""
    if abs(change) < VALUE_TOLERANCE:
        return "flat"
    if direction not in ("up", "down"):
        return "no direction"
    return "improving" if (change > 0) == (direction == "up") else "worsening"


def _endpoints(series: pd.Series, base_year: int) -> tuple[int | None, int]:
    """(baseline year or None, latest year) of a country series indexed by year (not empty)."""
    years = set(series.index)
    base = next((y for y in baseline_candidates(base_year, DEFAULT_BASELINE_TOLERANCE) if y in years), None)
    return base, max(years)


def _trend(series: pd.Series, base: int | None, latest: int, direction: str | None) -> tuple[float, str]:
    if base is None:
        return math.nan, "single value" if len(series) == 1 else "no baseline"
    if latest == base:
        return math.nan, "single value" if len(series) == 1 else "no later value"
    change = float(series[latest] - series[base])
    return change, trend_of(change, direction)


def _panel_columns(average: PanelAverage | None, year: int, direction: str | None) -> dict:
    """The ASEAN columns of a profile row from the series' constant panel (empty for a series not compared)."""
    if average is None or not average.panel:
        return {"asean_average": math.nan, "asean_n": 0, "asean_first_year": pd.NA, "asean_first": math.nan,
                "asean_last_year": pd.NA, "asean_last": math.nan, "asean_trend": pd.NA, "asean_panel": pd.NA,
                "asean_dropped": pd.NA if average is None else " ".join(average.dropped) or pd.NA}
    first, last = average.first_year, average.last_year
    return {"asean_average": average.average(year), "asean_n": average.n,
            "asean_first_year": first, "asean_first": average.average(first),
            "asean_last_year": last, "asean_last": average.average(last),
            "asean_trend": desired_change(average.change, direction) if first != last else pd.NA,
            "asean_panel": " ".join(average.panel), "asean_dropped": " ".join(average.dropped) or pd.NA}


def _published(measured: pd.DataFrame, first: pd.Series, year: int) -> float:
    """The ASEAN-level value the MTR published for a KPI series in a year (NaN when none)."""
    if first["role"] != "primary":
        return math.nan
    rows = measured[(measured["kpi_id"] == first["kpi_id"]) & (measured["geography"] == ASEAN)
                    & (measured["year"] == year) & (measured["provenance"] == "published")]
    return float(rows["value"].iloc[0]) if len(rows) else math.nan


def _comparison(measured: pd.DataFrame, rows: pd.DataFrame, first: pd.Series, year: int, iso3: str,
                direction: str | None, facts: SeriesFacts, average: PanelAverage | None) -> dict:
    """Constant-panel ASEAN average, published ASEAN value and rank of a country's value in one year."""
    comparable = str(first["indicator"]) not in facts.not_comparable
    rank, n_rank = rank_of(peers(rows, first["series"], year), iso3, direction if comparable else None)
    rank = rank if not pd.isna(n_rank) and n_rank >= MIN_RANKED_AMS else math.nan
    return {**_panel_columns(average if comparable else None, year, direction),
            "asean_published": _published(measured, first, year),
            "rank": rank, "rank_of": pd.NA if math.isnan(rank) else n_rank}


def _values(by_year: pd.DataFrame, base: int | None, latest: int) -> dict:
    """Baseline and latest values of a country series, each with its indicator and source."""
    result = {"baseline_year": base, "latest_year": latest}
    for end, year in (("baseline", base), ("latest", latest)):
        result[end] = math.nan if year is None else float(by_year.at[year, "value"])
        result[f"{end}_indicator"] = pd.NA if year is None else by_year.at[year, "indicator"]
        result[f"{end}_source"] = pd.NA if year is None else by_year.at[year, "source"]
    return result


def _profile_row(measured: pd.DataFrame, framework: pd.DataFrame, facts: SeriesFacts, rows: pd.DataFrame,
                 own: pd.DataFrame, iso3: str, average: PanelAverage) -> dict:
    """One profile row: a country's series against its baseline and the other AMS."""
    first = own.iloc[0]
    indicator = str(first["indicator"])
    by_year = own.set_index(own["year"].astype(int)).sort_index()
    values = by_year["value"].astype(float)
    direction = series_direction(framework, facts, first["kpi_id"], indicator)
    base, latest = _endpoints(values, baseline_year(framework, first["kpi_id"]))
    change, trend = _trend(values, base, latest, direction)
    used = by_year.loc[[y for y in (base, latest) if y is not None]]
    specific = own_caveats(rows[rows["series"] == first["series"]], used)
    falls_noted = fall_caveats(facts, indicator, values)
    unit = framework_row(framework, first["kpi_id"])
    return {
        "series": first["series"], "kpi_id": first["kpi_id"], "role": first["role"],
        "characteristic": pd.NA if unit is None else unit["characteristic"],
        "label": series_label(framework, facts, str(first["role"]), first["kpi_id"], indicator),
        "short_label": facts.short_labels.get(first["series"], pd.NA),
        "unit": by_year["unit"].iloc[-1], "desired_direction": direction, **_values(by_year, base, latest),
        "n_values": len(values), "change": change, "trend": qualified_trend(trend, specific),
        **_comparison(measured, rows, first, latest, iso3, direction, facts, average),
        "caveat": " | ".join(split_caveats(*used["caveat"]) + falls_noted),
        "country_caveat": " | ".join(specific + falls_noted),
    }


def profile_frame(records: list[dict]) -> pd.DataFrame:
    """A profile from records (dicts keyed by ``PROFILE_COLUMNS``), with the dtypes of :func:`country_profile`."""
    table = pd.DataFrame(records, columns=PROFILE_COLUMNS)
    for column in ("baseline_year", "latest_year", "n_values", "asean_n", "asean_first_year", "asean_last_year",
                   "rank", "rank_of"):
        table[column] = pd.array(table[column].tolist(), dtype="Float64").astype("Int64")
    for column in ("baseline", "latest", "change", "asean_average", "asean_published", "asean_first", "asean_last"):
        table[column] = table[column].astype(float)
    for column in ("series", "kpi_id", "characteristic", "role", "label", "short_label", "unit", "desired_direction",
                   "baseline_indicator", "baseline_source", "latest_indicator", "latest_source", "trend", "caveat",
                   "country_caveat", "asean_trend", "asean_panel", "asean_dropped"):
        table[column] = table[column].astype("string")
    return table


def country_profile(observations: pd.DataFrame, framework: pd.DataFrame, indicator_map: pd.DataFrame,
                    taxonomy: Taxonomy, iso3: str, cutoff_year: int = DEFAULT_CUTOFF_YEAR) -> pd.DataFrame:
    """The country's profile: one row per series with a value of ``iso3`` up to the cut-off.

    Parameters
    ----------
    observations : pandas.DataFrame
        KPI observations, optionally with the rows of :func:`other_statistics` appended
        (:func:`national_observations`).
    framework : pandas.DataFrame
        The KPI framework (directions, texts, Characteristics, baseline years).
    indicator_map : pandas.DataFrame
        The ``indicator_map`` dataset: labels, directions and comparability of the series
        (:func:`series_facts`).
    taxonomy : Taxonomy
        Which provenance codes are rows the project built.
    iso3 : str
        The Member State.
    cutoff_year : int, default 2019
        Last year whose values count.

    Returns
    -------
    pandas.DataFrame
        Columns ``PROFILE_COLUMNS``, primary series first in framework order, then context,
        then other series. Empty (same columns) when the country has no data.
    """
    measured = kpi_views.measured(observations, taxonomy)
    facts = series_facts(indicator_map)
    rows = comparable_rows(observations, taxonomy)
    rows = rows[rows["year"] <= cutoff_year]
    mine = rows[rows["geography"] == iso3]
    records = [_profile_row(measured, framework, facts, rows, mine[mine["series"] == key], iso3,
                            series_panel(observations, framework, taxonomy, key, cutoff_year))
               for key in series_order(framework, mine)]
    return profile_frame(records)


def national_findings(findings: pd.DataFrame, iso3: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Table 8 synthesis (all AMS together) and any finding about this country alone.

    Parameters
    ----------
    findings : pandas.DataFrame
        From ``institutions.load_assessment_findings``.
    iso3 : str
        The Member State.

    Returns
    -------
    tuple of DataFrame
        (rows of level ``national_synthesis``, rows whose geography is ``iso3``); the second
        is empty with the shipped data, which hold no per-country finding.
    """
    synthesis = findings[findings["level"] == "national_synthesis"]
    return synthesis.reset_index(drop=True), findings[findings["geography"] == iso3].reset_index(drop=True)


def national_figures(profile: pd.DataFrame, gaps: pd.DataFrame, caveats: pd.DataFrame, iso3: str) -> dict[str, int]:
    """Figures of a national report for its sidecar, keyed ``<ISO3>_...``.

    Parameters
    ----------
    profile, gaps, caveats : pandas.DataFrame
        From :func:`country_profile`, :func:`data_gaps` and :func:`country_caveats`.
    iso3 : str
        The Member State.

    Returns
    -------
    dict
        ``indicators_with_data`` (KPI series), ``context_series_with_data``,
        ``other_series_with_data``, ``improving``, ``worsening``, ``flat``, ``series_break``,
        ``carried_forward``, ``without_trend`` (KPI series that cannot be compared with a baseline),
        ``ranked_first`` (KPI series),
        ``data_gaps`` (KPI series other AMS have) and ``country_caveats``, each prefixed
        with ``<ISO3>_``.
    """
    kpi = profile[profile["role"] == "primary"]
    trends = kpi["trend"].value_counts()
    figures = {
        "indicators_with_data": len(kpi),
        "context_series_with_data": int((profile["role"] == "context").sum()),
        "other_series_with_data": int((profile["role"] == "other").sum()),
        "improving": int(trends.get("improving", 0)), "worsening": int(trends.get("worsening", 0)),
        "flat": int(trends.get("flat", 0)), "series_break": int(trends.get("series break", 0)),
        "carried_forward": int(trends.get("carried forward", 0)),
        "without_trend": int(len(kpi) - sum(trends.get(t, 0) for t in ("improving", "worsening", "flat", "series break",
                                                                               "carried forward"))),
        "ranked_first": int((kpi["rank"] == 1).fillna(False).sum()),
        "data_gaps": int((gaps["role"] == "primary").sum()),
        "country_caveats": len(caveats),
    }
    return {f"{iso3}_{key}": int(value) for key, value in figures.items()}


def key_indicators(profile: pd.DataFrame, per_characteristic: int = 1) -> list[str]:
    """Series worth a chart: KPI series compared with at least one other AMS, by Characteristic.

    Parameters
    ----------
    profile : pandas.DataFrame
        From :func:`country_profile` (framework order).
    per_characteristic : int, default 1
        How many series to take per Characteristic (those with a readable trend first: not
        a series break, a single value or a carried-forward value).

    Returns
    -------
    list of str
        Series keys, Characteristics in order A-E (series without one last).
    """
    rows = profile[(profile["role"] == "primary") & (profile["rank_of"].fillna(0) >= 2)]
    rows = rows.assign(_has_trend=rows["trend"].isin(["improving", "worsening", "flat"]), _position=range(len(rows)))
    chosen: list[str] = []
    for _, group in rows.groupby(rows["characteristic"].fillna("~"), sort=True):
        ordered = group.sort_values(["_has_trend", "_position"], ascending=[False, True])
        chosen += ordered["series"].head(per_characteristic).tolist()
    return chosen
