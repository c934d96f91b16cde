"""The validation gate, run once and cached (ascc_analysis.pipeline.gate)."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

from ascc_analysis.config import DATA_DIR, EXPECTATIONS_DIR
from ascc_analysis.pipeline import cli, gate
from ascc_analysis.pipeline.fingerprint import PACKAGE_DIR, Hasher
from ascc_analysis.validation.result import Failure, GateResult

PASS = GateResult(True, {"s": {"passed": 1, "failed": 0}, "a": {"passed": 2, "failed": 0}},
                  skipped=(("t", "needs table 'u'"),))
FAIL = GateResult(False, {"s": {"passed": 0, "failed": 1}}, (Failure("s", "expect_x", "c", ("1",), (), "broken"),))


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


def test_passing_result_is_cached_until_the_data_changes(tmp_path):
    data, out, calls = _data(tmp_path), tmp_path / "out", []

    def check(data_dir, docs_dir):
        calls.append(data_dir)
        return PASS

    first = _run(check, data, out)
    assert first.done and first.result == PASS and not first.result.cached
    first.store()
    second = _run(check, data, out)
    assert second.result.cached and second.result.success and len(calls) == 1
    assert second.result.suites == PASS.suites and second.result.skipped == PASS.skipped
    assert _run(check, data, out, use_cache=False).result == PASS and len(calls) == 2
    (data / "raw" / "tool1" / "A.xlsx").write_bytes(b"edited")
    assert not _run(check, data, out).result.cached and len(calls) == 3


def test_cache_needs_the_published_validation_folder(tmp_path):
    data, out = _data(tmp_path), tmp_path / "out"
    run = _run(lambda d, docs: PASS, data, out)
    run.store()
    assert gate.cached_result(out, run.key) is not None
    (out / gate.VALIDATION_DIR).rmdir()
    assert gate.cached_result(out, run.key) is None


def test_cached_summary_is_the_fresh_one_saying_so_on_its_first_line(tmp_path):
    run = _run(lambda d, docs: PASS, _data(tmp_path), tmp_path / "out")
    run.store()
    fresh, cached = PASS.summary().splitlines(), gate.cached_result(run.output_dir, run.key).summary().splitlines()
    assert cached[0] == fresh[0] + " (cached: data and suites unchanged since the last passing run)"
    assert cached[1:] == fresh[1:] == ["  s: 1 passed, 0 failed", "  a: 2 passed, 0 failed",
                                       "  t: skipped (needs table 'u')"]


def test_stored_result_is_read_whatever_its_key(tmp_path):
    data, out = _data(tmp_path), tmp_path / "out"
    assert gate.stored_result(out) is None
    _run(lambda d, docs: PASS, data, out).store()
    assert gate.stored_result(out).suites == PASS.suites
    assert gate.stored_result(out, key="another") is None


def test_failing_result_is_never_cached(tmp_path):
    data, out = _data(tmp_path), tmp_path / "out"
    run = _run(lambda d, docs: FAIL, data, out)
    run.store()
    assert gate.cached_result(out, run.key) is None


def test_errors_in_the_check_are_kept_for_the_orchestrator(tmp_path):
    def check(data_dir, docs_dir):
        raise RuntimeError("boom")

    run = _run(check, _data(tmp_path), tmp_path / "out")
    assert run.done and isinstance(run.error, RuntimeError) and run.result is None


def test_key_covers_the_suites(tmp_path):
    data = _data(tmp_path)
    suites = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, suites)
    before = gate.gate_key(data, Hasher(), suites)
    first = min(suites.glob("*.json"))
    first.write_text(first.read_text() + "\n")
    assert gate.gate_key(data, Hasher(), suites) != before


def _published(run: gate.GateRun) -> None:
    """Publish a run's staged pages as the orchestrator does, then store its verdict."""
    target = run.output_dir / gate.VALIDATION_DIR
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(run.docs_dir, target)
    run.store()


def _staged(out: Path, check, data: Path, cache: Path, **options) -> gate.GateRun:
    docs = out / ".staging" / gate.VALIDATION_DIR
    if check is not None and "pages" in options:
        pages = options.pop("pages")

        def check(data_dir, docs_dir, check=check):
            docs_dir.mkdir(parents=True, exist_ok=True)
            (docs_dir / "summary.html").write_text(pages)
            return check(data_dir, docs_dir)

    run = gate.GateRun(check, data, out, gate.gate_key(data, Hasher()), docs_dir=docs, cache_dir=cache, **options)
    run.start().wait(10)
    return run


def test_a_verdict_is_reused_by_content_in_another_output_folder_with_its_pages(tmp_path):
    data, cache, calls = _data(tmp_path), tmp_path / "cache", []

    def check(data_dir, docs_dir):
        calls.append(docs_dir)
        return PASS

    first = _staged(tmp_path / "out1", check, data, cache, pages="<p>summary</p>")
    _published(first)
    again = _staged(tmp_path / "out2", check, data, cache, use_cache=False, pages="<p>another</p>")  # --force

    assert len(calls) == 1 and again.result.cached and again.result.suites == PASS.suites
    assert (again.docs_dir / "summary.html").read_text() == "<p>summary</p>"
    _published(again)
    assert gate.cached_result(tmp_path / "out2", again.key) is not None  # the new folder keeps it too
    (data / "raw" / "tool1" / "A.xlsx").write_bytes(b"edited")
    assert not _staged(tmp_path / "out3", check, data, cache).result.cached and len(calls) == 2


def test_revalidate_runs_the_check_whatever_is_kept(tmp_path):
    data, cache, calls = _data(tmp_path), tmp_path / "cache", []

    def check(data_dir, docs_dir):
        calls.append(data_dir)
        return PASS

    _published(_staged(tmp_path / "out", check, data, cache, pages="p"))
    run = _staged(tmp_path / "out", check, data, cache, revalidate=True, pages="p")

    assert len(calls) == 2 and not run.result.cached


def test_failing_verdicts_are_not_shared_and_a_fake_check_shares_nothing(tmp_path, monkeypatch):
    data, cache = _data(tmp_path), tmp_path / "cache"
    _published(_staged(tmp_path / "out", lambda d, docs: FAIL, data, cache, pages="p"))
    assert not cache.exists() or not list(cache.iterdir())
    monkeypatch.setattr(gate, "GATE_CACHE_DIR", tmp_path / "shared")
    fake = gate.GateRun(lambda d, docs: PASS, data, tmp_path / "out", "k")
    real = gate.GateRun(gate.run_validation, data, tmp_path / "out", "k")
    assert fake.cache_dir is None and real.cache_dir == tmp_path / "shared"


def test_the_shared_cache_keeps_the_most_recently_used_entries(tmp_path):
    cache = tmp_path / "cache"
    for number in range(4):
        assert gate.keep_shared(cache, f"key{number}", PASS, None, entries=3) == cache / f"key{number}"
    assert sorted(path.name for path in cache.iterdir()) == ["key1", "key2", "key3"]
    assert gate.shared_result(cache, "key2").suites == PASS.suites
    assert gate.shared_result(cache, "key2", tmp_path / "docs") is None  # kept without pages: no hit with pages
    assert gate.shared_result(cache, "key0") is None


def test_run_validation_passes_on_the_shipped_data(tmp_path):
    result = gate.run_validation(DATA_DIR, tmp_path / "docs")
    assert result.success, result.summary()
    assert result.suites
    assert (tmp_path / "docs" / "summary.html").is_file()


def test_run_validation_reports_ingest_errors(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = gate.run_validation(empty)
    assert not result.success
    assert "no Tool 1 workbooks" in result.summary()
    assert any("no Tool 1 workbooks" in str(failure) for failure in result.failures)


def test_the_stored_result_keeps_warnings_files_and_coverage(tmp_path):
    fresh = GateResult(True, PASS.suites, warnings=("ACW.xlsx, sheet 'S', row 9: formula kept as text",),
                       files=(("ACW.xlsx", "read", 52, "52 activity rows, 1 warning"),
                              ("~$ACW.xlsx", "skipped", 0, "Excel lock file")),
                       coverage="All 15 implementing Sectoral Bodies sent a workbook.")
    run = _run(lambda d, docs: fresh, _data(tmp_path), tmp_path / "out")
    run.store()

    cached = gate.cached_result(run.output_dir, run.key)

    assert (cached.warnings, cached.files, cached.coverage) == (fresh.warnings, fresh.files, fresh.coverage)
    assert cached.summary().splitlines()[1:] == fresh.summary().splitlines()[1:]


def test_the_key_covers_every_file_of_the_tool1_folder(tmp_path):
    data = _data(tmp_path)
    before = gate.gate_key(data, Hasher())
    (data / "raw" / "tool1" / "SOMX.xls").write_bytes(b"old workbook")
    with_xls = gate.gate_key(data, Hasher())
    (data / "raw" / "tool1" / "~$A.xlsx").write_bytes(b"lock")
    assert len({before, with_xls, gate.gate_key(data, Hasher())}) == 3


def _validate_only(data: Path, out: Path, package: Path, *flags: str) -> tuple[int, str, str]:
    """``run_all.py --validate-only`` in this process, its package fingerprinted from a frozen copy."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = cli.main(["--validate-only", "--data-dir", str(data), "--output-dir", str(out), *flags],
                        package_dir=package)
    return code, stdout.getvalue(), stderr.getvalue()


def _two_workbooks(tmp_path) -> tuple[Path, Path]:
    """A data folder with two shipped workbooks, and a frozen copy of the package."""
    data = tmp_path / "data"
    (data / "raw" / "tool1").mkdir(parents=True)
    for name in ("ACCSM.xlsx", "SOMS.xlsx"):
        shutil.copyfile(DATA_DIR / "raw" / "tool1" / name, data / "raw" / "tool1" / name)
    package = Path(shutil.copytree(PACKAGE_DIR, tmp_path / "package" / "ascc_analysis",
                                   ignore=shutil.ignore_patterns("__pycache__")))
    return data, package


def test_validated_data_is_not_validated_again_for_a_new_output_folder_unless_forced(tmp_path, monkeypatch):
    monkeypatch.setattr(gate, "GATE_CACHE_DIR", tmp_path / "gate-cache")
    data, package = _two_workbooks(tmp_path)
    code, first, _ = _validate_only(data, tmp_path / "out1", package)
    assert code == cli.EXIT_OK and "(cached" not in first.splitlines()[0]

    code, second, _ = _validate_only(data, tmp_path / "out2", package)

    assert code == cli.EXIT_OK and second.splitlines()[0] == first.splitlines()[0] + \
        " (cached: data and suites unchanged since the last passing run)"
    assert second.splitlines()[1:] == first.splitlines()[1:-1] + [second.splitlines()[-1]]  # the pages' path differs
    pages = tmp_path / "out2" / "validation"
    assert (pages / "summary.html").read_bytes() == (tmp_path / "out1" / "validation" / "summary.html").read_bytes()
    assert (pages / "index.html").is_file()
    code, forced, _ = _validate_only(data, tmp_path / "out3", package, "--force")
    assert code == cli.EXIT_OK and "(cached" not in forced.splitlines()[0]


def test_an_added_xls_invalidates_the_cached_verdict(tmp_path, monkeypatch):
    monkeypatch.setattr(gate, "GATE_CACHE_DIR", tmp_path / "gate-cache")
    data, package = _two_workbooks(tmp_path)
    out = tmp_path / "out"
    code, stdout, stderr = _validate_only(data, out, package)
    assert code == cli.EXIT_OK and stdout.startswith("Validation passed"), stdout + stderr
    assert "(cached" in _validate_only(data, out, package)[1].splitlines()[0]
    (data / "raw" / "tool1" / "SOMX.xls").write_bytes(b"an Excel 97-2003 workbook")

    code, stdout, stderr = _validate_only(data, out, package)

    assert code == cli.EXIT_INVALID_DATA, stdout + stderr
    assert "  - ingest: unsupported format: an Excel 97-2003 workbook is not read; save it as .xlsx (Excel Workbook) " \
           "or .csv (CSV UTF-8), or move it out of the Tool 1 folder at SOMX.xls" in stderr.splitlines()


def test_the_environment_may_name_the_shared_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(gate.GATE_CACHE_ENV, str(tmp_path / "elsewhere"))
    assert gate.GateRun(gate.run_validation, _data(tmp_path), tmp_path / "out", "k").cache_dir == tmp_path / "elsewhere"
