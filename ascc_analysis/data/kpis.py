"""KPI results framework and observations: the codes their columns use, and the measurable units.

The results framework (``data/kpi/kpi_framework.csv``) lists the MTR's 32 KPIs and their
sub-KPIs; the 45 rows with ``is_unit`` true are the measurable units the MTR counts.
The observations (``data/kpi/kpi_observations.csv``, built by ``scripts/make_kpi_tables.py``)
hold one value per row in long form: published ASEAN-level figures, public country
statistics and the few reconstructed ASEAN-level rows, each with its provenance.
``data/kpi/indicator_map.csv`` says which source series feeds which KPI. Their files,
loaders and column contracts are declared in ``datasets.DATASETS``; see ``data/README.md``
for the datasheets.
"""

from __future__ import annotations

import pandas as pd

ASEAN = "ASEAN"
"""Geography code of ASEAN-level rows (countries use ISO3 codes)."""

COLLECTION_CATEGORIES = ("sectoral_body_records", "ams_policy_data", "perception_survey_research")
"""The three data-collection categories of Table 9 (empty where a KPI is not described)."""

ROLES = ("primary", "context")
"""Observation roles: ``primary`` series decide a unit's status, ``context`` rows never do."""


def units(framework: pd.DataFrame) -> pd.DataFrame:
    """The measurable units of a framework (rows with ``is_unit`` true)."""
    return framework[framework["is_unit"].fillna(False).astype(bool)]
