"""The validation gate, run once and cached (ascc_analysis.pipeline.gate)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ascc_analysis.pipeline import gate
from ascc_analysis.pipeline.fingerprint import Hasher
from ascc_analysis.config import DATA_DIR, EXPECTATIONS_DIR

PASS = gate.GateOutcome(True, "Validation passed", {"s": {"passed": 1, "failed": 0}})
FAIL = gate.GateOutcome(False, "Validation FAILED", {"s": {"passed": 0, "failed": 1}}, ("s: broken",))


def _data(tmp_path) -> Path:
    data = tmp_path / "data"
    (data / "raw" / "tool1").mkdir(parents=True)
    (data / "raw" / "tool1" / "A.xlsx").write_bytes(b"a")
    return data


def _run(check, data, out, use_cache=True) -> gate.GateRun:
    (out / gate.VALIDATION_DIR).mkdir(parents=True, exist_ok=True)  # as if published by the previous run
    run = gate.GateRun(check, data, out, gate.gate_key(data, Hasher()), use_cache).start()
    run.wait(10)
    return run


def test_passing_outcome_is_cached_until_the_data_changes(tmp_path):
    data, out, calls = _data(tmp_path), tmp_path / "out", []

    def check(data_dir, docs_dir):
        calls.append(data_dir)
        return PASS

    first = _run(check, data, out)
    assert first.done and first.outcome == PASS and not first.outcome.cached
    first.store()
    second = _run(check, data, out)
    assert second.outcome.cached and second.outcome.success and len(calls) == 1
    assert "cached" in second.outcome.summary()
    assert _run(check, data, out, use_cache=False).outcome == PASS and len(calls) == 2
    (data / "raw" / "tool1" / "A.xlsx").write_bytes(b"edited")
    assert not _run(check, data, out).outcome.cached and len(calls) == 3


def test_cache_needs_the_published_validation_folder(tmp_path):
    data, out = _data(tmp_path), tmp_path / "out"
    run = _run(lambda d, docs: PASS, data, out)
    run.store()
    assert gate.cached_outcome(out, run.key) is not None
    (out / gate.VALIDATION_DIR).rmdir()
    assert gate.cached_outcome(out, run.key) is None


def test_cached_summary_says_so_on_its_first_line():
    cached = gate.GateOutcome(True, "Validation passed\n  s: 1 passed", cached=True)
    assert cached.summary().splitlines() == [
        "Validation passed (cached: data and suites unchanged since the last passing run)", "  s: 1 passed"]


def test_failing_outcome_is_never_cached(tmp_path):
    data, out = _data(tmp_path), tmp_path / "out"
    run = _run(lambda d, docs: FAIL, data, out)
    run.store()
    assert gate.cached_outcome(out, run.key) is None


def test_errors_in_the_check_are_kept_for_the_orchestrator(tmp_path):
    def check(data_dir, docs_dir):
        raise RuntimeError("boom")

    run = _run(check, _data(tmp_path), tmp_path / "out")
    assert run.done and isinstance(run.error, RuntimeError) and run.outcome is None


def test_key_covers_the_suites(tmp_path):
    data = _data(tmp_path)
    suites = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, suites)
    before = gate.gate_key(data, Hasher(), suites)
    first = min(suites.glob("*.json"))
    first.write_text(first.read_text() + "\n")
    assert gate.gate_key(data, Hasher(), suites) != before


def test_run_validation_passes_on_the_shipped_data(tmp_path):
    outcome = gate.run_validation(DATA_DIR, tmp_path / "docs")
    assert outcome.success, outcome.summary()
    assert outcome.suites
    assert (tmp_path / "docs" / "summary.html").is_file()


def test_run_validation_reports_ingest_errors(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    outcome = gate.run_validation(empty)
    assert not outcome.success
    assert "no Tool 1 workbooks" in outcome.summary()
    assert any("no Tool 1 workbooks" in failure for failure in outcome.failures)
