"""Declarations, national and regional assessment findings, and institutional forms.

Three tables under ``data/institutions/``, built by ``scripts/make_kpi_tables.py`` from the
reference files (see ``data/README.md``):

- ``declarations.csv``: the 38 Leaders' instruments of 2016 to June 2020, with the flags
  that the counting rule uses (``counted_in_mtr``);
- ``assessment_findings.csv``: one row per bullet of Tables 7 and 8 of the executive
  summary (regional syntheses; no per-country judgement);
- ``institutional_forms.csv``: the 15 implementing Sectoral Bodies and whether a centre
  serves them (``has_centre``) or they run through their senior officials' meetings.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ascc_analysis.data.kpis import read_typed
from ascc_analysis.config import DataPaths
from ascc_analysis.data.taxonomy import load_taxonomy

DECLARATIONS_FILE = "institutions/declarations.csv"
FINDINGS_FILE = "institutions/assessment_findings.csv"
FORMS_FILE = "institutions/institutional_forms.csv"

DECLARATION_DTYPES = {
    "title": "string",
    "instrument_type": "string",
    "summit": "string",
    "date": "string",
    "year": "Int64",
    "host_city": "string",
    "characteristic": "string",
    "characteristic_guess": "string",
    "characteristic_is_guess": "boolean",
    "leaders_instrument": "boolean",
    "cross_pillar": "boolean",
    "after_mtr_data_date": "boolean",
    "counted_in_mtr": "boolean",
    "counting_note": "string",
    "source": "string",
    "verification": "string",
    "provenance": "string",
}
"""One row per instrument; ``date`` is ``YYYY-MM-DD`` or ``YYYY`` where the day is unknown."""

FINDING_DTYPES = {
    "finding_id": "string",
    "table": "string",
    "table_title": "string",
    "section": "string",
    "level": "string",
    "dimension": "string",
    "dimension_label": "string",
    "bullet": "Int64",
    "geography": "string",
    "finding": "string",
    "mentions_all_ams": "boolean",
    "provenance": "string",
    "source": "string",
}
"""One row per bullet of Tables 7 and 8."""

FORM_DTYPES = {
    "sectoral_body": "string",
    "name": "string",
    "form": "string",
    "centres": "string",
    "centre_links": "string",
    "not_counted": "string",
    "provenance": "string",
    "note": "string",
}
"""One row per implementing Sectoral Body; ``form`` is ``has_centre`` or ``runs_through_som``."""

FORMS = ("has_centre", "runs_through_som")


def load_declarations(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load the Leaders' declarations and statements of 2016 to June 2020.

    Parameters
    ----------
    data_dir : str or Path, optional
        A data folder; the shipped ``data/`` supplies what it lacks.

    Returns
    -------
    pandas.DataFrame
        One row per instrument with the columns of ``DECLARATION_DTYPES``.
    """
    return read_typed(DataPaths.of(data_dir).resolve(DECLARATIONS_FILE), DECLARATION_DTYPES)


def load_assessment_findings(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load the findings of Tables 7 (regional) and 8 (national MTR synthesis).

    Parameters
    ----------
    data_dir : str or Path, optional
        A data folder; the shipped ``data/`` supplies what it lacks.

    Returns
    -------
    pandas.DataFrame
        One row per printed bullet with the columns of ``FINDING_DTYPES``.
    """
    return read_typed(DataPaths.of(data_dir).resolve(FINDINGS_FILE), FINDING_DTYPES)


def load_institutional_forms(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load the institutional form of each of the 15 implementing Sectoral Bodies.

    Parameters
    ----------
    data_dir : str or Path, optional
        A data folder; the shipped ``data/`` supplies what it lacks.

    Returns
    -------
    pandas.DataFrame
        One row per body with the columns of ``FORM_DTYPES``.
    """
    return read_typed(DataPaths.of(data_dir).resolve(FORMS_FILE), FORM_DTYPES)


def declaration_counts(declarations: pd.DataFrame) -> dict[str, int]:
    """How many instruments each candidate counting rule keeps.

    The MTR (Table 7) counts 36 declarations or statements "by ASEAN Leaders at ASEAN
    Summits" since 2016. The rule used for ``counted_in_mtr`` is ``leaders_instruments``;
    the others are given so that the reconciliation can show which rule, if any, gives 36.

    Parameters
    ----------
    declarations : pandas.DataFrame
        As returned by :func:`load_declarations`.

    Returns
    -------
    dict
        Rule name -> number of instruments kept.
    """
    leaders = declarations["leaders_instrument"].fillna(False).astype(bool)
    cross = declarations["cross_pillar"].fillna(False).astype(bool)
    before = ~declarations["after_mtr_data_date"].fillna(False).astype(bool)
    chair = declarations["instrument_type"].str.lower().str.startswith("chairman").fillna(False).astype(bool)
    return {
        "all_listed": int(len(declarations)),
        "leaders_instruments": int(leaders.sum()),
        "excluding_chair_statements_only": int((~chair).sum()),
        "up_to_mtr_data_date": int(before.sum()),
        "leaders_up_to_mtr_data_date": int((leaders & before).sum()),
        "excluding_cross_pillar": int((~cross).sum()),
        "leaders_excluding_cross_pillar": int((leaders & ~cross).sum()),
    }


def figures(data_dir: str | Path | None = None) -> dict[str, int]:
    """Published figure ids that the institutional data give.

    Parameters
    ----------
    data_dir : str or Path, optional
        A data folder (the shipped ``data/`` by default).

    Returns
    -------
    dict
        ``declarations_since_2016``: instruments with ``counted_in_mtr`` true (the MTR
        prints 36; this data gives a different number, see ``data/README.md``).
        ``member_states``: the number of AMS in the taxonomy. That every one of them
        produced a national MTR report is the MTR's own statement (sections 2 and 4,
        Table 8: "all ten AMS"), not something these data show.
    """
    declarations = load_declarations(data_dir)
    return {
        "declarations_since_2016": int(declarations["counted_in_mtr"].fillna(False).astype(bool).sum()),
        "member_states": len(load_taxonomy(data_dir).ams_codes),
    }
