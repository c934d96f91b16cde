"""Published versus computed: every figure of the MTR with the value recomputed from data.

Statuses: ``exact``; ``within_rounding`` (the computed value rounds to the printed one at
its printed precision); ``source_inconsistency`` and ``not_reproducible`` (each with the
reason recorded in ``data/reference/reconciliation_notes.csv``); ``mismatch`` and
``missing`` (no recorded reason: a defect for the tests to catch).

Each computed figure also says what kind of check its match is, from the provenance of the
rows behind it (``taxonomy/provenance.csv``, ``checks_independently``): ``independent`` when
every row is of a code that checks independently (public statistics, a user's export),
``by_construction`` when any row was built to reproduce the published figures or copied from
them, ``unknown`` when no row with a provenance stands behind it.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ascc_analysis.data.taxonomy import Taxonomy

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


def reconcile(computed: dict[str, object], published: pd.DataFrame, notes: pd.DataFrame,
              provenance: dict[str, dict[str, int]] | None = None, taxonomy: Taxonomy | None = None) -> pd.DataFrame:
    """Every published figure with its computed value, status and reason, and what kind of check it is.

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
    provenance : dict, optional
        Figure id -> {provenance code: rows} of the rows behind each computed value
        (``figures.figure_provenance``); with ``taxonomy``, fills ``check``.
    taxonomy : Taxonomy, optional
        Says which provenance codes check independently and how each reads.

    Returns
    -------
    pandas.DataFrame
        One row per published figure: ``figure_id``, ``section``, ``table``, ``metric``,
        ``published``, ``unit``, ``printed_in`` (where the MTR's tables print it), ``computed``,
        ``status``, ``reason`` (empty text where nothing is printed or recorded), ``rows``
        (provenance code -> rows behind the computed value), ``check`` (``independent``,
        ``by_construction``, ``unknown``; empty when not computed or without ``provenance``) and
        ``check_reason`` (e.g. "holds by construction: the rows were reconstructed to reproduce
        the published figures").
    """
    published = published.fillna("")
    notes = notes.fillna("").set_index("figure_id")
    rows = []
    for figure in published.itertuples(index=False):
        value = computed.get(figure.figure_id)
        status, reason = compare(figure.value, value), ""
        if status in {"mismatch", "missing"} and figure.figure_id in notes.index:
            status, reason = notes.at[figure.figure_id, "status"], notes.at[figure.figure_id, "reason"]
        behind = dict((provenance or {}).get(figure.figure_id) or {})
        check, check_reason = ("", "") if provenance is None or taxonomy is None or status == "missing" \
            else check_kind(behind, taxonomy)
        rows.append({"figure_id": figure.figure_id, "section": figure.section, "table": figure.table,
                     "metric": figure.metric, "published": figure.value, "unit": getattr(figure, "unit", ""),
                     "printed_in": getattr(figure, "printed_in", ""),
                     "computed": value, "status": status, "reason": reason,
                     "rows": behind, "check": check, "check_reason": check_reason})
    return pd.DataFrame(rows)


def independent_codes(taxonomy: Taxonomy) -> list[str]:
    """Provenance codes whose rows check a published figure independently (``checks_independently``)."""
    frame = taxonomy.provenance
    return frame.loc[frame["checks_independently"].astype(str).str.lower() == "true", "code"].tolist()


def check_kind(rows: dict[str, int], taxonomy: Taxonomy) -> tuple[str, str]:
    """What kind of check a match on these rows is, and how it reads.

    Parameters
    ----------
    rows : dict
        Provenance code -> rows behind the computed value.
    taxonomy : Taxonomy
        Its provenance table.

    Returns
    -------
    tuple of str
        (``independent``, ``by_construction`` or ``unknown``; the ``reconciliation_check`` text
        of the code that decides it: the non-independent code with most rows, else the most
        common code).
    """
    counted = {code: n for code, n in rows.items() if n}
    if not counted:
        return "unknown", "no row with a provenance stands behind it"
    independent = set(independent_codes(taxonomy))
    constructed = {code: n for code, n in counted.items() if code not in independent}
    kind = "by_construction" if constructed else "independent"
    deciding = max(sorted((constructed or counted).items()), key=lambda item: item[1])[0]
    return kind, taxonomy.label("provenance", deciding, column="reconciliation_check")


CHECK_LABELS = {"independent": ("independent check", "independent checks"),
                "by_construction": ("by construction", "by construction"),
                "unknown": ("of unknown provenance", "of unknown provenance")}
"""Kinds of check (singular, plural), as the summaries count them."""


def check_summary(table: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Published figures per reconciliation status, split by kind of check.

    Returns
    -------
    dict
        Status -> {check kind: figures}; a figure without a check kind (not computed) counts
        under the empty kind.
    """
    split: dict[str, dict[str, int]] = {}
    for (status, check), n in table.groupby(["status", "check"], sort=True).size().items():
        split.setdefault(str(status), {})[str(check)] = int(n)
    return split


def status_summary(table: pd.DataFrame) -> dict[str, int]:
    """Number of published figures per reconciliation status."""
    return {str(k): int(v) for k, v in table["status"].value_counts().items()}


STATUS_LABELS = {
    "exact": "Exact", "within_rounding": "Within printed rounding",
    "source_inconsistency": "Source inconsistency", "not_reproducible": "Not reproducible from available data",
    "mismatch": "MISMATCH (unexplained)", "missing": "Not computed (unexplained)",
}


def shown_value(printed: str, value: object) -> str:
    """A computed value at display precision: floats with the printed decimals (at least 2), a whole float beside a
    printed whole number as a count ("35", not "35.00": a column of counts and missing values is float); empty when
    missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer() and printed.isdigit():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.{max(printed_decimals(printed), 2)}f}"
    return str(value)


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """The reconciliation with readable columns and computed values at display precision."""
    shown_table = pd.DataFrame({
        "Figure": table["figure_id"], "Section": table["section"], "What": table["metric"],
        "Published": table["published"],
        "Computed": [shown_value(printed, value) for printed, value in zip(table["published"], table["computed"])],
        "Status": table["status"].map(lambda s: STATUS_LABELS.get(s, s)), "Reason": table["reason"],
    })
    if "check_reason" in table.columns and table["check_reason"].astype(bool).any():
        shown_table["Kind of check"] = table["check_reason"].map(lambda text: text[:1].upper() + text[1:])
    return shown_table


def summary_sentence(table: pd.DataFrame) -> str:
    """One sentence: how many published figures are reproduced, and how (split by kind of check when known)."""
    counts, split = status_summary(table), check_summary(table) if "check" in table.columns else {}
    parts = []
    for status in STATUS_LABELS:
        if not counts.get(status):
            continue
        kinds = [f"{n} {labels[n != 1]}" for kind, labels in CHECK_LABELS.items()
                 if (n := split.get(status, {}).get(kind))]
        detail = f" ({', '.join(kinds)})" if kinds else ""
        parts.append(f"{counts[status]} {STATUS_LABELS[status].lower()}{detail}")
    return f"Of {len(table)} published figures: " + "; ".join(parts) + "."
