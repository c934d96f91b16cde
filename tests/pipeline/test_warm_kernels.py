"""Reports on warm kernels: each in a fresh kernel process forked from the fork server, nothing leaking between them
(ascc_analysis.pipeline.warm_kernels)."""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
import time

import nbformat
import papermill
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from ascc_analysis.config import PROJECT_ROOT
from ascc_analysis.pipeline import warm_kernels
from ascc_analysis.pipeline.lock import pid_alive
from ascc_analysis.pipeline.render import KERNEL_NAME

PROBE = """
import json, os, sys
import matplotlib, pandas as pd
print(json.dumps({
    "pid": os.getpid(), "parent": os.getppid(), "warm": "seaborn" in sys.modules,
    "leaked_global": "left_by_a_report" in globals(),
    "linewidth": matplotlib.rcParams["lines.linewidth"], "max_rows": pd.get_option("display.max_rows"),
    "backend": matplotlib.get_backend(), "cwd": os.getcwd(),
}))
left_by_a_report = 1
matplotlib.rcParams["lines.linewidth"] = 7.5
pd.set_option("display.max_rows", 3)
"""


def _notebook(path, *sources):
    notebook = new_notebook(cells=[new_code_cell(source) for source in sources])
    notebook.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": KERNEL_NAME, "language": "python"}
    nbformat.write(notebook, str(path))
    return path


def _run(template, tmp_path, name):
    output = tmp_path / f"{name}.ipynb"
    papermill.execute_notebook(str(template), str(output), kernel_name=KERNEL_NAME, progress_bar=False,
                               cwd=str(tmp_path), kernel_manager_class=warm_kernels.manager_class())
    return json.loads(nbformat.read(str(output), as_version=4).cells[0].outputs[0]["text"])


@pytest.fixture(scope="module")
def server():
    started = warm_kernels.start(KERNEL_NAME, str(PROJECT_ROOT))
    assert started is not None and started.wait_ready(), started and started.broken
    yield started
    warm_kernels.stop()


def test_each_report_runs_in_a_kernel_process_of_its_own_forked_warm(server, tmp_path):
    template = _notebook(tmp_path / "probe.ipynb", PROBE)
    seen = [_run(template, tmp_path, f"report-{number}") for number in range(3)]
    pids = [probe["pid"] for probe in seen]
    assert len(set(pids)) == 3 and os.getpid() not in pids and server.pid not in pids
    assert all(probe["parent"] == server.pid and probe["warm"] for probe in seen)
    assert all(probe["cwd"] == str(tmp_path) for probe in seen)


def test_nothing_one_report_sets_reaches_the_next(server, tmp_path):
    template = _notebook(tmp_path / "probe.ipynb", PROBE)
    first, second = _run(template, tmp_path, "first"), _run(template, tmp_path, "second")
    assert not first["leaked_global"] and not second["leaked_global"]
    assert second["linewidth"] == first["linewidth"] != 7.5
    assert second["max_rows"] == first["max_rows"] != 3
    assert second["backend"] == first["backend"] == "module://matplotlib_inline.backend_inline"


def test_a_kernel_that_dies_fails_only_its_report(server, tmp_path):
    crash = _notebook(tmp_path / "crash.ipynb", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    with pytest.raises(Exception, match="(?i)dead|died"):
        papermill.execute_notebook(str(crash), str(tmp_path / "crashed.ipynb"), kernel_name=KERNEL_NAME,
                                   progress_bar=False, kernel_manager_class=warm_kernels.manager_class())
    after = _run(_notebook(tmp_path / "probe.ipynb", PROBE), tmp_path, "after")
    assert after["parent"] == server.pid and not after["leaked_global"]


def test_kernels_end_with_their_reports(server, tmp_path):
    probe = _run(_notebook(tmp_path / "probe.ipynb", PROBE), tmp_path, "ended")
    deadline = time.monotonic() + 10
    while pid_alive(probe["pid"]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not pid_alive(probe["pid"])
    assert server.returncode(probe["pid"]) == 0


def test_a_kernel_spec_the_server_cannot_stand_in_for_is_left_alone():
    assert warm_kernels.interpreter_of(["/x/python", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "c"]) \
        == ("/x/python", "-Xfrozen_modules=off")
    assert warm_kernels.interpreter_of(["/x/python", "-m", "other_kernel", "-f", "c"]) is None
    assert warm_kernels.interpreter_of(["R", "--slave", "-e", "IRkernel::main()"]) is None


def test_the_switch_turns_the_fork_server_off(monkeypatch):
    monkeypatch.setenv(warm_kernels.SWITCH, "0")
    assert warm_kernels.start(KERNEL_NAME, str(PROJECT_ROOT)) is None


def test_kernel_sockets_live_in_the_workers_folder_and_a_dead_workers_folder_goes(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(warm_kernels, "SOCKETS", {})
    monkeypatch.setattr(warm_kernels, "SERVERS", {})  # stop() below must not stop the module's server
    dead = tmp_path / f"{warm_kernels.SOCKETS_PREFIX}999999999"
    dead.mkdir()
    folder = warm_kernels.sockets_dir()
    assert folder == str(tmp_path / f"{warm_kernels.SOCKETS_PREFIX}{os.getpid()}")
    assert os.path.isdir(folder) and not dead.exists()
    warm_kernels.stop()
    assert not os.path.exists(folder)


def test_warm_kernels_talk_over_unix_sockets_not_tcp_ports(server):
    manager = warm_kernels.WarmKernelManager(kernel_name=KERNEL_NAME)
    asyncio.run(manager._async_pre_start_kernel())
    try:
        assert manager.transport == "ipc"
        assert manager.ip.startswith(warm_kernels.sockets_dir())
    finally:
        manager.cleanup_connection_file()
