"""The recommendation-tracking table: the codes of its columns and how its KPI lists are written.

``data/kpi/recommendation_tracking.csv`` (hand-made, provenance ``reconstructed``: a judgement
of this project) gives, for each recommendation of the MTR's Tables 9 and 10 (a ``row_id`` of
``mtr_tables.csv``), which evidence of this review bears on it, the KPI units it concerns, the
collection category of Table 9 it describes and a follow-up indicator the data could track.
Its file and column contract are declared in ``datasets.DATASETS``; see ``data/README.md`` 4.5.
"""

from __future__ import annotations

import pandas as pd

EVIDENCE_KINDS = ("kpi_data", "kpi_category", "characteristic", "attribution", "national", "effectiveness",
                  "mechanisms", "means", "funding", "activity_types", "none")
"""What the ``evidence`` column may name: the computation that gives a recommendation its evidence."""

KPI_ID_SEPARATOR = "; "
"""How the ``kpi_ids`` column joins several KPI ids."""


def kpi_id_list(text) -> list[str]:
    """The KPI ids of a ``kpi_ids`` cell, in order (empty for a missing or empty cell).

    ``kpi_id_list("5a; 5b") == ["5a", "5b"]``.
    """
    if text is None or pd.isna(text) or not str(text).strip():
        return []
    return [part.strip() for part in str(text).split(KPI_ID_SEPARATOR.strip()) if part.strip()]
