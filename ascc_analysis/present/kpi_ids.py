"""KPI ids as readers see them: ids the MTR prints as they are, ids the project assigned visibly marked."""

from __future__ import annotations

import re

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


def mark_ids(text, framework: pd.DataFrame, taxonomy: Taxonomy) -> str:
    """``text`` with every ``KPI <id>`` it names shown through :func:`kpi_name` (project-assigned ids marked).

    For texts the project wrote that name a KPI by its id, e.g. a framework row's description
    ("KPI 26b: not described in the MTR executive summary" -> "KPI 26b†: ..."); ids the MTR
    prints come back unchanged, so a quotation of the MTR is never altered.
    """
    ids = sorted(framework["kpi_id"].astype(str), key=len, reverse=True)
    if not ids:
        return str(text)
    pattern = re.compile(r"\bKPI (" + "|".join(re.escape(i) for i in ids) + r")\b(?!" + re.escape(
        taxonomy.label("kpi_id_origins", "project", column="mark")) + ")")
    return pattern.sub(lambda match: kpi_name(match.group(1), framework, taxonomy), str(text))


def footnote(taxonomy: Taxonomy) -> str:
    """The footnote that explains the mark of project-assigned ids."""
    return taxonomy.label("kpi_id_origins", "project", column="footnote")
