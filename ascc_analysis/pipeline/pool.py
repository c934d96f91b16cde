"""Worker processes that render reports, seen from the orchestrating process.

Each worker is a fresh ``python -m ascc_analysis.pipeline.render`` process (no fork: no inherited
ZeroMQ state, the cause of multiprocessing-wrapped papermill hanging on re-runs) in its own
session. It imports papermill and nbconvert once and then renders one report after
another. Tasks go in on its stdin, events come back on its stdout, one JSON object a line.
Killing a worker kills its whole process tree, the Jupyter kernel included (kernels run in
their own session, so a process-group kill alone would miss them).
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

from ascc_analysis.config import PROJECT_ROOT

WORKER_COMMAND = (sys.executable, "-m", "ascc_analysis.pipeline.render")
STARTED = {"workers": 0}
"""How many worker processes this process started (read by the debug hook of ``cli``)."""


def descendants(pid: int) -> list[int]:
    """Pids of every process below ``pid`` (children, grandchildren, ...)."""
    import psutil

    try:
        return [child.pid for child in psutil.Process(pid).children(recursive=True)]
    except psutil.Error:
        return []


def kill_tree(pid: int, include_self: bool = True) -> None:
    """SIGKILL a process, all its descendants and their process groups."""
    pids = ([pid] if include_self else []) + descendants(pid)
    for target in pids:
        for kill in (os.kill, os.killpg):
            with contextlib.suppress(OSError):  # already gone, or not ours
                kill(target, signal.SIGKILL)


class Worker:
    """One worker process and the report it is rendering.

    Parameters
    ----------
    log_path : Path
        Receives the worker's own stderr (start-up problems); each report has its own log.
    """

    def __init__(self, log_path: Path):
        path = os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))
        env = dict(os.environ, PYTHONPATH=path)
        self._log = open(log_path, "ab")  # noqa: SIM115  (the worker's stderr until kill() or stop() closes it)
        self.proc = subprocess.Popen(WORKER_COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log,
                                     start_new_session=True, cwd=PROJECT_ROOT, env=env)
        STARTED["workers"] += 1
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.job = None
        self.started: float | None = None
        self._buffer = b""

    def send(self, job, task: dict) -> None:
        """Hand the worker one task (``render.Task.to_json()``); it starts when the worker is free and ready."""
        self.job, self.started = job, None
        self.proc.stdin.write((json.dumps(task) + "\n").encode())
        self.proc.stdin.flush()

    def read(self) -> list[dict]:
        """Events the worker has written since the last call; ``{"event": "exit"}`` at end of file."""
        try:
            chunk = os.read(self.proc.stdout.fileno(), 65536)
        except BlockingIOError:
            return []
        if not chunk:
            return [{"event": "exit", "returncode": self.proc.wait()}]
        self._buffer += chunk
        *lines, self._buffer = self._buffer.split(b"\n")
        events = [json.loads(line) for line in lines if line.strip()]
        for event in events:
            if event.get("event") == "started":
                self.started = time.monotonic()
        return events

    def kill(self) -> None:
        """Kill the worker, its kernel and anything else below it."""
        kill_tree(self.proc.pid)
        self.proc.wait()
        self._log.close()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the worker to exit (end of its input); kill it if it does not."""
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()
        self._log.close()


class Pool:
    """Up to ``size`` workers, started on demand.

    Parameters
    ----------
    size : int
        Most workers alive at once (``--jobs``).
    log_dir : Path
        Where the workers' own logs go (the staging folder: never published).
    """

    def __init__(self, size: int, log_dir: Path):
        self.size, self.log_dir = max(1, size), Path(log_dir)
        self.workers: list[Worker] = []
        self._selector = selectors.DefaultSelector()
        self._spawned = 0

    def idle(self) -> Worker | None:
        """A worker without a task, started now if the pool is not full; None when all are busy."""
        for worker in self.workers:
            if worker.job is None:
                return worker
        if len(self.workers) >= self.size:
            return None
        self._spawned += 1
        worker = Worker(self.log_dir / f"worker-{self._spawned}.log")
        self.workers.append(worker)
        self._selector.register(worker.proc.stdout, selectors.EVENT_READ, worker)
        return worker

    def busy(self) -> list[Worker]:
        """The workers with a task."""
        return [worker for worker in self.workers if worker.job is not None]

    def poll(self, timeout: float) -> list[tuple[Worker, dict]]:
        """Events of all workers, waiting up to ``timeout`` seconds for the first."""
        if not self.workers:
            time.sleep(timeout)
            return []
        events = []
        for key, _ in self._selector.select(timeout):
            worker = key.data
            for event in worker.read():
                events.append((worker, event))
                if event["event"] == "exit":
                    self._forget(worker)
        return events

    def _forget(self, worker: Worker) -> None:
        if worker in self.workers:
            self._selector.unregister(worker.proc.stdout)
            self.workers.remove(worker)

    def kill(self, worker: Worker) -> None:
        """Kill one worker (a report over its time limit)."""
        self._forget(worker)
        worker.kill()

    def close(self, kill: bool = False) -> None:
        """Stop every worker: politely, or by killing their process trees."""
        for worker in list(self.workers):
            self._forget(worker)
            worker.kill() if kill else worker.stop()
