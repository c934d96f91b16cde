"""The basis of a number: the provenance of the rows behind it, marked where the number is read."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape

import pandas as pd

from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present.text import percent


@dataclass(frozen=True)
class Basis:
    """Rows per provenance code behind one chart, table or block of sentences.

    Attributes
    ----------
    rows : tuple of (str, int)
        Provenance code -> number of rows, sorted by code.
    """

    rows: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, *frames: pd.DataFrame) -> Basis:
        """The basis of values computed from these frames (each with a ``provenance`` column)."""
        counts: Counter = Counter()
        for frame in frames:
            counts.update(frame["provenance"].astype(str).tolist())
        return cls(tuple(sorted(counts.items())))

    @classmethod
    def from_code(cls, code: str, rows: int = 1) -> Basis:
        """A basis of ``rows`` values of one provenance code (e.g. figures read from the published file)."""
        return cls(((code, int(rows)),))

    def __add__(self, other: Basis) -> Basis:
        counts = Counter(dict(self.rows))
        counts.update(dict(other.rows))
        return Basis(tuple(sorted(counts.items())))

    @property
    def total(self) -> int:
        """Rows behind the values."""
        return sum(count for _, count in self.rows)

    def share(self, codes) -> float:
        """Share (0-100) of the rows whose provenance is one of ``codes``; 0 for an empty basis."""
        wanted = set(codes)
        return 100.0 * sum(n for code, n in self.rows if code in wanted) / self.total if self.total else 0.0

    def rests_on_project_rows(self, taxonomy: Taxonomy) -> bool:
        """Whether any row behind the values was built by the project (reconstructed)."""
        return any(n for code, n in self.rows if code in taxonomy.built_by_project)

    def may_name(self, taxonomy: Taxonomy) -> bool:
        """Whether a ranking on these rows may name a Sectoral Body, KRA or AMS (no project-built rows)."""
        return not self.rests_on_project_rows(taxonomy)

    def code(self, taxonomy: Taxonomy) -> str | None:
        """The code the mark shows: the project-built code when any row has one, else the most common code."""
        if not self.rows:
            return None
        built = [(n, code) for code, n in self.rows if code in taxonomy.built_by_project and n]
        candidates = built or [(n, code) for code, n in self.rows]
        return max(candidates)[1]


def mark_html(basis: Basis, taxonomy: Taxonomy) -> str:
    """A visible basis mark with its one-line meaning on hover.

    A mixed basis says which share of the rows carries the code shown, e.g.
    "Basis: Reconstructed (95.0% of 400 rows)".
    """
    code = basis.code(taxonomy)
    if code is None:
        return ""
    meaning = taxonomy.label("provenance", code, column="mark_meaning")
    return (f'<p class="basis-mark basis-{escape(code)}" title="{escape(meaning)}">'
            f'<span class="basis-label">Basis: {escape(mark_text(basis, taxonomy))}</span></p>')


def mark_text(basis: Basis, taxonomy: Taxonomy) -> str:
    """The mark's words without HTML, e.g. "Reconstructed (95.0% of 400 rows)" (a table cell); empty for no rows."""
    code = basis.code(taxonomy)
    if code is None:
        return ""
    detail = "" if len(basis.rows) == 1 else f" ({percent(basis.share([code]))} of {basis.total:,} rows)"
    return taxonomy.label("provenance", code) + detail


def summary(bases: list[Basis], taxonomy: Taxonomy) -> dict:
    """What a report's marks rest on, for its sidecar, banner and the index.

    Returns
    -------
    dict
        ``marks`` (number of marked elements), ``by_code`` (elements per mark code) and
        ``reconstructed_share`` (share, 0-100, of marked elements resting on project-built rows).
    """
    marked = [basis for basis in bases if basis.rows]
    by_code = Counter(basis.code(taxonomy) for basis in marked)
    built = sum(1 for basis in marked if basis.rests_on_project_rows(taxonomy))
    return {"marks": len(marked), "by_code": dict(sorted(by_code.items())),
            "reconstructed_share": round(100.0 * built / len(marked), 1) if marked else 0.0}
