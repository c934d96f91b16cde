#!/usr/bin/env python
"""Time a report's kernel from start to shutdown: started the ordinary way, or forked warm from the fork server.

Each round runs the same two-cell notebook through papermill twice, once on an ordinary
``ascc-mtr`` kernel and once on a warm one (``pipeline.warm_kernels``), interleaved so that
both see the same machine load. The first cell does what a report's first cell does (the
imports, ``start_report``, loading the register and the KPI tables); the second draws and
embeds one chart. Printed: the median seconds of each, and the phases from papermill's
timestamps (kernel start, first cell, second cell).

Usage::

    python bench/bench_kernels.py [--rounds 5]

Run by hand (the speed of the machine is not a test).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIRST_CELL = """
from ascc_analysis.analysis import activities as metrics
from ascc_analysis.chapters.report import start_report
from ascc_analysis.present import charts
from ascc_analysis.present.basis import Basis

report = start_report("regional", output_dir=OUTPUT)
register = report.load("tool1_register")
framework = report.load("kpi_framework")
observations = report.load("kpi_observations")
"""
SECOND_CELL = """
activities = register.activities
by_body = metrics.status_by_body(activities, report.taxonomy)
report.show_chart(charts.status_by_body_chart(by_body, report.taxonomy, register.reporting_date),
                  alt="Activities of each Sectoral Body by status", basis=Basis.of(activities))
"""


def _notebook(folder: Path) -> Path:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    notebook = new_notebook(cells=[new_code_cell(FIRST_CELL.replace("OUTPUT", repr(str(folder / "out")))),
                                   new_code_cell(SECOND_CELL)])
    notebook.metadata["kernelspec"] = {"name": "ascc-mtr", "display_name": "ascc-mtr", "language": "python"}
    path = folder / "bench.ipynb"
    nbformat.write(notebook, str(path))
    return path


def _phases(path: Path) -> tuple[float, float, float]:
    import nbformat

    notebook = nbformat.read(str(path), as_version=4)

    def stamp(value):
        return datetime.fromisoformat(value.replace("Z", "+00:00"))

    start = stamp(notebook.metadata.papermill.start_time)
    cells = [cell.metadata.papermill for cell in notebook.cells]
    kernel = (stamp(cells[0].start_time) - start).total_seconds()
    return kernel, cells[0].duration, cells[1].duration


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args(argv)

    import papermill

    from ascc_analysis.pipeline import warm_kernels

    server = warm_kernels.start("ascc-mtr", str(ROOT))
    if server is None or not server.wait_ready():
        print("the fork server did not start", file=sys.stderr)
        return 1
    results = {"ordinary": [], "warm": []}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        template = _notebook(folder)
        for _ in range(options.rounds):
            for kind, manager in (("ordinary", None), ("warm", warm_kernels.WarmKernelManager)):
                output = folder / f"{kind}.ipynb"
                extra = {"kernel_manager_class": manager} if manager else {}
                began = time.perf_counter()
                papermill.execute_notebook(str(template), str(output), kernel_name="ascc-mtr", progress_bar=False,
                                           cwd=str(folder), **extra)
                results[kind].append((time.perf_counter() - began, *_phases(output)))
    warm_kernels.stop()
    print(f"{'kernel':<9} {'total s':>8} {'start s':>8} {'cell 1 s':>9} {'cell 2 s':>9}  (medians of {options.rounds})")
    for kind, rows in results.items():
        medians = [statistics.median(column) for column in zip(*rows)]
        print(f"{kind:<9} " + " ".join(f"{value:>8.2f}" for value in medians))
    return 0


if __name__ == "__main__":
    sys.exit(main())
