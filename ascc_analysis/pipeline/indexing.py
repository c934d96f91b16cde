"""The entries, headline findings, validation and reconciliation summaries of ``outputs/index.html``.

Every report of the registry gets an entry, rendered in this run or not. The page itself
is written by ``index_page.write_index``; it is rewritten when a run rendered or failed a
report, or when it is missing, so a run with nothing to do leaves it as it is.
"""

from __future__ import annotations

import os
from pathlib import Path

from ascc_analysis.data.io import read_json
from ascc_analysis.pipeline.fingerprint import load_state
from ascc_analysis.pipeline.gate import stored_result
from ascc_analysis.pipeline.progress import error_text
from ascc_analysis.validation.result import GateResult


def reconciliation_summary(output_dir: Path, data_dir: Path) -> dict | None:
    """Published-versus-computed counts from the regional sidecar, or None when it is not there yet.

    The counts are split by kind of check (``reconcile.check_summary``: independent check, by
    construction) from the provenance of the rows behind each figure that the sidecar records.
    """
    sidecar = read_json(Path(output_dir) / "regional.json")
    if not sidecar or "figures" not in sidecar:
        return None
    from ascc_analysis.analysis.reconcile import check_summary, reconcile, status_summary
    from ascc_analysis.data.datasets import load

    table = reconcile(sidecar["figures"], load("published_figures", data_dir), load("reconciliation_notes", data_dir),
                      sidecar.get("figure_provenance"), load("taxonomy", data_dir))
    return {"counts": status_summary(table), "total": len(table), "link": RECONCILIATION_LINK,
            "checks": check_summary(table) if sidecar.get("figure_provenance") else {}}


def report_basis(output_dir: Path, report_id: str) -> dict:
    """What a published report's marks rest on, from its sidecar: ``reconstructed_share`` (None without marks),
    ``marks`` and ``coverage`` (the coverage sentence when the register was partial, else empty)."""
    sidecar = read_json(Path(output_dir) / f"{report_id}.json") or {}
    basis, coverage = sidecar.get("basis") or {}, sidecar.get("coverage") or {}
    return {"reconstructed_share": basis.get("reconstructed_share") if basis.get("marks") else None,
            "marks": int(basis.get("marks") or 0),
            "coverage": "" if coverage.get("complete", True) else str(coverage.get("summary", ""))}


def share_meaning(data_dir: Path) -> str:
    """What the index's reconstructed share means, with the one-line meaning of the project-built rows."""
    from ascc_analysis.data.datasets import load

    taxonomy = load("taxonomy", data_dir)
    codes = taxonomy.built_by_project
    if not codes:
        return ""
    label = taxonomy.label("provenance", codes[0]).lower()
    meaning = taxonomy.label("provenance", codes[0], column="mark_meaning")
    return (f"{label.capitalize()} share: the share of a report's marked tables, charts and blocks of computed "
            f"sentences that rest on {label} rows ({meaning[:1].lower() + meaning[1:]}).")


def headline_findings(output_dir: Path) -> list[str]:
    """The landing page's headline findings, as sentences, from the regional sidecar's figures (none without it).

    The figures are read, never typed: activities assessed, implementation and completion rates,
    KPIs with sufficient data and with progress.
    """
    from ascc_analysis.present.text import agree, count, percent

    figures = (read_json(Path(output_dir) / "regional.json") or {}).get("figures") or {}
    lines = []
    if {"assessed_activities", "planned_activities", "sectoral_bodies"} <= figures.keys():
        as_of = f", status as of {figures['status_as_of']}" if figures.get("status_as_of") else ""
        lines.append(f"{count(figures['assessed_activities'])} of the {count(figures['planned_activities'])} "
                     f"planned activities were assessed, reported by {count(figures['sectoral_bodies'])} "
                     f"Sectoral Bodies{as_of}.")
    if {"implementation_rate", "completion_rate"} <= figures.keys():
        lines.append(f"Implementation rate {percent(figures['implementation_rate'])} and completion rate "
                     f"{percent(figures['completion_rate'])} of the assessed activities (regional overview, Table 1).")
    if {"kpis_total", "kpis_sufficient_data", "kpis_with_progress"} <= figures.keys():
        sufficient, progress = figures["kpis_sufficient_data"], figures["kpis_with_progress"]
        lines.append(f"Of the {count(figures['kpis_total'])} KPIs, {agree(sufficient, 'has', 'have')} sufficient data "
                     f"to judge; of these, {agree(progress, 'shows', 'show')} progress.")
    if lines:
        lines.append("These figures are recomputed from this project's data: read the reconstructed share of each "
                     "report below before taking them for the MTR's own.")
    return lines


RECONCILIATION_LINK = "regional.html#published-versus-computed"
"""Where the full reconciliation table is (the regional report's section)."""
VALIDATION_LINKS = (("Validation summary (offline)", "validation/summary.html"),
                    ("Great Expectations Data Docs (styles load from the internet)", "validation/index.html"))


def validation_links(output_dir: Path) -> list[tuple[str, str]]:
    """Links to the published validation pages that exist in ``output_dir``."""
    return [(label, href) for label, href in VALIDATION_LINKS if (Path(output_dir) / href).is_file()]


def _entry_fields(report, outcome, output_dir: Path) -> dict:
    report_id = report.report_id
    state = load_state(output_dir, report_id) or {}
    good = (output_dir / f"{report_id}.html").is_file()
    failed_html = f"failed/{report_id}.html" if (output_dir / f"failed/{report_id}.html").is_file() else None
    if outcome is not None and outcome.status in {"ok", "failed"}:
        status, seconds = outcome.status, outcome.seconds
        reason = error_text(outcome.error) if outcome.status == "failed" else ""
    elif state.get("status") == "failed":
        status, seconds, reason = "failed", state.get("seconds"), error_text(state.get("error"))
    elif good:
        why = "up to date" if outcome is not None else "not selected in this run"
        status, seconds, reason = "skipped", state.get("seconds"), why
    else:
        status, seconds, reason = "not rendered", None, "not selected in this run" if outcome is None else ""
    html = f"{report_id}.html" if good else (failed_html if status == "failed" else None)
    basis = report_basis(output_dir, report_id) if good else {}
    return {"status": status, "html": html, "reason": reason, "seconds": seconds, **basis}


def entries(reports, outcomes: dict, output_dir: Path) -> list:
    """One ``index_page.IndexEntry`` per registry report.

    Parameters
    ----------
    reports : list of Report
        The whole registry.
    outcomes : dict
        Report id -> Outcome of this run (selected reports only).
    output_dir : Path
        The published folder (its HTML files and ``.state/``).
    """
    from ascc_analysis.pipeline.index_page import IndexEntry

    groups = chapter_groups(reports)
    return [IndexEntry(report.report_id, report.title, groups[report.chapter], parameters=dict(report.parameters),
                       **_entry_fields(report, outcomes.get(report.report_id), Path(output_dir)))
            for report in reports]


def chapter_groups(reports) -> dict[str, str]:
    """Chapter -> its heading on the index, from its reports' titles: the title of a chapter's one report, else
    what its reports' titles share before the colon (``"Characteristic A: ..."``, ``"Characteristic B: ..."`` ->
    ``"Characteristic"``), else the chapter's name."""
    titles: dict[str, list[str]] = {}
    for report in reports:
        titles.setdefault(report.chapter, []).append(report.title or report.report_id)
    groups = {}
    for chapter, names in titles.items():
        if len(names) == 1:
            groups[chapter] = names[0]
            continue
        shared = os.path.commonprefix([name.split(":")[0] for name in names]).strip()
        groups[chapter] = shared or chapter
    return groups


def needs_index(outcomes: dict, output_dir: Path) -> bool:
    """True when a report rendered or failed in this run, or there is no index yet."""
    changed = any(outcome.status in {"ok", "failed"} for outcome in outcomes.values())
    return changed or not (Path(output_dir) / "index.html").is_file()


def update_index(reports, outcomes: dict, gate: GateResult | None, output_dir: Path, data_dir: Path) -> Path | None:
    """Write ``<output_dir>/index.html``, ``build.html`` and ``glossary.html`` when ``needs_index``; return the
    index's path (None when left as it is).

    ``gate`` is this run's verdict; when the run had none (nothing rendered) the stored
    passing one is shown.
    """
    if not needs_index(outcomes, output_dir):
        return None
    from ascc_analysis.pipeline.index_page import write_index

    gate = gate if gate is not None else stored_result(output_dir)
    validation = gate.to_dict() | {"links": validation_links(output_dir)} if gate is not None else None
    from ascc_analysis.pipeline.glossary_page import write_glossary

    write_glossary(output_dir, data_dir)
    return write_index(output_dir, entries(reports, outcomes, output_dir), validation=validation,
                       reconciliation=reconciliation_summary(output_dir, data_dir),
                       share_meaning=share_meaning(data_dir), headlines=headline_findings(output_dir))
