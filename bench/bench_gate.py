#!/usr/bin/env python
"""Benchmark the validation gate (run by hand, not in CI).

Measures, on the shipped data and on a Tool 1 register 100 times larger (the activity and
link tables replicated with new activity codes): the Great Expectations import (in a fresh
process, with and without the ``rfc3987_syntax`` block), ingestion, the gate itself
(median of ``--repeat`` runs), and one run with Data Docs. Prints seconds and the gate's
share of a full render, taken from ``--render-seconds`` or measured by rendering one
notebook with papermill (``--notebook``).

Usage::

    python bench/bench_gate.py [--repeat 3] [--scale 100] [--render-seconds 45]
    python bench/bench_gate.py --notebook notebooks/01_regional.ipynb
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]

IMPORT_SNIPPET = """
import sys, time
if {block}:
    sys.modules.setdefault("rfc3987_syntax", None)
start = time.perf_counter()
import great_expectations
print(time.perf_counter() - start)
"""


def import_seconds(block: bool) -> tuple[float, float]:
    """(wall, CPU) seconds to import great_expectations in a fresh interpreter."""
    code = IMPORT_SNIPPET.format(block=block)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return float(done.stdout.strip().splitlines()[-1]), cpu


def timed(function, repeat: int = 1) -> tuple[tuple[float, float], object]:
    """((median wall, median CPU) seconds, last result) of ``repeat`` calls.

    CPU time is given beside wall time because the machine may be shared: under load the
    wall time grows, the CPU time much less.
    """
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return (statistics.median(walls), statistics.median(cpus)), result


def scaled(tables: dict, factor: int) -> dict:
    """The tables with activities and links replicated ``factor`` times under new codes."""
    import pandas as pd

    def replicate(frame):
        copies = [frame.assign(activity_code=frame["activity_code"] + (f"-R{k:03d}" if k else ""))
                  for k in range(factor)]
        return pd.concat(copies, ignore_index=True)

    bigger = dict(tables)
    bigger["activities"] = replicate(tables["activities"])
    bigger["links"] = replicate(tables["links"])
    # One body per workbook: the copies keep their body and file, so the rule still holds.
    return bigger


def render_one(notebook: Path) -> float:
    """Seconds to execute one notebook with papermill (into a temporary folder)."""
    import papermill

    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        papermill.execute_notebook(str(notebook), str(Path(folder) / notebook.name),
                                   parameters={"output_dir": folder}, progress_bar=False, log_output=False)
        return time.perf_counter() - start


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median; default 3)")
    parser.add_argument("--scale", type=int, default=100, help="register size factor (default 100)")
    parser.add_argument("--render-seconds", type=float, help="wall time of a full render, for the gate's share")
    parser.add_argument("--notebook", type=Path, help="render this notebook once to estimate a report's cost")
    parser.add_argument("--reports", type=int, default=18, help="reports in a full render (default 18)")
    parser.add_argument("--jobs", type=int, default=2, help="reports rendered at once (default 2)")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    rows = [("import great_expectations (fresh process)", import_seconds(False)),
            ("  the same, rfc3987_syntax blocked", import_seconds(True))]
    from ascc_analysis.data.taxonomy import load_taxonomy
    from ascc_analysis.validation import suites as validation

    rows.append(("import in this process (validation._import_gx)", timed(validation._import_gx)[0]))
    taxonomy = load_taxonomy()
    seconds, (tables, register) = timed(lambda: validation.gate_tables(taxonomy=taxonomy), args.repeat)
    rows.append((f"ingest shipped data ({len(register.activities)} activities, {len(register.links)} links, "
                 f"{len(tables) - 2} CSV tables)", seconds))
    gate, result = timed(lambda: validation.run_gate(tables, taxonomy), args.repeat)
    assert result.success, result.summary()
    checks = len(result.checks)
    rows.append((f"run_gate shipped ({len(result.suites)} suites, {checks} expectations)", gate))
    with tempfile.TemporaryDirectory() as folder:
        docs, _ = timed(lambda: validation.validate_data_dir(docs_dir=Path(folder) / "v"))
    rows.append(("validate_data_dir shipped + Data Docs + summary page", docs))
    big = scaled(tables, args.scale)
    big_gate, big_result = timed(lambda: validation.run_gate(big, taxonomy), args.repeat)
    assert big_result.success, big_result.summary()
    rows.append((f"run_gate x{args.scale} register ({len(big['activities'])} activities, "
                 f"{len(big['links'])} links)", big_gate))
    width = max(len(label) for label, _ in rows)
    print(f"{'':<{width}}  {'wall':>8}  {'CPU':>8}")
    for label, (wall, cpu) in rows:
        print(f"{label:<{width}}  {wall:7.2f}s  {cpu:7.2f}s")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    report_share(args, rows[1][1][0], rows[3][1][0], gate[0])
    return 0


def report_share(args, gx_import: float, ingest: float, gate: float) -> None:
    """Print the gate's share of a full render (given, or estimated from one notebook)."""
    render = args.render_seconds
    if render is None and args.notebook:
        one = render_one(args.notebook)
        render = one * args.reports / max(args.jobs, 1)
        print(f"one notebook render: {one:.2f} s -> full render estimate {render:.1f} s "
              f"({args.reports} reports / {args.jobs} jobs)")
    total = gx_import + ingest + gate
    print(f"gate total (GX import + ingest + validate): {total:.2f} s")
    if render:
        print(f"share of a {render:.1f} s full render: {100 * total / render:.1f}% "
              f"(validation alone {100 * gate / render:.1f}%)")
    else:
        print("pass --render-seconds S or --notebook PATH for the share of a full render")


if __name__ == "__main__":
    sys.exit(main())
