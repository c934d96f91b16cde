"""The fork server: warm imports, forked children, no process left behind (ascc_analysis.pipeline.forkserver)."""

from __future__ import annotations

import os
import sys
import time

import pytest

from ascc_analysis.config import PROJECT_ROOT
from ascc_analysis.pipeline.forkserver import ForkServer, ForkServerError
from ascc_analysis.pipeline.pool import descendants
from tests.helpers.processes import gone


@pytest.fixture
def server():
    started = ForkServer([sys.executable], str(PROJECT_ROOT))
    assert started.wait_ready(), started.broken
    yield started
    started.close()


def _fork_sleeper(server: ForkServer, tmp_path) -> int:
    """A kernel that no client talks to: it runs until it is killed."""
    connection = tmp_path / "kernel.json"
    connection.write_text('{"transport": "tcp", "ip": "127.0.0.1", "shell_port": 0, "iopub_port": 0, '
                          '"stdin_port": 0, "control_port": 0, "hb_port": 0, "key": "", "signature_scheme": '
                          '"hmac-sha256"}', encoding="utf-8")
    with open(os.devnull, "rb") as stdin, open(tmp_path / "kernel.log", "ab") as log:
        return server.fork(["-f", str(connection)], dict(os.environ), str(tmp_path),
                           (stdin.fileno(), log.fileno(), log.fileno()))


def test_a_forked_kernel_is_a_child_of_the_server_in_a_session_of_its_own(server, tmp_path):
    pid = _fork_sleeper(server, tmp_path)
    assert pid in descendants(server.proc.pid)
    assert os.getsid(pid) == pid
    assert server.returncode(pid) is None


def test_closing_the_server_kills_what_it_still_runs(server, tmp_path):
    pid = _fork_sleeper(server, tmp_path)
    server.close()
    assert server.proc.returncode is not None
    assert gone(pid)


def test_the_exit_of_a_killed_kernel_is_reported(server, tmp_path):
    pid = _fork_sleeper(server, tmp_path)
    os.kill(pid, 9)
    deadline = time.monotonic() + 10
    while server.returncode(pid) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.returncode(pid) == -9


def test_a_server_that_has_exited_refuses_to_fork(server, tmp_path):
    server.proc.kill()
    server.proc.wait()
    with pytest.raises(ForkServerError):
        _fork_sleeper(server, tmp_path)
