"""Published versus computed: every figure of the MTR with the value recomputed from data.

Statuses: ``exact``; ``within_rounding`` (the computed value rounds to the printed one at
its printed precision); ``source_inconsistency`` and ``not_reproducible`` (each with the
reason recorded in ``data/reference/reconciliation_notes.csv``); ``mismatch`` and
``missing`` (no recorded reason: a defect for the tests to catch).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

EXPLAINED = {"exact", "within_rounding", "source_inconsistency", "not_reproducible"}
"""Statuses that account for a published figure."""


def printed_decimals(text: str) -> int:
    """Number of decimals a figure was printed with ("21.0" -> 1, "25" -> 0)."""
    return len(text.split(".", 1)[1]) if "." in text else 0


def compare(printed: str, computed: object) -> str:
    """Status of one computed value against its printed text (no notes consulted).

    Returns
    -------
    str
        ``exact``, ``within_rounding``, ``mismatch`` or ``missing``.
    """
    if computed is None or (isinstance(computed, float) and math.isnan(computed)):
        return "missing"
    try:
        published = float(printed)
    except ValueError:
        return "exact" if str(computed) == printed else "mismatch"
    if float(computed) == published:
        return "exact"
    rounded = round_half_up(float(computed), printed_decimals(printed))
    return "within_rounding" if rounded == Decimal(printed) else "mismatch"


def round_half_up(value: float, decimals: int) -> Decimal:
    """Round as printed tables do (half away from zero), not Python's half-to-even."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def reconcile(computed: dict[str, object], published: pd.DataFrame, notes: pd.DataFrame) -> pd.DataFrame:
    """Every published figure with its computed value, status and reason.

    Parameters
    ----------
    computed : dict
        Figure id -> value computed from data (ids absent here count as not computed).
    published : pandas.DataFrame
        The ``published_figures`` dataset (``value`` as printed text, so that "21.0" keeps
        its precision).
    notes : pandas.DataFrame
        The ``reconciliation_notes`` dataset: the recorded reason of a figure the data
        cannot reproduce exactly.

    Returns
    -------
    pandas.DataFrame
        One row per published figure: ``figure_id``, ``section``, ``table``, ``metric``,
        ``published``, ``computed``, ``status``, ``reason`` (empty text where nothing is
        printed or recorded).
    """
    published = published.fillna("")
    notes = notes.fillna("").set_index("figure_id")
    rows = []
    for figure in published.itertuples(index=False):
        value = computed.get(figure.figure_id)
        status, reason = compare(figure.value, value), ""
        if status in {"mismatch", "missing"} and figure.figure_id in notes.index:
            status, reason = notes.at[figure.figure_id, "status"], notes.at[figure.figure_id, "reason"]
        rows.append({"figure_id": figure.figure_id, "section": figure.section, "table": figure.table,
                     "metric": figure.metric, "published": figure.value,
                     "computed": value, "status": status, "reason": reason})
    return pd.DataFrame(rows)


def status_summary(table: pd.DataFrame) -> dict[str, int]:
    """Number of published figures per reconciliation status."""
    return {str(k): int(v) for k, v in table["status"].value_counts().items()}


STATUS_LABELS = {
    "exact": "Exact", "within_rounding": "Within printed rounding",
    "source_inconsistency": "Source inconsistency", "not_reproducible": "Not reproducible from available data",
    "mismatch": "MISMATCH (unexplained)", "missing": "Not computed (unexplained)",
}


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """The reconciliation with readable columns and computed values at display precision."""
    def shown(row) -> str:
        value = row["computed"]
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        if isinstance(value, float):
            return f"{value:.{max(printed_decimals(row['published']), 2)}f}"
        return str(value)

    return pd.DataFrame({
        "Figure": table["figure_id"], "Section": table["section"], "What": table["metric"],
        "Published": table["published"], "Computed": table.apply(shown, axis=1),
        "Status": table["status"].map(lambda s: STATUS_LABELS.get(s, s)), "Reason": table["reason"],
    })


def summary_sentence(table: pd.DataFrame) -> str:
    """One sentence: how many published figures are reproduced, and how."""
    counts = status_summary(table)
    parts = [f"{counts[s]} {STATUS_LABELS[s].lower()}" for s in STATUS_LABELS if counts.get(s)]
    return f"Of {len(table)} published figures: " + "; ".join(parts) + "."
