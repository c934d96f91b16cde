"""Named judgements: a ranking names a Sectoral Body, KRA or AMS only when no row behind it was built by the project."""

from __future__ import annotations

from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present.basis import Basis
from ascc_analysis.present.text import ordinal, percent


def ranked_names(names: list[str], basis: Basis, taxonomy: Taxonomy, kind: str = "body") -> list[str]:
    """The names of a ranking, or rank words in their place when the rows behind it may not name them.

    Parameters
    ----------
    names : list of str
        Names in rank order (largest or highest first).
    basis : Basis
        The provenance of the rows the ranking was computed from.
    taxonomy : Taxonomy
        Says which provenance codes the project built (``built_by_project``).
    kind : str
        What is ranked, in words (``body``, ``KRA``, ``Member State``).

    Returns
    -------
    list of str
        ``names`` unchanged, or ``["the first-ranked body", "the second-ranked body", ...]``.
    """
    if basis.may_name(taxonomy):
        return list(names)
    return [f"the {ordinal(rank)}-ranked {kind}" for rank in range(1, len(names) + 1)]


def withheld_note(basis: Basis, taxonomy: Taxonomy) -> str:
    """Why a ranking shows no names (empty when it may name them).

    Returns
    -------
    str
        E.g. "Names are withheld: 98.9% of the rows behind this ranking are reconstructed (built
        to match the MTR's published totals, they show structure, not records); a Tool 1 export
        of real records names them."
    """
    if basis.may_name(taxonomy):
        return ""
    built = basis.share(taxonomy.built_by_project)
    label = taxonomy.label("provenance", basis.code(taxonomy)).lower()
    return (f"Names are withheld: {percent(built)} of the rows behind this ranking are {label} "
            f"(built to match the MTR's published totals, they show structure, not records); "
            f"a Tool 1 export of real records names them.")
