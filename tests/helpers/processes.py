"""Waiting for a process to end, in tests of workers, kernels and their clean-up."""

from __future__ import annotations

import time

from ascc_analysis.pipeline.lock import pid_alive


def gone(pid: int, within: float = 10.0) -> bool:
    """True once process ``pid`` has ended, False if it is still alive after ``within`` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.05)
    return False
