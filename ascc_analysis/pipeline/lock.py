"""One run at a time per output folder: an advisory lock that says who holds it.

The lock is ``<output_dir>/.run_all.lock``, held with ``flock`` for the whole run, and
holds the holder's pid, start time and command line. The operating system releases a
``flock`` when its process dies, so a lock left by a run killed with ``kill -9`` is taken
over by the next run (which says so); a clean exit empties the file.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from datetime import datetime
from pathlib import Path

LOCK_NAME = ".run_all.lock"


class LockBusy(RuntimeError):
    """Another live run holds the output folder's lock."""


def pid_alive(pid: int) -> bool:
    """True when a process with this pid exists and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in {"Z", "X"}


def describe(holder: dict | None) -> str:
    """One line about a lock holder: pid, whether it runs, start time, command."""
    if not holder:
        return "an unknown process"
    alive = "running" if pid_alive(int(holder.get("pid", 0) or 0)) else "no longer running"
    return (f"pid {holder.get('pid')} ({alive}) on {holder.get('host', '?')}, started {holder.get('started', '?')}: "
            f"{holder.get('command', '?')}")


def _read(fd: int) -> dict | None:
    os.lseek(fd, 0, os.SEEK_SET)
    raw = os.read(fd, 65536)
    try:
        return json.loads(raw) if raw.strip() else None
    except ValueError:
        return None


class RunLock:
    """The output folder's lock; use as a context manager.

    Parameters
    ----------
    output_dir : Path
        The folder the lock guards (created when missing).
    command : str
        The command line recorded for whoever finds the lock taken.
    wait : float
        Seconds to wait for a held lock before giving up with ``LockBusy``.
    say : callable
        Prints a message (who holds the lock, a take-over).
    """

    def __init__(self, output_dir: Path, command: str, wait: float = 30.0, say=print, poll: float = 0.25):
        self.path = Path(output_dir) / LOCK_NAME
        self.command, self.wait, self.say, self.poll = command, wait, say, poll
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, waiting up to ``wait`` seconds.

        Raises
        ------
        LockBusy
            With the holder's pid, start time and command when it is still held.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            self._wait_for(fd)
        except BaseException:
            os.close(fd)
            raise
        previous = _read(fd)
        if previous and previous.get("pid") != os.getpid():
            self.say(f"Taking over the lock {self.path} left by {describe(previous)}")
        self._fd = fd
        self._write_holder()

    def _wait_for(self, fd: int) -> None:
        deadline, announced = time.monotonic() + self.wait, False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                holder = describe(_read(fd))
                if time.monotonic() >= deadline:
                    raise LockBusy(f"another run holds {self.path}: {holder}. "
                                   f"Wait for it to finish (or stop it), or use another --output-dir.") from None
                if not announced:
                    self.say(f"Waiting up to {self.wait:g} s for the run holding {self.path}: {holder}")
                    announced = True
                time.sleep(self.poll)

    def _write_holder(self) -> None:
        holder = {"pid": os.getpid(), "host": socket.gethostname(), "command": self.command,
                  "started": datetime.now().astimezone().isoformat(timespec="seconds")}
        os.ftruncate(self._fd, 0)
        os.lseek(self._fd, 0, os.SEEK_SET)
        os.write(self._fd, (json.dumps(holder) + "\n").encode())
        os.fsync(self._fd)

    def release(self) -> None:
        """Empty the lock file and release it."""
        if self._fd is None:
            return
        os.ftruncate(self._fd, 0)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
