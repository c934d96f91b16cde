"""Index entries for every registry report, rendered or not (ascc_analysis.pipeline.indexing)."""

from __future__ import annotations

import json
from pathlib import Path

from ascc_analysis.pipeline import indexing
from ascc_analysis.pipeline.fingerprint import save_state
from ascc_analysis.pipeline.orchestrate import Outcome
from ascc_analysis.validation.result import Failure, GateResult
from tests.helpers.fixture_project import fixture_reports

REPORTS = fixture_reports(Path("/templates"))


def test_entries_cover_every_report(tmp_path):
    (tmp_path / "failed").mkdir()
    for report_id in ("overview", "nat-AAA", "nat-BBB"):
        (tmp_path / f"{report_id}.html").write_text("x")
    (tmp_path / "failed" / "nat-BBB.html").write_text("x")
    save_state(tmp_path, "nat-AAA", {"status": "ok", "seconds": 4.5})
    outcomes = {"overview": Outcome("overview", "ok", 2.0, "forced"),
                "nat-BBB": Outcome("nat-BBB", "failed", 1.0, "forced",
                                   {"cell": 4, "ename": "ValueError", "evalue": "no"})}
    entries = {e.report_id: e for e in indexing.entries(REPORTS, outcomes, tmp_path)}
    assert list(entries) == ["overview", "nat-AAA", "nat-BBB", "char-X"]
    overview = entries["overview"]
    assert (overview.status, overview.html, overview.seconds) == ("ok", "overview.html", 2.0)
    assert (entries["nat-AAA"].status, entries["nat-AAA"].reason, entries["nat-AAA"].seconds) == \
        ("skipped", "not selected in this run", 4.5)
    assert entries["nat-BBB"].status == "failed" and entries["nat-BBB"].html == "nat-BBB.html"
    assert entries["nat-BBB"].reason == "cell [4] ValueError: no"
    assert (entries["char-X"].status, entries["char-X"].html) == ("not rendered", None)
    assert entries["nat-AAA"].parameters == {"ams": "AAA", "name": "nat-AAA"}


def test_failed_report_without_a_good_one_links_its_failure(tmp_path):
    (tmp_path / "failed").mkdir()
    (tmp_path / "failed" / "char-X.html").write_text("x")
    save_state(tmp_path, "char-X", {"status": "failed", "error": {"cell": None, "ename": "Timeout", "evalue": "t"}})
    entry = indexing.entries(REPORTS, {}, tmp_path)[3]
    assert (entry.status, entry.html, entry.reason) == ("failed", "failed/char-X.html", "Timeout: t")


def test_index_shows_this_runs_verdict_else_the_stored_one(tmp_path):
    rendered = {"overview": Outcome("overview", "ok", 1.0, "forced")}
    failure = Failure("suite_x", "e", "c", (), (), "a distinctive failure")
    failed = GateResult(False, {"suite_x": {"passed": 1, "failed": 1}}, (failure,))
    page = indexing.update_index(REPORTS, rendered, failed, tmp_path, tmp_path).read_text()
    assert "suite_x" in page and "a distinctive failure" in page
    save_state(tmp_path, "gate", {"key": "k", "success": True, "suites": [["suite_y", {"passed": 2, "failed": 0}]]})
    page = indexing.update_index(REPORTS, rendered, None, tmp_path, tmp_path).read_text()
    assert "suite_y" in page and "suite_x" not in page


def test_index_is_written_only_when_something_changed(tmp_path):
    skipped = {"overview": Outcome("overview", "skipped", None, "up to date")}
    path = indexing.update_index(REPORTS, skipped, None, tmp_path, tmp_path)
    assert path == tmp_path / "index.html" and "Fixture report overview" in path.read_text()
    assert indexing.update_index(REPORTS, skipped, None, tmp_path, tmp_path) is None
    rendered = {"overview": Outcome("overview", "ok", 1.0, "forced")}
    assert indexing.update_index(REPORTS, rendered, None, tmp_path, tmp_path) == path


def test_reconciliation_summary_needs_the_regional_sidecar(tmp_path):
    assert indexing.reconciliation_summary(tmp_path, tmp_path) is None
    (tmp_path / "regional.json").write_text('{"figures": {}}')
    summary = indexing.reconciliation_summary(tmp_path, tmp_path)
    assert summary["total"] > 0 and sum(summary["counts"].values()) == summary["total"]


def test_validation_links_name_only_pages_that_exist(tmp_path):
    assert indexing.validation_links(tmp_path) == []
    (tmp_path / "validation").mkdir()
    (tmp_path / "validation" / "summary.html").write_text("x")
    assert indexing.validation_links(tmp_path) == [("Validation summary (offline)", "validation/summary.html")]


def test_the_reconciliation_summary_splits_its_counts_by_kind_of_check(tmp_path):
    sidecar = {"figures": {"planned_activities": 977, "declarations_since_2016": 35},
               "figure_provenance": {"planned_activities": {"reconstructed": 977},
                                     "declarations_since_2016": {"public_statistics": 38}}}
    (tmp_path / "regional.json").write_text(json.dumps(sidecar))
    summary = indexing.reconciliation_summary(tmp_path, tmp_path)
    assert summary["checks"]["exact"] == {"by_construction": 1}
    assert summary["checks"]["not_reproducible"] == {"independent": 1}


def test_an_entry_carries_its_reports_reconstructed_share_and_partial_coverage(tmp_path):
    report = REPORTS[0]
    (tmp_path / f"{report.report_id}.html").write_text("<html></html>")
    (tmp_path / f"{report.report_id}.json").write_text(json.dumps({
        "basis": {"marks": 8, "reconstructed_share": 62.5},
        "coverage": {"complete": False, "summary": "13 of the 15 implementing Sectoral Bodies sent no workbook"}}))
    entry = next(e for e in indexing.entries(REPORTS, {}, tmp_path) if e.report_id == report.report_id)
    assert (entry.reconstructed_share, entry.marks) == (62.5, 8)
    assert entry.coverage.startswith("13 of the 15")
    assert "Reconstructed share" in indexing.share_meaning(tmp_path)


def test_chapters_are_headed_by_their_one_title_or_what_their_titles_share():
    from ascc_analysis.data.registry import all_reports

    groups = indexing.chapter_groups(all_reports())
    assert groups["characteristic"] == "Characteristic" and groups["national"] == "National progress"
    assert groups["regional"] == "Regional overview of Blueprint implementation"


def test_headline_findings_are_read_from_the_regional_sidecar(tmp_path):
    figures = {"assessed_activities": 12, "planned_activities": 20, "sectoral_bodies": 3, "status_as_of": "2020-05-21",
               "implementation_rate": 50.0, "completion_rate": 25.0, "kpis_total": 9, "kpis_sufficient_data": 4,
               "kpis_with_progress": 1}
    assert indexing.headline_findings(tmp_path) == []
    (tmp_path / "regional.json").write_text(json.dumps({"figures": figures}), encoding="utf-8")
    lines = indexing.headline_findings(tmp_path)
    assert lines[0] == ("12 of the 20 planned activities were assessed, reported by 3 Sectoral Bodies, "
                        "status as of 2020-05-21.")
    assert "50.0%" in lines[1] and "25.0%" in lines[1]
    assert lines[2] == "Of the 9 KPIs, 4 have sufficient data to judge; of these, 1 shows progress."
    assert len(lines) == 4


def test_update_index_writes_the_glossary_and_the_run_details(tmp_path):
    from ascc_analysis.data.registry import all_reports

    reports = all_reports()[:1]
    outcome = Outcome(reports[0].report_id, "ok", 1.0, "forced")
    indexing.update_index(reports, {reports[0].report_id: outcome}, None, tmp_path, Path("data"))
    assert {"index.html", "build.html", "glossary.html"} <= {path.name for path in tmp_path.iterdir()}
    glossary = (tmp_path / "glossary.html").read_text(encoding="utf-8")
    assert "ASOEN" in glossary and "Key Performance Indicator" in glossary and "Reconstructed" in glossary
