"""End-to-end runs of the renderer on fixture reports: kernels, failures, timeouts, signals, re-runs.

Every test starts from a copy of one fully rendered fixture project (four tiny reports,
see ``tests/helpers/fixture_project.py``), so each scenario renders only what it changes.
Runs happen in this process (``cli.main`` with the fixture registry and a fake gate), or
as a separate process (``python -m tests.helpers.run_fixture``) where signals, locks or the
imports of the process matter.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ascc_analysis.pipeline import cli, orchestrate
from ascc_analysis.pipeline.fingerprint import Hasher, load_state
from ascc_analysis.pipeline.lock import pid_alive
from tests.helpers.fixture_project import IDS, copy_project, fake_gate, fixture_reports, make_project, write_template

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("papermill", "nbconvert", "great_expectations", "pandas", "jupyter_client", "nbclient")
pytestmark = pytest.mark.slow


def run_here(project, *args, check=fake_gate):
    """Run the CLI on the fixture project in this process; return (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    argv = ["--data-dir", str(project["data"]), "--output-dir", str(project["outputs"]), "--wait", "0", *args]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv, reports=fixture_reports(project["templates"]), check=check,
                        package_dir=project["package"])
    return code, out.getvalue(), err.getvalue()


def start_process(project, *args, env=None):
    """Start ``tests.helpers.run_fixture`` on the project as a separate process."""
    env = dict(os.environ, FIXTURE_TEMPLATES=str(project["templates"]), FIXTURE_PACKAGE=str(project["package"]),
               **(env or {}))
    argv = [sys.executable, "-m", "tests.helpers.run_fixture", "--data-dir", str(project["data"]),
            "--output-dir", str(project["outputs"]), *args]
    return subprocess.Popen(argv, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def statuses(stdout: str) -> dict[str, str]:
    """Report id -> status, from the closing table."""
    rows = [line.split() for line in stdout.splitlines() if line.split()[:1] and line.split()[0] in IDS]
    return {row[0]: row[1] for row in rows if len(row) >= 3 and row[1] in {"ok", "failed", "skipped", "interrupted"}}


def snapshot(outputs: Path) -> dict[str, bytes]:
    """Bytes of every published file (not the lock, the state or staging)."""
    return {p.relative_to(outputs).as_posix(): p.read_bytes() for p in sorted(outputs.rglob("*"))
            if p.is_file() and not p.name.startswith(".") and not any(part.startswith(".") for part in
                                                                       p.relative_to(outputs).parts)}


def wait_for(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def kernel_pid(path: Path) -> int | None:
    return int(path.read_text()) if path.is_file() and path.read_text().strip() else None


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """A fixture project rendered once: (project, exit status, stdout, gate calls)."""
    project = make_project(tmp_path_factory.mktemp("rendered"))
    calls = []

    def check(data_dir, docs_dir):
        calls.append(data_dir)
        return fake_gate(data_dir, docs_dir)

    code, stdout, _ = run_here(project, "--jobs", "2", check=check)
    return project, code, stdout, calls


@pytest.fixture
def project(rendered, tmp_path):
    """A private copy of the rendered project."""
    return copy_project(rendered[0]["root"], tmp_path / "project")


def options_of(project, **changes) -> orchestrate.RunOptions:
    return orchestrate.RunOptions(project["data"], project["outputs"], package_dir=project["package"], **changes)


def test_first_run_renders_everything_once_validated(rendered):
    project, code, stdout, calls = rendered
    outputs = project["outputs"]
    assert code == cli.EXIT_OK, stdout
    assert statuses(stdout) == dict.fromkeys(IDS, "ok")
    assert len(calls) == 1
    for report_id in IDS:
        for name in (f"{report_id}.html", f"{report_id}.json", f"notebooks/{report_id}.ipynb", f"logs/{report_id}.log"):
            assert (outputs / name).is_file(), name
        assert load_state(outputs, report_id)["status"] == "ok"
        assert json.loads((outputs / f"{report_id}.json").read_text())["parameters"]["output_dir"] == str(outputs)
    assert "rendered overview" in (outputs / "logs" / "overview.log").read_text()
    assert (outputs / "index.html").is_file() and "Fixture report char-X" in (outputs / "index.html").read_text()
    assert (outputs / "validation" / "summary.html").read_text() == "<p>fixture validation passed</p>"
    assert not list(outputs.glob(".staging-*")) and not (outputs / "failed").exists()
    assert "no previous output" in stdout


def test_no_change_run_starts_no_kernel_and_imports_nothing_heavy(project, tmp_path):
    index = (project["outputs"] / "index.html").stat().st_mtime_ns
    debug = tmp_path / "debug.json"
    process = start_process(project, env={cli.DEBUG_ENV: str(debug)})
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == cli.EXIT_OK, stderr
    assert statuses(stdout) == dict.fromkeys(IDS, "skipped")
    report = json.loads(debug.read_text())
    assert report["workers_started"] == 0
    assert not [m for m in report["modules"] if m.split(".")[0] in HEAVY]
    assert (project["outputs"] / "index.html").stat().st_mtime_ns == index


def test_editing_a_data_file_rerenders_exactly_the_reports_that_read_it(project):
    before = snapshot(project["outputs"])
    (project["data"] / "raw" / "tool1" / "A.xlsx").write_bytes(b"workbook A, one cell edited")
    planned = orchestrate.plan(fixture_reports(project["templates"]), options_of(project), Hasher())
    assert {p.report.report_id: p.why for p in planned} == {
        "overview": "data file raw/tool1/A.xlsx changed", "nat-AAA": None, "nat-BBB": None,
        "char-X": "data file raw/tool1/A.xlsx changed"}
    code, stdout, stderr = run_here(project)
    assert code == cli.EXIT_OK, stderr
    assert statuses(stdout) == {"overview": "ok", "nat-AAA": "skipped", "nat-BBB": "skipped", "char-X": "ok"}
    after = snapshot(project["outputs"])
    assert after["nat-AAA.html"] == before["nat-AAA.html"] and after["nat-BBB.json"] == before["nat-BBB.json"]


def test_package_environment_and_option_changes_rerender_every_report(project):
    reports = fixture_reports(project["templates"])
    assert not any(p.why for p in orchestrate.plan(reports, options_of(project), Hasher()))
    assert {p.why for p in orchestrate.plan(reports, options_of(project, show_code=True), Hasher())} == \
        {"options changed"}
    (project["package"] / "analysis" / "activities.py").write_text("# edited\n")
    assert {p.why for p in orchestrate.plan(reports, options_of(project), Hasher())} == \
        {"package file ascc_analysis/analysis/activities.py changed"}


def test_force_rerenders_all_and_a_failure_does_not_stop_the_others(project):
    outputs = project["outputs"]
    good = (outputs / "nat-BBB.html").read_bytes()
    write_template(project["templates"], "nat-BBB", "broken")
    code, stdout, stderr = run_here(project, "--force", "--jobs", "2")
    assert code == cli.EXIT_REPORT_FAILED
    assert statuses(stdout) == {"overview": "ok", "nat-AAA": "ok", "nat-BBB": "failed", "char-X": "ok"}
    assert "forced" in stdout
    assert (outputs / "nat-BBB.html").read_bytes() == good
    banner = (outputs / "failed" / "nat-BBB.ipynb").read_text()
    assert "papermill-error-cell" in banner and "broken on purpose" in banner
    assert "broken on purpose" in (outputs / "failed" / "nat-BBB.html").read_text()
    assert "nat-BBB: cell [4] ValueError: fixture nat-BBB is broken on purpose" in stderr
    assert "python run_all.py --ams BBB --data-dir" in stderr
    assert load_state(outputs, "nat-BBB")["status"] == "failed"
    write_template(project["templates"], "nat-BBB", "ok")
    code, stdout, stderr = run_here(project, "--ams", "BBB")
    assert code == cli.EXIT_OK, stderr
    assert statuses(stdout) == {"nat-BBB": "ok"} and "previous run failed" in stdout
    assert not (outputs / "failed" / "nat-BBB.html").exists()


def test_hung_kernels_are_stopped_at_the_timeout(project, tmp_path):
    write_template(project["templates"], "nat-AAA", "hang", pid_file=str(tmp_path / "hang.pid"))
    write_template(project["templates"], "char-X", "slow_cells", pid_file=str(tmp_path / "slow.pid"))
    code, stdout, stderr = run_here(project, "--timeout", "2", "--jobs", "2")
    assert code == cli.EXIT_REPORT_FAILED
    assert statuses(stdout)["nat-AAA"] == "failed" and statuses(stdout)["char-X"] == "failed"
    assert "nat-AAA: cell [4] CellTimeoutError" in stderr
    assert "char-X: cell [" in stderr and "Timeout: killed after" in stderr
    for pid_file in ("hang.pid", "slow.pid"):
        kernel = kernel_pid(tmp_path / pid_file)
        assert wait_for(lambda k=kernel: not pid_alive(k), 10), f"kernel of {pid_file} alive"
    assert (project["outputs"] / "failed" / "char-X.ipynb").is_file()
    assert "worker and kernel killed" in (project["outputs"] / "logs" / "char-X.log").read_text()


def test_invalid_data_publishes_nothing(project, monkeypatch):
    before = snapshot(project["outputs"])
    state = load_state(project["outputs"], "nat-AAA")
    (project["data"] / "reference" / "figures.csv").write_text("figure_id,value\nx,broken\n")
    monkeypatch.setenv("FIXTURE_GATE", "fail")
    code, _, stderr = run_here(project)
    assert code == cli.EXIT_INVALID_DATA
    assert "Validation FAILED" in stderr and "no report was published; see " in stderr
    after = snapshot(project["outputs"])
    assert after.pop("validation/summary.html") == b"<p>fixture validation failed</p>"
    before.pop("validation/summary.html")
    assert after == before
    assert load_state(project["outputs"], "nat-AAA") == state
    assert not list(project["outputs"].glob(".staging-*"))


def test_nothing_is_published_before_the_gate_passes(project):
    outputs = project["outputs"]
    before = snapshot(outputs)
    (project["data"] / "reference" / "figures.csv").write_text("figure_id,value\nx,2\n")
    seen = {}

    def slow_gate(data_dir, docs_dir):
        staged = lambda: next(outputs.glob(".staging-*/nat-AAA.html"), None)  # noqa: E731
        seen["staged"] = wait_for(lambda: staged() is not None, 60)
        seen["published"] = snapshot(outputs)
        return fake_gate(data_dir, docs_dir)

    code, stdout, stderr = run_here(project, "--ams", "AAA", check=slow_gate)
    assert code == cli.EXIT_OK, stderr
    assert statuses(stdout) == {"nat-AAA": "ok"}
    assert seen["staged"] and seen["published"] == before
    assert snapshot(outputs)["nat-AAA.json"] != before["nat-AAA.json"] or \
        load_state(outputs, "nat-AAA")["why"] == "data file reference/figures.csv changed"


def test_internal_error_exits_1_and_changes_nothing(project):
    before = snapshot(project["outputs"])
    (project["data"] / "reference" / "figures.csv").write_text("figure_id,value\nx,2\n")

    def crashing_gate(data_dir, docs_dir):
        raise RuntimeError("gate crashed")

    code, _, stderr = run_here(project, check=crashing_gate)
    assert code == cli.EXIT_INTERNAL
    assert "RuntimeError: gate crashed" in stderr
    assert snapshot(project["outputs"]) == before


def _start_slow_run(project, tmp_path):
    pid_file = tmp_path / "kernel.pid"
    write_template(project["templates"], "nat-AAA", "ok", sleep=120.0, pid_file=str(pid_file))
    process = start_process(project)
    assert wait_for(lambda: kernel_pid(pid_file) is not None, 90), process.communicate(timeout=5)
    return process, kernel_pid(pid_file)


def test_ctrl_c_stops_workers_and_kernels_and_keeps_outputs(project, tmp_path):
    before = snapshot(project["outputs"])
    process, kernel = _start_slow_run(project, tmp_path)
    second = start_process(project, "--wait", "0.5")
    _, second_err = second.communicate(timeout=60)
    assert second.returncode == cli.EXIT_INTERNAL
    assert f"pid {process.pid} (running)" in second_err and "run_fixture --data-dir" in second_err
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == cli.EXIT_INTERRUPTED, stderr
    assert statuses(stdout)["nat-AAA"] == "interrupted"
    assert wait_for(lambda: not pid_alive(kernel), 10)
    assert snapshot(project["outputs"]) == before
    assert not list(project["outputs"].glob(".staging-*"))
    assert (project["outputs"] / ".run_all.lock").read_text() == ""


def test_kill_9_leaves_outputs_readable_and_the_next_run_takes_over(project, tmp_path):
    before = snapshot(project["outputs"])
    process, kernel = _start_slow_run(project, tmp_path)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert wait_for(lambda: not pid_alive(kernel), 10), "the worker's watchdog did not stop the kernel"
    assert snapshot(project["outputs"]) == before
    for name, content in snapshot(project["outputs"]).items():
        if name.endswith((".json", ".ipynb")):
            json.loads(content)
    assert list(project["outputs"].glob(".staging-*"))
    write_template(project["templates"], "nat-AAA", "ok")
    code, stdout, stderr = run_here(project)
    assert code == cli.EXIT_OK, stderr
    assert f"left by pid {process.pid} (no longer running)" in stdout
    assert "Removed the staging folder" in stdout
    assert not list(project["outputs"].glob(".staging-*"))
    assert statuses(stdout) == dict.fromkeys(IDS, "skipped")
