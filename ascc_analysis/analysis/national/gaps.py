"""What a Member State lacks that other AMS have, and the caveats that concern it in particular."""

from __future__ import annotations

import re

import pandas as pd

from ascc_analysis.analysis.kpi_status import DEFAULT_CUTOFF_YEAR
from ascc_analysis.analysis.national.series import (
    SeriesFacts,
    comparable_rows,
    fall_caveats,
    framework_row,
    own_caveats,
    series_facts,
    series_label,
    series_order,
    split_caveats,
)
from ascc_analysis.data.taxonomy import Taxonomy

GAP_COLUMNS = ["series", "kpi_id", "characteristic", "role", "label", "short_label", "ams_with_data", "years", "note"]


CAVEAT_COLUMNS = ["series", "label", "kind", "caveat"]


def data_gaps(observations: pd.DataFrame, framework: pd.DataFrame, indicator_map: pd.DataFrame, taxonomy: Taxonomy,
              iso3: str, cutoff_year: int = DEFAULT_CUTOFF_YEAR, name: str | None = None) -> pd.DataFrame:
    """Series that other AMS have up to the cut-off but this country lacks.

    Parameters
    ----------
    observations, framework, indicator_map, taxonomy
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
    facts = series_facts(indicator_map)
    rows = comparable_rows(observations, taxonomy)
    within = rows[rows["year"] <= cutoff_year]
    have = set(within.loc[within["geography"] == iso3, "series"])
    records = []
    for key in series_order(framework, within):
        if key in have:
            continue
        series = within[within["series"] == key]
        first = series.iloc[0]
        unit = framework_row(framework, first["kpi_id"])
        records.append({
            "series": key, "kpi_id": first["kpi_id"],
            "characteristic": pd.NA if unit is None else unit["characteristic"],
            "role": first["role"], "label": series_label(framework, facts, str(first["role"]), first["kpi_id"],
                                                         str(first["indicator"])),
            "short_label": facts.short_labels.get(key, pd.NA),
            "ams_with_data": int(series["geography"].nunique()), "years": _year_span(series["year"]),
            "note": _gap_note(rows[rows["series"] == key], rows[_same_kpi(rows, first["kpi_id"])], iso3, name,
                              cutoff_year),
        })
    return pd.DataFrame(records, columns=GAP_COLUMNS).astype({"ams_with_data": "Int64", "short_label": "string"})


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
    return [c.strip() for piece in split_caveats(text) for c in piece.split("; ") if c.strip()]


def _gap_note(series: pd.DataFrame, kpi_rows: pd.DataFrame, iso3: str, name: str | None, cutoff_year: int) -> str:
    """Why a country lacks a series: caveat clauses of the series (or its KPI) naming it, later values."""
    later = series[(series["geography"] == iso3) & (series["year"] > cutoff_year)]
    clauses = []
    for text in pd.concat([series["caveat"], kpi_rows["caveat"]]).dropna().unique():
        clauses += [c for c in _clauses(text) if mentions(c, iso3, name) and c not in clauses]
    if len(later):
        clauses.append(f"values only after the cut-off year ({_year_span(later['year'])})")
    return "; ".join(clauses) if clauses else "no value in the source data"


def country_caveats(observations: pd.DataFrame, framework: pd.DataFrame, indicator_map: pd.DataFrame,
                    taxonomy: Taxonomy, iso3: str, cutoff_year: int = DEFAULT_CUTOFF_YEAR,
                    name: str | None = None) -> pd.DataFrame:
    """Caveats that concern this country in particular.

    Three kinds: ``row`` (a caveat on this country's rows up to the cut-off that not every AMS
    with the series shares, e.g. Viet Nam's 2019 NEET series break), ``coverage`` (a clause
    of a series' caveat naming the country, e.g. "Myanmar not covered" for GCI 4.0) and
    ``series break`` (falls of a series whose falls the notes read as breaks).

    Parameters
    ----------
    observations, framework, indicator_map, taxonomy
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
    facts = series_facts(indicator_map)
    rows = comparable_rows(observations, taxonomy)
    rows = rows[rows["year"] <= cutoff_year]
    records: list[dict] = []
    for key in series_order(framework, rows):
        series = rows[rows["series"] == key]
        first = series.iloc[0]
        label = series_label(framework, facts, str(first["role"]), first["kpi_id"], str(first["indicator"]))
        for kind, caveat in _series_caveats(facts, series, iso3, name):
            if not any(r["series"] == key and r["caveat"] == caveat for r in records):
                records.append({"series": key, "label": label, "kind": kind, "caveat": caveat})
    return pd.DataFrame(records, columns=CAVEAT_COLUMNS)


def _series_caveats(facts: SeriesFacts, series: pd.DataFrame, iso3: str, name: str | None) -> list[tuple[str, str]]:
    own = series[series["geography"] == iso3]
    found = [("row", c) for c in own_caveats(series, own)]
    found += [("coverage", c) for text in series["caveat"].dropna().unique() for c in _clauses(text)
              if mentions(c, iso3, name)]
    if len(own):
        values = own.set_index(own["year"].astype(int))["value"].astype(float)
        found += [("series break", c) for c in fall_caveats(facts, str(own["indicator"].iloc[0]), values)]
    return found
