"""``outputs/index.html``, the reviewers' landing page, and ``outputs/build.html``, the run details.

The landing page says what the review is, the reading order, the headline findings, what the
reconstructed share means, and links every report, the register, the glossary and the
validation summary. It holds nothing that changes from run to run: the same inputs give the
same bytes. The run details (status, seconds, parameters, failures, the time of the run) are
on ``build.html``, linked in small print. Both pages are self-contained (inline CSS, no script,
nothing fetched).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ascc_analysis.config import EXPECTATIONS_DIR
from ascc_analysis.present.html_export import (
    CONTENT_SECURITY_POLICY,
    REPORT_CSS,
    SERIES_LINE,
    TEMPLATE_NAME,
    TEMPLATES_DIR,
    format_value,
    now_iso,
    slugify,
    unique_id,
)

INDEX_TEMPLATE = "index_page.html.j2"
BUILD_TEMPLATE = "build_page.html.j2"
INDEX_TITLE = "Reports of the Mid-Term Review"
BUILD_TITLE = "Run details of the reports"
BUILD_PAGE = "build.html"
GLOSSARY_PAGE = "glossary.html"
STATUSES = {"ok": "ok", "failed": "failed", "skipped": "up to date (skipped)", "not rendered": "not rendered"}
"""Report status -> label shown on the index."""
RECONCILIATION_ORDER = ("exact", "within_rounding", "source_inconsistency", "not_reproducible", "mismatch", "missing")
"""Statuses of ``ascc_analysis.analysis.reconcile`` in the order shown; any other status follows, sorted."""


@dataclass(frozen=True)
class IndexEntry:
    """One report's line on the index.

    Attributes
    ----------
    report_id : str
        E.g. ``characteristic-A``.
    title : str
        Report title (the link text).
    chapter : str
        Group heading on the index; groups appear in the order of their first entry.
    status : str
        ``ok``, ``failed``, ``skipped`` (up to date, not re-rendered) or ``not rendered``.
    html : str or None
        Path of the report's HTML relative to the index; no link when None.
    reason : str
        Why it failed or was skipped, shown as a note.
    parameters : dict
        The report's own parameters, shown as ``name=value``.
    seconds : float or None
        Render duration; marked ``data-render-time`` (it changes from run to run).
    reconstructed_share : float or None
        Share (0-100) of the report's marked elements resting on reconstructed rows (its
        sidecar's ``basis``); None when unknown.
    marks : int
        The report's marked tables, charts and blocks of sentences.
    coverage : str
        The coverage sentence when the report's register was partial, else empty.
    """

    report_id: str
    title: str
    chapter: str
    status: str  # "ok" | "failed" | "skipped" (up to date) | "not rendered"
    html: str | None
    reason: str = ""
    parameters: dict = field(default_factory=dict)
    seconds: float | None = None
    reconstructed_share: float | None = None
    marks: int = 0
    coverage: str = ""

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"report {self.report_id!r}: status {self.status!r} is not one of {sorted(STATUSES)}")


def write_index(output_dir: Path, entries: list[IndexEntry], *, validation: dict | None = None,
                reconciliation: dict | None = None, render_time: str | None = None, share_meaning: str = "",
                headlines: list[str] | tuple[str, ...] = ()) -> Path:
    """Write ``output_dir/index.html`` (the landing page) and ``output_dir/build.html`` (the run details).

    Parameters
    ----------
    output_dir : Path
        Folder of the reports; created when missing.
    entries : list of IndexEntry
        Every report, in the order listed (the reading order).
    validation : dict, optional
        ``{"success": bool, "suites": {name: {"passed": n, "failed": n}}, "failures": [str]}``;
        None shows "Validation summary not available yet".
    reconciliation : dict, optional
        ``{"counts": {status: n}, "total": n, "checks": {status: {kind: n}}}`` (``checks``
        optional: the counts split by kind of check); None shows "Reconciliation summary not
        available yet".
    render_time : str, optional
        ISO 8601 time of the run, shown on ``build.html`` only; now (UTC) when None.
    share_meaning : str
        What the reports' reconstructed share means (shown above the list when not empty).
    headlines : sequence of str
        The headline findings, as sentences (from the regional sidecar); none shown when empty.

    Returns
    -------
    Path
        The index file.
    """
    output_dir = Path(output_dir)
    write_page(output_dir / BUILD_PAGE, render_build_page(entries, render_time=render_time))
    page = render_index(entries, validation=validation, reconciliation=reconciliation, share_meaning=share_meaning,
                        headlines=headlines)
    return write_page(output_dir / "index.html", page)


def write_page(path: Path, page: str) -> Path:
    """Write ``page`` to ``path`` whole or not at all (through a partial file); return ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(page, encoding="utf-8", newline="\n")
    partial.replace(path)
    return path


def render_index(entries: list[IndexEntry], *, validation: dict | None = None, reconciliation: dict | None = None,
                 share_meaning: str = "", headlines: list[str] | tuple[str, ...] = ()) -> str:
    """The landing page as a string (see :func:`write_index`); the same arguments give the same bytes."""
    context = page_context(INDEX_TITLE) | {
        "share_meaning": share_meaning,
        "headlines": [str(line) for line in headlines],
        "chapters": _chapters(entries),
        "validation": _validation_context(validation),
        "reconciliation": _reconciliation_context(reconciliation),
        "build_page": BUILD_PAGE,
        "glossary_page": GLOSSARY_PAGE,
        "problems": sum(entry.status in {"failed", "not rendered"} for entry in entries),
    }
    return page_environment().get_template(INDEX_TEMPLATE).render(**context)


def render_build_page(entries: list[IndexEntry], *, render_time: str | None = None) -> str:
    """``build.html``: each report's status, parameters, seconds and note, and when the run was."""
    context = page_context(BUILD_TITLE) | {
        "run_summary": run_summary(entries),
        "chapters": _chapters(entries),
        "render_time": render_time or now_iso(),
    }
    return page_environment().get_template(BUILD_TEMPLATE).render(**context)


def page_context(title: str) -> dict:
    """What every page of the output folder's own (index, run details, glossary) shows in its head."""
    return {"title": title, "series": SERIES_LINE, "csp": CONTENT_SECURITY_POLICY,
            "css": REPORT_CSS.read_text(encoding="utf-8")}


def page_environment():
    """Jinja environment of the output folder's own pages: the report templates' folder, autoescape on."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(str(TEMPLATES_DIR / TEMPLATE_NAME)), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True)


def run_summary(entries: list[IndexEntry]) -> str:
    """One line: ``"18 reports: 16 ok, 1 failed, 1 not rendered."``."""
    counts = {status: sum(entry.status == status for entry in entries) for status in STATUSES}
    parts = [f"{count} {STATUSES[status]}" for status, count in counts.items() if count]
    noun = "report" if len(entries) == 1 else "reports"
    return f"{len(entries)} {noun}: {', '.join(parts)}." if parts else "No report is registered."


def _chapters(entries: list[IndexEntry]) -> list[dict]:
    chapters: dict[str, dict] = {}
    taken = {"toc", "toc-title", "reports", "reports-title", "validation", "validation-title",
             "validation-failures", "reconciliation", "reconciliation-title", "provenance", "about", "about-title",
             "findings", "findings-title", "reading-order", "reading-order-title"}
    for entry in entries:
        if entry.chapter not in chapters:
            anchor = unique_id(f"chapter-{slugify(entry.chapter)}", taken)
            chapters[entry.chapter] = {"name": entry.chapter, "anchor": anchor, "rows": [], "first_href": None}
        if chapters[entry.chapter]["first_href"] is None and entry.status != "failed" and entry.html:
            chapters[entry.chapter]["first_href"] = _href(entry.html)
        chapters[entry.chapter]["rows"].append(_row(entry))
    return list(chapters.values())


def _row(entry: IndexEntry) -> dict:
    return {
        "report_id": entry.report_id,
        "title": entry.title,
        "href": _href(entry.html) if entry.html else None,
        "status": entry.status,
        "status_class": entry.status.replace(" ", "-"),
        "status_label": STATUSES[entry.status],
        "parameters": [(str(name), format_value(value)) for name, value in entry.parameters.items()],
        "seconds": None if entry.seconds is None else f"{entry.seconds:.1f}",
        "reason": entry.reason,
        "share": None if entry.reconstructed_share is None else f"{float(entry.reconstructed_share):.1f}%",
        "share_value": entry.reconstructed_share,
        "marks": entry.marks,
        "coverage": entry.coverage,
    }


def _href(html: str) -> str:
    return quote(Path(html).as_posix(), safe="/")


def _validation_context(validation: dict | None) -> dict | None:
    if validation is None:
        return None
    suites = [(suite_label(name), name, counts.get("passed", 0), counts.get("failed", 0))
              for name, counts in (validation.get("suites") or {}).items()]
    return {"success": bool(validation.get("success")), "suites": suites,
            "failures": [str(failure) for failure in validation.get("failures") or []],
            "links": [(str(label), str(href)) for label, href in validation.get("links") or []]}


def suite_label(name: str, expectations_dir: Path = EXPECTATIONS_DIR) -> str:
    """What a validation suite checks, in words: the first sentence of its ``meta.description``.

    ``rule_links_have_activities`` -> ``"Every link's activity exists in the activity table"``; the text in
    brackets (file and dataset names) is left out. A suite without a readable description reads as its name
    with spaces.

    Parameters
    ----------
    name : str
        The suite's name (its file ``<expectations_dir>/<name>.json``).
    expectations_dir : Path, optional
        Where the suites are (default: the project's ``expectations/``).
    """
    try:
        suite = json.loads((Path(expectations_dir) / f"{name}.json").read_text(encoding="utf-8"))
        description = suite["meta"]["description"]
    except (OSError, ValueError, KeyError, TypeError):
        description = ""
    text = str(description).removeprefix("Cross-table rule: ").split(". ")[0].split(" (")[0].strip().rstrip(".")
    return text[:1].upper() + text[1:] if text else name.replace("_", " ")


def _reconciliation_context(reconciliation: dict | None) -> dict | None:
    if reconciliation is None:
        return None
    counts = reconciliation.get("counts") or {}
    known = [status for status in RECONCILIATION_ORDER if status in counts]
    order = known + sorted(status for status in counts if status not in RECONCILIATION_ORDER)
    total = reconciliation.get("total", sum(counts.values()))
    from ascc_analysis.analysis.reconcile import CHECK_LABELS, STATUS_LABELS

    checks = reconciliation.get("checks") or {}
    kinds = [kind for kind in CHECK_LABELS if any(kind in split for split in checks.values())]
    rows = [(status, STATUS_LABELS.get(status, status.replace("_", " ")), counts[status],
             [checks.get(status, {}).get(kind, 0) for kind in kinds]) for status in order]
    totals = {kind: sum(split.get(kind, 0) for split in checks.values()) for kind in kinds}
    return {"counts": rows, "total": total, "link": reconciliation.get("link"),
            "kinds": [(kind, CHECK_LABELS[kind][1].capitalize()) for kind in kinds],
            "kind_totals": [totals[kind] for kind in kinds],
            "check_sentence": check_sentence(totals)}


def check_sentence(totals: dict[str, int]) -> str:
    """``"2 independent checks, 63 by construction, 1 of unknown provenance."`` (empty without kinds)."""
    from ascc_analysis.analysis.reconcile import CHECK_LABELS

    parts = [f"{n} {CHECK_LABELS[kind][n != 1]}" for kind, n in totals.items() if n]
    return ", ".join(parts) + "." if parts else ""
