"""The banner a report opens with: the share of its marked numbers resting on reconstructed rows, the register's
coverage when partial, and the legend of the basis marks."""

from __future__ import annotations

from html import escape

from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.present.text import count, percent


def reconstructed_share_text(basis: dict | None, taxonomy: Taxonomy) -> str:
    """What a report's marks rest on, in one sentence (from the sidecar's ``basis`` summary).

    Parameters
    ----------
    basis : dict or None
        ``marks`` and ``reconstructed_share`` of :func:`present.basis.summary`; None when nothing was marked.
    taxonomy : Taxonomy
        The label and one-line meaning of the project-built provenance code.

    Returns
    -------
    str
        E.g. "95.0% of this report's marked tables, charts and blocks of computed sentences (19 of 20) rest on
        reconstructed rows: built to match the MTR's published totals: shows structure, not records."
    """
    label, meaning = _built_wording(taxonomy)
    marks = int((basis or {}).get("marks") or 0)
    if not marks:
        return "No table, chart or block of computed sentences in this report is marked with its basis."
    share = float(basis.get("reconstructed_share") or 0.0)
    built = round(share * marks / 100)
    if not built:
        return (f"None of the {count(marks)} marked tables, charts and blocks of sentences of this report rests on "
                f"{label} rows.")
    return (f"{percent(share)} of this report's marked tables, charts and blocks of computed sentences "
            f"({count(built)} of {count(marks)}) rest on {label} rows: {meaning[:1].lower() + meaning[1:]}.")


def _built_wording(taxonomy: Taxonomy) -> tuple[str, str]:
    """The lower-case label and the mark meaning of the first project-built provenance code."""
    codes = taxonomy.built_by_project
    if not codes:
        return "project-built", ""
    return (taxonomy.label("provenance", codes[0]).lower(),
            taxonomy.label("provenance", codes[0], column="mark_meaning"))


def legend_html(taxonomy: Taxonomy) -> str:
    """Every basis mark's label with its one-line meaning (``provenance.csv``), as a definition list."""
    items = "".join(f'<dt class="basis-{escape(code)}">{escape(taxonomy.label("provenance", code))}</dt>'
                    f'<dd>{escape(taxonomy.label("provenance", code, column="mark_meaning"))}</dd>'
                    for code in taxonomy.provenance_codes)
    return f'<dl class="basis-legend">{items}</dl>'


def banner_html(sidecar: dict | None, taxonomy: Taxonomy) -> str:
    """The banner a report opens with.

    Parameters
    ----------
    sidecar : dict or None
        The report's sidecar: its ``basis`` summary and, when it read the register, its ``coverage``.
    taxonomy : Taxonomy
        Provenance labels and meanings.

    Returns
    -------
    str
        A ``<section class="report-banner">``: the reconstructed share, the coverage sentence when the
        register is partial, and the legend of the basis marks.
    """
    sidecar = sidecar or {}
    share = (sidecar.get("basis") or {}).get("reconstructed_share")
    parts = [f'<p class="reconstructed-share" data-reconstructed-share="{escape(str(share))}">'
             f'<strong>{escape(reconstructed_share_text(sidecar.get("basis"), taxonomy))}</strong></p>']
    coverage = sidecar.get("coverage")
    if coverage and not coverage.get("complete", True):
        present, expected = int(coverage.get("present", 0)), int(coverage.get("expected", 0))
        parts.append(f'<p class="coverage-banner" data-bodies-present="{present}" data-bodies-expected="{expected}">'
                     f'{escape(str(coverage["summary"]))}</p>')
    parts.append('<p class="legend-title">Each table, chart and block of computed sentences carries a basis mark: '
                 'what the rows behind it are (hover a mark for its meaning).</p>')
    parts.append(legend_html(taxonomy))
    return ('<section class="report-banner" id="report-banner" aria-label="What this report rests on">'
            + "".join(parts) + "</section>")
