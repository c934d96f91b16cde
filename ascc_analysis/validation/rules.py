"""Cross-table rules of the validation gate, as joined frames that a GX suite validates.

A rule that spans tables ("every assessed activity has at least one KRA link", "one
workbook per Sectoral Body") is turned into one small frame by a pandas join or group-by;
a suite in ``expectations/`` (``meta.kind`` ``"rule"``) then validates that frame with an
ordinary expectation, so its failures are reported like any other (dataset, column,
unexpected values, where). Each derived frame keeps the lineage columns of the rows it
came from. Rules that are a plain lookup in a short list ("every link's KRA exists", "every
observation's KPI exists") need no frame: the suites use the ``{"$taxonomy": ...}`` or
``{"$column": "table.column"}`` placeholders. A lookup in a long list (a link's activity
among thousands) is a join here, which GX validates much faster than a huge value set.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ascc_analysis.data.datasets import DATASETS
from ascc_analysis.data.schema import LINEAGE_COLUMNS
from ascc_analysis.data.taxonomy import Taxonomy

SCHEMAS = {name: table.dtypes for dataset in DATASETS.values() for name, table in dataset.tables.items()}
"""Table -> column dtypes, for every table of ``datasets.DATASETS`` (the contracts of ``schema``)."""


def contract_dtypes() -> list[str]:
    """Every contract column as ``table.column: dtype`` (the allowed set of ``column_dtypes``)."""
    return [f"{table}.{column}: {dtype}" for table, dtypes in SCHEMAS.items() for column, dtype in dtypes.items()]


def _first_lineage(frame: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """The first row of each ``key`` group with its lineage (empty lineage when absent)."""
    columns = key + [c for c in LINEAGE_COLUMNS if c in frame.columns and c not in key]
    first = frame[columns].drop_duplicates(key)
    for column in LINEAGE_COLUMNS:
        if column not in first.columns:
            first[column] = pd.array([None] * len(first), dtype="Int64" if column == "source_row" else "string")
    return first[key + [c for c in LINEAGE_COLUMNS if c not in key]].reset_index(drop=True)


def activity_link_counts(tables: dict[str, pd.DataFrame], taxonomy: Taxonomy) -> pd.DataFrame:
    """One row per activity: its status, whether it is assessed, and its number of KRA links.

    Parameters
    ----------
    tables : dict
        Needs ``activities`` and ``links``.
    taxonomy : Taxonomy
        Says which statuses are assessed (``statuses.csv``, column ``assessed``).

    Returns
    -------
    pandas.DataFrame
        Columns ``activity_code``, ``status``, ``assessed`` (bool), ``n_links`` and lineage.
    """
    activities, links = tables["activities"], tables["links"]
    counts = links.groupby("activity_code", dropna=True).size()
    frame = activities[["activity_code", "status", *LINEAGE_COLUMNS]].copy()
    frame["assessed"] = frame["status"].isin(taxonomy.statuses_where("assessed")).astype(bool)
    frame["n_links"] = frame["activity_code"].map(counts).fillna(0).astype("Int64")
    return frame.reset_index(drop=True)


def link_activities(tables: dict[str, pd.DataFrame], taxonomy: Taxonomy) -> pd.DataFrame:
    """One row per link: its activity code and whether the activity table has that activity.

    A join rather than an in-set lookup: GX handles a value set of many thousand codes
    slowly (about 30 s for 100,000), a boolean column in no time.

    Parameters
    ----------
    tables : dict
        Needs ``activities`` and ``links``.
    taxonomy : Taxonomy
        Unused.

    Returns
    -------
    pandas.DataFrame
        Columns ``activity_code``, ``activity_known`` (bool) and the link's lineage.
    """
    activities, links = tables["activities"], tables["links"]
    frame = links[["activity_code", *LINEAGE_COLUMNS]].copy()
    frame["activity_known"] = frame["activity_code"].isin(activities["activity_code"].dropna()).astype(bool)
    return frame.reset_index(drop=True)


def body_workbooks(tables: dict[str, pd.DataFrame], taxonomy: Taxonomy) -> pd.DataFrame:
    """One row per (Sectoral Body, workbook file) pair found in the activity table.

    Parameters
    ----------
    tables : dict
        Needs ``activities``.
    taxonomy : Taxonomy
        Unused (the signature of every rule).

    Returns
    -------
    pandas.DataFrame
        Columns ``sectoral_body``, then lineage (``source_file`` is the workbook), with
        the row of each pair's first activity.
    """
    activities = tables["activities"]
    return _first_lineage(activities.dropna(subset=["sectoral_body"]), ["sectoral_body", "source_file"])


def kpi_unit_directions(tables: dict[str, pd.DataFrame], taxonomy: Taxonomy) -> pd.DataFrame:
    """One row per KPI unit: its desired direction and its number of primary observations.

    Parameters
    ----------
    tables : dict
        Needs ``kpi_framework`` and ``kpi_observations``.
    taxonomy : Taxonomy
        Unused.

    Returns
    -------
    pandas.DataFrame
        Columns ``kpi_id``, ``desired_direction``, ``n_primary`` (observations with
        ``role`` primary and a value) and lineage (the framework CSV line).
    """
    framework, observations = tables["kpi_framework"], tables["kpi_observations"]
    primary = observations[(observations["role"] == "primary") & observations["value"].notna()]
    counts = primary.groupby("kpi_id").size()
    units = framework[framework["is_unit"].fillna(False).astype(bool)]
    frame = _csv_lineage(units, framework)[["kpi_id", "desired_direction", *LINEAGE_COLUMNS]].copy()
    frame["n_primary"] = frame["kpi_id"].map(counts).fillna(0).astype("Int64")
    return frame.reset_index(drop=True)


def kpi_kra_characteristics(tables: dict[str, pd.DataFrame], taxonomy: Taxonomy) -> pd.DataFrame:
    """KPIs that name a KRA, with their Characteristic and the KRA's Characteristic.

    Parameters
    ----------
    tables : dict
        Needs ``kpi_framework``.
    taxonomy : Taxonomy
        The KRA table (``blueprint_kras.csv``).

    Returns
    -------
    pandas.DataFrame
        Columns ``kpi_id``, ``kra_code``, ``characteristic``, ``kra_characteristic`` and
        lineage; an unknown KRA gets an empty ``kra_characteristic``.
    """
    framework = tables["kpi_framework"]
    named = _csv_lineage(framework[framework["kra_code"].notna()], framework)
    of_kra = dict(zip(taxonomy.kras["kra_code"], taxonomy.kras["characteristic"]))
    frame = named[["kpi_id", "kra_code", "characteristic", *LINEAGE_COLUMNS]].copy()
    frame["kra_characteristic"] = frame["kra_code"].map(of_kra).astype("string")
    return frame.reset_index(drop=True)


def _csv_lineage(rows: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """``rows`` of a CSV table with lineage columns (file from ``table.attrs``, CSV line)."""
    rows = rows.copy()
    rows["source_file"] = pd.array([table.attrs.get("source_file")] * len(rows), dtype="string")
    rows["source_sheet"] = pd.array([None] * len(rows), dtype="string")
    rows["source_row"] = pd.array(rows.index + 2, dtype="Int64")
    return rows


def column_dtypes(tables: dict[str, pd.DataFrame], taxonomy: Taxonomy) -> pd.DataFrame:
    """One row per column of every contract table given: ``table.column: dtype``.

    Parameters
    ----------
    tables : dict
        Any of the datasets of ``SCHEMAS`` (others are ignored).
    taxonomy : Taxonomy
        Unused.

    Returns
    -------
    pandas.DataFrame
        Columns ``column_dtype`` and lineage (``source_file`` names the table).
    """
    rows = [(f"{name}.{column}: {dtype}", name) for name, frame in tables.items() if name in SCHEMAS
            for column, dtype in frame.dtypes.astype(str).items() if column in SCHEMAS[name]]
    frame = pd.DataFrame(rows, columns=["column_dtype", "source_file"], dtype="string")
    frame["source_sheet"] = pd.array([None] * len(frame), dtype="string")
    frame["source_row"] = pd.array([None] * len(frame), dtype="Int64")
    return frame


RULES: dict[str, tuple[tuple[str, ...], Callable[[dict, Taxonomy], pd.DataFrame]]] = {
    "activity_link_counts": (("activities", "links"), activity_link_counts),
    "link_activities": (("activities", "links"), link_activities),
    "body_workbooks": (("activities",), body_workbooks),
    "kpi_unit_directions": (("kpi_framework", "kpi_observations"), kpi_unit_directions),
    "kpi_kra_characteristics": (("kpi_framework",), kpi_kra_characteristics),
    "column_dtypes": ((), column_dtypes),
}
"""Derived dataset -> (tables it needs, builder)."""


def derive(tables: dict[str, pd.DataFrame], taxonomy: Taxonomy) -> dict[str, pd.DataFrame]:
    """Build every derived frame whose input tables are present (and have their columns).

    Parameters
    ----------
    tables : dict
        Dataset name -> tidy table.
    taxonomy : Taxonomy
        Code lists the rules use.

    Returns
    -------
    dict
        Derived dataset name -> frame; a rule whose inputs are missing, or lack a
        column it joins on, is left out (the table suites report the missing column).
    """
    derived = {}
    for name, (inputs, build) in RULES.items():
        if all(table in tables for table in inputs):
            try:
                derived[name] = build(tables, taxonomy)
            except KeyError:
                continue
    return derived
