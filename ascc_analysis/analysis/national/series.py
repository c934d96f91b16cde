"""The series of the national chapter: their keys, what the indicator map says of them, their rows.

The observations of the chapter are the KPI observations plus the country statistics no KPI
uses (:func:`national_observations`); the comparable rows are their measured country rows,
each with its series key (:func:`comparable_rows`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ascc_analysis.analysis import kpi_views
from ascc_analysis.analysis.kpi_status import DEFAULT_CUTOFF_YEAR, VALUE_TOLERANCE
from ascc_analysis.data.kpis import ASEAN
from ascc_analysis.data.schema import COUNTRY_INDICATOR_DTYPES, OBSERVATION_DTYPES
from ascc_analysis.data.taxonomy import Taxonomy

ROLES = ("primary", "context", "other")
"""Series roles in a profile: KPI series, context series, statistics no KPI uses."""


_AVERAGE_SUFFIX = re.compile(r",\s*ASEAN average( score)?\s*$")


BREAK_PATTERN = re.compile(r"series break|break in series|methodology break|method change", re.IGNORECASE)
"""A caveat on a country's own rows that says its series breaks: its change is not read as a trend."""


CARRY_PATTERN = re.compile(r"carr(y|ied)[- ]forward", re.IGNORECASE)
"""A caveat on a country's own rows that says values are carried forward: no change is not read as flat."""


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
        caveat from the map's ``caveat``.
    """
    excluded = indicator_map[(indicator_map["source_table"] == "country_indicators.csv")
                             & (indicator_map["role"] == "excluded")]
    caveats = dict(zip(excluded["indicator"], excluded["caveat"]))
    rows = country[country["indicator"].isin(excluded["indicator"])]
    frame = pd.DataFrame({
        "kpi_id": pd.array([pd.NA] * len(rows), dtype="string"), "indicator": rows["indicator"].to_numpy(),
        "role": "other", "geography": rows["iso3"].to_numpy(), "year": rows["year"].to_numpy(),
        "value": rows["value"].to_numpy(), "unit": rows["unit"].to_numpy(), "source": rows["source"].to_numpy(),
        "provenance": "public_statistics",
        "caveat": [caveats.get(str(i), pd.NA) for i in rows["indicator"]],
        "figure_id": pd.array([pd.NA] * len(rows), dtype="string"),
    })
    return frame.astype({"indicator": "string", "role": "string", "geography": "string", "year": "Int64",
                         "value": "Float64", "unit": "string", "source": "string", "provenance": "string",
                         "caveat": "string"}).reset_index(drop=True)


CITATION_COLUMNS = [column for column in COUNTRY_INDICATOR_DTYPES
                    if column not in OBSERVATION_DTYPES and column != "iso3"]
"""The primary-source columns of a country statistic (publisher, dataset, edition, release year, the copy read,
the vintage note), as ``schema.COUNTRY_INDICATOR_DTYPES`` declares them."""


def national_observations(observations: pd.DataFrame, country: pd.DataFrame,
                          indicator_map: pd.DataFrame) -> pd.DataFrame:
    """The KPI observations with the statistics no KPI uses appended (role ``other``), each row with its citation.

    Parameters
    ----------
    observations : pandas.DataFrame
        The ``kpi_observations`` dataset.
    country, indicator_map : pandas.DataFrame
        The ``country_indicators`` and ``indicator_map`` datasets.

    Returns
    -------
    pandas.DataFrame
        ``observations`` followed by :func:`other_statistics`, plus ``CITATION_COLUMNS`` copied from the
        ``country_indicators`` row of the same indicator, Member State and year (empty for rows that are
        not country statistics: the MTR's published values, the project's markers).
    """
    rows = pd.concat([observations, other_statistics(country, indicator_map)], ignore_index=True)
    citations = country[["indicator", "iso3", "year", *CITATION_COLUMNS]].rename(columns={"iso3": "geography"})
    cited = rows.drop(columns=[c for c in CITATION_COLUMNS if c in rows.columns]).merge(
        citations, on=["indicator", "geography", "year"], how="left", validate="many_to_one")
    return cited.astype(dict.fromkeys(CITATION_COLUMNS, "string"))


def series_key(role, kpi_id, indicator) -> str:
    """The key of the series a row belongs to: ``kpi-<kpi_id>`` for a primary row, the indicator otherwise."""
    return f"kpi-{kpi_id}" if role == "primary" else str(indicator)


@dataclass(frozen=True)
class SeriesFacts:
    """What the indicator map says of the series (built by :func:`series_facts`).

    Attributes
    ----------
    labels, short_labels : dict
        Series key -> name in tables and in sentences, where the map gives one.
    directions : dict
        Indicator -> desired direction that overrides its KPI's.
    not_comparable, falls_as_breaks : frozenset
        Indicators whose levels do not compare across AMS; whose falls read as series breaks.
    """

    labels: dict[str, str]
    short_labels: dict[str, str]
    directions: dict[str, str]
    not_comparable: frozenset[str]
    falls_as_breaks: frozenset[str]


def _given(keys: list[str], values: pd.Series, column: str) -> dict[str, str]:
    """Key -> the one non-empty value the rows of a key give (a ValueError when they disagree)."""
    given = pd.DataFrame({"key": keys, "value": values.to_numpy()}).dropna().drop_duplicates()
    clashes = sorted(given.loc[given["key"].duplicated(), "key"])
    if clashes:
        raise ValueError(f"indicator_map gives several {column} values to the series {', '.join(clashes)}")
    return dict(zip(given["key"], given["value"]))


def series_facts(indicator_map: pd.DataFrame) -> SeriesFacts:
    """What the chapter knows of each series, from the columns of the indicator map.

    Parameters
    ----------
    indicator_map : pandas.DataFrame
        The ``indicator_map`` dataset. A primary row names the series of its KPI (all primary
        rows of a KPI form one series); its ``series`` is the observations' ``indicator``.

    Returns
    -------
    SeriesFacts

    Raises
    ------
    ValueError
        When rows of one series give it different labels.
    """
    keys = [series_key(r, k, s) for r, k, s in
            zip(indicator_map["role"], indicator_map["kpi_id"], indicator_map["series"])]
    by_series = indicator_map.drop_duplicates("series").set_index("series")
    return SeriesFacts(
        labels=_given(keys, indicator_map["label"], "label"),
        short_labels=_given(keys, indicator_map["short_label"], "short_label"),
        directions=by_series["desired_direction"].dropna().to_dict(),
        not_comparable=frozenset(by_series.index[~by_series["comparable_across_ams"].fillna(True).astype(bool)]),
        falls_as_breaks=frozenset(by_series.index[by_series["falls_read_as_breaks"].fillna(False).astype(bool)]),
    )


def comparable_rows(observations: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Measured country rows with a value, a year and a source, each with its ``series`` key.

    Parameters
    ----------
    observations : pandas.DataFrame
        KPI observations (or :func:`other_statistics`).
    taxonomy : Taxonomy
        Which provenance codes are rows the project built (never measured values).

    Returns
    -------
    pandas.DataFrame
        The rows of the AMS (never ASEAN-level) with role primary, context or other, plus a
        ``series`` column: ``kpi-<kpi_id>`` for primary rows, the indicator otherwise.
    """
    rows = kpi_views.measured(observations, taxonomy)
    keep = ((rows["geography"] != ASEAN) & rows["value"].notna() & rows["source"].fillna("").str.strip().ne("")
            & rows["role"].isin(ROLES))
    rows = rows[keep.fillna(False).astype(bool)].copy()
    primary = rows["role"] == "primary"
    rows["series"] = rows["indicator"].astype(str)
    rows.loc[primary, "series"] = "kpi-" + rows.loc[primary, "kpi_id"].astype(str)
    return rows


def framework_row(framework: pd.DataFrame, kpi_id) -> pd.Series | None:
    """The framework row of a KPI (None for a missing or unknown id)."""
    if kpi_id is None or pd.isna(kpi_id):
        return None
    match = (framework["kpi_id"].astype(object).to_numpy() == kpi_id).nonzero()[0]
    return framework.iloc[match[0]] if len(match) else None


def series_label(framework: pd.DataFrame, facts: SeriesFacts, role: str, kpi_id, indicator: str) -> str:
    """Readable name of a series: the indicator map's ``label``, else the KPI's text for primary series,
    else the indicator in words."""
    key = series_key(role, kpi_id, indicator)
    if key in facts.labels:
        return facts.labels[key]
    if role == "primary":
        unit = framework_row(framework, kpi_id)
        if unit is not None and not pd.isna(unit["text"]):
            return _AVERAGE_SUFFIX.sub("", str(unit["text"]))
    return indicator.replace("_", " ").capitalize()


def series_direction(framework: pd.DataFrame, facts: SeriesFacts, kpi_id, indicator: str) -> str | None:
    """Desired direction of a series: the indicator map's first, else its KPI's (up, down or None)."""
    if indicator in facts.directions:
        return facts.directions[indicator]
    unit = framework_row(framework, kpi_id)
    direction = None if unit is None else unit["desired_direction"]
    return None if direction is None or pd.isna(direction) else str(direction)


def baseline_year(framework: pd.DataFrame, kpi_id) -> int:
    """The KPI's framework baseline year, else the framework's earliest baseline year."""
    unit = framework_row(framework, kpi_id)
    if unit is not None and not pd.isna(unit["baseline_year"]):
        return int(unit["baseline_year"])
    return int(framework["baseline_year"].dropna().min())


def series_order(framework: pd.DataFrame, rows: pd.DataFrame) -> list[str]:
    """Series keys of some comparable rows: primary, context then other series, each in framework order."""
    order = {kpi: i for i, kpi in enumerate(framework["kpi_id"])}
    keys = rows.drop_duplicates("series")
    ranked = sorted(zip(keys["series"], keys["kpi_id"], keys["role"]),
                    key=lambda k: (ROLES.index(k[2]), order.get(k[1], len(order)) if not pd.isna(k[1]) else len(order),
                                   k[0]))
    return [k[0] for k in ranked]


def split_caveats(*texts) -> list[str]:
    """The distinct caveats of caveat texts (each `` | ``-separated), in order; missing texts skipped."""
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


def fall_caveats(facts: SeriesFacts, indicator: str, series: pd.Series) -> list[str]:
    """A caveat per fall of a country series whose falls read as series breaks (none for other series)."""
    if indicator not in facts.falls_as_breaks:
        return []
    return [f"falls from {round(va, 2):g} ({a}) to {round(vb, 2):g} ({b}): probably a series break, not a real decline"
            for a, va, b, vb in falls(series)]


def own_caveats(series: pd.DataFrame, own: pd.DataFrame) -> list[str]:
    """The caveats of a country's rows of a series that not every AMS with the series shares."""
    everyone = set(series["geography"])
    specific = []
    for piece in split_caveats(*own["caveat"]):
        carriers = set(series.loc[series["caveat"].fillna("").str.contains(piece, regex=False), "geography"])
        if carriers != everyone:
            specific.append(piece)
    return specific


def qualified_trend(trend: str, caveats: list[str]) -> str:
    """``series break`` or ``carried forward`` instead of a trend that the country's own caveats undo."""
    if trend in ("improving", "worsening", "flat", "no direction") and any(BREAK_PATTERN.search(c) for c in caveats):
        return "series break"
    if trend == "flat" and any(CARRY_PATTERN.search(c) for c in caveats):
        return "carried forward"
    return trend


def peers(rows: pd.DataFrame, series: str, year: int) -> pd.Series:
    """Values of one series in one year, AMS -> value (every AMS with data)."""
    chosen = rows[(rows["series"] == series) & (rows["year"] == year)]
    return chosen.set_index("geography")["value"].astype(float).sort_index()


def series_available(observations: pd.DataFrame, taxonomy: Taxonomy, cutoff_year: int = DEFAULT_CUTOFF_YEAR,
                     role: str = "primary") -> int:
    """How many series of a role any AMS has a value for up to the cut-off."""
    rows = comparable_rows(observations, taxonomy)
    rows = rows[(rows["year"] <= cutoff_year) & (rows["role"] == role)]
    return int(rows["series"].nunique())


def country_series(observations: pd.DataFrame, taxonomy: Taxonomy, series: str, iso3: str,
                   cutoff_year: int = DEFAULT_CUTOFF_YEAR) -> pd.DataFrame:
    """One country's values of a series up to the cut-off (``year``, ``value``, ``unit``, ``source``, ``indicator``,
    ``provenance`` and the citation columns the observations carry)."""
    rows = comparable_rows(observations, taxonomy)
    rows = rows[(rows["series"] == series) & (rows["geography"] == iso3) & (rows["year"] <= cutoff_year)]
    return rows[["year", "value", "unit", "source", "indicator", *_cited(rows)]].sort_values("year", ignore_index=True)


def comparison_values(observations: pd.DataFrame, taxonomy: Taxonomy, series: str, year: int) -> pd.DataFrame:
    """Every AMS's value of a series in one year (``geography``, ``value``, ``unit``, ``source``, ``indicator``,
    ``provenance`` and the citation columns the observations carry)."""
    rows = comparable_rows(observations, taxonomy)
    rows = rows[(rows["series"] == series) & (rows["year"] == year)]
    columns = ["geography", "value", "unit", "source", "indicator", *_cited(rows)]
    return rows[columns].sort_values("geography", ignore_index=True)


def _cited(rows: pd.DataFrame) -> list[str]:
    """``provenance`` and the ``CITATION_COLUMNS`` that ``rows`` carry (for the basis and the sources shown)."""
    return [column for column in ("provenance", *CITATION_COLUMNS) if column in rows.columns]
