"""ASEAN averages over a constant panel: the same AMS in every year compared, so an average moves only with values.

An ASEAN average compared over time is the unweighted mean of the AMS that have a value in
*every* year compared (the constant panel); an AMS with a value in only some of those years is
left out of every year (``dropped``), so the average never jumps because an AMS drops out.
One rule picks the years compared (:func:`compared_years`: from the baseline year, or the
nearest year with data within the baseline tolerance, to the last year with data up to the
cut-off, every year with data in between), so a given series, baseline and cut-off give the
same panel and the same average per year in every report. Call :func:`kpi_average` (a KPI's
primary country series) or :func:`series_average` (any series' rows) rather than averaging
in a chapter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ascc_analysis.analysis import kpi_views
from ascc_analysis.analysis.kpi_status import DEFAULT_BASELINE_TOLERANCE, VALUE_TOLERANCE, baseline_candidates
from ascc_analysis.data.kpis import ASEAN
from ascc_analysis.data.taxonomy import Taxonomy

DIRECTIONS = ("improving", "worsening", "flat", "no direction", "not in panel")
"""Values of :func:`direction_matrix`: the change over the panel's years read in the desired direction;
``not in panel`` for an AMS without a value in every year compared."""


@dataclass(frozen=True)
class PanelAverage:
    """An ASEAN average over a constant panel (built by :func:`panel_average`).

    Attributes
    ----------
    years : tuple of int
        The years compared, ascending (empty when the series has no value up to the cut-off).
    panel : tuple of str
        The AMS (ISO3, sorted) with a value in every year compared: the only AMS averaged.
    dropped : tuple of str
        AMS with a value in some but not every year compared (never averaged).
    averages : pandas.DataFrame
        ``year``, ``value`` (the unweighted mean over the panel; NaN for an empty panel) and
        ``n`` (the panel's size), one row per year compared.
    rows : pandas.DataFrame
        The rows averaged (the panel's rows in the years compared), e.g. for their provenance.
    """

    years: tuple[int, ...]
    panel: tuple[str, ...]
    dropped: tuple[str, ...]
    averages: pd.DataFrame
    rows: pd.DataFrame

    @property
    def n(self) -> int:
        """How many AMS the panel holds."""
        return len(self.panel)

    @property
    def first_year(self) -> int | None:
        """The first year compared (None when no year is)."""
        return self.years[0] if self.years else None

    @property
    def last_year(self) -> int | None:
        """The last year compared (None when no year is)."""
        return self.years[-1] if self.years else None

    def average(self, year) -> float:
        """The panel's average in ``year`` (NaN for a year not compared or an empty panel)."""
        match = self.averages.loc[self.averages["year"] == int(year), "value"] if not pd.isna(year) else []
        return float(match.iloc[0]) if len(match) else math.nan

    @property
    def change(self) -> float:
        """Last minus first average (NaN with fewer than two years compared or an empty panel)."""
        if len(self.years) < 2:
            return math.nan
        return self.average(self.years[-1]) - self.average(self.years[0])


def _checked(values: pd.DataFrame) -> pd.DataFrame:
    """AMS rows with a value and a year; one row per AMS and year (a ValueError otherwise)."""
    rows = values[(values["geography"] != ASEAN) & values["value"].notna() & values["year"].notna()]
    clashes = rows[rows.duplicated(["geography", "year"], keep=False)]
    if len(clashes):
        pairs = sorted({f"{g} {int(y)}" for g, y in zip(clashes["geography"], clashes["year"])})
        raise ValueError(f"more than one value per AMS and year ({', '.join(pairs)}): select one series first")
    return rows


def constant_panel(values: pd.DataFrame, years) -> tuple[str, ...]:
    """The AMS (sorted ISO3 codes) with a value in every one of ``years``.

    Parameters
    ----------
    values : pandas.DataFrame
        Rows of one series (``geography``, ``year``, ``value``); ASEAN-level rows and rows
        without a value are ignored.
    years : iterable of int
        The years compared.
    """
    wanted = {int(y) for y in years}
    if not wanted:
        return ()
    rows = _checked(values)
    rows = rows[rows["year"].astype(int).isin(wanted)]
    covered = rows.groupby("geography")["year"].nunique()
    return tuple(sorted(str(g) for g in covered.index[covered == len(wanted)]))


def panel_average(values: pd.DataFrame, years) -> PanelAverage:
    """The ASEAN average of one series in each of ``years`` over the constant panel of those years.

    Parameters
    ----------
    values : pandas.DataFrame
        Rows of one series with ``geography``, ``year`` and ``value`` (at most one per AMS and
        year); ASEAN-level rows and rows without a value are ignored. Measured rows only: the
        caller leaves out rows the project built (:func:`kpi_values` does).
    years : iterable of int
        The years compared (use :func:`compared_years` so that every report compares the same).

    Returns
    -------
    PanelAverage
        The panel, the AMS dropped from it and the unweighted mean per year.

    Raises
    ------
    ValueError
        When an AMS has more than one value in a year.
    """
    chosen = tuple(sorted({int(y) for y in years}))
    rows = _checked(values)
    in_years = rows[rows["year"].astype(int).isin(chosen)]
    panel = constant_panel(rows, chosen)
    dropped = tuple(sorted(set(in_years["geography"].astype(str)) - set(panel)))
    used = in_years[in_years["geography"].isin(panel)]
    means = used.groupby(used["year"].astype(int))["value"].mean()
    averages = pd.DataFrame({
        "year": list(chosen),
        "value": [float(means.get(y, math.nan)) for y in chosen],
        "n": [len(panel)] * len(chosen),
    }).astype({"year": "int64", "value": "float64", "n": "int64"})
    return PanelAverage(chosen, panel, dropped, averages, used.sort_values(["geography", "year"], ignore_index=True))


def compared_years(values: pd.DataFrame, baseline_year: int, cutoff_year: int,
                   tolerance: int = DEFAULT_BASELINE_TOLERANCE) -> tuple[int, ...]:
    """The years an ASEAN average is compared over: the one rule every report uses.

    Parameters
    ----------
    values : pandas.DataFrame
        Rows of one series (``geography``, ``year``, ``value``).
    baseline_year : int
        The KPI's baseline year (``kpi_framework.baseline_year``).
    cutoff_year : int
        Last year whose values count.
    tolerance : int, default ``kpi_status.DEFAULT_BASELINE_TOLERANCE``
        How far from the baseline year the first year may lie (the outcome rules' baseline
        window: the year itself, then one earlier, one later, ...).

    Returns
    -------
    tuple of int
        From the first year of the baseline window with any AMS value (else the first year
        with a value after the window) to the last year with a value up to the cut-off, every
        year with an AMS value in between; empty when no value lies in that range.
    """
    rows = _checked(values)
    years = sorted({int(y) for y in rows["year"] if int(y) <= cutoff_year})
    if not years:
        return ()
    window = [y for y in baseline_candidates(int(baseline_year), tolerance) if y in years]
    after = [y for y in years if y > int(baseline_year) + tolerance]
    if window:
        first = window[0]
    elif after:
        first = after[0]
    else:
        return ()
    return tuple(y for y in years if y >= first)


def series_average(values: pd.DataFrame, baseline_year: int, cutoff_year: int,
                   tolerance: int = DEFAULT_BASELINE_TOLERANCE) -> PanelAverage:
    """The ASEAN average of one series over its constant panel, in the years :func:`compared_years` picks.

    Parameters
    ----------
    values : pandas.DataFrame
        Measured rows of one series (``geography``, ``year``, ``value``).
    baseline_year, cutoff_year, tolerance
        As for :func:`compared_years`.

    Returns
    -------
    PanelAverage
    """
    return panel_average(values, compared_years(values, baseline_year, cutoff_year, tolerance))


def kpi_values(observations: pd.DataFrame, taxonomy: Taxonomy, kpi_id: str,
               indicator: str | None = None) -> pd.DataFrame:
    """The measured AMS rows of a KPI's series (no row the project built).

    Parameters
    ----------
    observations : pandas.DataFrame
        The ``kpi_observations`` dataset.
    taxonomy : Taxonomy
        Which provenance codes the project built.
    kpi_id : str
        A KPI unit id.
    indicator : str, optional
        One source series (a context series may be named); by default every primary row of
        the KPI, which form one series (e.g. GCI 4.0: the WEF 2017 backcast with the 2018
        and 2019 editions).

    Returns
    -------
    pandas.DataFrame
        The observation rows, sorted by AMS and year.
    """
    rows = kpi_views.measured(observations, taxonomy)
    rows = rows[(rows["kpi_id"] == kpi_id) & (rows["geography"] != ASEAN) & rows["value"].notna()]
    rows = rows[rows["indicator"] == indicator] if indicator is not None else rows[rows["role"] == "primary"]
    return rows.sort_values(["geography", "year"], ignore_index=True)


def kpi_average(observations: pd.DataFrame, taxonomy: Taxonomy, kpi_id: str, baseline_year: int, cutoff_year: int,
                indicator: str | None = None) -> PanelAverage:
    """A KPI's ASEAN average over its constant panel: the function every report calls for it.

    Parameters
    ----------
    observations : pandas.DataFrame
        The ``kpi_observations`` dataset.
    taxonomy : Taxonomy
        Which provenance codes the project built (never averaged).
    kpi_id : str
        A KPI unit id, e.g. ``26a`` (GCI 4.0 score) or ``31c`` (youth NEET rate).
    baseline_year : int
        The KPI's ``kpi_framework.baseline_year``.
    cutoff_year : int
        Last year whose values count (the MTR's: 2019).
    indicator : str, optional
        As for :func:`kpi_values`.

    Returns
    -------
    PanelAverage
        E.g. for GCI 4.0 up to 2019: years 2017-2019, the six AMS with a public score in each.

    Examples
    --------
    >>> gci = kpi_average(observations, taxonomy, "26a", 2016, 2019)  # doctest: +SKIP
    >>> gci.panel, gci.average(2019)  # doctest: +SKIP
    """
    return series_average(kpi_values(observations, taxonomy, kpi_id, indicator), baseline_year, cutoff_year)


def desired_change(change: float, direction: str | None) -> str:
    """``improving``, ``worsening``, ``flat`` or ``no direction`` for a change read in a desired direction."""
    if pd.isna(change):
        return "not in panel"
    if abs(change) < VALUE_TOLERANCE:
        return "flat"
    if direction not in ("up", "down"):
        return "no direction"
    return "improving" if (change > 0) == (direction == "up") else "worsening"


def country_changes(average: PanelAverage) -> pd.Series:
    """Each panel AMS's change from the first to the last year compared (ISO3 -> change)."""
    if len(average.years) < 2 or not average.panel:
        return pd.Series(dtype=float)
    ends = average.rows[average.rows["year"].astype(int).isin([average.years[0], average.years[-1]])]
    table = ends.pivot(index="geography", columns="year", values="value").astype(float)
    return (table[average.years[-1]] - table[average.years[0]]).sort_index()


MATRIX_COLUMNS = ["series", "geography", "first_year", "last_year", "change", "direction"]
"""Columns of :func:`direction_matrix` (long form: one row per series and AMS, plus an ASEAN row per series)."""


def direction_matrix(averages: dict[str, PanelAverage], directions: dict[str, str | None],
                     ams: list[str]) -> pd.DataFrame:
    """The direction of change of each series for each AMS and for the ASEAN average, over constant panels.

    Parameters
    ----------
    averages : dict
        Series key -> its :class:`PanelAverage` (from :func:`kpi_average` or :func:`series_average`).
    directions : dict
        Series key -> desired direction (``up``, ``down`` or None).
    ams : list of str
        Every AMS (ISO3), in display order: an AMS outside a series' panel reads ``not in panel``.

    Returns
    -------
    pandas.DataFrame
        Columns ``MATRIX_COLUMNS``: per series, one row per AMS then one with geography ``ASEAN``
        (the panel average's change); ``direction`` is one of ``DIRECTIONS``. Series compared
        over fewer than two years are left out.
    """
    records = []
    for key, average in averages.items():
        if len(average.years) < 2 or not average.panel:
            continue
        changes = country_changes(average)
        direction = directions.get(key)
        for geography in [*ams, ASEAN]:
            change = average.change if geography == ASEAN else float(changes.get(geography, math.nan))
            records.append({"series": key, "geography": geography, "first_year": average.first_year,
                            "last_year": average.last_year, "change": change,
                            "direction": desired_change(change, direction)})
    return pd.DataFrame(records, columns=MATRIX_COLUMNS).astype(
        {"series": "string", "geography": "string", "change": "float64", "direction": "string"})
