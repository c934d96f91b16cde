"""Which KPI units have measured data, where and when: the KPI register and data-coverage annexes.

Measured means a dated primary value that the project did not build (``kpi_views.measured``):
a direction marker made to match a published count is not data on the outcome.
"""

from __future__ import annotations

import pandas as pd

from ascc_analysis.analysis.kpi_views import measured
from ascc_analysis.data.kpis import ASEAN, units
from ascc_analysis.data.taxonomy import Taxonomy


def measured_unit_rows(observations: pd.DataFrame, framework: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """The measured primary rows of the framework's units (the rows behind the coverage annexes)."""
    rows = measured(observations, taxonomy)
    rows = rows[rows["kpi_id"].isin(units(framework)["kpi_id"]) & rows["value"].notna()]
    return rows[rows["role"].fillna("primary") == "primary"] if "role" in rows.columns else rows


def availability(observations: pd.DataFrame, framework: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """KPI units with a measured value, by geography and year.

    Returns
    -------
    pandas.DataFrame
        Index: the AMS codes of the taxonomy, then ``ASEAN`` (ASEAN-level values); columns: every
        year with a measured value, ascending; values: how many units have one (0 when none).
    """
    rows = measured_unit_rows(observations, framework, taxonomy)
    table = rows.assign(year=rows["year"].astype(int)).groupby(["geography", "year"])["kpi_id"].nunique()
    years = sorted(int(y) for y in rows["year"].unique())
    order = [*taxonomy.ams_codes, ASEAN]
    matrix = table.unstack("year").reindex(index=order, columns=years).fillna(0).astype("int64")
    return matrix.rename_axis(index="geography", columns="year")


def unit_coverage(observations: pd.DataFrame, framework: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Per unit of the framework: how many AMS have measured values, whether ASEAN-level ones exist, which years.

    Returns
    -------
    pandas.DataFrame
        One row per unit in framework order: ``kpi_id``, ``ams_with_data`` (AMS with a measured
        value in any year), ``asean_level`` (a measured ASEAN-level value exists), ``first_year``
        and ``last_year`` of the measured values (missing when none).
    """
    rows = measured_unit_rows(observations, framework, taxonomy)
    by_unit = rows.groupby("kpi_id")
    ids = units(framework)["kpi_id"]
    countries = rows[rows["geography"] != ASEAN].groupby("kpi_id")["geography"].nunique()
    asean = set(rows.loc[rows["geography"] == ASEAN, "kpi_id"])
    return pd.DataFrame({
        "kpi_id": ids.to_numpy(),
        "ams_with_data": countries.reindex(ids, fill_value=0).astype("int64").to_numpy(),
        "asean_level": [kpi_id in asean for kpi_id in ids],
        "first_year": by_unit["year"].min().reindex(ids).astype("Int64").to_numpy(),
        "last_year": by_unit["year"].max().reindex(ids).astype("Int64").to_numpy(),
    })


def units_without_data(status: pd.DataFrame, status_without_built: pd.DataFrame) -> pd.DataFrame:
    """Units that lack measured data: insufficient under the rules once the project's rows are set aside.

    Parameters
    ----------
    status : pandas.DataFrame
        ``kpi_status.kpi_status_table`` over every row.
    status_without_built : pandas.DataFrame
        The same over ``kpi_status.without_provenance(observations, taxonomy.built_by_project)``.

    Returns
    -------
    pandas.DataFrame
        ``kpi_id``, ``reason`` (what the rules found missing without the project's rows) and
        ``counted_with_data`` (True when the status over every row has data: a project-built row
        made it count), in framework order.
    """
    lacking = status_without_built[status_without_built["status"] == "insufficient_data"]
    with_data = set(status.loc[status["status"] != "insufficient_data", "kpi_id"])
    return pd.DataFrame({"kpi_id": lacking["kpi_id"].astype(str).to_numpy(),
                         "reason": lacking["reason"].fillna("").astype(str).to_numpy(),
                         "counted_with_data": [k in with_data for k in lacking["kpi_id"]]})

