"""Cross-sectoral work: Sectoral Bodies that serve the same KRA or strategic measure."""

from __future__ import annotations

from itertools import combinations

import pandas as pd

from ascc_analysis.analysis.activities import assessed_activities
from ascc_analysis.data.taxonomy import Taxonomy


def _body_references(register, taxonomy: Taxonomy, level: str) -> pd.DataFrame:
    assessed = assessed_activities(register.activities, taxonomy)[["activity_code", "sectoral_body"]]
    links = register.links[register.links[level].notna()][["activity_code", level]]
    merged = links.merge(assessed, on="activity_code")
    return merged[[level, "sectoral_body"]].astype(str).drop_duplicates()


def bodies_per_reference(register, taxonomy: Taxonomy, level: str = "kra_code") -> pd.DataFrame:
    """How many Sectoral Bodies serve each KRA (or strategic measure), most shared first.

    Returns
    -------
    pandas.DataFrame
        Columns: the reference code column, ``bodies`` (count), ``body_list`` (sorted, "; "-joined).
    """
    pairs = _body_references(register, taxonomy, level)
    grouped = pairs.groupby(level)["sectoral_body"].agg(lambda s: sorted(s))
    table = pd.DataFrame({level: grouped.index, "bodies": grouped.map(len).to_numpy(),
                          "body_list": grouped.map("; ".join).to_numpy()})
    return table.sort_values(["bodies", level], ascending=[False, True], ignore_index=True)


def shared_reference_pairs(register, taxonomy: Taxonomy, level: str = "kra_code") -> pd.DataFrame:
    """Pairs of Sectoral Bodies with the number of KRAs (or measures) they both serve.

    Returns
    -------
    pandas.DataFrame
        Columns ``body_a``, ``body_b``, ``shared`` (count) and ``references``; strongest first.
    """
    pairs = _body_references(register, taxonomy, level)
    shared: dict[tuple[str, str], list[str]] = {}
    for code, group in pairs.groupby(level):
        for a, b in combinations(sorted(group["sectoral_body"]), 2):
            shared.setdefault((a, b), []).append(str(code))
    rows = [{"body_a": a, "body_b": b, "shared": len(codes), "references": "; ".join(sorted(codes))}
            for (a, b), codes in shared.items()]
    table = pd.DataFrame(rows, columns=["body_a", "body_b", "shared", "references"])
    return table.sort_values(["shared", "body_a", "body_b"], ascending=[False, True, True], ignore_index=True)
