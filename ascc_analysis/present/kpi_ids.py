"""KPI ids as readers see them: ids the MTR prints as they are, ids the project assigned visibly marked."""

from __future__ import annotations

import pandas as pd

from ascc_analysis.data.taxonomy import Taxonomy


def id_origin(kpi_id, framework: pd.DataFrame) -> str:
    """``mtr`` when the MTR prints this KPI id (``id_named_in_mtr``), else ``project``."""
    named = framework.loc[framework["kpi_id"].astype(str) == str(kpi_id), "id_named_in_mtr"]
    return "mtr" if len(named) and bool(named.iloc[0]) else "project"


def kpi_id_text(kpi_id, framework: pd.DataFrame, taxonomy: Taxonomy) -> str:
    """The id with its origin mark, e.g. ``26a`` (printed in the MTR) or ``14†`` (assigned by the project)."""
    return f"{kpi_id}{taxonomy.label('kpi_id_origins', id_origin(kpi_id, framework), column='mark')}"


def kpi_name(kpi_id, framework: pd.DataFrame, taxonomy: Taxonomy) -> str:
    """``KPI <id>`` with the origin mark, for headings, tables, sentences, charts and sidecar labels."""
    return f"KPI {kpi_id_text(kpi_id, framework, taxonomy)}"


def footnote(taxonomy: Taxonomy) -> str:
    """The footnote that explains the mark of project-assigned ids."""
    return taxonomy.label("kpi_id_origins", "project", column="footnote")
