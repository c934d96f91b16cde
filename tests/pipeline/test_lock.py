"""One run per output folder; who holds the lock; take-over after kill -9 (ascc_analysis.pipeline.lock)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ascc_analysis.pipeline.lock import LOCK_NAME, LockBusy, RunLock, describe, pid_alive

ROOT = Path(__file__).resolve().parents[2]
HOLDER = """
import sys, time
from pathlib import Path
from ascc_analysis.pipeline.lock import RunLock
lock = RunLock(Path(sys.argv[1]), "holder --for tests", wait=0)
lock.acquire()
print("locked", flush=True)
time.sleep(60)
"""


@pytest.fixture
def holder(tmp_path):
    """A separate process holding the lock of ``tmp_path``."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True,
                               cwd=ROOT)
    assert process.stdout.readline().strip() == "locked"
    yield process
    process.kill()
    process.wait()


def test_lock_records_the_holder_and_release_empties_it(tmp_path):
    with RunLock(tmp_path, "python run_all.py --ams VNM", wait=0) as lock:
        holder = json.loads(lock.path.read_text())
        assert holder["pid"] == os.getpid() and holder["command"] == "python run_all.py --ams VNM"
    assert (tmp_path / LOCK_NAME).read_text() == ""


def test_second_run_is_told_who_holds_the_lock(tmp_path, holder):
    said = []
    started = time.monotonic()
    with pytest.raises(LockBusy) as busy:
        RunLock(tmp_path, "me", wait=0.6, say=said.append).acquire()
    assert time.monotonic() - started >= 0.5
    message = str(busy.value)
    assert f"pid {holder.pid} (running)" in message and "holder --for tests" in message and "started" in message
    assert said and f"pid {holder.pid}" in said[0] and said[0].startswith("Waiting up to 0.6 s")


def test_lock_of_a_killed_run_is_taken_over(tmp_path, holder):
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    said = []
    with RunLock(tmp_path, "me", wait=0, say=said.append):
        pass
    assert len(said) == 1 and f"left by pid {holder.pid} (no longer running)" in said[0]


def test_waiting_run_gets_the_lock_when_it_is_released(tmp_path, holder):
    holder.terminate()  # the OS releases the flock when the holder exits
    with RunLock(tmp_path, "me", wait=10) as lock:
        assert json.loads(lock.path.read_text())["command"] == "me"


def test_pid_alive_and_describe():
    assert pid_alive(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not pid_alive(child.pid)
    assert describe(None) == "an unknown process"
    assert "no longer running" in describe({"pid": child.pid, "command": "x", "started": "t"})
