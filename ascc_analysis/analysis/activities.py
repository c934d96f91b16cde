"""Implementation metrics of the Tool 1 register (MTR sections 3.1-3.6).

Every function takes the tidy tables (``register.activities`` and ``register.links``)
and a taxonomy; shares are returned in percent, unrounded (rounding to the MTR's printed
precision is for display and reconciliation).
"""

from __future__ import annotations

import pandas as pd

from ascc_analysis.data.taxonomy import Taxonomy


def _share(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else float("nan")


def assessed_activities(activities: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Activities whose status is assessed (completed, ongoing or upcoming; not withdrawn)."""
    return activities[activities["status"].isin(taxonomy.statuses_where("assessed"))]


def activity_funnel(activities: pd.DataFrame, taxonomy: Taxonomy) -> dict[str, int]:
    """Planned, withdrawn and assessed activity counts (the head of MTR section 3.1).

    Returns
    -------
    dict
        ``planned`` (every activity row), ``withdrawn`` and ``assessed``.
    """
    assessed = len(assessed_activities(activities, taxonomy))
    return {"planned": len(activities), "withdrawn": len(activities) - assessed, "assessed": assessed}


def activity_status_counts(activities: pd.DataFrame, taxonomy: Taxonomy) -> pd.Series:
    """Number of activities by status, in taxonomy order (zeros kept)."""
    return activities["status"].value_counts().reindex(taxonomy.status_codes, fill_value=0)


def implementation_rate(activities: pd.DataFrame, taxonomy: Taxonomy) -> float:
    """Completed-or-ongoing share of the assessed activities, in percent."""
    assessed = assessed_activities(activities, taxonomy)
    implemented = assessed["status"].isin(taxonomy.statuses_where("implemented")).sum()
    return _share(int(implemented), len(assessed))


def completion_rate(activities: pd.DataFrame, taxonomy: Taxonomy) -> float:
    """Completed share of the assessed activities, in percent."""
    assessed = assessed_activities(activities, taxonomy)
    completed = assessed["status"].isin(taxonomy.statuses_where("completed")).sum()
    return _share(int(completed), len(assessed))


def type_shares(activities: pd.DataFrame, taxonomy: Taxonomy) -> pd.Series:
    """Share of each activity type among the assessed activities, in percent (taxonomy order)."""
    assessed = assessed_activities(activities, taxonomy)
    counts = assessed["activity_type"].value_counts().reindex(taxonomy.activity_type_codes, fill_value=0)
    return counts.map(lambda n: _share(int(n), len(assessed)))


def linked_activities(register, characteristic: str, taxonomy: Taxonomy) -> pd.DataFrame:
    """Assessed activities linked to a Characteristic through at least one KRA or measure.

    Parameters
    ----------
    register : Tool1Register
        The ingested register (``activities`` and ``links`` tables).
    characteristic : str
        A Characteristic letter, A to E.
    taxonomy : Taxonomy
        Code lists.

    Returns
    -------
    pandas.DataFrame
        The rows of ``register.activities``; an activity serving several KRAs of the
        Characteristic counts once.
    """
    links = register.links
    codes = links.loc[links["characteristic"] == characteristic, "activity_code"].unique()
    assessed = assessed_activities(register.activities, taxonomy)
    return assessed[assessed["activity_code"].isin(codes)]


def body_shares(activities: pd.DataFrame) -> pd.DataFrame:
    """Activities per Sectoral Body with their share, largest first (ties by acronym).

    Returns
    -------
    pandas.DataFrame
        Columns ``sectoral_body``, ``activities``, ``share`` (percent).
    """
    counts = activities["sectoral_body"].value_counts()
    table = pd.DataFrame({"sectoral_body": counts.index.astype(str), "activities": counts.to_numpy()})
    table = table.sort_values(["activities", "sectoral_body"], ascending=[False, True], ignore_index=True)
    table["share"] = [_share(int(n), len(activities)) for n in table["activities"]]
    return table


def characteristic_summary(register, taxonomy: Taxonomy) -> pd.DataFrame:
    """One row per Characteristic: the implementation figures of MTR Tables 2-6.

    Returns
    -------
    pandas.DataFrame
        Index: Characteristic letter. Columns: ``activities``, ``implemented``,
        ``completed``, ``implementation_rate``, ``completion_rate``, ``bodies``,
        ``largest_body``, ``largest_share``, ``second_body``, ``second_share``,
        ``top_type``, ``second_type``.
    """
    rows = {code: _characteristic_row(register, code, taxonomy) for code in taxonomy.characteristic_codes}
    return pd.DataFrame.from_dict(rows, orient="index")


def _characteristic_row(register, code: str, taxonomy: Taxonomy) -> dict:
    linked = linked_activities(register, code, taxonomy)
    implemented = int(linked["status"].isin(taxonomy.statuses_where("implemented")).sum())
    completed = int(linked["status"].isin(taxonomy.statuses_where("completed")).sum())
    bodies = body_shares(linked)
    types = type_ranking(linked)
    pick = lambda frame, i, col: frame[col].iloc[i] if len(frame) > i else None  # noqa: E731
    return {
        "activities": len(linked), "implemented": implemented, "completed": completed,
        "implementation_rate": _share(implemented, len(linked)),
        "completion_rate": _share(completed, len(linked)),
        "bodies": len(bodies),
        "largest_body": pick(bodies, 0, "sectoral_body"), "largest_share": pick(bodies, 0, "share"),
        "second_body": pick(bodies, 1, "sectoral_body"), "second_share": pick(bodies, 1, "share"),
        "top_type": pick(types, 0, "activity_type"), "second_type": pick(types, 1, "activity_type"),
    }


def type_ranking(activities: pd.DataFrame) -> pd.DataFrame:
    """Activity types by number of activities, most common first (ties by code)."""
    counts = activities["activity_type"].value_counts()
    table = pd.DataFrame({"activity_type": counts.index.astype(str), "activities": counts.to_numpy()})
    table = table.sort_values(["activities", "activity_type"], ascending=[False, True], ignore_index=True)
    table["share"] = [_share(int(n), len(activities)) for n in table["activities"]]
    return table


def status_by_body(activities: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Activities by Sectoral Body (rows) and status (columns): Figure 1 of the MTR."""
    table = pd.crosstab(activities["sectoral_body"].astype(str), activities["status"].astype(str))
    table = table.reindex(columns=taxonomy.status_codes, fill_value=0)
    return table.loc[table.sum(axis=1).sort_values(ascending=False).index]


def reference_bodies(register, characteristic: str, taxonomy: Taxonomy, level: str = "kra_code") -> pd.DataFrame:
    """Assessed activities per KRA (or strategic measure) and Sectoral Body within a Characteristic.

    Parameters
    ----------
    register : Tool1Register
        The ingested register.
    characteristic : str
        A Characteristic letter.
    taxonomy : Taxonomy
        Code lists.
    level : {"kra_code", "sm_code"}
        Whether rows are KRAs or strategic measures.

    Returns
    -------
    pandas.DataFrame
        A count matrix: rows are KRA (or measure) codes, columns Sectoral Bodies.
    """
    linked = linked_activities(register, characteristic, taxonomy)
    links = register.links
    links = links[(links["characteristic"] == characteristic) & links[level].notna()]
    merged = links.merge(linked[["activity_code", "sectoral_body"]], on="activity_code")
    merged = merged.drop_duplicates(["activity_code", level])
    return pd.crosstab(merged[level].astype(str), merged["sectoral_body"].astype(str))


def single_body_references(matrix: pd.DataFrame) -> list[str]:
    """Rows of a reference-by-body matrix served by one Sectoral Body alone."""
    return [str(code) for code, row in matrix.iterrows() if int((row > 0).sum()) == 1]


def funding_shares(activities: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Assessed activities by funding source, with shares (taxonomy order).

    Returns
    -------
    pandas.DataFrame
        Columns ``funding_source``, ``activities``, ``share`` (percent).
    """
    assessed = assessed_activities(activities, taxonomy)
    counts = assessed["funding_source"].value_counts().reindex(taxonomy.funding_source_codes, fill_value=0)
    return pd.DataFrame({"funding_source": counts.index, "activities": counts.to_numpy(),
                         "share": [_share(int(n), len(assessed)) for n in counts]})
