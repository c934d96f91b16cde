"""Outcome rules: which KPI units are measurable, which show progress, and the counts.

The rules (also in ``data/README.md``)
--------------------------------------
**Baseline.** A unit's baseline is its value in its framework ``baseline_year`` (2016, the
MTR's baseline), or failing that the nearest year within ``baseline_tolerance`` years of it,
earlier years first (with the default tolerance of 1: 2016, then 2015, then 2017).

**Latest value.** The last value in a year after the baseline year and no later than
``cutoff_year`` (default 2019, the last full year before the MTR's May 2020 data date).

**Measurable (sufficient data).** A unit with a baseline and a latest value.

**Status.** ``progress`` when latest minus baseline has the sign of the unit's
``desired_direction`` (up or down), ``regress`` when it has the opposite sign,
``no_change`` when it is zero, and ``insufficient_data`` when the unit is not measurable.

**Which series decides (geography).** Only rows with ``role`` primary count (context rows,
such as the legacy 1-7 GCI, never decide).

1. If the unit has any dated ASEAN-level row (``geography`` ASEAN), that series alone
   decides: published MTR values first of all, or reconstructed rows where the
   executive summary prints no values. Country rows are then not used for the status,
   only for :func:`asean_average`, so a published average is never overridden.
2. Otherwise the unit is decided from the AMS series: each Member State is compared with
   itself (its own baseline and its own latest value, found by the rules above), and the
   ASEAN change is the mean of the country changes over the AMS that have both values.
   This keeps countries entering or leaving the data from creating a change, and lets
   survey-year series (stunting, wasting, underweight) be used. The unit is measurable
   only when at least ``min_countries`` AMS (default 5, half of the ten) have both values.
   The reported baseline and latest values are then the means over those same AMS, the
   baseline year is the earliest country baseline year and the latest year the latest
   country year.

A unit ``rests_on_reconstructed`` when any row its status used has provenance
``reconstructed``.
"""

from __future__ import annotations

import math

import pandas as pd

from ascc_analysis.data.kpis import ASEAN, units

STATUSES = ("progress", "regress", "no_change", "insufficient_data")
"""Status values of a KPI unit."""

DEFAULT_CUTOFF_YEAR = 2019
DEFAULT_BASELINE_TOLERANCE = 1
DEFAULT_MIN_COUNTRIES = 5

COUNT_KEYS = ("kpis_total", "kpis_insufficient_data", "kpis_sufficient_data", "kpis_with_progress",
              "results_framework_kpis", "kpi_gap_categories")
"""Keys of :func:`outcome_counts`; each is a figure id of ``mtr_published_figures.csv``."""

STATUS_COLUMNS = ["kpi_id", "characteristic", "basis", "n_countries", "baseline_year", "baseline",
                  "latest_year", "latest", "change", "desired_direction", "status",
                  "rests_on_reconstructed", "reason"]

VALUE_TOLERANCE = 1e-9
"""Differences smaller than this count as no change."""


def baseline_candidates(baseline_year: int, tolerance: int) -> list[int]:
    """Years accepted as a baseline, in order of preference: the year, then one earlier, one later, ...

    ``baseline_candidates(2016, 1) == [2016, 2015, 2017]``.
    """
    years = [baseline_year]
    for step in range(1, tolerance + 1):
        years += [baseline_year - step, baseline_year + step]
    return years


def _endpoints(series: pd.Series, baseline_year: int, cutoff_year: int, tolerance: int):
    """(baseline year, latest year) of one series indexed by year, or None."""
    years = {int(y) for y in series.index}
    base = next((y for y in baseline_candidates(baseline_year, tolerance) if y in years), None)
    if base is None:
        return None
    later = [y for y in years if base < y <= cutoff_year]
    return (base, max(later)) if later else None


def _primary(observations: pd.DataFrame, kpi_id: str) -> pd.DataFrame:
    rows = observations[observations["kpi_id"] == kpi_id]
    if "role" in rows.columns:
        rows = rows[rows["role"].fillna("primary") == "primary"]
    return rows[rows["value"].notna()]


def _direction_status(change: float, direction: object, kpi_id: str) -> str:
    if abs(change) < VALUE_TOLERANCE:
        return "no_change"
    direction = None if direction is None or pd.isna(direction) else str(direction)
    if direction not in ("up", "down"):
        raise ValueError(f"KPI unit {kpi_id} has data but no desired_direction (up/down)")
    rising = change > 0
    return "progress" if rising == (direction == "up") else "regress"


def _is_reconstructed(rows: pd.DataFrame) -> bool:
    return bool((rows.get("provenance", pd.Series(dtype="string")) == "reconstructed").any())


def _unit_status(unit: pd.Series, rows: pd.DataFrame, cutoff_year: int, tolerance: int,
                 min_countries: int) -> dict:
    kpi_id = unit["kpi_id"]
    base_year = unit.get("baseline_year")
    base_year = 2016 if base_year is None or pd.isna(base_year) else int(base_year)
    result = {"kpi_id": kpi_id, "characteristic": unit.get("characteristic", pd.NA), "basis": pd.NA,
              "n_countries": pd.NA, "baseline_year": pd.NA, "baseline": math.nan, "latest_year": pd.NA,
              "latest": math.nan, "change": math.nan, "desired_direction": unit.get("desired_direction", pd.NA),
              "status": "insufficient_data", "rests_on_reconstructed": False, "reason": ""}
    undated = rows[rows["year"].isna()]
    rows = rows[rows["year"].notna()]
    asean = rows[rows["geography"] == ASEAN]
    if len(asean):
        if asean["year"].duplicated().any():
            raise ValueError(f"KPI unit {kpi_id} has more than one primary ASEAN-level value in a year")
        series = asean.set_index(asean["year"].astype(int))["value"].astype(float)
        ends = _endpoints(series, base_year, cutoff_year, tolerance)
        result["basis"] = "asean_series"
        if ends is None:
            result["reason"] = "ASEAN-level series lacks a baseline or a later value up to the cut-off"
            return result
        used = asean[asean["year"].astype(int).isin(ends)]
        baseline, latest = series[ends[0]], series[ends[1]]
        result.update(baseline_year=ends[0], baseline=baseline, latest_year=ends[1], latest=latest,
                      change=latest - baseline, rests_on_reconstructed=_is_reconstructed(used),
                      status=_direction_status(latest - baseline, result["desired_direction"], kpi_id))
        return result
    countries = rows[rows["geography"] != ASEAN]
    if countries.duplicated(["geography", "year"]).any():
        raise ValueError(f"KPI unit {kpi_id} has more than one primary value for a country and year")
    pairs, used = [], []
    for _geography, group in countries.groupby("geography", sort=True):
        series = group.set_index(group["year"].astype(int))["value"].astype(float)
        ends = _endpoints(series, base_year, cutoff_year, tolerance)
        if ends is not None:
            pairs.append((ends[0], series[ends[0]], ends[1], series[ends[1]]))
            used.append(group[group["year"].astype(int).isin(ends)])
    result["n_countries"] = len(pairs)
    if not pairs:
        if countries.empty:
            result["reason"] = "only values without a year" if len(undated) else "no value"
        else:
            result["reason"] = "no AMS has a baseline and a later value"
        return result
    result["basis"] = "country_mean_change"
    if len(pairs) < min_countries:
        result["reason"] = f"{len(pairs)} AMS with a baseline and a later value (fewer than {min_countries})"
        return result
    baseline = sum(p[1] for p in pairs) / len(pairs)
    latest = sum(p[3] for p in pairs) / len(pairs)
    change = sum(p[3] - p[1] for p in pairs) / len(pairs)
    result.update(baseline_year=min(p[0] for p in pairs), baseline=baseline,
                  latest_year=max(p[2] for p in pairs), latest=latest, change=change,
                  rests_on_reconstructed=_is_reconstructed(pd.concat(used)),
                  status=_direction_status(change, result["desired_direction"], kpi_id))
    return result


def kpi_status_table(framework: pd.DataFrame, observations: pd.DataFrame,
                     cutoff_year: int = DEFAULT_CUTOFF_YEAR,
                     baseline_tolerance: int = DEFAULT_BASELINE_TOLERANCE,
                     min_countries: int = DEFAULT_MIN_COUNTRIES) -> pd.DataFrame:
    """Status of every measurable KPI unit under the module's rules.

    Parameters
    ----------
    framework : pandas.DataFrame
        The results framework (``kpi_id``, ``is_unit``, ``desired_direction``; optionally
        ``characteristic`` and ``baseline_year``, default 2016).
    observations : pandas.DataFrame
        Long observations (``kpi_id``, ``geography``, ``year``, ``value``; optionally
        ``role`` and ``provenance``).
    cutoff_year : int, default 2019
        Last year whose values count.
    baseline_tolerance : int, default 1
        How many years either side of ``baseline_year`` a baseline may be taken from.
    min_countries : int, default 5
        Fewest AMS with both values for a country-based status.

    Returns
    -------
    pandas.DataFrame
        One row per unit, in framework order, with the columns of ``STATUS_COLUMNS``.
    """
    if "is_unit" in framework.columns:
        framework = units(framework)
    rows = [_unit_status(unit, _primary(observations, unit["kpi_id"]), cutoff_year, baseline_tolerance,
                         min_countries)
            for _, unit in framework.iterrows()]
    table = pd.DataFrame(rows, columns=STATUS_COLUMNS)
    for column in ("n_countries", "baseline_year", "latest_year"):
        table[column] = table[column].astype("Int64")
    for column in ("baseline", "latest", "change"):
        table[column] = table[column].astype(float)
    for column in ("kpi_id", "characteristic", "basis", "desired_direction", "status", "reason"):
        table[column] = table[column].astype("string")
    table["rests_on_reconstructed"] = table["rests_on_reconstructed"].astype(bool)
    return table


def outcome_counts(framework: pd.DataFrame, observations: pd.DataFrame,
                   cutoff_year: int = DEFAULT_CUTOFF_YEAR, **rules) -> dict[str, int]:
    """The MTR's KPI counts as the rules give them.

    Parameters
    ----------
    framework, observations : pandas.DataFrame
        As for :func:`kpi_status_table`.
    cutoff_year : int, default 2019
        Last year whose values count.
    **rules
        ``baseline_tolerance`` and ``min_countries`` for :func:`kpi_status_table`.

    Returns
    -------
    dict
        ``kpis_total`` (units), ``kpis_insufficient_data``, ``kpis_sufficient_data``,
        ``kpis_with_progress``, ``results_framework_kpis`` (top-level KPIs) and
        ``kpi_gap_categories`` (distinct collection categories among the units that lack
        data; units without a category are not counted).
    """
    status = kpi_status_table(framework, observations, cutoff_year, **rules)
    lacking = status["status"] == "insufficient_data"
    unit_rows = units(framework) if "is_unit" in framework.columns else framework
    categories = unit_rows.set_index("kpi_id").get("collection_category")
    gap_categories = 0
    if categories is not None:
        gap_categories = int(categories.reindex(status.loc[lacking, "kpi_id"]).dropna().nunique())
    top_level = int(framework["parent_kpi"].isna().sum()) if "parent_kpi" in framework.columns else len(status)
    return {
        "kpis_total": len(status),
        "kpis_insufficient_data": int(lacking.sum()),
        "kpis_sufficient_data": int((~lacking).sum()),
        "kpis_with_progress": int((status["status"] == "progress").sum()),
        "results_framework_kpis": top_level,
        "kpi_gap_categories": gap_categories,
    }


def units_resting_on_reconstructed(status: pd.DataFrame) -> list[str]:
    """Ids of the units whose status uses at least one reconstructed row."""
    return status.loc[status["rests_on_reconstructed"], "kpi_id"].tolist()


def asean_average(observations: pd.DataFrame, kpi_id: str, year: int,
                  indicator: str | None = None) -> tuple[float, int]:
    """Unweighted mean of the AMS values of a KPI in one year, and how many AMS it covers.

    Parameters
    ----------
    observations : pandas.DataFrame
        Long observations.
    kpi_id : str
        A KPI or sub-KPI id.
    year : int
        The year.
    indicator : str, optional
        A source series to average (a context series may be named); by default the
        KPI's primary country series.

    Returns
    -------
    tuple of (float, int)
        The mean (NaN when no AMS has a value) and the number of AMS averaged. The
        coverage matters: for example, the MTR's GCI average is not the mean of the
        six AMS with a public 2019 GCI 4.0 score.
    """
    rows = observations[(observations["kpi_id"] == kpi_id) & (observations["geography"] != ASEAN)
                        & (observations["year"] == year) & observations["value"].notna()]
    if indicator is not None:
        rows = rows[rows["indicator"] == indicator]
    elif "role" in rows.columns:
        rows = rows[rows["role"] == "primary"]
    if rows["geography"].duplicated().any():
        raise ValueError(f"more than one value per AMS for KPI {kpi_id} in {year}; name an indicator")
    if rows.empty:
        return math.nan, 0
    return float(rows["value"].astype(float).mean()), int(len(rows))


def _as_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def published_values(observations: pd.DataFrame) -> dict[str, int | float]:
    """Published figure id -> value, read back from the observation rows that carry it.

    A figure copied to several rows (one a year) must have the same value on each.
    """
    if "figure_id" not in observations.columns:
        return {}
    rows = observations[observations["figure_id"].notna()]
    values: dict[str, int | float] = {}
    for figure_id, group in rows.groupby("figure_id", sort=True):
        distinct = group["value"].astype(float).unique()
        if len(distinct) != 1:
            raise ValueError(f"figure {figure_id} has different values on its rows: {distinct}")
        values[str(figure_id)] = _as_number(distinct[0])
    return values


def figures(framework: pd.DataFrame, observations: pd.DataFrame,
            cutoff_year: int = DEFAULT_CUTOFF_YEAR) -> dict[str, int | float]:
    """Every KPI-related published figure id the data reproduce.

    Parameters
    ----------
    framework, observations : pandas.DataFrame
        The ``kpi_framework`` and ``kpi_observations`` datasets.
    cutoff_year : int, default 2019
        Cut-off year of the outcome rules.

    Returns
    -------
    dict
        The counts of :func:`outcome_counts`; ``B_recommendation_kpis`` (units cited by
        the Table 9 Characteristic B recommendation that have data under the rules); and
        the published ASEAN-level values carried by the observations (``A_survey_*``,
        ``C_biodiversity_*``, ``C_scp_*``, ``D_*``, ``E_gci_*``, ``E_neet_*``).
    """
    result: dict[str, int | float] = dict(outcome_counts(framework, observations, cutoff_year))
    status = kpi_status_table(framework, observations, cutoff_year).set_index("kpi_id")["status"]
    cited = units(framework)
    cited = cited.loc[cited["table9_reference"] == "B_recommendation", "kpi_id"]
    result["B_recommendation_kpis"] = int((status.reindex(cited) != "insufficient_data").sum())
    result.update(published_values(observations))
    return result


def without_provenance(observations: pd.DataFrame, codes) -> pd.DataFrame:
    """The observations whose provenance is none of ``codes`` (e.g. ``Taxonomy.built_by_project``)."""
    return observations[~observations["provenance"].isin(list(codes))]


def outcome_counts_without(framework: pd.DataFrame, observations: pd.DataFrame, codes,
                           cutoff_year: int = DEFAULT_CUTOFF_YEAR, **rules) -> dict[str, int]:
    """The counts of :func:`outcome_counts` computed without the rows of some provenance codes.

    Parameters
    ----------
    framework, observations : pandas.DataFrame
        As for :func:`kpi_status_table`.
    codes : iterable of str
        Provenance codes whose rows are set aside (the rows built by the project, to see what
        the counts rest on without them).
    cutoff_year : int, default 2019
        Last year whose values count.
    **rules
        ``baseline_tolerance`` and ``min_countries``.

    Returns
    -------
    dict
        The keys of :func:`outcome_counts`.
    """
    return outcome_counts(framework, without_provenance(observations, codes), cutoff_year, **rules)


def status_rows(observations: pd.DataFrame, kpi_id: str) -> pd.DataFrame:
    """The rows the status rule reads for a unit: its dated primary ASEAN-level rows if any, else its country rows.

    The rows of every year, before the rule picks the baseline and latest years (their provenance
    is what a unit's status can rest on).
    """
    rows = _primary(observations, kpi_id)
    rows = rows[rows["year"].notna()]
    asean = rows[rows["geography"] == ASEAN]
    return asean if len(asean) else rows
