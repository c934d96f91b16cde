"""Reading the files of a Tool 1 folder in worker processes, so that a large register's ingest uses every core.

:func:`start_reading` shares the files out by size among ``python -m
ascc_analysis.data.tool1_workers`` processes and returns at once, so that the caller works
meanwhile (the gate imports Great Expectations and checks the other tables); each worker
reads its files with :func:`~ascc_analysis.data.tool1_workbook.read_workbook` and hands the
results back as a pickle. :meth:`PendingReadings.readings` gives the same results, in the
same order, as reading every file in this process. The workers are fresh interpreters, not
forks (the caller may run threads, as the orchestrator does) and not ``multiprocessing``'s
spawn (which re-imports the caller's main script). A worker that fails has its files read
in this process instead, with a warning.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import warnings
import weakref
from pathlib import Path

from ascc_analysis.config import PROJECT_ROOT
from ascc_analysis.data.taxonomy import Taxonomy
from ascc_analysis.data.tool1_workbook import FileReading, read_workbook, row_parsers

PROCESSES_ENV = "ASCC_INGEST_PROCESSES"
"""Environment variable setting the number of worker processes (0: read in this process)."""

BYTES_PER_PROCESS = 2 ** 20
"""Bytes of Tool 1 files per worker process: about a second of reading on one core, while a worker
takes about 0.6 s to start (importing pandas); below this the files are read in this process."""

WORKER_COMMAND = (sys.executable, "-m", __name__)
"""The command of one worker; its arguments are its task and result files."""


def usable_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def reading_processes(paths: list[Path]) -> int:
    """How many worker processes should read ``paths``: 0 means this process reads them.

    The value of :data:`PROCESSES_ENV` when set to a whole number (another value is ignored,
    with a warning); else one per :data:`BYTES_PER_PROCESS` of
    files, at most one per usable core and one per file.
    """
    setting = os.environ.get(PROCESSES_ENV, "").strip()
    if setting.isdigit():
        return int(setting)
    if setting:
        warnings.warn(f"{PROCESSES_ENV}={setting!r} is not a number of processes (0, 1, 2 ...): ignored",
                      RuntimeWarning, stacklevel=2)
    size = sum(_size(path) for path in paths)
    return min(usable_cores(), len(paths), size // BYTES_PER_PROCESS)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # read, and reported, with the others
        return 0


def share_out(paths: list[Path], processes: int) -> list[list[int]]:
    """The indices of ``paths`` each of ``processes`` workers reads: the largest file first to the least loaded.

    Empty shares are left out.
    """
    loads = [[0, []] for _ in range(max(1, processes))]
    for index in sorted(range(len(paths)), key=lambda i: (-_size(paths[i]), i)):
        least = min(loads, key=lambda load: load[0])
        least[0] += _size(paths[index])
        least[1].append(index)
    return [sorted(indices) for _, indices in loads if indices]


class PendingReadings:
    """Tool 1 files being read by worker processes (or, with none, to be read in this process when asked).

    Parameters
    ----------
    paths : list of Path
        The files, in the order of the results.
    taxonomy : Taxonomy
        Given to each worker, pickled.
    processes : int
        Worker processes; 0 reads the files in this process, in :meth:`readings`.
    """

    def __init__(self, paths: list[Path], taxonomy: Taxonomy, processes: int):
        self.paths, self.taxonomy = list(paths), taxonomy
        self.shares = share_out(self.paths, processes) if processes > 0 and self.paths else []
        self.folder = None
        if self.shares:
            try:
                self.folder = Path(tempfile.mkdtemp(prefix="ascc-tool1-"))
            except OSError as error:
                _warn(f"no temporary folder for worker processes ({error})", "all")
                self.shares = []
        self.workers: list[subprocess.Popen | None] = [self._start(number, share)
                                                       for number, share in enumerate(self.shares)]
        # also when the caller never closes (an interrupted run leaving its gate thread): at exit at the latest
        self._stop = weakref.finalize(self, _stop, self.workers, self.folder)

    def __enter__(self) -> PendingReadings:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _start(self, number: int, share: list[int]) -> subprocess.Popen | None:
        task = self.folder / f"task-{number}.pickle"
        environment = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, (
            str(PROJECT_ROOT), os.environ.get("PYTHONPATH"))))}
        try:
            with open(task, "wb") as stream:
                pickle.dump((self.taxonomy, [self.paths[index] for index in share]), stream,
                            protocol=pickle.HIGHEST_PROTOCOL)
            with open(self.folder / f"stderr-{number}.txt", "wb") as errors:
                return subprocess.Popen([*WORKER_COMMAND, str(task), str(self._result(number))],
                                        stdin=subprocess.DEVNULL, stdout=errors, stderr=errors, env=environment)
        except (OSError, pickle.PicklingError, TypeError, AttributeError) as error:
            _warn(f"could not start a worker process ({type(error).__name__}: {error})")
            return None

    def _result(self, number: int) -> Path:
        return self.folder / f"result-{number}.pickle"

    def readings(self) -> list[FileReading]:
        """Every file's reading, in the order of the paths; waits for the workers."""
        if not self.shares:
            parsers = row_parsers(self.taxonomy)
            return [read_workbook(path, self.taxonomy, parsers) for path in self.paths]
        readings: list[FileReading | None] = [None] * len(self.paths)
        for number, (share, worker) in enumerate(zip(self.shares, self.workers)):
            for index, reading in zip(share, self._collect(number, share, worker)):
                readings[index] = reading
        self.close()
        return readings

    def _collect(self, number: int, share: list[int], worker: subprocess.Popen | None) -> list[FileReading]:
        """The readings of one worker's share; read here when the worker failed."""
        if worker is not None:
            status = worker.wait()
            try:
                with open(self._result(number), "rb") as stream:
                    readings = pickle.load(stream)
                if status == 0 and len(readings) == len(share):
                    return readings
            except (OSError, EOFError, pickle.UnpicklingError):
                pass
            _warn(f"a worker process failed (exit status {status}): {self._stderr(number)}")
        parsers = row_parsers(self.taxonomy)
        return [read_workbook(self.paths[index], self.taxonomy, parsers) for index in share]

    def _stderr(self, number: int) -> str:
        try:
            lines = (self.folder / f"stderr-{number}.txt").read_text(errors="replace").strip().splitlines()
        except OSError:
            lines = []
        return lines[-1] if lines else "no message"

    def close(self) -> None:
        """Stop the workers still running and remove their files (the readings, once taken, are kept)."""
        self._stop()


def _stop(workers: list[subprocess.Popen | None], folder: Path | None) -> None:
    """Kill the workers still running (each entry then None) and remove their folder."""
    for worker in workers:
        if worker is not None and worker.poll() is None:
            worker.kill()
            worker.wait()
    workers[:] = [None] * len(workers)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def start_reading(paths: list[Path], taxonomy: Taxonomy, processes: int | None = None) -> PendingReadings:
    """Start reading Tool 1 files in worker processes, returning at once.

    Parameters
    ----------
    paths : list of Path
        Workbooks and CSV exports.
    taxonomy : Taxonomy
        Alias tables and code lists.
    processes : int, optional
        Worker processes; None chooses by the files' size (:func:`reading_processes`), 0
        reads them in this process when the readings are asked for.

    Returns
    -------
    PendingReadings
        Call ``readings()`` for the results and ``close()`` (or leave a ``with`` block)
        when they are no longer wanted.
    """
    paths = list(paths)
    return PendingReadings(paths, taxonomy, reading_processes(paths) if processes is None else processes)


def _warn(message: str, whose: str = "its") -> None:
    warnings.warn(f"Tool 1 files: {message}; {whose} files were read in the main process instead", RuntimeWarning,
                  stacklevel=3)


def main(argv: list[str] | None = None) -> int:
    """A worker: read the files of the task pickle (taxonomy, paths) and pickle their readings to the result file."""
    from ascc_analysis.data.collector import collector_paused

    task, result = map(Path, sys.argv[1:] if argv is None else argv)
    parent = os.getppid()
    with open(task, "rb") as stream:
        taxonomy, paths = pickle.load(stream)
    with collector_paused():
        parsers = row_parsers(taxonomy)
        readings = [read_workbook(path, taxonomy, parsers) for path in paths]
    if os.getppid() != parent:  # the caller was killed: nobody will read the result or remove the folder
        shutil.rmtree(task.parent, ignore_errors=True)
        return 1
    partial = result.with_suffix(".partial")
    with open(partial, "wb") as stream:
        pickle.dump(readings, stream, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
