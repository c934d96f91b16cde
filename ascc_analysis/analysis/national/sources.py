"""The country values a national profile shows, each with the primary source it was published in and the copy read."""

from __future__ import annotations

import pandas as pd

from ascc_analysis.analysis.national.series import CITATION_COLUMNS, comparable_rows
from ascc_analysis.data.taxonomy import Taxonomy

SHOWN_COLUMNS = ["series", "kpi_id", "role", "label", "end", "indicator", "year", "value", "provenance", "source",
                 *CITATION_COLUMNS]
"""Columns of :func:`shown_values`."""


def shown_values(profile: pd.DataFrame, observations: pd.DataFrame, taxonomy: Taxonomy, iso3: str) -> pd.DataFrame:
    """Every country value a profile shows (baseline and latest), with its row's provenance and citation.

    Parameters
    ----------
    profile : pandas.DataFrame
        From ``country_profile``.
    observations : pandas.DataFrame
        The observations it was computed from (``national_observations``: with ``CITATION_COLUMNS``).
    taxonomy : Taxonomy
        Which provenance codes the project built (never shown).
    iso3 : str
        The Member State of the profile.

    Returns
    -------
    pandas.DataFrame
        Columns ``SHOWN_COLUMNS``, one row per value shown (``end``: ``baseline`` or ``latest``; a latest
        value in the baseline year is shown once, as the baseline), in profile order.
    """
    rows = comparable_rows(observations, taxonomy)
    mine = rows[rows["geography"] == iso3].set_index(["indicator", "year"])
    records = []
    for row in profile.itertuples():
        for end in ("baseline", "latest"):
            year, indicator = getattr(row, f"{end}_year"), getattr(row, f"{end}_indicator")
            if pd.isna(year) or (end == "latest" and not pd.isna(row.baseline_year) and row.baseline_year == year):
                continue
            found = mine.loc[(indicator, int(year))]
            records.append({"series": row.series, "kpi_id": row.kpi_id, "role": row.role, "label": row.label,
                            "end": end, "indicator": indicator, "year": int(year), "value": float(found["value"]),
                            "provenance": found["provenance"], "source": found["source"],
                            **{column: found.get(column, pd.NA) for column in CITATION_COLUMNS}})
    return pd.DataFrame(records, columns=SHOWN_COLUMNS)
