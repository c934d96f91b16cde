"""Killing a worker's whole process tree, kernel included (ascc_analysis.pipeline.pool)."""

from __future__ import annotations

import subprocess
import sys

from ascc_analysis.pipeline.pool import descendants, kill_tree
from tests.helpers.processes import gone

PARENT = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
print(child.pid, flush=True)
time.sleep(60)
"""


def test_kill_tree_reaches_a_child_in_its_own_session():
    """Like a Jupyter kernel, the grandchild runs in its own session: a process-group kill would miss it."""
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    kernel = int(parent.stdout.readline())
    assert kernel in descendants(parent.pid)
    kill_tree(parent.pid)
    parent.wait(5)
    assert gone(kernel)


def test_kill_tree_can_spare_the_process_itself():
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    kernel = int(parent.stdout.readline())
    kill_tree(parent.pid, include_self=False)
    assert gone(kernel)
    assert parent.poll() is None
    parent.kill()
    parent.wait()
