"""The annexes of the recommendations: the KPI register (all units) and the data coverage of the KPIs.

The KPI register lists every unit with its statement, the origin of its id, its status (a
status resting on reconstructed rows reads "Set to match the MTR's count"), the basis of that
status, the AMS with data and the years; beside the MTR's published counts, the same counts
computed here and without the rows the project built. The coverage annex shows where and when
the units have measured data, and for the units without, grouped by the collection categories
of Table 9, what is missing and who Table 9 says would collect it (its words, verbatim).
"""

from __future__ import annotations

import pandas as pd

from ascc_analysis.analysis import kpi_coverage
from ascc_analysis.analysis import kpi_status as outcomes
from ascc_analysis.chapters import recommendations
from ascc_analysis.data.kpis import units
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present.basis import Basis, mark_text
from ascc_analysis.present.kpi_ids import id_origin
from ascc_analysis.present.mtr_tables import UNIT_SUFFIX
from ascc_analysis.present.tables import kpi_status_label
from ascc_analysis.present.text import count, number, year

COUNTED = ("kpis_total", "kpis_sufficient_data", "kpis_insufficient_data", "kpis_with_progress")
"""The published counts the register annex sets beside its own (ids of ``mtr_published_figures.csv``)."""
COVERAGE_SOURCE = "KPI observations (data/kpi/kpi_observations.csv), measured primary values only"
"""Source line of the availability heatmap."""
NO_COLLECTOR = "Table 9 names no one: it does not describe these KPIs."
"""What the collectors table says for the units without a collection category."""


def _years(first, last) -> str:
    if pd.isna(first):
        return ""
    return year(first) if first == last else f"{year(first)}-{year(last)}"


# ---- the KPI register ---------------------------------------------------------------------------------------
def published_values(observations: pd.DataFrame, kpi_id: str) -> str:
    """The MTR's published values of a unit as its rows carry them: ``7 (2016); 20 (2019)``, ``60% (undated)``."""
    rows = observations[(observations["kpi_id"] == kpi_id) & observations["figure_id"].notna()]
    rows = rows.sort_values(["year", "value"], na_position="first")
    return "; ".join(f"{number(v)}{UNIT_SUFFIX.get(str(u), '')} ({year(y) or 'undated'})"
                     for v, u, y in zip(rows["value"], rows["unit"], rows["year"]))


def status_basis_text(observations: pd.DataFrame, kpi_id: str, taxonomy: Taxonomy) -> str:
    """The basis of a unit's status in words: the mark of the rows the rule reads, or why there are none."""
    rows = outcomes.status_rows(observations, kpi_id)
    if len(rows):
        return mark_text(Basis.of(rows), taxonomy)
    undated = observations[(observations["kpi_id"] == kpi_id) & observations["value"].notna()
                           & observations["year"].isna()]
    if len(undated):
        return f"{mark_text(Basis.of(undated), taxonomy)}, without a year: no status"
    return "none: no value"


def kpi_register(status: pd.DataFrame, framework: pd.DataFrame, observations: pd.DataFrame,
                 taxonomy: Taxonomy) -> tuple[pd.DataFrame, Basis]:
    """Every KPI unit: statement, id origin, status, the basis of its status, AMS with data and years.

    Returns
    -------
    (pandas.DataFrame, Basis)
        One row per unit in framework order (columns KPI, Characteristic, Statement, Id,
        Status, Basis of the status, Published by the MTR, AMS with data, ASEAN-level data,
        Years with data); the basis: the framework rows of the units and their observation rows.
    """
    rows = units(framework)
    coverage = kpi_coverage.unit_coverage(observations, framework, taxonomy).set_index("kpi_id")
    by_unit = status.set_index("kpi_id")
    ids = rows["kpi_id"].astype(str).tolist()
    table = pd.DataFrame({
        "KPI": recommendations.kpi_names(ids, framework, taxonomy),
        "Characteristic": rows["characteristic"].astype("string").fillna(recommendations.NOT_STATED).to_numpy(),
        "Statement": rows["text"].fillna("").astype(str).to_numpy(),
        "Id": [taxonomy.label("kpi_id_origins", id_origin(k, framework)) for k in ids],
        "Status": [kpi_status_label(by_unit.at[k, "status"], by_unit.at[k, "rests_on_reconstructed"], taxonomy)
                   for k in ids],
        "Basis of the status": [status_basis_text(observations, k, taxonomy) for k in ids],
        "Published by the MTR": [published_values(observations, k) for k in ids],
        "AMS with data": coverage.loc[ids, "ams_with_data"].astype("int64").to_numpy(),
        "ASEAN-level data": ["yes" if v else "" for v in coverage.loc[ids, "asean_level"]],
        "Years with data": [_years(f, la) for f, la in zip(coverage.loc[ids, "first_year"],
                                                           coverage.loc[ids, "last_year"])],
    })
    return table, Basis.of(rows, observations[observations["kpi_id"].isin(ids) & observations["value"].notna()])


def counts_beside_mtr(framework: pd.DataFrame, observations: pd.DataFrame, published: pd.DataFrame,
                      taxonomy: Taxonomy, cutoff_year: int) -> tuple[pd.DataFrame, Basis]:
    """The MTR's KPI counts as printed, as the rules give them here, and without the rows the project built.

    Returns
    -------
    (pandas.DataFrame, Basis)
        One row per id of ``COUNTED`` (columns Count, MTR as published, This review, Without
        reconstructed rows); the basis: the published figures and every observation row.
    """
    every = outcomes.outcome_counts(framework, observations, cutoff_year)
    without = outcomes.outcome_counts_without(framework, observations, taxonomy.built_by_project, cutoff_year)
    printed = published.set_index("figure_id")
    table = pd.DataFrame({
        "Count": [str(printed.at[key, "metric"]) for key in COUNTED],
        "MTR as published": [str(printed.at[key, "value"]) for key in COUNTED],
        "This review": [count(every[key]) for key in COUNTED],
        "Without reconstructed rows": [count(without[key]) for key in COUNTED],
    })
    return table, Basis.from_code("published", len(COUNTED)) + Basis.of(observations)


def counts_sentence(framework: pd.DataFrame, observations: pd.DataFrame, published: pd.DataFrame,
                    taxonomy: Taxonomy, cutoff_year: int) -> str:
    """What the MTR's counts of units with data and with progress rest on, in words."""
    every = outcomes.outcome_counts(framework, observations, cutoff_year)
    without = outcomes.outcome_counts_without(framework, observations, taxonomy.built_by_project, cutoff_year)
    printed = published.set_index("figure_id")["value"]
    built = int(observations["provenance"].isin(taxonomy.built_by_project).sum())
    return (f"The MTR counts {printed['kpis_sufficient_data']} KPI units with sufficient data and "
            f"{printed['kpis_with_progress']} with progress; the rules give {count(every['kpis_sufficient_data'])} "
            f"and {count(every['kpis_with_progress'])} over every row. Without the {count(built)} observation rows "
            f"built by this project (direction markers where the MTR prints no values), "
            f"{count(without['kpis_sufficient_data'])} units have sufficient data and "
            f"{count(without['kpis_with_progress'])} show progress: the difference is what the reconstruction "
            "supplies to reproduce the published counts, not evidence of a change.")


# ---- data coverage ------------------------------------------------------------------------------------------
def availability(observations: pd.DataFrame, framework: pd.DataFrame, taxonomy: Taxonomy) -> tuple[pd.DataFrame, Basis]:
    """KPI units with measured values by AMS and year (``kpi_coverage.availability``) and the rows counted."""
    rows = kpi_coverage.measured_unit_rows(observations, framework, taxonomy)
    return kpi_coverage.availability(observations, framework, taxonomy), Basis.of(rows)


def availability_alt(matrix: pd.DataFrame) -> str:
    """Alt text of the availability heatmap, from its shape."""
    years = f"{matrix.columns.min()}-{matrix.columns.max()}" if len(matrix.columns) else "no year"
    return (f"Heatmap: number of KPI units with a measured value for each of {count(len(matrix) - 1)} Member States "
            f"and the ASEAN level, by year, {years}")


def _status_without(framework: pd.DataFrame, observations: pd.DataFrame, taxonomy: Taxonomy,
                    cutoff_year: int) -> pd.DataFrame:
    return outcomes.kpi_status_table(framework, outcomes.without_provenance(observations, taxonomy.built_by_project),
                                     cutoff_year)


def missing_data(status: pd.DataFrame, framework: pd.DataFrame, observations: pd.DataFrame, taxonomy: Taxonomy,
                 cutoff_year: int) -> tuple[pd.DataFrame, Basis]:
    """The units without measured data, by Table 9 collection category: what is missing.

    Returns
    -------
    (pandas.DataFrame, Basis)
        Columns Collection category, KPI, Statement, What is missing, In the MTR's count of units
        with data (yes when a row built by the project made it count); Table 9 order of the
        categories, units in framework order. The basis: the framework rows of these units and
        the rows their statuses read.
    """
    lacking = kpi_coverage.units_without_data(status, _status_without(framework, observations, taxonomy, cutoff_year))
    frame = units(framework).set_index("kpi_id")
    category = frame["collection_category"].reindex(lacking["kpi_id"]).fillna(recommendations.NO_CATEGORY)
    order = {code: n for n, code in enumerate(taxonomy.collection_categories["code"])}
    lacking = lacking.assign(category=category.to_numpy(), position=range(len(lacking)))
    lacking = lacking.sort_values(["category", "position"], key=lambda s: s.map(order) if s.name == "category" else s)
    table = pd.DataFrame({
        "Collection category": [taxonomy.label("collection_categories", c) for c in lacking["category"]],
        "KPI": recommendations.kpi_names(lacking["kpi_id"], framework, taxonomy),
        "Statement": frame["text"].reindex(lacking["kpi_id"]).fillna("").astype(str).to_numpy(),
        "What is missing": lacking["reason"].to_numpy(),
        "In the MTR's count of units with data": [
            "yes: " + recommendations.status_text("progress", True, taxonomy) if counted else "no"
            for counted in lacking["counted_with_data"]],
    })
    ids = lacking["kpi_id"].tolist()
    basis = Basis.of(units(framework)[units(framework)["kpi_id"].isin(ids)])
    return table.reset_index(drop=True), basis + recommendations.status_basis(observations, ids)


def collectors(missing: pd.DataFrame, mtr_tables: pd.DataFrame, tracking: pd.DataFrame,
               taxonomy: Taxonomy) -> tuple[pd.DataFrame, Basis]:
    """Who would collect the missing data of each category: Table 9's words, verbatim.

    Parameters
    ----------
    missing : pandas.DataFrame
        From :func:`missing_data`.
    mtr_tables, tracking : pandas.DataFrame
        The MTR's tables and the ``recommendation_tracking`` rows, whose ``collection_category``
        says which bullet of Table 9 describes which category.

    Returns
    -------
    (pandas.DataFrame, Basis)
        One row per category with missing units (columns Collection category, Units without data,
        Who would collect it (Table 9, as published)); the basis: the Table 9 bullets quoted and
        the tracking rows that place them.
    """
    placed = tracking.dropna(subset=["collection_category"])
    printed = mtr_tables.set_index("row_id")["text"]
    words = {taxonomy.label("collection_categories", c): str(printed[row_id])
             for c, row_id in zip(placed["collection_category"], placed["row_id"])}
    grouped = missing.groupby("Collection category", sort=False)["KPI"].agg(list)
    table = pd.DataFrame({
        "Collection category": grouped.index.to_numpy(),
        "Units without data": [f"{count(len(kpis))}: {', '.join(kpis)}" for kpis in grouped],
        "Who would collect it (Table 9, as published)": [words.get(label, NO_COLLECTOR) for label in grouped.index],
    })
    return table, Basis.of(mtr_tables[mtr_tables["row_id"].isin(placed["row_id"])]) + Basis.of(placed)
