"""Tests of reading Tool 1 files in worker processes (ascc_analysis.data.tool1_workers)."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas.testing as pdt
import pytest

from ascc_analysis.config import DATA_DIR, TOOL1_SUBDIR
from ascc_analysis.data import tool1_workers
from ascc_analysis.data.taxonomy import load_taxonomy
from ascc_analysis.data.tool1 import ingest_tool1
from ascc_analysis.data.tool1_workers import (
    BYTES_PER_PROCESS,
    PROCESSES_ENV,
    reading_processes,
    share_out,
    start_reading,
)
from tests.data import tool1_books
from tests.data.tool1_books import row
from tests.helpers.processes import gone


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def sized(folder: Path, sizes: dict[str, int]) -> list[Path]:
    """Files of the given sizes (bytes), in name order."""
    for name, size in sizes.items():
        (folder / name).write_bytes(b"x" * size)
    return sorted(folder / name for name in sizes)


def scratch_data(tmp_path: Path) -> Path:
    """A scratch copy of the shipped data folder with problems in two files.

    A second workbook for one body, and in place of another body's workbook a CSV export
    with an unknown status and an activity code the first workbook also uses.
    """
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    tool1 = data / TOOL1_SUBDIR
    shipped = ingest_tool1(DATA_DIR).activities
    first, last = shipped.iloc[0], shipped.iloc[-1]
    (tool1 / last["source_file"]).unlink()
    tool1_books.write_workbook(tool1, "ZZ-second.xlsx", [row("X-1", "A.1")], body=first["sectoral_body"])
    tool1_books.write_csv(tool1, "ZY-export.csv", [row(first["activity_code"], "B.1"), row("X-2", "B.1", "Perhaps")],
                          body=last["sectoral_body"])
    return data


def test_the_largest_files_go_first_to_the_least_loaded_worker(tmp_path):
    paths = sized(tmp_path, {"a.xlsx": 50, "b.xlsx": 40, "c.xlsx": 30, "d.xlsx": 20, "e.xlsx": 10})

    assert share_out(paths, 2) == [[0, 3, 4], [1, 2]]  # 80 and 70 bytes
    assert share_out(paths, 9) == [[0], [1], [2], [3], [4]]  # no empty share


def test_workers_are_used_only_for_files_worth_a_process(tmp_path, monkeypatch):
    monkeypatch.delenv(PROCESSES_ENV, raising=False)
    monkeypatch.setattr(tool1_workers, "usable_cores", lambda: 4)
    small = sized(tmp_path, {"a.xlsx": BYTES_PER_PROCESS // 2, "b.xlsx": BYTES_PER_PROCESS // 3})
    assert reading_processes(small) == 0
    large = sized(tmp_path, {f"{n}.xlsx": BYTES_PER_PROCESS for n in range(6)})
    assert reading_processes(large) == 4  # one per core
    assert reading_processes(large[:3]) == 3  # one per file
    monkeypatch.setenv(PROCESSES_ENV, "2")
    assert reading_processes(small) == 2
    monkeypatch.setenv(PROCESSES_ENV, "two")
    with pytest.warns(RuntimeWarning, match="ASCC_INGEST_PROCESSES='two' is not a number of processes"):
        assert reading_processes(large) == 4


def test_readings_of_workers_equal_those_of_this_process(tmp_path, taxonomy):
    data = scratch_data(tmp_path)
    before = {path: path.read_bytes() for path in (data / TOOL1_SUBDIR).iterdir()}

    here = ingest_tool1(data, taxonomy=taxonomy, processes=0)
    workers = ingest_tool1(data, taxonomy=taxonomy, processes=2)

    pdt.assert_frame_equal(workers.activities, here.activities)
    pdt.assert_frame_equal(workers.links, here.links)
    assert workers.issues == here.issues
    assert {issue.file for issue in here.errors} == {"ZZ-second.xlsx", "ZY-export.csv"}
    assert [" ".join(issue.message.split()[:2]) for issue in workers.errors] == [
        "duplicate activity", "unknown value", "second workbook"]
    assert (workers.files, workers.outcomes, workers.coverage, workers.reporting_date) == \
        (here.files, here.outcomes, here.coverage, here.reporting_date)
    assert {path: path.read_bytes() for path in (data / TOOL1_SUBDIR).iterdir()} == before


def test_a_failed_worker_has_its_files_read_here_with_a_warning(tmp_path, taxonomy, monkeypatch):
    data = scratch_data(tmp_path)
    monkeypatch.setattr(tool1_workers, "WORKER_COMMAND", (sys.executable, "-c", "import sys; sys.exit('no memory')"))
    paths = sorted((data / TOOL1_SUBDIR).glob("*.xlsx"))

    warning = r"exit status 1\): no memory; its files were read in the main process"
    with pytest.warns(RuntimeWarning, match=warning), start_reading(paths, taxonomy, processes=2) as pending:
        readings = pending.readings()

    assert [reading.file for reading in readings] == [path.name for path in paths]
    assert sum(len(reading.book.records) for reading in readings) == sum(
        len(reading.book.records) for reading in start_reading(paths, taxonomy, processes=0).readings())


def test_closing_stops_running_workers_and_removes_their_files(tmp_path, taxonomy, monkeypatch):
    monkeypatch.setattr(tool1_workers, "WORKER_COMMAND", (sys.executable, "-c", "import time; time.sleep(60)"))
    paths = sized(tmp_path, {"a.xlsx": 10, "b.xlsx": 10})

    with start_reading(paths, taxonomy, processes=2) as pending:
        workers, folder = list(pending.workers), pending.folder
        assert folder.is_dir() and all(worker.poll() is None for worker in workers)

    assert all(gone(worker.pid) for worker in workers)
    assert not folder.exists()


def test_with_no_worker_the_files_are_read_when_asked(tmp_path, taxonomy):
    path = tool1_books.write_workbook(tmp_path, "SOMHD.xlsx", [row("SOMHD-001")])

    pending = start_reading([path], taxonomy, processes=0)
    assert pending.workers == [] and pending.folder is None
    path.write_bytes(b"not a workbook")  # read only now

    reading, = pending.readings()
    assert reading.book is None and "not a valid Excel workbook" in reading.issues[0].message


def test_a_worker_reads_with_the_package_importable_from_any_folder(tmp_path, taxonomy, monkeypatch):
    path = tool1_books.write_workbook(tmp_path, "SOMHD.xlsx", [row("SOMHD-001"), row("SOMHD-002")])
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", os.devnull)

    with start_reading([path], taxonomy, processes=1) as pending:
        reading, = pending.readings()

    assert [record["activity_code"] for record in reading.book.records] == ["SOMHD-001", "SOMHD-002"]


def test_without_a_temporary_folder_the_files_are_read_here_with_a_warning(tmp_path, taxonomy, monkeypatch):
    path = tool1_books.write_workbook(tmp_path, "SOMHD.xlsx", [row("SOMHD-001")])

    def no_room(**_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tool1_workers.tempfile, "mkdtemp", no_room)

    warning = "no temporary folder .*No space left.*; all files were read in the main process"
    with pytest.warns(RuntimeWarning, match=warning), start_reading([path], taxonomy, processes=2) as pending:
        reading, = pending.readings()

    assert pending.workers == [] and reading.book.records[0]["activity_code"] == "SOMHD-001"


def test_workers_left_running_are_stopped_when_the_caller_exits(tmp_path):
    script = tmp_path / "caller.py"
    script.write_text(textwrap.dedent(f"""
        import json, sys
        from pathlib import Path
        from ascc_analysis.data import tool1_workers
        from ascc_analysis.data.taxonomy import load_taxonomy
        tool1_workers.WORKER_COMMAND = (sys.executable, "-c", "import time; time.sleep(60)")
        paths = [Path({str(tmp_path)!r}) / name for name in ("a.xlsx", "b.xlsx")]
        for path in paths:
            path.write_bytes(b"x")
        pending = tool1_workers.start_reading(paths, load_taxonomy(), processes=2)
        print(json.dumps({{"pids": [w.pid for w in pending.workers], "folder": str(pending.folder)}}))
    """))  # exits without closing

    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    seen = json.loads(done.stdout.strip().splitlines()[-1])

    assert all(gone(pid) for pid in seen["pids"])
    assert not Path(seen["folder"]).exists()


def test_a_worker_whose_caller_was_killed_writes_nothing_and_removes_the_folder(tmp_path, taxonomy, monkeypatch):
    folder = tmp_path / "ascc-tool1-x"
    folder.mkdir()
    task, result = folder / "task-0.pickle", folder / "result-0.pickle"
    task.write_bytes(pickle.dumps((taxonomy, [tool1_books.write_workbook(tmp_path, "S.xlsx", [row("S-1")])])))
    parents = iter([4242, 1])  # the caller, then init: the caller is gone
    monkeypatch.setattr(tool1_workers.os, "getppid", lambda: next(parents))

    assert tool1_workers.main([str(task), str(result)]) == 1
    assert not folder.exists()
