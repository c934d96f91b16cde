"""One Member State's KPI profile from public statistics, against the other AMS.

Pure functions on the KPI observations and framework, the map of source series
(dataset ``indicator_map``) and the public country statistics (dataset ``country_indicators``). They never invent a country value: every value in
a profile is a measured row (``kpi_views.measured``: no reconstructed markers) with a
source, copied unchanged from the reference file.

Series
------
A *series* is what one profile row follows over time:

- the **primary** country rows of a KPI unit form one series (key ``kpi-<kpi_id>``), as in
  the outcome rules; for GCI 4.0 this joins the WEF 2017 backcast to the 2018 and 2019
  editions (same method, one value per AMS and year);
- every **context** indicator is its own series (key = indicator), so the legacy 1-7 GCI
  is never mixed with GCI 4.0, nor survey-year stunting with the modelled series;
- the country statistics that no KPI uses (role ``excluded`` in the indicator map:
  internet use, R&D expenditure, tourist arrivals) are shown apart as ``other`` series.

Rules
-----
**Baseline** and **latest value** follow ``outcomes``: the baseline is the value in the
unit's baseline year (2016 in the framework), else the nearest year within
``outcomes.DEFAULT_BASELINE_TOLERANCE`` years, earlier first; the latest value is the last
one up to the cut-off year. **Trend**: ``improving`` / ``worsening`` when the change from
baseline to latest has the sign of the desired direction or the opposite, ``flat`` when it
is zero, ``series break`` when a caveat on the country's own rows says the series breaks
(the change is shown, not read as a trend), ``carried forward`` for no change where such a
caveat says the source carried the value forward, ``single value`` (one value up to the cut-off), ``no later value`` (nothing after
the baseline), ``no baseline`` (values only after the baseline window), ``no direction``
(a change but no desired direction). **ASEAN average**: the unweighted mean of the AMS with
a value in the country's latest year (``outcomes.asean_average``), with how many AMS it
covers. **Rank**: 1 = best in the desired direction among those AMS ("of n"; ties share
the better rank).
"""

from __future__ import annotations

import math
import re

import pandas as pd

from ascc_analysis.analysis import kpi_views
from ascc_analysis.data.kpis import ASEAN
from ascc_analysis.analysis.kpi_status import VALUE_TOLERANCE, DEFAULT_BASELINE_TOLERANCE, DEFAULT_CUTOFF_YEAR, baseline_candidates, asean_average

ROLES = ("primary", "context", "other")
"""Series roles in a profile: KPI series, context series, statistics no KPI uses."""

TRENDS = ("improving", "worsening", "flat", "series break", "carried forward", "single value", "no later value",
          "no baseline", "no direction")
"""Trend values of a profile row (the first three compare the latest value with the baseline)."""

BREAK_PATTERN = re.compile(r"series break|break in series|methodology break|method change", re.IGNORECASE)
"""A caveat on a country's own rows that says its series breaks: its change is not read as a trend."""
CARRY_PATTERN = re.compile(r"carr(y|ied)[- ]forward", re.IGNORECASE)
"""A caveat on a country's own rows that says values are carried forward: no change is not read as flat."""

INDICATOR_DIRECTIONS = {
    "wef_gci4_rank": "down", "wef_gci4_rank_2017backcast": "down", "wef_gci_legacy_rank": "down",
    "completion_rate_primary": "up", "completion_rate_lower_secondary": "up",
    "social_protection_coverage_sdg131": "up", "uhc_service_coverage_index": "up",
    "internet_users_pct": "up", "rd_expenditure_pct_gdp": "up", "international_tourist_arrivals": None,
}
"""Desired direction of series whose KPI gives none or the wrong one (a rank: 1 is best).

Every other series takes its KPI's ``desired_direction``. Tourist arrivals get none: more
arrivals are not an outcome of the Blueprint, and levels are not comparable across AMS.
"""

NOT_COMPARABLE_ACROSS_AMS = frozenset({"international_tourist_arrivals"})
"""Series whose levels are not comparable between AMS: no ASEAN average, no rank."""

FALLS_LOOK_LIKE_BREAKS = frozenset({"internet_users_pct"})
"""Series whose year-on-year falls the source notes read as series breaks, not declines."""

OTHER_CAVEATS = {
    "internet_users_pct": "ITU data (SDG 17.8.1) via Our World in Data; repeated values are ITU "
                          "carry-forwards or estimates, and falls look like series breaks rather than real declines",
    "rd_expenditure_pct_gdp": "UNESCO UIS data (SDG 9.5.1) via Our World in Data, 2024 vintage; an older vintage "
                              "differs (GDP rebased); no value for Lao PDR",
    "international_tourist_arrivals": "UN Tourism data via World Bank WDI; country series mix overnight tourists "
                                      "and all border arrivals (including same-day visitors), so levels are not "
                                      "comparable across AMS",
}
"""Caveats of the statistics no KPI uses, from ``reference/country_indicators_notes.md``."""

INDICATOR_LABELS = {
    "kpi-26a": "Global Competitiveness Index 4.0, score",
    "wgi_government_effectiveness_percentile_rank": "Government Effectiveness, percentile rank (WGI)",
    "stunting_under5_survey": "Stunting among children under five, survey years",
    "overweight_under5_survey": "Overweight among children under five, survey years",
    "completion_rate_primary": "Primary completion rate (SDG 4.1.2)",
    "completion_rate_lower_secondary": "Lower-secondary completion rate (SDG 4.1.2)",
    "social_protection_coverage_sdg131": "Population covered by at least one social protection benefit (SDG 1.3.1)",
    "uhc_service_coverage_index": "UHC service coverage index (SDG 3.8.1)",
    "youth_neet_rate_female": "Youth NEET rate, female",
    "youth_neet_rate_male": "Youth NEET rate, male",
    "wef_gci4_rank": "Global Competitiveness Index 4.0, rank among all economies",
    "wef_gci4_rank_2017backcast": "Global Competitiveness Index 4.0, 2017 backcast rank",
    "wef_gci_legacy_score_1to7": "Global Competitiveness Index, legacy method (score 1-7)",
    "wef_gci_legacy_rank": "Global Competitiveness Index, legacy method, rank",
    "internet_users_pct": "Individuals using the Internet",
    "rd_expenditure_pct_gdp": "Research and development expenditure",
    "international_tourist_arrivals": "International tourist arrivals",
}
"""Readable names of series by key (KPI series not listed use the framework's text)."""

PROFILE_COLUMNS = ["series", "kpi_id", "characteristic", "role", "label", "unit", "desired_direction",
                   "baseline_year", "baseline", "baseline_indicator", "baseline_source",
                   "latest_year", "latest", "latest_indicator", "latest_source", "n_values", "change", "trend",
                   "asean_average", "asean_n", "asean_published", "rank", "rank_of", "caveat", "country_caveat"]
"""Columns of :func:`country_profile`: ``caveat`` holds every caveat of the values shown,
``country_caveat`` those that concern this country only (not shared by every AMS with the series)."""

GAP_COLUMNS = ["series", "kpi_id", "characteristic", "role", "label", "ams_with_data", "years", "note"]
CAVEAT_COLUMNS = ["series", "label", "kind", "caveat"]

_AVERAGE_SUFFIX = re.compile(r",\s*ASEAN average( score)?\s*$")


# ---- the statistics no KPI uses ------------------------------------------------------------------
def other_statistics(country: pd.DataFrame, indicator_map: pd.DataFrame) -> pd.DataFrame:
    """The country statistics no KPI uses, shaped like KPI observations (role ``other``).

    Parameters
    ----------
    country : pandas.DataFrame
        The ``country_indicators`` dataset.
    indicator_map : pandas.DataFrame
        The ``indicator_map`` dataset (rows with role ``excluded`` are taken).

    Returns
    -------
    pandas.DataFrame
        Columns of ``schema.OBSERVATION_DTYPES``; ``kpi_id`` empty, provenance ``public_statistics``,
        caveat from ``OTHER_CAVEATS``.
    """
    excluded = indicator_map.loc[(indicator_map["source_table"] == "country_indicators.csv")
                                 & (indicator_map["role"] == "excluded"), "indicator"]
    rows = country[country["indicator"].isin(excluded)]
    frame = pd.DataFrame({
        "kpi_id": pd.array([pd.NA] * len(rows), dtype="string"), "indicator": rows["indicator"].to_numpy(),
        "role": "other", "geography": rows["iso3"].to_numpy(), "year": rows["year"].to_numpy(),
        "value": rows["value"].to_numpy(), "unit": rows["unit"].to_numpy(), "source": rows["source"].to_numpy(),
        "provenance": "public_statistics",
        "caveat": [OTHER_CAVEATS.get(str(i), pd.NA) for i in rows["indicator"]],
        "figure_id": pd.array([pd.NA] * len(rows), dtype="string"),
    })
    return frame.astype({"indicator": "string", "role": "string", "geography": "string", "year": "Int64",
                         "value": "Float64", "unit": "string", "source": "string", "provenance": "string",
                         "caveat": "string"}).reset_index(drop=True)


def national_observations(observations: pd.DataFrame, country: pd.DataFrame,
                          indicator_map: pd.DataFrame) -> pd.DataFrame:
    """The KPI observations with the statistics no KPI uses appended (role ``other``).

    Parameters
    ----------
    observations : pandas.DataFrame
        The ``kpi_observations`` dataset.
    country, indicator_map : pandas.DataFrame
        The ``country_indicators`` and ``indicator_map`` datasets.

    Returns
    -------
    pandas.DataFrame
        ``observations`` followed by :func:`other_statistics`.
    """
    return pd.concat([observations, other_statistics(country, indicator_map)], ignore_index=True)


# ---- series ------------------------------------------------------------------------------------
def comparable_rows(observations: pd.DataFrame) -> pd.DataFrame:
    """Measured country rows with a value, a year and a source, each with its ``series`` key.

    Parameters
    ----------
    observations : pandas.DataFrame
        KPI observations (or :func:`other_statistics`).

    Returns
    -------
    pandas.DataFrame
        The rows of the AMS (never ASEAN-level) with role primary, context or other, plus a
        ``series`` column: ``kpi-<kpi_id>`` for primary rows, the indicator otherwise.
    """
    rows = kpi_views.measured(observations)
    keep = ((rows["geography"] != ASEAN) & rows["value"].notna() & rows["source"].fillna("").str.strip().ne("")
            & rows["role"].isin(ROLES))
    rows = rows[keep.fillna(False).astype(bool)].copy()
    primary = rows["role"] == "primary"
    rows["series"] = rows["indicator"].astype(str)
    rows.loc[primary, "series"] = "kpi-" + rows.loc[primary, "kpi_id"].astype(str)
    return rows


def _framework_row(framework: pd.DataFrame, kpi_id) -> pd.Series | None:
    if kpi_id is None or pd.isna(kpi_id):
        return None
    match = (framework["kpi_id"].astype(object).to_numpy() == kpi_id).nonzero()[0]
    return framework.iloc[match[0]] if len(match) else None


def series_label(framework: pd.DataFrame, role: str, kpi_id, indicator: str) -> str:
    """Readable name of a series: ``INDICATOR_LABELS``, else the KPI's text for primary series."""
    key = f"kpi-{kpi_id}" if role == "primary" else indicator
    if key in INDICATOR_LABELS:
        return INDICATOR_LABELS[key]
    if role == "primary":
        unit = _framework_row(framework, kpi_id)
        if unit is not None and not pd.isna(unit["text"]):
            return _AVERAGE_SUFFIX.sub("", str(unit["text"]))
    return INDICATOR_LABELS.get(indicator, indicator.replace("_", " ").capitalize())


def series_direction(framework: pd.DataFrame, kpi_id, indicator: str) -> str | None:
    """Desired direction of a series: ``INDICATOR_DIRECTIONS`` first, else its KPI's (up, down or None)."""
    if indicator in INDICATOR_DIRECTIONS:
        return INDICATOR_DIRECTIONS[indicator]
    unit = _framework_row(framework, kpi_id)
    direction = None if unit is None else unit["desired_direction"]
    return None if direction is None or pd.isna(direction) else str(direction)


def baseline_year(framework: pd.DataFrame, kpi_id) -> int:
    """The KPI's framework baseline year, else the framework's earliest baseline year."""
    unit = _framework_row(framework, kpi_id)
    if unit is not None and not pd.isna(unit["baseline_year"]):
        return int(unit["baseline_year"])
    return int(framework["baseline_year"].dropna().min())


def peers(rows: pd.DataFrame, series: str, year: int) -> pd.Series:
    """Values of one series in one year, AMS -> value (every AMS with data)."""
    chosen = rows[(rows["series"] == series) & (rows["year"] == year)]
    return chosen.set_index("geography")["value"].astype(float).sort_index()


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


# ---- the profile -------------------------------------------------------------------------------
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


def _qualified(trend: str, caveats: list[str]) -> str:
    """``series break`` or ``carried forward`` instead of a trend that the country's own caveats undo."""
    if trend in ("improving", "worsening", "flat", "no direction") and any(BREAK_PATTERN.search(c) for c in caveats):
        return "series break"
    if trend == "flat" and any(CARRY_PATTERN.search(c) for c in caveats):
        return "carried forward"
    return trend


def _split_caveats(*texts) -> list[str]:
    pieces: list[str] = []
    for text in texts:
        if text is None or pd.isna(text):
            continue
        pieces += [p.strip() for p in str(text).split(" | ") if p.strip() and p.strip() not in pieces]
    return pieces


def falls(series: pd.Series) -> list[tuple[int, float, int, float]]:
    """Year-on-year falls of a series indexed by year: (year, value, next year, lower value)."""
    ordered = series.sort_index()
    pairs = zip(ordered.index[:-1], ordered.to_numpy()[:-1], ordered.index[1:], ordered.to_numpy()[1:])
    return [(int(a), float(va), int(b), float(vb)) for a, va, b, vb in pairs if vb < va - VALUE_TOLERANCE]


def _fall_caveats(indicator: str, series: pd.Series) -> list[str]:
    if indicator not in FALLS_LOOK_LIKE_BREAKS:
        return []
    return [f"falls from {va:g} ({a}) to {vb:g} ({b}): probably a series break, not a real decline"
            for a, va, b, vb in falls(series)]


def _average(measured: pd.DataFrame, rows: pd.DataFrame, first: pd.Series, year: int) -> tuple[float, int]:
    if first["indicator"] in NOT_COMPARABLE_ACROSS_AMS:
        return math.nan, 0
    if first["role"] == "other":
        values = peers(rows, first["series"], year)
        return (float(values.mean()), len(values)) if len(values) else (math.nan, 0)
    indicator = None if first["role"] == "primary" else str(first["indicator"])
    return asean_average(measured, str(first["kpi_id"]), year, indicator)


def _published(measured: pd.DataFrame, first: pd.Series, year: int) -> float:
    """The ASEAN-level value the MTR published for a KPI series in a year (NaN when none)."""
    if first["role"] != "primary":
        return math.nan
    rows = measured[(measured["kpi_id"] == first["kpi_id"]) & (measured["geography"] == ASEAN)
                    & (measured["year"] == year) & (measured["provenance"] == "published")]
    return float(rows["value"].iloc[0]) if len(rows) else math.nan


def _comparison(measured: pd.DataFrame, rows: pd.DataFrame, first: pd.Series, year: int, iso3: str,
                direction: str | None) -> dict:
    """ASEAN average, published ASEAN value and rank of a country's value in one year."""
    comparable = str(first["indicator"]) not in NOT_COMPARABLE_ACROSS_AMS
    rank, n_rank = rank_of(peers(rows, first["series"], year), iso3, direction if comparable else None)
    average, n_average = _average(measured, rows, first, year)
    return {"asean_average": average, "asean_n": n_average, "asean_published": _published(measured, first, year),
            "rank": rank, "rank_of": pd.NA if math.isnan(rank) else n_rank}


def _values(by_year: pd.DataFrame, base: int | None, latest: int) -> dict:
    """Baseline and latest values of a country series, each with its indicator and source."""
    result = {"baseline_year": base, "latest_year": latest}
    for end, year in (("baseline", base), ("latest", latest)):
        result[end] = math.nan if year is None else float(by_year.at[year, "value"])
        result[f"{end}_indicator"] = pd.NA if year is None else by_year.at[year, "indicator"]
        result[f"{end}_source"] = pd.NA if year is None else by_year.at[year, "source"]
    return result


def _profile_row(measured: pd.DataFrame, framework: pd.DataFrame, rows: pd.DataFrame,
                 own: pd.DataFrame, iso3: str) -> dict:
    """One profile row: a country's series against its baseline and the other AMS."""
    first = own.iloc[0]
    indicator = str(first["indicator"])
    by_year = own.set_index(own["year"].astype(int)).sort_index()
    values = by_year["value"].astype(float)
    direction = series_direction(framework, first["kpi_id"], indicator)
    base, latest = _endpoints(values, baseline_year(framework, first["kpi_id"]))
    change, trend = _trend(values, base, latest, direction)
    used = by_year.loc[[y for y in (base, latest) if y is not None]]
    specific = _own_caveats(rows[rows["series"] == first["series"]], used)
    falls_noted = _fall_caveats(indicator, values)
    unit = _framework_row(framework, first["kpi_id"])
    return {
        "series": first["series"], "kpi_id": first["kpi_id"], "role": first["role"],
        "characteristic": pd.NA if unit is None else unit["characteristic"],
        "label": series_label(framework, str(first["role"]), first["kpi_id"], indicator),
        "unit": by_year["unit"].iloc[-1], "desired_direction": direction, **_values(by_year, base, latest),
        "n_values": len(values), "change": change, "trend": _qualified(trend, specific),
        **_comparison(measured, rows, first, latest, iso3, direction),
        "caveat": " | ".join(_split_caveats(*used["caveat"]) + falls_noted),
        "country_caveat": " | ".join(specific + falls_noted),
    }


def _typed_profile(records: list[dict]) -> pd.DataFrame:
    table = pd.DataFrame(records, columns=PROFILE_COLUMNS)
    for column in ("baseline_year", "latest_year", "n_values", "asean_n", "rank", "rank_of"):
        table[column] = pd.array(table[column].tolist(), dtype="Float64").astype("Int64")
    for column in ("baseline", "latest", "change", "asean_average", "asean_published"):
        table[column] = table[column].astype(float)
    for column in ("series", "kpi_id", "characteristic", "role", "label", "unit", "desired_direction",
                   "baseline_indicator", "baseline_source", "latest_indicator", "latest_source", "trend", "caveat",
                   "country_caveat"):
        table[column] = table[column].astype("string")
    return table


def _series_order(framework: pd.DataFrame, rows: pd.DataFrame) -> list[str]:
    order = {kpi: i for i, kpi in enumerate(framework["kpi_id"])}
    keys = rows.drop_duplicates("series")
    ranked = sorted(zip(keys["series"], keys["kpi_id"], keys["role"]),
                    key=lambda k: (ROLES.index(k[2]), order.get(k[1], len(order)) if not pd.isna(k[1]) else len(order),
                                   k[0]))
    return [k[0] for k in ranked]


def country_profile(observations: pd.DataFrame, framework: pd.DataFrame, iso3: str,
                    cutoff_year: int = DEFAULT_CUTOFF_YEAR) -> pd.DataFrame:
    """The country's profile: one row per series with a value of ``iso3`` up to the cut-off.

    Parameters
    ----------
    observations : pandas.DataFrame
        KPI observations, optionally with the rows of :func:`other_statistics` appended
        (:func:`national_observations`).
    framework : pandas.DataFrame
        The KPI framework (directions, texts, Characteristics, baseline years).
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
    measured = kpi_views.measured(observations)
    rows = comparable_rows(observations)
    rows = rows[rows["year"] <= cutoff_year]
    mine = rows[rows["geography"] == iso3]
    records = [_profile_row(measured, framework, rows, mine[mine["series"] == key], iso3)
               for key in _series_order(framework, mine)]
    return _typed_profile(records)


def data_gaps(observations: pd.DataFrame, framework: pd.DataFrame, iso3: str,
              cutoff_year: int = DEFAULT_CUTOFF_YEAR, name: str | None = None) -> pd.DataFrame:
    """Series that other AMS have up to the cut-off but this country lacks.

    Parameters
    ----------
    observations, framework : pandas.DataFrame
        As for :func:`country_profile`.
    iso3 : str
        The Member State.
    cutoff_year : int, default 2019
        Last year whose values count.
    name : str, optional
        The country's name, to find the caveats that explain a gap ("Myanmar not covered").

    Returns
    -------
    pandas.DataFrame
        Columns ``GAP_COLUMNS``: the series, how many AMS have it, the years they cover and a
        note (the series' caveats that name the country, values after the cut-off, or that
        the source has no value).
    """
    rows = comparable_rows(observations)
    within = rows[rows["year"] <= cutoff_year]
    have = set(within.loc[within["geography"] == iso3, "series"])
    records = []
    for key in _series_order(framework, within):
        if key in have:
            continue
        series = within[within["series"] == key]
        first = series.iloc[0]
        unit = _framework_row(framework, first["kpi_id"])
        records.append({
            "series": key, "kpi_id": first["kpi_id"], "characteristic": pd.NA if unit is None else unit["characteristic"],
            "role": first["role"], "label": series_label(framework, str(first["role"]), first["kpi_id"],
                                                         str(first["indicator"])),
            "ams_with_data": int(series["geography"].nunique()), "years": _year_span(series["year"]),
            "note": _gap_note(rows[rows["series"] == key], rows[_same_kpi(rows, first["kpi_id"])], iso3, name,
                              cutoff_year),
        })
    return pd.DataFrame(records, columns=GAP_COLUMNS).astype({"ams_with_data": "Int64"})


def _same_kpi(rows: pd.DataFrame, kpi_id) -> pd.Series:
    """Rows of the KPI's primary series (whose caveats also explain a gap in its context series)."""
    if kpi_id is None or pd.isna(kpi_id):
        return pd.Series(False, index=rows.index)
    return ((rows["kpi_id"] == kpi_id) & (rows["role"] == "primary")).fillna(False).astype(bool)


def _year_span(years: pd.Series) -> str:
    low, high = int(years.min()), int(years.max())
    return str(low) if low == high else f"{low}-{high}"


def mentions(text: str, iso3: str, name: str | None = None) -> bool:
    """Whether a caveat names the country (its ISO3 code or its name, as whole words)."""
    words = [re.escape(iso3)] + ([re.escape(name)] if name else [])
    return re.search(r"\b(" + "|".join(words) + r")\b", text) is not None


def _clauses(text) -> list[str]:
    return [c.strip() for piece in _split_caveats(text) for c in piece.split("; ") if c.strip()]


def _gap_note(series: pd.DataFrame, kpi_rows: pd.DataFrame, iso3: str, name: str | None, cutoff_year: int) -> str:
    """Why a country lacks a series: caveat clauses of the series (or its KPI) naming it, later values."""
    later = series[(series["geography"] == iso3) & (series["year"] > cutoff_year)]
    clauses = []
    for text in pd.concat([series["caveat"], kpi_rows["caveat"]]).dropna().unique():
        clauses += [c for c in _clauses(text) if mentions(c, iso3, name) and c not in clauses]
    if len(later):
        clauses.append(f"values only after the cut-off year ({_year_span(later['year'])})")
    return "; ".join(clauses) if clauses else "no value in the source data"


def country_caveats(observations: pd.DataFrame, framework: pd.DataFrame, iso3: str,
                    cutoff_year: int = DEFAULT_CUTOFF_YEAR, name: str | None = None) -> pd.DataFrame:
    """Caveats that concern this country in particular.

    Three kinds: ``row`` (a caveat on this country's rows up to the cut-off that not every AMS
    with the series shares, e.g. Viet Nam's 2019 NEET series break), ``coverage`` (a clause
    of a series' caveat naming the country, e.g. "Myanmar not covered" for GCI 4.0) and
    ``series break`` (falls of a series whose falls the notes read as breaks).

    Parameters
    ----------
    observations, framework : pandas.DataFrame
        As for :func:`country_profile`.
    iso3 : str
        The Member State.
    cutoff_year : int, default 2019
        Last year whose values count.
    name : str, optional
        The country's name (coverage caveats may use it rather than the code).

    Returns
    -------
    pandas.DataFrame
        Columns ``CAVEAT_COLUMNS``, one row per distinct (series, caveat).
    """
    rows = comparable_rows(observations)
    rows = rows[rows["year"] <= cutoff_year]
    records: list[dict] = []
    for key in _series_order(framework, rows):
        series = rows[rows["series"] == key]
        first = series.iloc[0]
        label = series_label(framework, str(first["role"]), first["kpi_id"], str(first["indicator"]))
        for kind, caveat in _series_caveats(series, iso3, name):
            if not any(r["series"] == key and r["caveat"] == caveat for r in records):
                records.append({"series": key, "label": label, "kind": kind, "caveat": caveat})
    return pd.DataFrame(records, columns=CAVEAT_COLUMNS)


def _series_caveats(series: pd.DataFrame, iso3: str, name: str | None) -> list[tuple[str, str]]:
    own = series[series["geography"] == iso3]
    found = [("row", c) for c in _own_caveats(series, own)]
    found += [("coverage", c) for text in series["caveat"].dropna().unique() for c in _clauses(text)
              if mentions(c, iso3, name)]
    if len(own):
        values = own.set_index(own["year"].astype(int))["value"].astype(float)
        found += [("series break", c) for c in _fall_caveats(str(own["indicator"].iloc[0]), values)]
    return found


def _own_caveats(series: pd.DataFrame, own: pd.DataFrame) -> list[str]:
    everyone = set(series["geography"])
    specific = []
    for piece in _split_caveats(*own["caveat"]):
        carriers = set(series.loc[series["caveat"].fillna("").str.contains(piece, regex=False), "geography"])
        if carriers != everyone:
            specific.append(piece)
    return specific


# ---- assessment, figures, selections ------------------------------------------------------------
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


def series_available(observations: pd.DataFrame, cutoff_year: int = DEFAULT_CUTOFF_YEAR,
                     role: str = "primary") -> int:
    """How many series of a role any AMS has a value for up to the cut-off."""
    rows = comparable_rows(observations)
    rows = rows[(rows["year"] <= cutoff_year) & (rows["role"] == role)]
    return int(rows["series"].nunique())


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
        ``carried_forward``, ``without_trend`` (KPI series that cannot be compared with a baseline), ``ranked_first`` (KPI series),
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


def rows_used(observations: pd.DataFrame, profile: pd.DataFrame, cutoff_year: int = DEFAULT_CUTOFF_YEAR) -> pd.DataFrame:
    """The rows behind a profile: every AMS's values of its series up to the cut-off (for provenance)."""
    rows = comparable_rows(observations)
    return rows[rows["series"].isin(profile["series"]) & (rows["year"] <= cutoff_year)]


def country_series(observations: pd.DataFrame, series: str, iso3: str,
                   cutoff_year: int = DEFAULT_CUTOFF_YEAR) -> pd.DataFrame:
    """One country's values of a series up to the cut-off (``year``, ``value``, ``unit``, ``source``)."""
    rows = comparable_rows(observations)
    rows = rows[(rows["series"] == series) & (rows["geography"] == iso3) & (rows["year"] <= cutoff_year)]
    return rows[["year", "value", "unit", "source", "indicator"]].sort_values("year", ignore_index=True)


def average_series(observations: pd.DataFrame, series: str, cutoff_year: int = DEFAULT_CUTOFF_YEAR) -> pd.DataFrame:
    """The unweighted mean over the AMS with data, year by year (``year``, ``value``, ``n``)."""
    rows = comparable_rows(observations)
    rows = rows[(rows["series"] == series) & (rows["year"] <= cutoff_year)]
    grouped = rows.groupby(rows["year"].astype(int))["value"]
    table = pd.DataFrame({"value": grouped.mean().astype(float), "n": grouped.count().astype(int)})
    return table.rename_axis("year").reset_index()


def comparison_values(observations: pd.DataFrame, series: str, year: int) -> pd.DataFrame:
    """Every AMS's value of a series in one year (``geography``, ``value``, ``source``)."""
    rows = comparable_rows(observations)
    rows = rows[(rows["series"] == series) & (rows["year"] == year)]
    return rows[["geography", "value", "unit", "source", "indicator"]].sort_values("geography", ignore_index=True)


# ---- display tables -----------------------------------------------------------------------------
def number(value) -> str:
    """A value as shown: thousands separators, at most three decimals, trailing zeros dropped."""
    if value is None or pd.isna(value):
        return ""
    value = float(value)
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def exact(value) -> str:
    """A value at the precision of its source, with thousands separators (``886,400.024414063``)."""
    value = float(value)
    return f"{int(value):,}" if value.is_integer() else f"{value:,}"


def _with_year(value, year) -> str:
    return "" if pd.isna(value) else f"{number(value)} ({int(year)})"


def _of(value, total) -> str:
    return "" if pd.isna(value) or pd.isna(total) else f"{int(value)} of {int(total)}"


def short_source(source: str) -> str:
    """A source as a short name: the dataset named in brackets, else the site or repository."""
    text = str(source).strip()
    if " (" in text and text.endswith(")"):
        return text[text.index(" (") + 2:-1].split("; ")[0].split(", column ")[0]
    match = re.match(r"https?://([^/]+)/", text)
    if match:
        return match.group(1)
    return text.split("@")[0]


def profile_table(profile: pd.DataFrame, member_states: int, role: str = "primary") -> pd.DataFrame:
    """Readable profile rows of one role.

    Parameters
    ----------
    profile : pandas.DataFrame
        From :func:`country_profile`.
    member_states : int
        The number of AMS (for "n of 10").
    role : str, default "primary"
        ``primary``, ``context`` or ``other``.

    Returns
    -------
    pandas.DataFrame
        Columns: KPI, Indicator, Unit, Baseline, Latest, Change, Trend, ASEAN average,
        AMS averaged, Rank among AMS, Source, Caveats for this country (the caveats every AMS
        shares are in :func:`series_notes`).
    """
    rows = profile[profile["role"] == role]
    return pd.DataFrame({
        "KPI": rows["kpi_id"].fillna("").astype(str).to_numpy(),
        "Indicator": rows["label"].astype(str).to_numpy(),
        "Unit": rows["unit"].fillna("").astype(str).to_numpy(),
        "Baseline": [_with_year(v, y) for v, y in zip(rows["baseline"], rows["baseline_year"])],
        "Latest": [_with_year(v, y) for v, y in zip(rows["latest"], rows["latest_year"])],
        "Change": [number(v) for v in rows["change"]],
        "Trend": rows["trend"].astype(str).to_numpy(),
        "ASEAN average": [number(v) for v in rows["asean_average"]],
        "AMS averaged": [_of(n, member_states) if n else "" for n in rows["asean_n"]],
        "Rank among AMS": [_of(r, n) for r, n in zip(rows["rank"], rows["rank_of"])],
        "Source": ["; ".join(dict.fromkeys(short_source(s) for s in (b, la) if not pd.isna(s)))
                   for b, la in zip(rows["baseline_source"], rows["latest_source"])],
        "Caveats for this country": rows["country_caveat"].fillna("").astype(str).to_numpy(),
    })


def series_notes(profile: pd.DataFrame, role: str | None = None) -> pd.DataFrame:
    """The caveats of the series shown that every AMS shares (one row per series and caveat).

    Parameters
    ----------
    profile : pandas.DataFrame
        From :func:`country_profile`.
    role : str, optional
        Keep one role (``primary``, ``context`` or ``other``).

    Returns
    -------
    pandas.DataFrame
        Columns: Indicator, Note.
    """
    rows = profile if role is None else profile[profile["role"] == role]
    records = []
    for row in rows.itertuples():
        own = set(_split_caveats(row.country_caveat))
        records += [{"Indicator": row.label, "Note": piece} for piece in _split_caveats(row.caveat) if piece not in own]
    return pd.DataFrame(records, columns=["Indicator", "Note"])


def values_shown(profile: pd.DataFrame) -> pd.DataFrame:
    """Every country value a profile shows, at its source's precision, with its source (Indicator, Series,
    Year, Value, Source)."""
    records = []
    for _, row in profile.iterrows():
        same = not pd.isna(row["baseline_year"]) and row["latest_year"] == row["baseline_year"]
        for end in ("baseline", "latest"):
            if pd.isna(row[f"{end}_year"]) or (end == "latest" and same):
                continue
            records.append({"Indicator": row["label"], "Series": row[f"{end}_indicator"],
                            "Year": str(int(row[f"{end}_year"])), "Value": exact(row[end]),
                            "Source": row[f"{end}_source"]})
    return pd.DataFrame(records, columns=["Indicator", "Series", "Year", "Value", "Source"])


def gaps_table(gaps: pd.DataFrame, member_states: int) -> pd.DataFrame:
    """Readable gaps: KPI, Indicator, Role, AMS with data, Years, Note."""
    return pd.DataFrame({
        "KPI": gaps["kpi_id"].fillna("").astype(str).to_numpy(),
        "Indicator": gaps["label"].astype(str).to_numpy(),
        "Kind": ["KPI series" if r == "primary" else f"{r} series" for r in gaps["role"]],
        "AMS with data": [_of(n, member_states) for n in gaps["ams_with_data"]],
        "Years": gaps["years"].astype(str).to_numpy(),
        "Note": gaps["note"].astype(str).to_numpy(),
    })


def caveats_table(caveats: pd.DataFrame) -> pd.DataFrame:
    """Readable caveats: Indicator, Kind, Caveat."""
    return caveats.rename(columns={"label": "Indicator", "kind": "Kind", "caveat": "Caveat"})[
        ["Indicator", "Kind", "Caveat"]]


def findings_table(findings: pd.DataFrame) -> pd.DataFrame:
    """Readable findings: Assessment dimension, Finding, Source."""
    return pd.DataFrame({"Assessment dimension": findings["dimension_label"].astype(str).to_numpy(),
                         "Finding": findings["finding"].astype(str).to_numpy(),
                         "Source": findings["source"].astype(str).to_numpy()})
