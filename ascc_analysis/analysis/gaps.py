"""Implementation gaps that the recommendations answer (MTR section 5)."""

from __future__ import annotations

import pandas as pd

from ascc_analysis.analysis.activities import assessed_activities
from ascc_analysis.data.taxonomy import Taxonomy


def body_implementation(activities: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Per Sectoral Body: assessed, implemented, upcoming activities and the implementation rate.

    Returns
    -------
    pandas.DataFrame
        Columns ``sectoral_body``, ``assessed``, ``implemented``, ``upcoming``,
        ``implementation_rate`` (percent); lowest rate first (ties by body).
    """
    assessed = assessed_activities(activities, taxonomy).copy()
    assessed["implemented"] = assessed["status"].isin(taxonomy.statuses_where("implemented"))
    assessed["upcoming"] = ~assessed["implemented"]
    table = assessed.groupby(assessed["sectoral_body"].astype(str)).agg(
        assessed=("activity_code", "size"), implemented=("implemented", "sum"), upcoming=("upcoming", "sum"))
    table = table.reset_index()
    table["implementation_rate"] = 100.0 * table["implemented"] / table["assessed"]
    return table.sort_values(["implementation_rate", "sectoral_body"], ignore_index=True)


def lowest_implementation(activities: pd.DataFrame, taxonomy: Taxonomy, n: int = 3) -> pd.DataFrame:
    """The ``n`` Sectoral Bodies with the lowest implementation rates."""
    return body_implementation(activities, taxonomy).head(n).reset_index(drop=True)


def most_upcoming(activities: pd.DataFrame, taxonomy: Taxonomy, n: int = 3) -> pd.DataFrame:
    """The ``n`` Sectoral Bodies with the most activities not yet started (upcoming)."""
    table = body_implementation(activities, taxonomy)
    return table.sort_values(["upcoming", "sectoral_body"], ascending=[False, True], ignore_index=True).head(n)
