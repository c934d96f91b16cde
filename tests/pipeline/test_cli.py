"""The command line: options, usage errors before any kernel, --list and --dry-run (ascc_analysis.pipeline.cli)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ascc_analysis.data.registry import TEMPLATES
from ascc_analysis.pipeline import cli, pool
from tests.helpers.fixture_project import fake_gate, fixture_reports, make_project, write_template

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("papermill", "nbconvert", "great_expectations", "jupyter_client", "nbclient")


def run_here(project, *args):
    out, err = io.StringIO(), io.StringIO()
    argv = ["--data-dir", str(project["data"]), "--output-dir", str(project["outputs"]), *args]
    workers = pool.STARTED["workers"]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv, reports=fixture_reports(project["templates"]), check=fake_gate,
                        package_dir=project["package"])
    assert pool.STARTED["workers"] == workers, "a worker (and so a kernel) was started"
    return code, out.getvalue(), err.getvalue()


def run_all(*args, tmp_path):
    """``python run_all.py`` with the real registry; returns (process, debug report)."""
    debug = tmp_path / "debug.json"
    env = dict(os.environ, **{cli.DEBUG_ENV: str(debug)})
    process = subprocess.run([sys.executable, str(ROOT / "run_all.py"), *args], capture_output=True, text=True,
                             cwd=ROOT, env=env, timeout=600, check=False)
    return process, json.loads(debug.read_text()) if debug.is_file() else None


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "project")


def test_help_documents_every_option_and_chapter():
    process = subprocess.run([sys.executable, str(ROOT / "run_all.py"), "--help"], capture_output=True, text=True,
                             cwd=ROOT, check=False)
    assert process.returncode == 0
    for option in ("--chapter", "--ams", "--characteristic", "--list", "--dry-run", "--jobs", "--force",
                   "--data-dir", "--output-dir", "--show-code", "--validate-only", "--timeout", "--wait"):
        assert option in process.stdout, option
    assert "chapters: " + ", ".join(TEMPLATES) in process.stdout
    assert "2 usage error, 3 invalid data, 4 a report failed, 130 interrupted" in process.stdout
    assert "its values a union;\n  different options narrow each other" in process.stdout


@pytest.mark.parametrize("args, message", [
    (["--ams", "XYZ"], "unknown AMS 'XYZ'; valid codes: AAA, BBB"),
    (["--characteristic", "Q"], "unknown Characteristic 'Q'; valid codes: X"),
    (["--chapter", "annex"], "unknown chapter 'annex'; valid chapters: regional, national, characteristic"),
    (["--jobs", "0"], "argument --jobs/-j: must be greater than 0"),
    (["--timeout", "0"], "argument --timeout: must be greater than 0"),
    (["--list", "--dry-run"], "not allowed with argument"),
    (["--bogus"], "unrecognized arguments: --bogus"),
])
def test_usage_errors_exit_2_before_anything_starts(project, args, message):
    code, _, stderr = run_here(project, *args)
    assert code == cli.EXIT_USAGE
    assert message in stderr
    assert not project["outputs"].exists()


def test_missing_data_folder_is_a_usage_error(project, tmp_path):
    code, _, stderr = run_here({**project, "data": tmp_path / "nowhere"})
    assert code == cli.EXIT_USAGE and "data folder" in stderr and "does not exist" in stderr


def test_selection_values_are_case_insensitive(project):
    code, stdout, _ = run_here(project, "--list", "--ams", "aaa", "--chapter", "Regional", "--chapter", "NATIONAL")
    assert code == cli.EXIT_OK
    assert [line.split()[0] for line in stdout.splitlines()[:-1]] == ["overview", "nat-AAA"]
    assert stdout.splitlines()[-1] == "2 reports selected: chapters regional, national (AMS AAA)."


def test_list_shows_options_narrowing_each_other(project):
    code, stdout, _ = run_here(project, "--list", "--chapter", "national", "--ams", "AAA", "--ams", "BBB")
    assert code == cli.EXIT_OK
    assert [line.split()[0] for line in stdout.splitlines()[:-1]] == ["nat-AAA", "nat-BBB"]
    code, stdout, _ = run_here(project, "--list", "--chapter", "characteristic", "--characteristic", "X")
    assert [line.split()[0] for line in stdout.splitlines()[:-1]] == ["char-X"]
    code, stdout, _ = run_here(project, "--list", "--ams", "BBB", "--characteristic", "X")
    assert stdout.splitlines()[-1] == ("2 reports selected: chapters national (AMS BBB), characteristic "
                                       "(Characteristic X).")


def test_an_option_that_narrows_no_chosen_chapter_is_a_usage_error(project):
    code, stdout, stderr = run_here(project, "--list", "--chapter", "regional", "--ams", "AAA")
    assert code == cli.EXIT_USAGE and stdout == ""
    assert "--ams narrows the national reports, which --chapter regional leaves out" in stderr


def test_list_executes_nothing(project):
    code, stdout, _ = run_here(project, "--list")
    assert code == cli.EXIT_OK
    assert stdout.splitlines()[-1] == "4 reports selected: every report."
    assert "Fixture report char-X" in stdout
    assert not project["outputs"].exists()


def test_dry_run_says_what_would_render_and_why(project):
    write_template(project["templates"], "nat-BBB", "ok")
    (project["templates"] / "char-X.ipynb").unlink()
    code, stdout, _ = run_here(project, "--dry-run")
    assert code == cli.EXIT_OK
    lines = {line.split()[0]: line for line in stdout.splitlines() if line.startswith("  ")}
    assert lines["overview"].split()[1:] == ["render", "no", "previous", "output"]
    assert "is missing: it will fail" in lines["char-X"]
    assert "4 to render, 0 up to date." in stdout and "Nothing was executed (--dry-run)." in stdout
    assert not project["outputs"].exists()


def test_validate_only_runs_the_gate_and_caches_it(project, monkeypatch):
    code, stdout, _ = run_here(project, "--validate-only")
    assert code == cli.EXIT_OK and "Validation passed" in stdout and "cached" not in stdout
    assert "Validation summary: " in stdout
    assert (project["outputs"] / "validation" / "summary.html").is_file()
    assert not list(project["outputs"].glob(".staging-*"))
    code, stdout, _ = run_here(project, "--validate-only")
    assert code == cli.EXIT_OK and "cached" in stdout
    monkeypatch.setenv("FIXTURE_GATE", "fail")
    code, _, stderr = run_here(project, "--validate-only", "--force")
    assert code == cli.EXIT_INVALID_DATA and "Validation FAILED" in stderr
    assert not any(project["outputs"].glob("*.html"))


def test_bad_ams_with_the_real_registry_lists_the_codes_and_starts_nothing(tmp_path):
    process, debug = run_all("--ams", "XYZ", "--output-dir", str(tmp_path / "out"), tmp_path=tmp_path)
    assert process.returncode == cli.EXIT_USAGE
    assert "unknown AMS 'XYZ'; valid codes: BRN, KHM, IDN, LAO, MYS, MMR, PHL, SGP, THA, VNM" in process.stderr
    assert debug["workers_started"] == 0
    assert not [m for m in debug["modules"] if m.split(".")[0] in HEAVY]


def test_dry_run_of_the_real_registry_imports_no_pandas_once_cached(tmp_path):
    out = tmp_path / "out"
    first, _ = run_all("--dry-run", "--output-dir", str(out), tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "regional" in first.stdout and "18 to render" in first.stdout
    second, debug = run_all("--dry-run", "--output-dir", str(out), tmp_path=tmp_path)
    assert second.returncode == 0 and second.stdout == first.stdout
    assert not [m for m in debug["modules"] if m.split(".")[0] in HEAVY + ("pandas",)]
    assert not list(out.glob("*.html"))


@pytest.mark.slow
def test_regional_report_renders_then_a_no_change_run_does_nothing_heavy(tmp_path):
    """The real template, data and gate: a cold render, then a run with nothing to do."""
    out = tmp_path / "out"
    cold, _ = run_all("--chapter", "regional", "--output-dir", str(out), tmp_path=tmp_path)
    assert cold.returncode == cli.EXIT_OK, cold.stdout + cold.stderr
    assert "Validation passed" in cold.stdout
    assert (out / "regional.html").is_file() and (out / "index.html").is_file()
    assert json.loads((out / "regional.json").read_text())["reporting_date"]
    again, debug = run_all("--chapter", "regional", "--output-dir", str(out), tmp_path=tmp_path)
    assert again.returncode == cli.EXIT_OK, again.stderr
    assert "skipped" in again.stdout and "up to date" in again.stdout
    assert debug["workers_started"] == 0
    assert not [m for m in debug["modules"] if m.split(".")[0] in HEAVY + ("pandas",)]
    # Its speed (under 1.5 s) is measured in bench/bench_render.py, not asserted here.
